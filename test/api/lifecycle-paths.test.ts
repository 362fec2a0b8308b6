import { startTestApi, type TestApi } from '../support/harness';
import {
  APPROVE, CANCEL, CLOSE_MISSING, INSPECT, RECEIVE, REJECT, SET_DISPOSITION,
  cast, completeReturn, importOrders, lineInput, mutate, mutateOk, orderInput, requestReturn, returnState, uniq, upsertPolicy,
} from '../support/fixtures';

let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
});
afterAll(async () => { await api?.stop(); });

const types = (ret: { events: Array<{ type: string }> }) => ret.events.map((e) => e.type);

/** A fresh order with one line of `quantity` units at 20.00 and a REQUESTED return of all of them. */
async function requested(quantity = 1) {
  const [order] = await importOrders(api, [orderInput({ lines: [lineInput({ quantity, unitPrice: '20.00' })] })]);
  return requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity }]);
}

/** A single-item return driven to `status` through the API. */
async function inStatus(status: string) {
  const ret = await requested();
  const item = ret.items[0].id;
  const steps: Record<string, Array<[string, Record<string, unknown>]>> = {
    REQUESTED: [],
    APPROVED: [[APPROVE, { returnId: ret.id }]],
    REJECTED: [[REJECT, { returnId: ret.id, reason: 'Worn' }]],
    CANCELLED: [[CANCEL, { returnId: ret.id }]],
    RECEIVED: [[APPROVE, { returnId: ret.id }], [RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }]],
    INSPECTED: [[APPROVE, { returnId: ret.id }], [RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }],
      [INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }]],
    COMPLETED: [[APPROVE, { returnId: ret.id }], [RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }],
      [INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }], [SET_DISPOSITION, { returnItemId: item, disposition: 'RESTOCK' }]],
  };
  for (const [doc, input] of steps[status]) await mutateOk(api, doc, input, t.operator);
  const state = await returnState(api, ret.id);
  expect(state.status).toBe(status);
  return state;
}

