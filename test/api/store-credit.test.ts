import { startTestApi, type TestApi } from '../support/harness';
import { UPSERT_POLICY, completeReturn, importOrders, lineInput, orderInput, requestReturn, uniq } from '../support/fixtures';
import { MerchantSim } from '../support/merchant-sim';
import { eventually } from '../support/partner-server';

// Store credit: a policy adds a bonus for choosing it (quoted on the return), the credit is issued through the
// merchant's gift card API (the partner simulator) via the outbox, confirmed like a refund, and its code and balance
// are kept on the return for the customer who owns it. Failures are handled like refunds.
let api: TestApi;
let sim: MerchantSim;
let operator: string;
let customer: string;
let other: string;
let admin: string;

const CATEGORY = uniq('sc-');
const CREDIT = `storeCredit { id amount { amount currencyCode } bonus { amount } status code balance { amount currencyCode } reference requestedAt confirmedAt failureReason }`;
const REFUND = `refund { id amount { amount } originalPayment { amount } status method failureReason }`;
const RETURN = `query($id: ID!) { node(id: $id) { ... on Return { id rmaNumber status ${REFUND} ${CREDIT} events { type } } } }`;
const RETRY = `mutation($input: RetryRefundInput!) { retryRefund(input: $input) { return { id ${CREDIT} } userErrors { code message } } }`;

beforeAll(async () => {
  api = await startTestApi({ PARTNER_TIMEOUT_MS: '5000' });
  [operator, customer, other, admin] = await Promise.all([
    api.token('OPERATOR', 'op-1'), api.token('CUSTOMER', 'cust-a'), api.token('CUSTOMER', 'cust-b'), api.token('ADMIN', 'admin-1'),
  ]);
  sim = await MerchantSim.start(api, { speed: 4 });
});

afterAll(async () => {
  await api?.stop();
  await sim?.close();
});

