import { eq, inArray } from 'drizzle-orm';
import { customers, orderLines, orders, products } from '../../src/db/schema';
import { startTestApi, type TestApi } from '../support/harness';
import {
  CANCEL, IMPORT, REJECT, REQUEST,
  cast, completeReturn, daysAgo, importOrders, lineInput, mutate, mutateOk, orderInput, requestReturn, returnable, uniq, upsertPolicy,
} from '../support/fixtures';

const DAY = 86_400_000;
let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
  await upsertPolicy(api, { category: null, windowDays: 30, restockingFeePercent: 0 });
});
afterAll(async () => { await api?.stop(); });

/** One order with the given lines (placed/delivered as given) for customer A. */
async function order(lines: Array<Record<string, unknown>>, dates: Record<string, unknown> = {}, currencyCode = 'EUR') {
  const [o] = await importOrders(api, [orderInput({ lines, currencyCode, ...dates })]);
  return o;
}

describe('return windows', () => {
  test('the window runs from delivery when the order was delivered', async () => {
    const deliveredAt = daysAgo(10);
    const o = await order([lineInput()], { placedAt: daysAgo(40), deliveredAt });
    const [line] = await returnable(api, o.id, t.customerA);
    expect(line).toMatchObject({ eligible: true, ineligibleReason: null, returnableQuantity: 1 });
    expect(Date.parse(line.deadline)).toBe(Date.parse(deliveredAt) + 30 * DAY);
  });

  test('without a delivery date the window runs from the order date', async () => {
    const placedAt = daysAgo(40);
    const o = await order([lineInput({ quantity: 2 })], { placedAt, deliveredAt: null });
    const [line] = await returnable(api, o.id, t.customerA);
    expect(line).toMatchObject({ eligible: false, ineligibleReason: 'WINDOW_EXPIRED', returnableQuantity: 0 });
    expect(Date.parse(line.deadline)).toBe(Date.parse(placedAt) + 30 * DAY);
    const refused = await mutate(api, REQUEST, { orderId: o.id, items: [{ orderLineId: o.lines[0].id, quantity: 1, reason: 'STYLE' }] }, t.customerA);
    expect(refused.return).toBeNull();
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'WINDOW_EXPIRED', field: ['items', '0'] })]);

    const recent = await order([lineInput()], { placedAt: daysAgo(10), deliveredAt: null });
    expect((await returnable(api, recent.id, t.customerA))[0]).toMatchObject({ eligible: true, returnableQuantity: 1 });
  });

  test('the deadline is exact to the minute on both sides', async () => {
    const inTime = await order([lineInput()], { placedAt: daysAgo(35), deliveredAt: new Date(Date.now() - 30 * DAY + 60_000).toISOString() });
    const late = await order([lineInput()], { placedAt: daysAgo(35), deliveredAt: new Date(Date.now() - 30 * DAY - 60_000).toISOString() });
    expect((await returnable(api, inTime.id, t.customerA))[0].eligible).toBe(true);
    expect((await returnable(api, late.id, t.customerA))[0].ineligibleReason).toBe('WINDOW_EXPIRED');
  });

  test('a category override has its own window; other categories keep the default', async () => {
    const short = uniq('short-');
    await upsertPolicy(api, { category: short, windowDays: 14 });
    const deliveredAt = daysAgo(20);
    const o = await order([lineInput({ category: uniq('plain-') }), lineInput({ category: short })], { placedAt: daysAgo(22), deliveredAt });
    const [plain, overridden] = await returnable(api, o.id, t.customerA);
    expect(plain).toMatchObject({ eligible: true, returnableQuantity: 1 });
    expect(Date.parse(plain.deadline)).toBe(Date.parse(deliveredAt) + 30 * DAY);
    expect(overridden).toMatchObject({ eligible: false, ineligibleReason: 'WINDOW_EXPIRED', returnableQuantity: 0 });
    expect(Date.parse(overridden.deadline)).toBe(Date.parse(deliveredAt) + 14 * DAY);
  });

  test('a non-returnable category is never eligible and requestReturn refuses it', async () => {
    const giftCards = uniq('gift-');
    await upsertPolicy(api, { category: giftCards, windowDays: 30, nonReturnable: true });
    const o = await order([lineInput({ category: giftCards }), lineInput()]);
    const [gift, other] = await returnable(api, o.id, t.customerA);
    expect(gift).toMatchObject({ eligible: false, ineligibleReason: 'NON_RETURNABLE_CATEGORY', returnableQuantity: 0 });
    expect(other.eligible).toBe(true);
    const refused = await mutate(api, REQUEST, {
      orderId: o.id, items: [{ orderLineId: other.orderLine.id, quantity: 1, reason: 'STYLE' }, { orderLineId: gift.orderLine.id, quantity: 1, reason: 'STYLE' }],
    }, t.customerA);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'NON_RETURNABLE_CATEGORY', field: ['items', '1'] })]);
    // Nothing was opened, not even for the eligible line.
    expect((await returnable(api, o.id, t.customerA))[1].returnableQuantity).toBe(1);
  });
});