test('request → approve → receive part, then the rest → inspect → dispositions → COMPLETED with the refund issued', async () => {
  const [order] = await importOrders(api, [orderInput()]);
  const [shoe, phone] = order.lines;
  const ret = await requestReturn(api, t.customerA, order.id, [
    { orderLineId: shoe.id, quantity: 2, reason: 'SIZE_TOO_SMALL' }, { orderLineId: phone.id, quantity: 1, reason: 'DEFECTIVE' },
  ]);
  expect(ret).toMatchObject({ status: 'REQUESTED', version: 1, refund: { amount: { amount: '668.80', currencyCode: 'EUR' }, status: 'QUOTED' } });
  const [shoeItem, phoneItem] = [ret.items.find((i: any) => i.orderLine.sku === 'SHOE-42'), ret.items.find((i: any) => i.orderLine.sku === 'PHONE-X')];

  await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator);
  const part = await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: shoeItem.id, quantity: 1 }] }, t.operator);
  expect(part.status).toBe('RECEIVED');
  expect(part.items.map((i: any) => [i.orderLine.sku, i.receivedQuantity])).toEqual(expect.arrayContaining([['SHOE-42', 1], ['PHONE-X', 0]]));
  const rest = await mutateOk(api, RECEIVE, {
    returnId: ret.id, packagingReusable: true, items: [{ returnItemId: shoeItem.id, quantity: 1 }, { returnItemId: phoneItem.id, quantity: 1 }],
  }, t.operator);
  expect(rest.items.every((i: any) => i.receivedQuantity === i.quantity)).toBe(true);
  expect(rest.packagingReusable).toBe(true);

  const shoeGraded = await mutateOk(api, INSPECT, { returnItemId: shoeItem.id, grade: 'LIKE_NEW', notes: 'Tried on once' }, t.operator);
  expect(shoeGraded).toMatchObject({ grade: 'LIKE_NEW', inspectionNotes: 'Tried on once', recommendedDisposition: { disposition: 'RESTOCK' } });
  expect((await returnState(api, ret.id)).status).toBe('RECEIVED');
  const phoneGraded = await mutateOk(api, INSPECT, { returnItemId: phoneItem.id, grade: 'FAIR' }, t.operator);
  expect(phoneGraded.recommendedDisposition.disposition).toBe('RETURN_TO_VENDOR');
  expect((await returnState(api, ret.id)).status).toBe('INSPECTED');

  await mutateOk(api, SET_DISPOSITION, { returnItemId: shoeItem.id, disposition: 'RESTOCK' }, t.operator);
  expect((await returnState(api, ret.id)).status).toBe('INSPECTED');
  await mutateOk(api, SET_DISPOSITION, { returnItemId: phoneItem.id, disposition: 'RETURN_TO_VENDOR' }, t.operator);

  const done = await returnState(api, ret.id);
  expect(done.status).toBe('COMPLETED');
  expect(done.refund).toMatchObject({ amount: { amount: '668.80', currencyCode: 'EUR' }, status: 'REQUESTED', method: 'ORIGINAL_PAYMENT' });
  // Asked of the merchant's payment system (none is configured here): not issued until it confirms.
  expect(done.refund.issuedAt).toBeNull();
  expect(done.items.map((i: any) => i.refund.amount).sort()).toEqual(['169.80', '499.00']);
  expect(done.events.map((e: any) => [e.type, e.actor])).toEqual([
    ['RETURN_REQUESTED', 'customer:cust-a'], ['RETURN_APPROVED', 'operator:op-1'],
    ['ITEMS_RECEIVED', 'operator:op-1'], ['ITEMS_RECEIVED', 'operator:op-1'],
    ['ITEM_INSPECTED', 'operator:op-1'], ['ITEM_INSPECTED', 'operator:op-1'], ['INSPECTION_FINISHED', 'system'],
    ['DISPOSITION_SET', 'operator:op-1'], ['DISPOSITION_SET', 'operator:op-1'], ['REFUND_REQUESTED', 'system'], ['RETURN_COMPLETED', 'system'],
  ]);
  expect(done.events[2].data).toMatchObject({ from: 'APPROVED', to: 'RECEIVED' });
  expect(done.events[3].data).toMatchObject({ from: 'RECEIVED', to: 'RECEIVED' });
  expect(done.events[9].data).toMatchObject({ amountMinor: 66880, currency: 'EUR' });
  // The request made version 1; every later event but REFUND_REQUESTED moved it on by one.
  expect(done.version).toBe(1 + done.events.length - 2);
});

test('reject stores the reason, zeroes the refund and releases the units', async () => {
  const ret = await requested(2);
  const rejected = await mutateOk(api, REJECT, { returnId: ret.id, reason: 'Outside hygiene policy' }, t.operator);
  expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'Outside hygiene policy', refund: { status: 'NONE', amount: { amount: '0.00' } } });
  expect(rejected.events.map((e: any) => [e.type, e.actor, e.data.reason ?? null])).toEqual([
    ['RETURN_REQUESTED', 'customer:cust-a', null], ['RETURN_REJECTED', 'operator:op-1', 'Outside hygiene policy'],
  ]);
  // The customer sees the reason too.
  const seen = await api.gql(`query($id: ID!) { node(id: $id) { ... on Return { status rejectionReason } } }`, { id: ret.id }, t.customerA);
  expect(seen.data.node).toEqual({ status: 'REJECTED', rejectionReason: 'Outside hygiene policy' });
});

test.each([
  ['REQUESTED', 'customer'], ['APPROVED', 'customer'], ['APPROVED', 'operator'], ['REQUESTED', 'operator'],
])('cancel from %s by the %s', async (status, who) => {
  const ret = await inStatus(status);
  const token = who === 'customer' ? t.customerA : t.operator;
  const cancelled = await mutateOk(api, CANCEL, { returnId: ret.id, reason: 'Kept it after all' }, token);
  expect(cancelled).toMatchObject({ status: 'CANCELLED', version: ret.version + 1, refund: { status: 'NONE', amount: { amount: '0.00' } } });
  const last = cancelled.events[cancelled.events.length - 1];
  expect(last).toMatchObject({ type: 'RETURN_CANCELLED', actor: who === 'customer' ? 'customer:cust-a' : 'operator:op-1', data: { from: status, to: 'CANCELLED', reason: 'Kept it after all' } });
});

