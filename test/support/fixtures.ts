import type { TestApi } from './harness';
import { webhookHeaders } from '../../src/domain/webhook-signature';

const DAY = 86_400_000;

/** An ISO timestamp `days` days before now. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY).toISOString();
}

/** A unique suffix for order numbers, categories, SKUs and idempotency keys. */
export function uniq(prefix = ''): string {
  return `${prefix}${Math.random().toString(36).slice(2, 10)}`;
}

/** An order as importOrders takes it; override what a test cares about. */
export function orderInput(overrides: Record<string, unknown> = {}) {
  return {
    orderNumber: uniq('ORD-'),
    customer: { externalId: 'cust-a', email: 'a@example.com', name: 'Alice' },
    currencyCode: 'EUR',
    placedAt: daysAgo(5),
    deliveredAt: daysAgo(3),
    lines: [
      { sku: 'SHOE-42', name: 'Running shoe', category: 'footwear', quantity: 2, unitPrice: '89.90', discount: '10.00', weightGrams: 900 },
      { sku: 'PHONE-X', name: 'Phone X', category: 'electronics', quantity: 1, unitPrice: '499.00', weightGrams: 200, refurbishable: true, vendorReturnable: true },
    ],
    ...overrides,
  };
}

/** One order line input; override what a test cares about. */
export function lineInput(overrides: Record<string, unknown> = {}) {
  return { sku: uniq('SKU-'), name: 'Thing', category: 'general', quantity: 1, unitPrice: '10.00', ...overrides };
}

const USER_ERRORS = 'userErrors { code message field }';

/** The ReturnItem fields tests look at. */
export const ITEM_FIELDS = `id quantity receivedQuantity missingQuantity reason resolution note grade inspectionNotes
  disposition dispositionReason refund { amount currencyCode } orderLine { id sku }
  recommendedDisposition { disposition expectedRecovery { amount } rationale ruleId }`;

/** The Return fields tests look at. */
export const RETURN_FIELDS = `id rmaNumber status version createdAt updatedAt rejectionReason packagingReusable
  order { id orderNumber } customer { externalId }
  items { ${ITEM_FIELDS} }
  refund { amount { amount currencyCode } status method issuedAt }
  fees { restockingFee { amount currencyCode } returnShippingFee { amount } total { amount } }
  events { type actor data }`;

export const IMPORT = `mutation($input: ImportOrdersInput!) { importOrders(input: $input) {
  orders { id orderNumber currencyCode placedAt deliveredAt
    lines { id lineNumber sku category quantity unitPrice { amount currencyCode } discount { amount } } customer { id externalId } }
  ${USER_ERRORS} } }`;