test('returnableQuantity goes down as returns claim units and back up after cancel or reject', async () => {
  const o = await order([lineInput({ quantity: 5 })]);
  const lineId = o.lines[0].id;
  const qty = async () => (await returnable(api, o.id, t.customerA))[0];
  const a = await requestReturn(api, t.customerA, o.id, [{ orderLineId: lineId, quantity: 2 }]);
  expect((await qty()).returnableQuantity).toBe(3);
  const tooMany = await mutate(api, REQUEST, { orderId: o.id, items: [{ orderLineId: lineId, quantity: 4, reason: 'STYLE' }] }, t.customerA);
  expect(tooMany.userErrors).toEqual([expect.objectContaining({ code: 'QUANTITY_EXCEEDS_RETURNABLE', field: ['items', '0', 'quantity'] })]);
  const b = await requestReturn(api, t.customerA, o.id, [{ orderLineId: lineId, quantity: 3 }]);
  expect(await qty()).toMatchObject({ returnableQuantity: 0, eligible: false, ineligibleReason: 'ALREADY_RETURNED' });
  const none = await mutate(api, REQUEST, { orderId: o.id, items: [{ orderLineId: lineId, quantity: 1, reason: 'STYLE' }] }, t.customerA);
  expect(none.userErrors[0].code).toBe('ALREADY_RETURNED');

  await mutateOk(api, CANCEL, { returnId: a.id }, t.customerA);
  expect((await qty()).returnableQuantity).toBe(2);
  await mutateOk(api, REJECT, { returnId: b.id, reason: 'Used' }, t.operator);
  expect(await qty()).toMatchObject({ returnableQuantity: 5, eligible: true });
  // A completed return keeps its units.
  await completeReturn(api, await requestReturn(api, t.customerA, o.id, [{ orderLineId: lineId, quantity: 1 }]));
  expect((await qty()).returnableQuantity).toBe(4);
});

describe('restocking fee', () => {
  let feeCategory: string;
  beforeAll(async () => {
    feeCategory = uniq('fee-');
    await upsertPolicy(api, { category: feeCategory, windowDays: 30, restockingFeePercent: 10 });
  });

  test.each([
    ['CHANGED_MIND', '5.00', '45.00'],
    ['SIZE_TOO_SMALL', '5.00', '45.00'],
    ['DEFECTIVE', '0.00', '50.00'],
    ['WRONG_ITEM', '0.00', '50.00'],
    ['DAMAGED_IN_TRANSIT', '0.00', '50.00'],
  ])('%s: fee %s, refund %s', async (reason, fee, refund) => {
    const o = await order([lineInput({ category: feeCategory, unitPrice: '50.00' })]);
    const ret = await requestReturn(api, t.customerA, o.id, [{ orderLineId: o.lines[0].id, quantity: 1, reason }]);
    expect(ret.fees.restockingFee).toEqual({ amount: fee, currencyCode: 'EUR' });
    expect(ret.refund.amount.amount).toBe(refund);
    expect(ret.items[0].refund.amount).toBe(refund);
  });

  test('the fee is the one in force at request time, and is kept on completion', async () => {
    const o = await order([lineInput({ category: feeCategory, unitPrice: '50.00', quantity: 2 })]);
    const ret = await requestReturn(api, t.customerA, o.id, [{ orderLineId: o.lines[0].id, quantity: 2, reason: 'CHANGED_MIND' }]);
    await upsertPolicy(api, { category: feeCategory, windowDays: 30, restockingFeePercent: 25 });
    try {
      const done = await completeReturn(api, ret);
      expect(done).toMatchObject({ status: 'COMPLETED', refund: { status: 'REQUESTED', amount: { amount: '90.00' } }, fees: { restockingFee: { amount: '10.00' } } });
    } finally {
      await upsertPolicy(api, { category: feeCategory, windowDays: 30, restockingFeePercent: 10 });
    }
  });

  test('a mixed return charges the fee only on the customer-fault item', async () => {
    const o = await order([lineInput({ category: feeCategory, unitPrice: '50.00' }), lineInput({ category: feeCategory, unitPrice: '30.00' })]);
    const ret = await requestReturn(api, t.customerA, o.id, [
      { orderLineId: o.lines[0].id, quantity: 1, reason: 'CHANGED_MIND' }, { orderLineId: o.lines[1].id, quantity: 1, reason: 'DEFECTIVE' },
    ]);
    expect(ret.fees.restockingFee.amount).toBe('5.00');
    expect(ret.refund.amount.amount).toBe('75.00');
  });
});