test('auto-approve: a policy with autoApprove approves on request; one manual line keeps the return REQUESTED', async () => {
  const auto = uniq('auto-');
  await upsertPolicy(api, { category: auto, windowDays: 30, autoApprove: true });
  const [order] = await importOrders(api, [orderInput({ lines: [lineInput({ category: auto }), lineInput({ category: uniq('manual-') })] })]);
  const approved = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 1 }]);
  expect(approved.status).toBe('APPROVED');
  expect(approved.version).toBe(2);
  expect(approved.events.map((e: any) => [e.type, e.actor])).toEqual([['RETURN_REQUESTED', 'customer:cust-a'], ['RETURN_APPROVED', 'system']]);
  expect(approved.events[1].data).toMatchObject({ auto: true, from: 'REQUESTED', to: 'APPROVED' });

  const mixed = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[1].id, quantity: 1 }]);
  expect(mixed.status).toBe('REQUESTED');
  expect(types(mixed)).toEqual(['RETURN_REQUESTED']);
});

test('walk-in: an APPROVED return is received at the counter without a booked method', async () => {
  const ret = await inStatus('APPROVED');
  const received = await mutateOk(api, RECEIVE, { returnId: ret.id, packagingReusable: false, items: [{ returnItemId: ret.items[0].id, quantity: 1 }] }, t.operator);
  expect(received).toMatchObject({ status: 'RECEIVED', packagingReusable: false, version: ret.version + 1 });
  expect(received.events[received.events.length - 1]).toMatchObject({ type: 'ITEMS_RECEIVED', actor: 'operator:op-1', data: { from: 'APPROVED', to: 'RECEIVED' } });
});

test('closeMissingItems before inspection: missing units are not refunded; the return completes after the received units are decided', async () => {
  const [order] = await importOrders(api, [orderInput()]);
  const shoe = order.lines[0];
  const ret = await requestReturn(api, t.customerA, order.id, [{ orderLineId: shoe.id, quantity: 2 }]);
  const item = ret.items[0].id;
  await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }, t.operator);
  const closed = await mutateOk(api, CLOSE_MISSING, { returnId: ret.id }, t.operator);
  expect(closed.status).toBe('RECEIVED');
  expect(closed.items[0]).toMatchObject({ quantity: 2, receivedQuantity: 1, missingQuantity: 1 });
  expect(closed.events[closed.events.length - 1]).toMatchObject({ type: 'ITEMS_MARKED_MISSING', actor: 'operator:op-1' });

  await mutateOk(api, INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }, t.operator);
  expect((await returnState(api, ret.id)).status).toBe('INSPECTED');
  await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: 'RESTOCK' }, t.operator);
  const done = await returnState(api, ret.id);
  // 2 × 89.90 − 10.00 = 169.80 paid for two units; one arrived.
  expect(done).toMatchObject({ status: 'COMPLETED', refund: { status: 'REQUESTED', amount: { amount: '84.90' } } });
  expect(done.items[0].refund.amount).toBe('84.90');
});

test('closeMissingItems after the received units are decided completes the return at once', async () => {
  const [order] = await importOrders(api, [orderInput()]);
  const ret = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 2 }]);
  const item = ret.items[0].id;
  await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }, t.operator);
  await mutateOk(api, INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }, t.operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: 'RESTOCK' }, t.operator);
  expect((await returnState(api, ret.id)).status).toBe('RECEIVED');
  const closed = await mutateOk(api, CLOSE_MISSING, { returnId: ret.id }, t.operator);
  expect(closed).toMatchObject({ status: 'COMPLETED', refund: { status: 'REQUESTED', amount: { amount: '84.90' } } });
  expect(types(closed).slice(-4)).toEqual(['ITEMS_MARKED_MISSING', 'INSPECTION_FINISHED', 'REFUND_REQUESTED', 'RETURN_COMPLETED']);
});

