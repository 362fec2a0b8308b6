import { startTestApi, type TestApi } from '../support/harness';
import {
  APPROVE, INSPECT, RECEIVE, REJECT, REQUEST, SET_DISPOSITION,
  cast, importOrders, lineInput, mutate, mutateOk, orderInput, requestReturn, returnState, returnable, uniq,
} from '../support/fixtures';

let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
});
afterAll(async () => { await api?.stop(); });

type Payload = Awaited<ReturnType<typeof mutate>>;

/** A fresh order for customer A whose first line has `quantity` units. */
async function freshOrder(quantity = 3, customer = { externalId: 'cust-a', email: 'a@example.com' }) {
  const [order] = await importOrders(api, [orderInput({ customer, lines: [lineInput({ quantity }), lineInput()] })]);
  return order;
}

/** Returns on an order as staff see them. */
async function returnsOn(orderNumber: string) {
  const res = await api.gql(`query($n: String) { returns(filter: { orderNumber: $n }) { totalCount edges { node { id items { quantity } } } } }`, { n: orderNumber }, t.operator);
  return res.data.returns as { totalCount: number; edges: Array<{ node: { id: string; items: Array<{ quantity: number }> } }> };
}

/** Splits concurrent payloads into successes and userError codes; any top-level error fails the test in mutate. */
function tally(payloads: Payload[]) {
  return {
    ok: payloads.filter((p) => p.userErrors.length === 0),
    codes: payloads.filter((p) => p.userErrors.length > 0).map((p) => p.userErrors[0].code),
  };
}

const request = (orderId: string, lineId: string, quantity: number, key?: string, reason = 'SIZE_TOO_SMALL') =>
  ({ orderId, items: [{ orderLineId: lineId, quantity, reason }], ...(key ? { idempotencyKey: key } : {}) });

describe('idempotency keys', () => {
  test('the same key and input replay the first return; only one exists', async () => {
    const order = await freshOrder();
    const key = uniq('key-');
    const first = await mutateOk(api, REQUEST, request(order.id, order.lines[0].id, 1, key), t.customerA);
    const again = await mutateOk(api, REQUEST, request(order.id, order.lines[0].id, 1, key), t.customerA);
    expect(again.id).toBe(first.id);
    expect(again.rmaNumber).toBe(first.rmaNumber);
    expect((await returnsOn(order.orderNumber)).totalCount).toBe(1);
    expect((await returnState(api, first.id)).events.map((e: any) => e.type)).toEqual(['RETURN_REQUESTED']);
    expect((await returnable(api, order.id, t.customerA))[0].returnableQuantity).toBe(2);

    // A replay after the return moved on still answers with that return, unchanged by the replay.
    await mutateOk(api, APPROVE, { returnId: first.id }, t.operator);
    const late = await mutateOk(api, REQUEST, request(order.id, order.lines[0].id, 1, key), t.customerA);
    expect(late).toMatchObject({ id: first.id, status: 'APPROVED', version: 2 });
  });

  test('the same key with different input is IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const order = await freshOrder();
    const other = await freshOrder();
    const key = uniq('key-');
    await mutateOk(api, REQUEST, request(order.id, order.lines[0].id, 1, key), t.customerA);
    const variants = [
      request(order.id, order.lines[0].id, 2, key),
      request(order.id, order.lines[0].id, 1, key, 'STYLE'),
      request(order.id, order.lines[1].id, 1, key),
      request(other.id, other.lines[0].id, 1, key),
    ];
    for (const input of variants) {
      const refused = await mutate(api, REQUEST, input, t.customerA);
      expect(refused.return).toBeNull();
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] })]);
    }
    expect((await returnsOn(order.orderNumber)).totalCount).toBe(1);
    expect((await returnsOn(other.orderNumber)).totalCount).toBe(0);
  });

  test('keys belong to one customer: another customer may use the same key', async () => {
    const key = uniq('key-');
    const a = await freshOrder();
    const b = await freshOrder(3, { externalId: 'cust-b', email: 'b@example.com' });
    const ra = await mutateOk(api, REQUEST, request(a.id, a.lines[0].id, 1, key), t.customerA);
    const rb = await mutateOk(api, REQUEST, request(b.id, b.lines[0].id, 1, key), t.customerB);
    expect(rb.id).not.toBe(ra.id);
  });

  test('two parallel requests with the same key create one return', async () => {
    const order = await freshOrder();
    const key = uniq('key-');
    const results = await Promise.all([1, 2].map(() => mutate(api, REQUEST, request(order.id, order.lines[0].id, 1, key), t.customerA)));
    expect(results.map((r) => r.userErrors)).toEqual([[], []]);
    expect(results[0].return.id).toBe(results[1].return.id);
    expect((await returnsOn(order.orderNumber)).totalCount).toBe(1);
  });

  test('parallel requests reusing one key on two orders: one return, one IDEMPOTENCY_KEY_REUSED', async () => {
    const [x, y] = [await freshOrder(), await freshOrder()];
    const key = uniq('key-');
    const results = await Promise.all([x, y].map((o) => mutate(api, REQUEST, request(o.id, o.lines[0].id, 1, key), t.customerA)));
    const { ok, codes } = tally(results);
    expect(ok).toHaveLength(1);
    expect(codes).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect((await returnsOn(x.orderNumber)).totalCount + (await returnsOn(y.orderNumber)).totalCount).toBe(1);
  });
});