describe('line discounts and currencies', () => {
  test('a line discount is shared out: 1 then 2 of 3 units at 10.00 less 1.00 refund 9.67 + 19.33 = 29.00', async () => {
    const o = await order([lineInput({ quantity: 3, unitPrice: '10.00', discount: '1.00' })]);
    const lineId = o.lines[0].id;
    const first = await requestReturn(api, t.customerA, o.id, [{ orderLineId: lineId, quantity: 1 }]);
    const second = await requestReturn(api, t.customerA, o.id, [{ orderLineId: lineId, quantity: 2 }]);
    expect([first.refund.amount.amount, second.refund.amount.amount]).toEqual(['9.67', '19.33']);
    const done = [await completeReturn(api, first), await completeReturn(api, second)];
    expect(done.map((r) => r.refund.amount.amount)).toEqual(['9.67', '19.33']);
    expect(done.map((r) => r.refund.status)).toEqual(['REQUESTED', 'REQUESTED']);
  });

  test('completing out of order still refunds exactly the line total, never more', async () => {
    const o = await order([lineInput({ quantity: 3, unitPrice: '10.00', discount: '1.00' })]);
    const lineId = o.lines[0].id;
    const one = await requestReturn(api, t.customerA, o.id, [{ orderLineId: lineId, quantity: 1 }]);
    const two = await requestReturn(api, t.customerA, o.id, [{ orderLineId: lineId, quantity: 2 }]);
    const cents = (r: any) => Math.round(Number(r.refund.amount.amount) * 100);
    const total = cents(await completeReturn(api, two)) + cents(await completeReturn(api, one));
    expect(total).toBe(2900);
  });

  test('JPY has no decimals: prices, shares and the rounded fee are whole yen', async () => {
    const feeCategory = uniq('jpy-fee-');
    await upsertPolicy(api, { category: feeCategory, windowDays: 30, restockingFeePercent: 10 });
    const o = await order([lineInput({ category: feeCategory, quantity: 3, unitPrice: '1500', discount: '100' })], {}, 'JPY');
    const [line] = (await api.gql(`query($id: ID!) { order(id: $id) { lines { unitPrice { amount currencyCode } discount { amount } } } }`, { id: o.id }, t.customerA)).data.order.lines;
    expect(line).toEqual({ unitPrice: { amount: '1500', currencyCode: 'JPY' }, discount: { amount: '100' } });
    // 3 × 1500 − 100 = 4400 → shares 1467, 1467, 1466; 10 % of 1467 = 146.7 → 147.
    const ret = await requestReturn(api, t.customerA, o.id, [{ orderLineId: o.lines[0].id, quantity: 1, reason: 'CHANGED_MIND' }]);
    expect(ret.fees.restockingFee).toEqual({ amount: '147', currencyCode: 'JPY' });
    expect(ret.refund.amount).toEqual({ amount: '1320', currencyCode: 'JPY' });
    const rest = await requestReturn(api, t.customerA, o.id, [{ orderLineId: o.lines[0].id, quantity: 2, reason: 'DEFECTIVE' }]);
    expect(rest.refund.amount.amount).toBe('2933');
  });

  test('KWD has three decimals', async () => {
    const o = await order([lineInput({ quantity: 2, unitPrice: '12.345', discount: '0.001' })], {}, 'KWD');
    expect(o.lines[0]).toMatchObject({ unitPrice: { amount: '12.345', currencyCode: 'KWD' }, discount: { amount: '0.001' } });
    // 2 × 12.345 − 0.001 = 24.689 → shares 12.345 and 12.344.
    const one = await requestReturn(api, t.customerA, o.id, [{ orderLineId: o.lines[0].id, quantity: 1 }]);
    const two = await requestReturn(api, t.customerA, o.id, [{ orderLineId: o.lines[0].id, quantity: 1 }]);
    expect([one.refund.amount, two.refund.amount]).toEqual([{ amount: '12.345', currencyCode: 'KWD' }, { amount: '12.344', currencyCode: 'KWD' }]);
    expect((await completeReturn(api, one)).refund.amount.amount).toBe('12.345');
    expect((await completeReturn(api, two)).refund.amount.amount).toBe('12.344');
  });

  test.each([['JPY', '1500.5'], ['EUR', '1.999'], ['KWD', '1.2345']])('%s refuses the amount %s', async (currencyCode, unitPrice) => {
    const res = await api.gql(IMPORT, { input: { orders: [orderInput({ currencyCode, lines: [lineInput({ unitPrice })] })] } }, t.admin);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.data).toBeNull();
  });
});