test('overriding the recommendation needs a reason; with one it is recorded as an override', async () => {
  const ret = await inStatus('RECEIVED');
  const item = ret.items[0].id;
  const graded = await mutateOk(api, INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }, t.operator);
  expect(graded.recommendedDisposition.disposition).toBe('RESTOCK');
  const before = await returnState(api, ret.id);

  for (const reason of [undefined, '   ']) {
    const refused = await mutate(api, SET_DISPOSITION, { returnItemId: item, disposition: 'DONATE', ...(reason === undefined ? {} : { reason }) }, t.operator);
    expect(refused.item).toBeNull();
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'OVERRIDE_REASON_REQUIRED', field: ['reason'] })]);
  }
  expect(await returnState(api, ret.id)).toEqual(before);

  const decided = await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: 'DONATE', reason: 'Charity drive this week' }, t.operator);
  expect(decided).toMatchObject({ disposition: 'DONATE', dispositionReason: 'Charity drive this week' });
  const done = await returnState(api, ret.id);
  expect(done.status).toBe('COMPLETED');
  expect(done.events.find((e: any) => e.type === 'DISPOSITION_SET')).toMatchObject({
    actor: 'operator:op-1', data: { disposition: 'DONATE', recommended: 'RESTOCK', overridden: true, reason: 'Charity drive this week' },
  });
});

test('accepting the recommendation is not an override', async () => {
  const ret = await inStatus('INSPECTED');
  await mutateOk(api, SET_DISPOSITION, { returnItemId: ret.items[0].id, disposition: 'RESTOCK' }, t.operator);
  const done = await returnState(api, ret.id);
  expect(done.events.find((e: any) => e.type === 'DISPOSITION_SET').data).toMatchObject({ overridden: false, reason: null });
});

type Attempt = (ret: any) => [string, Record<string, unknown>, 'operator' | 'customer'];
const approve: Attempt = (r) => [APPROVE, { returnId: r.id }, 'operator'];
const reject: Attempt = (r) => [REJECT, { returnId: r.id, reason: 'No' }, 'operator'];
const cancelBy = (who: 'operator' | 'customer'): Attempt => (r) => [CANCEL, { returnId: r.id }, who];
const receive: Attempt = (r) => [RECEIVE, { returnId: r.id, items: [{ returnItemId: r.items[0].id, quantity: 1 }] }, 'operator'];
const inspect: Attempt = (r) => [INSPECT, { returnItemId: r.items[0].id, grade: 'GOOD' }, 'operator'];
const dispose: Attempt = (r) => [SET_DISPOSITION, { returnItemId: r.items[0].id, disposition: 'RESTOCK' }, 'operator'];
const closeMissing: Attempt = (r) => [CLOSE_MISSING, { returnId: r.id }, 'operator'];