async function view(id: string, token = operator) {
  const res = await api.gql(RETURN, { id }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.node;
}

async function until(id: string, test: (r: any) => boolean) {
  return eventually(async () => {
    const r = await view(id);
    return test(r) ? r : null;
  }, 30_000);
}

/** A return of the given lines (price, resolution) in this file's category, requested by cust-a. */
async function requested(lines: Array<{ unitPrice: string; resolution: string }>, category = CATEGORY) {
  const [order] = await importOrders(api, [orderInput({ lines: lines.map((l) => lineInput({ category, unitPrice: l.unitPrice })) })]);
  return requestReturn(api, customer, order.id, order.lines.map((line, i) => ({ orderLineId: line.id, quantity: 1, reason: 'DEFECTIVE', resolution: lines[i].resolution })));
}

test('a policy sets the store-credit bonus; bad values are refused and change nothing', async () => {
  const bad = await api.gql(UPSERT_POLICY, { input: { category: CATEGORY, windowDays: 30, storeCreditBonusPercent: 12.345 } }, admin);
  expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const tooMuch = await api.gql(UPSERT_POLICY, { input: { category: CATEGORY, windowDays: 30, storeCreditBonusPercent: 150 } }, admin);
  expect(tooMuch.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const policies = await api.gql(`{ returnPolicies { category } }`, {}, admin);
  expect((policies.data?.returnPolicies ?? []).map((p: { category: string | null }) => p.category)).not.toContain(CATEGORY);
  const ok = await api.gql(`mutation($input: ReturnPolicyInput!) { upsertReturnPolicy(input: $input) { policy { category storeCreditBonusPercent } userErrors { code } } }`,
    { input: { category: CATEGORY, windowDays: 30, storeCreditBonusPercent: 10 } }, admin);
  expect(ok.data.upsertReturnPolicy).toEqual({ policy: { category: CATEGORY, storeCreditBonusPercent: 10 }, userErrors: [] });
});

test('the quote shows the bonus; the credit is issued by the merchant with its code and balance, for the owner only', async () => {
  const ret = await requested([{ unitPrice: '50.00', resolution: 'STORE_CREDIT' }]);
  const quoted = await view(ret.id, customer);
  expect(quoted.storeCredit).toEqual({
    id: null, amount: { amount: '55.00', currencyCode: 'EUR' }, bonus: { amount: '5.00' }, status: 'QUOTED', code: null, balance: null,
    reference: null, requestedAt: null, confirmedAt: null, failureReason: null,
  });
  expect(quoted.refund).toMatchObject({ amount: { amount: '50.00' }, originalPayment: { amount: '0.00' }, status: 'QUOTED', method: 'STORE_CREDIT' });

  await sim.script(['confirm']);
  await completeReturn(api, ret);
  const issued = await until(ret.id, (r) => r.storeCredit?.status === 'ISSUED');
  expect(issued.refund).toMatchObject({ id: null, status: 'ISSUED', originalPayment: { amount: '0.00' } });
  expect(issued.storeCredit).toMatchObject({ amount: { amount: '55.00' }, bonus: { amount: '5.00' }, balance: { amount: '55.00', currencyCode: 'EUR' } });
  expect(issued.storeCredit.code).toMatch(/^GIFT-/);
  const [payment] = await sim.paymentsFor(issued.storeCredit.id);
  expect(payment).toMatchObject({ kind: 'store-credit', amount: '55.00', currencyCode: 'EUR', rmaNumber: issued.rmaNumber, reference: issued.storeCredit.reference });

  // The customer who owns the return reads the code; another customer does not see the return at all.
  expect((await view(ret.id, customer)).storeCredit.code).toBe(issued.storeCredit.code);
  expect((await api.gql(RETURN, { id: ret.id }, other)).data.node).toBeNull();
});

test('a mixed return pays money and credit separately and is ISSUED once both are confirmed', async () => {
  await sim.script(['later', 'later']);
  const ret = await requested([{ unitPrice: '20.00', resolution: 'REFUND' }, { unitPrice: '30.00', resolution: 'STORE_CREDIT' }]);
  expect((await view(ret.id)).storeCredit).toMatchObject({ amount: { amount: '33.00' }, bonus: { amount: '3.00' }, status: 'QUOTED' });
  await completeReturn(api, ret);
  const requestedNow = await view(ret.id);
  expect(requestedNow.refund).toMatchObject({ amount: { amount: '50.00' }, originalPayment: { amount: '20.00' }, method: 'MIXED' });
  expect(['REQUESTED', 'ISSUED']).toContain(requestedNow.refund.status);
  const issued = await until(ret.id, (r) => r.refund.status === 'ISSUED');
  expect(issued.storeCredit).toMatchObject({ status: 'ISSUED', amount: { amount: '33.00' } });
  expect(issued.storeCredit.code).toMatch(/^GIFT-/);
  const kinds = [...await sim.paymentsFor(issued.refund.id), ...await sim.paymentsFor(issued.storeCredit.id)].map((p) => [p.kind, p.amount]);
  expect(kinds.sort()).toEqual([['refund', '20.00'], ['store-credit', '33.00']]);
  expect(issued.events.filter((e: { type: string }) => e.type === 'REFUND_ISSUED')).toHaveLength(1);
});

test('a declined credit FAILS; retried by an operator it is issued by webhook', async () => {
  await sim.script(['decline', 'later']);
  const ret = await requested([{ unitPrice: '40.00', resolution: 'STORE_CREDIT' }], uniq('nobonus-'));
  // No policy for this category: no bonus.
  expect((await view(ret.id)).storeCredit).toMatchObject({ amount: { amount: '40.00' }, bonus: { amount: '0.00' } });
  await completeReturn(api, ret);
  const failed = await until(ret.id, (r) => r.storeCredit?.status === 'FAILED');
  expect(failed.storeCredit.failureReason).toBe('card account closed');
  expect(failed.refund).toMatchObject({ status: 'FAILED', failureReason: 'card account closed' });

  const onlyRefund = await api.gql(RETRY, { input: { returnId: ret.id, kind: 'REFUND' } }, operator);
  expect(onlyRefund.data.retryRefund.userErrors).toEqual([expect.objectContaining({ code: 'NOT_RETRYABLE' })]);
  const retried = await api.gql(RETRY, { input: { returnId: ret.id, kind: 'STORE_CREDIT' } }, operator);
  expect(retried.data.retryRefund.userErrors).toEqual([]);
  expect(retried.data.retryRefund.return.storeCredit).toMatchObject({ status: 'REQUESTED', failureReason: null });
  const issued = await until(ret.id, (r) => r.storeCredit?.status === 'ISSUED');
  expect(issued.refund.status).toBe('ISSUED');
  expect(issued.storeCredit.code).toMatch(/^GIFT-/);
  expect((await sim.paymentsFor(issued.storeCredit.id)).map((p) => p.mode)).toEqual(['decline', 'later']);
});