describe('concurrency', () => {
  test('many parallel requests for one line never claim more than was ordered', async () => {
    const order = await freshOrder(3);
    const lineId = order.lines[0].id;
    const sizes = [1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 1, 2];
    const results = await Promise.all(sizes.map((q) => mutate(api, REQUEST, request(order.id, lineId, q), t.customerA)));
    const { ok, codes } = tally(results);
    const claimed = ok.reduce((sum, p) => sum + p.return.items[0].quantity, 0);
    expect(claimed).toBe(3);
    expect(codes.every((c) => c === 'QUANTITY_EXCEEDS_RETURNABLE' || c === 'ALREADY_RETURNED')).toBe(true);
    const stored = await returnsOn(order.orderNumber);
    expect(stored.totalCount).toBe(ok.length);
    expect(stored.edges.reduce((sum, e) => sum + e.node.items[0].quantity, 0)).toBe(3);
    expect((await returnable(api, order.id, t.customerA))[0]).toMatchObject({ returnableQuantity: 0, ineligibleReason: 'ALREADY_RETURNED' });
  });

  test('ten scanners receiving one unit each of a 3-unit item: exactly 3 are recorded', async () => {
    const order = await freshOrder(3);
    const ret = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 3 }]);
    await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator);
    const scan = { returnId: ret.id, items: [{ returnItemId: ret.items[0].id, quantity: 1 }] };
    const results = await Promise.all(Array.from({ length: 10 }, () => mutate(api, RECEIVE, scan, t.operator)));
    const { ok, codes } = tally(results);
    expect(ok).toHaveLength(3);
    expect(codes).toEqual(Array(7).fill('QUANTITY_EXCEEDS_OUTSTANDING'));
    const after = await returnState(api, ret.id);
    expect(after.items[0].receivedQuantity).toBe(3);
    expect(after.status).toBe('RECEIVED');
    expect(after.events.filter((e: any) => e.type === 'ITEMS_RECEIVED')).toHaveLength(3);
    expect(after.version).toBe(2 + 3);
  });

  test('two parallel approvals: exactly one succeeds and one RETURN_APPROVED event is written', async () => {
    const order = await freshOrder();
    const ret = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 1 }]);
    const results = await Promise.all([1, 2].map(() => mutate(api, APPROVE, { returnId: ret.id }, t.operator)));
    const { ok, codes } = tally(results);
    expect(ok).toHaveLength(1);
    expect(codes).toEqual(['ILLEGAL_TRANSITION']);
    const after = await returnState(api, ret.id);
    expect(after).toMatchObject({ status: 'APPROVED', version: 2 });
    expect(after.events.filter((e: any) => e.type === 'RETURN_APPROVED')).toHaveLength(1);
  });

  test('approvals and rejections racing: exactly one decides the return', async () => {
    const order = await freshOrder();
    const ret = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 1 }]);
    const results = await Promise.all([
      mutate(api, APPROVE, { returnId: ret.id }, t.operator),
      mutate(api, REJECT, { returnId: ret.id, reason: 'No' }, t.operator),
      mutate(api, APPROVE, { returnId: ret.id }, t.operator),
      mutate(api, REJECT, { returnId: ret.id, reason: 'No' }, t.operator),
    ]);
    const { ok, codes } = tally(results);
    expect(ok).toHaveLength(1);
    expect(codes).toEqual(['ILLEGAL_TRANSITION', 'ILLEGAL_TRANSITION', 'ILLEGAL_TRANSITION']);
    const after = await returnState(api, ret.id);
    expect(after.status).toBe(ok[0].return.status);
    expect(after.events).toHaveLength(2);
    expect(after.version).toBe(2);
  });

  test('the last two dispositions decided at once complete the return exactly once', async () => {
    const [order] = await importOrders(api, [orderInput({ lines: [lineInput(), lineInput()] })]);
    const ret = await requestReturn(api, t.customerA, order.id, order.lines.map((l) => ({ orderLineId: l.id, quantity: 1 })));
    await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator);
    await mutateOk(api, RECEIVE, { returnId: ret.id, items: ret.items.map((i: any) => ({ returnItemId: i.id, quantity: 1 })) }, t.operator);
    await Promise.all(ret.items.map((i: any) => mutateOk(api, INSPECT, { returnItemId: i.id, grade: 'LIKE_NEW' }, t.operator)));
    await Promise.all(ret.items.map((i: any) => mutateOk(api, SET_DISPOSITION, { returnItemId: i.id, disposition: 'RESTOCK' }, t.operator)));
    const after = await returnState(api, ret.id);
    expect(after).toMatchObject({ status: 'COMPLETED', refund: { status: 'REQUESTED', amount: { amount: '20.00' } } });
    const count = (type: string) => after.events.filter((e: any) => e.type === type).length;
    expect([count('INSPECTION_FINISHED'), count('REFUND_REQUESTED'), count('RETURN_COMPLETED')]).toEqual([1, 1, 1]);
  });
});