test.each<[string, string, string, Attempt]>([
  ['APPROVED', 'approve twice', 'ILLEGAL_TRANSITION', approve],
  ['APPROVED', 'reject', 'ILLEGAL_TRANSITION', reject],
  ['REJECTED', 'approve', 'ILLEGAL_TRANSITION', approve],
  ['REJECTED', 'reject again', 'ILLEGAL_TRANSITION', reject],
  ['REJECTED', 'cancel (customer)', 'ILLEGAL_TRANSITION', cancelBy('customer')],
  ['REJECTED', 'receive', 'ILLEGAL_TRANSITION', receive],
  ['CANCELLED', 'cancel again', 'ILLEGAL_TRANSITION', cancelBy('customer')],
  ['CANCELLED', 'approve', 'ILLEGAL_TRANSITION', approve],
  ['CANCELLED', 'receive', 'ILLEGAL_TRANSITION', receive],
  ['REQUESTED', 'receive', 'ILLEGAL_TRANSITION', receive],
  ['REQUESTED', 'close missing', 'ILLEGAL_TRANSITION', closeMissing],
  ['APPROVED', 'close missing', 'ILLEGAL_TRANSITION', closeMissing],
  ['APPROVED', 'inspect before receipt', 'NOTHING_RECEIVED', inspect],
  ['RECEIVED', 'cancel (customer)', 'ILLEGAL_TRANSITION', cancelBy('customer')],
  ['RECEIVED', 'cancel (operator)', 'ILLEGAL_TRANSITION', cancelBy('operator')],
  ['RECEIVED', 'approve', 'ILLEGAL_TRANSITION', approve],
  ['RECEIVED', 'set disposition before inspection', 'NOT_INSPECTED', dispose],
  ['RECEIVED', 'receive more than requested', 'QUANTITY_EXCEEDS_OUTSTANDING', receive],
  ['RECEIVED', 'close missing with nothing outstanding', 'NOTHING_OUTSTANDING', closeMissing],
  ['INSPECTED', 'cancel', 'ILLEGAL_TRANSITION', cancelBy('operator')],
  ['INSPECTED', 'reject', 'ILLEGAL_TRANSITION', reject],
  ['COMPLETED', 'cancel (customer)', 'ILLEGAL_TRANSITION', cancelBy('customer')],
  ['COMPLETED', 'cancel (operator)', 'ILLEGAL_TRANSITION', cancelBy('operator')],
  ['COMPLETED', 'approve', 'ILLEGAL_TRANSITION', approve],
  ['COMPLETED', 'set disposition again', 'ILLEGAL_TRANSITION', dispose],
  ['COMPLETED', 'inspect again', 'ALREADY_DISPOSITIONED', inspect],
  ['COMPLETED', 'close missing', 'ILLEGAL_TRANSITION', closeMissing],
])('%s: %s → %s, and nothing changes', async (status, _label, code, attempt) => {
  const before = await inStatus(status);
  const [doc, input, who] = attempt(before);
  const payload = await mutate(api, doc, input, who === 'customer' ? t.customerA : t.operator);
  expect(payload.userErrors).toEqual([expect.objectContaining({ code })]);
  expect('return' in payload ? payload.return : payload.item).toBeNull();
  const after = await returnState(api, before.id);
  expect(after).toEqual(before);
});

test('a completed return cannot be refunded twice: completing the same units again is refused', async () => {
  const ret = await requested(1);
  const done = await completeReturn(api, ret);
  expect(done.refund).toMatchObject({ status: 'REQUESTED', amount: { amount: '20.00' } });
  const again = await mutate(api, SET_DISPOSITION, { returnItemId: ret.items[0].id, disposition: 'RESTOCK' }, t.operator);
  expect(again.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  const after = await returnState(api, ret.id);
  expect(after.events.filter((e: any) => e.type === 'REFUND_REQUESTED')).toHaveLength(1);
});

test('units arriving after their item was decided are inspected before the return completes', async () => {
  const [order] = await importOrders(api, [orderInput()]);
  const ret = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 2 }]);
  const item = ret.items[0].id;
  await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }, t.operator);
  await mutateOk(api, INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }, t.operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: 'RESTOCK' }, t.operator);

  const late = await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }, t.operator);
  expect(late.status).toBe('RECEIVED');
  // The decision covered one unit; the second one has not been looked at yet.
  expect(late.items[0]).toMatchObject({ receivedQuantity: 2, grade: null, disposition: null, recommendedDisposition: null });
  await mutateOk(api, INSPECT, { returnItemId: item, grade: 'LIKE_NEW' }, t.operator);
  await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: 'RESTOCK' }, t.operator);
  const done = await returnState(api, ret.id);
  expect(done).toMatchObject({ status: 'COMPLETED', refund: { status: 'REQUESTED', amount: { amount: '169.80' } } });
});
