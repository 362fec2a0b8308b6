import { startTestApi, type TestApi } from '../support/harness';
import { REQUEST, importOrders, orderInput } from '../support/fixtures';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api?.stop(); });

test('request → approve → receive → inspect → dispose → completed with refund', async () => {
  const [order] = await importOrders(api, [orderInput()]);
  const customer = await api.token('CUSTOMER', 'cust-a');
  const operator = await api.token('OPERATOR', 'op-1');
  const req = await api.gql(REQUEST, { input: { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 2, reason: 'SIZE_TOO_SMALL' }] } }, customer);
  expect(req.errors).toBeUndefined();
  expect(req.data.requestReturn.userErrors).toEqual([]);
  const ret = req.data.requestReturn.return;
  expect(ret.status).toBe('REQUESTED');
  expect(ret.rmaNumber).toMatch(/^RMA-\d{8}$/);
  expect(ret.refund.amount).toEqual({ amount: '169.80', currencyCode: 'EUR' });

  const approved = await api.gql(`mutation($id: ID!) { approveReturn(input: { returnId: $id }) { return { status } userErrors { code } } }`, { id: ret.id }, operator);
  expect(approved.data.approveReturn.return.status).toBe('APPROVED');

  const received = await api.gql(`mutation($id: ID!, $item: ID!) { receiveReturn(input: { returnId: $id, items: [{ returnItemId: $item, quantity: 2 }] }) { return { status items { receivedQuantity } } userErrors { code } } }`, { id: ret.id, item: ret.items[0].id }, operator);
  expect(received.data.receiveReturn.return.status).toBe('RECEIVED');

  const inspected = await api.gql(`mutation($item: ID!) { inspectReturnItem(input: { returnItemId: $item, grade: LIKE_NEW }) { item { grade recommendedDisposition { disposition expectedRecovery { amount } co2eAvoidedKg rationale } } userErrors { code } } }`, { item: ret.items[0].id }, operator);
  expect(inspected.errors).toBeUndefined();
  expect(inspected.data.inspectReturnItem.item.recommendedDisposition.disposition).toBe('RESTOCK');

  const done = await api.gql(`mutation($item: ID!) { setDisposition(input: { returnItemId: $item, disposition: RESTOCK }) { item { disposition } userErrors { code } } }`, { item: ret.items[0].id }, operator);
  expect(done.data.setDisposition.userErrors).toEqual([]);

  const final = await api.gql(`query($id: ID!) { node(id: $id) { ... on Return { status refund { amount { amount } status } events { type actor data } } } }`, { id: ret.id }, customer);
  expect(final.data.node.status).toBe('COMPLETED');
  // Requested from the merchant's payment system; ISSUED only once it confirms (test/api/refund-confirmation.test.ts).
  expect(final.data.node.refund).toEqual({ amount: { amount: '169.80' }, status: 'REQUESTED' });
  // Ids inside event data are the API's opaque ids, not database keys.
  expect(final.data.node.events[2].data.items).toEqual([{ returnItemId: ret.items[0].id, quantity: 2 }]);
  expect(final.data.node.events.map((e: { type: string }) => e.type)).toEqual([
    'RETURN_REQUESTED', 'RETURN_APPROVED', 'ITEMS_RECEIVED', 'ITEM_INSPECTED', 'INSPECTION_FINISHED', 'DISPOSITION_SET', 'REFUND_REQUESTED', 'RETURN_COMPLETED',
  ]);
});