export const REQUEST = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { ${RETURN_FIELDS} } ${USER_ERRORS} } }`;

const returnMutation = (name: string, inputType: string) =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { return { ${RETURN_FIELDS} } ${USER_ERRORS} } }`;
const itemMutation = (name: string, inputType: string) =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { item { ${ITEM_FIELDS} } ${USER_ERRORS} } }`;

export const APPROVE = returnMutation('approveReturn', 'ApproveReturnInput');
export const REJECT = returnMutation('rejectReturn', 'RejectReturnInput');
export const CANCEL = returnMutation('cancelReturn', 'CancelReturnInput');
export const RECEIVE = returnMutation('receiveReturn', 'ReceiveReturnInput');
export const CLOSE_MISSING = returnMutation('closeMissingItems', 'CloseMissingItemsInput');
export const INSPECT = itemMutation('inspectReturnItem', 'InspectReturnItemInput');
export const SET_DISPOSITION = itemMutation('setDisposition', 'SetDispositionInput');

export const UPSERT_POLICY = `mutation($input: ReturnPolicyInput!) { upsertReturnPolicy(input: $input) {
  policy { category windowDays restockingFeePercent nonReturnable autoApprove freeShippingReasons } ${USER_ERRORS} } }`;

export const START_GUEST = `mutation($input: StartGuestReturnInput!) { startGuestReturn(input: $input) {
  token expiresAt order { id orderNumber } ${USER_ERRORS} } }`;

export const RETURNABLE = `query($id: ID!) { returnableItems(orderId: $id) {
  orderLine { id sku category } returnableQuantity deadline eligible ineligibleReason } }`;

export const RETURN_BY_ID = `query($id: ID!) { node(id: $id) { ... on Return { ${RETURN_FIELDS} } } }`;

/** Tokens for the usual cast: an admin, an operator and two customers. */
export async function cast(api: TestApi) {
  const [admin, operator, customerA, customerB] = await Promise.all([
    api.token('ADMIN', 'admin-1'), api.token('OPERATOR', 'op-1'), api.token('CUSTOMER', 'cust-a'), api.token('CUSTOMER', 'cust-b'),
  ]);
  return { admin, operator, customerA, customerB };
}

/** Runs a mutation taking one `input` and returns its payload; top-level errors fail the test. */
export async function mutate(api: TestApi, doc: string, input: Record<string, unknown>, token: string | null) {
  const res = await api.gql(doc, { input }, token);
  if (res.errors) throw new Error(`unexpected top-level error: ${JSON.stringify(res.errors)}`);
  return Object.values(res.data as Record<string, any>)[0] as { userErrors: Array<{ code: string; message: string; field: string[] | null }> } & Record<string, any>;
}

/** Like mutate, but the payload must carry no userErrors; returns the payload's object (return or item). */
export async function mutateOk(api: TestApi, doc: string, input: Record<string, unknown>, token: string | null) {
  const payload = await mutate(api, doc, input, token);
  if (payload.userErrors.length) throw new Error(`unexpected userErrors: ${JSON.stringify(payload.userErrors)}`);
  return (payload.return ?? payload.item ?? payload.policy) as any;
}

/** Imports orders as admin and returns the created orders. */
export async function importOrders(api: TestApi, orders: unknown[]) {
  const admin = await api.token('ADMIN', 'admin-1');
  const res = await api.gql(IMPORT, { input: { orders } }, admin);
  if (res.errors || res.data.importOrders.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data.importOrders.userErrors));
  return res.data.importOrders.orders as Array<{
    id: string; orderNumber: string; customer: { id: string; externalId: string };
    lines: Array<{ id: string; sku: string; quantity: number; category: string }>;
  }>;
}

/** Creates or replaces a return policy as admin. */
export async function upsertPolicy(api: TestApi, input: Record<string, unknown>) {
  return mutateOk(api, UPSERT_POLICY, input, await api.token('ADMIN', 'admin-1'));
}

/** Requests a return of `items` (line id → quantity, reason) and expects success. */
export async function requestReturn(
  api: TestApi, token: string, orderId: string,
  items: Array<{ orderLineId: string; quantity: number; reason?: string; [k: string]: unknown }>, idempotencyKey?: string,
) {
  const input = { orderId, items: items.map((i) => ({ reason: 'SIZE_TOO_SMALL', ...i })), ...(idempotencyKey ? { idempotencyKey } : {}) };
  return mutateOk(api, REQUEST, input, token);
}

/** The return as an operator sees it now. */
export async function returnState(api: TestApi, id: string) {
  const res = await api.gql(RETURN_BY_ID, { id }, await api.token('OPERATOR', 'op-1'));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.node;
}

/** Returnable items of an order as `token` sees them. */
export async function returnable(api: TestApi, orderId: string, token: string) {
  const res = await api.gql(RETURNABLE, { id: orderId }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.returnableItems as Array<{ orderLine: { id: string; sku: string }; returnableQuantity: number; deadline: string; eligible: boolean; ineligibleReason: string | null }>;
}

/** Walks a return from REQUESTED to COMPLETED: approve, receive everything, grade LIKE_NEW, accept each recommendation. */
export async function completeReturn(api: TestApi, ret: { id: string; status: string; items: Array<{ id: string; quantity: number }> }, grade = 'LIKE_NEW') {
  const operator = await api.token('OPERATOR', 'op-1');
  if (ret.status === 'REQUESTED') await mutateOk(api, APPROVE, { returnId: ret.id }, operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: ret.items.map((i) => ({ returnItemId: i.id, quantity: i.quantity })) }, operator);
  for (const item of ret.items) {
    const inspected = await mutateOk(api, INSPECT, { returnItemId: item.id, grade }, operator);
    await mutateOk(api, SET_DISPOSITION, { returnItemId: item.id, disposition: inspected.recommendedDisposition.disposition }, operator);
  }
  return returnState(api, ret.id);
}

/** Counts every return and event the system holds (as admin), to prove a rejected call wrote nothing. */
export async function worldSnapshot(api: TestApi) {
  const admin = await api.token('ADMIN', 'admin-1');
  const res = await api.gql(`{ returns(first: 100) { totalCount edges { node { id status version updatedAt
    items { quantity receivedQuantity missingQuantity grade disposition } events { type } } } } }`, {}, admin);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.returns;
}

/** POSTs a partner webhook to Boomerang signed per Standard Webhooks with the partner's secret (as a partner would). */
export function signedWebhook(api: TestApi, partner: { id: string; secret: string }, body: unknown, id: string, at = new Date()) {
  const raw = JSON.stringify(body);
  return fetch(api.url.replace('/graphql', `/webhooks/${partner.id}`), {
    method: 'POST', headers: { 'content-type': 'application/json', ...webhookHeaders(partner.secret, id, raw, at) }, body: raw,
  });
}