describe('importOrders', () => {
  const db = () => api.app.database.db;

  test('re-importing the same input changes nothing: same ids, no row touched', async () => {
    const input = orderInput({ customer: { externalId: uniq('cust-'), email: 'Same@Example.com', name: 'Sam' }, lines: [lineInput({ sku: uniq('RE-') }), lineInput({ sku: uniq('RE-') })] });
    const first = await importOrders(api, [input]);
    const stamp = async () => {
      const [o] = await db().select().from(orders).where(eq(orders.orderNumber, input.orderNumber as string));
      const lines = await db().select().from(orderLines).where(eq(orderLines.orderId, o.id));
      const [c] = await db().select().from(customers).where(eq(customers.id, o.customerId));
      const ps = await db().select().from(products).where(inArray(products.sku, input.lines.map((l) => l.sku as string)));
      return { order: o.updatedAt.getTime(), customer: c.updatedAt.getTime(), products: ps.map((p) => p.updatedAt.getTime()).sort(), lines: lines.map((l) => l.id).sort() };
    };
    const before = await stamp();
    await new Promise((r) => setTimeout(r, 20));
    const again = await importOrders(api, [input]);
    expect(again).toEqual(first);
    expect(await stamp()).toEqual(before);
  });

  test('an order with returns may get its delivery date, but not changed lines', async () => {
    const input = orderInput({ deliveredAt: null, lines: [lineInput({ quantity: 2 })] });
    const [o] = await importOrders(api, [input]);
    await requestReturn(api, t.customerA, o.id, [{ orderLineId: o.lines[0].id, quantity: 1 }]);
    const deliveredAt = daysAgo(1);
    const [delivered] = await importOrders(api, [{ ...input, deliveredAt }]);
    expect(delivered).toMatchObject({ id: o.id, deliveredAt });

    const changed = { ...input, deliveredAt, lines: [{ ...input.lines[0], quantity: 3 }] };
    const res = await mutate(api, IMPORT, { orders: [changed] }, t.admin);
    expect(res.orders).toEqual([]);
    expect(res.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_HAS_RETURNS', field: ['orders', '0'] })]);
    const now = (await api.gql(`query($id: ID!) { order(id: $id) { lines { id quantity } } }`, { id: o.id }, t.admin)).data.order;
    expect(now.lines).toEqual([{ id: o.lines[0].id, quantity: 2 }]);
  });

  test('an order without returns takes changed lines and keeps line ids by position', async () => {
    const input = orderInput({ lines: [lineInput({ quantity: 2 }), lineInput()] });
    const [o] = await importOrders(api, [input]);
    const [changed] = await importOrders(api, [{ ...input, lines: [{ ...input.lines[0], quantity: 4 }] }]);
    expect(changed.id).toBe(o.id);
    expect(changed.lines).toEqual([expect.objectContaining({ id: o.lines[0].id, quantity: 4 })]);
  });
});
