import { decodeGlobalId } from '../../src/domain/ids';
import { startTestApi, type TestApi } from '../support/harness';
import { completeReturn, daysAgo, importOrders, lineInput, orderInput, requestReturn, uniq } from '../support/fixtures';
import { MerchantSim } from '../support/merchant-sim';
import { waitForOperation } from '../support/operations';
import { eventually } from '../support/partner-server';

// Refunds confirmed by the merchant's payment system: a completed return's refund is REQUESTED through the outbox
// (`refund.requested`, `POST refunds` at the partner simulator playing the merchant), ISSUED only when the merchant
// confirms (in its answer, by a signed webhook, or through confirmRefund), FAILED with the reason otherwise; operators
// retry (a new attempt, once) or record refunds paid by hand; analytics count confirmed refunds only.
let api: TestApi;
let sim: MerchantSim;
let operator: string;
let customer: string;
let admin: string;

const REFUND = `refund { id amount { amount currencyCode } originalPayment { amount } status method issuedAt requestedAt confirmedAt failureReason reference awaitingMerchant }`;
const RETURN = `query($id: ID!) { node(id: $id) { ... on Return { id rmaNumber status ${REFUND} events { type data } } } }`;
const RETRY = `mutation($input: RetryRefundInput!) { retryRefund(input: $input) { return { id ${REFUND} } userErrors { code message field } } }`;
const RECORD = `mutation($input: RecordRefundInput!) { recordRefund(input: $input) { return { id ${REFUND} } userErrors { code message field } } }`;
const CONFIRM = `mutation($input: ConfirmRefundInput!) { confirmRefund(input: $input) { payment { id kind status reference confirmedAt } userErrors { code message field } } }`;
const QUEUE = `query($f: ReturnFilter) { returns(first: 50, filter: $f) { totalCount edges { node { id refund { status awaitingMerchant } } } } }`;
const CATEGORY = uniq('refunds-');

beforeAll(async () => {
  api = await startTestApi({ PARTNER_TIMEOUT_MS: '5000', INTEGRATION_MAX_ATTEMPTS: '4' });
  [operator, customer, admin] = await Promise.all([api.token('OPERATOR', 'op-1'), api.token('CUSTOMER', 'cust-a'), api.token('ADMIN', 'admin-1')]);
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

const types = (r: { events: Array<{ type: string }> }) => r.events.map((e) => e.type);

/** A completed return of one 10.00 EUR unit (one order, one line, in this file's category). */
async function completed() {
  const [order] = await importOrders(api, [orderInput({ lines: [lineInput({ category: CATEGORY, unitPrice: '10.00' })] })]);
  const ret = await requestReturn(api, customer, order.id, [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'DEFECTIVE' }]);
  const done = await completeReturn(api, ret);
  expect(done.status).toBe('COMPLETED');
  return done as { id: string; rmaNumber: string };
}

async function refundOf(id: string, status: string) {
  return eventually(async () => {
    const r = await view(id);
    return r.refund.status === status ? r : null;
  }, 30_000);
}

let waitingId = '';

test('without a merchant taking refunds, a refund stays REQUESTED in the operator queue until recorded', async () => {
  const done = await completed();
  const r = await view(done.id);
  expect(r.refund).toMatchObject({ status: 'REQUESTED', awaitingMerchant: true, amount: { amount: '10.00' }, issuedAt: null, confirmedAt: null });
  expect(Date.parse(r.refund.requestedAt)).toBeGreaterThan(0);
  expect(types(r)).toContain('REFUND_REQUESTED');
  expect(types(r)).not.toContain('REFUND_ISSUED');

  const queue = await api.gql(QUEUE, { f: { refundStatus: ['REQUESTED', 'FAILED'] } }, operator);
  expect(queue.data.returns.edges.map((e: any) => e.node.id)).toContain(done.id);
  const issued = await api.gql(QUEUE, { f: { refundStatus: ['ISSUED'] } }, operator);
  expect(issued.data.returns.edges.map((e: any) => e.node.id)).not.toContain(done.id);

  // No merchant to send it to: retrying says so and changes nothing.
  const retry = await api.gql(RETRY, { input: { returnId: done.id } }, operator);
  expect(retry.data.retryRefund).toMatchObject({ return: null, userErrors: [{ code: 'NO_MERCHANT' }] });
  // Customers neither retry nor record.
  const forbidden = await api.gql(RECORD, { input: { returnId: done.id, reference: 'x' } }, customer);
  expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const blank = await api.gql(RECORD, { input: { returnId: done.id, reference: '  ' } }, operator);
  expect(blank.data.recordRefund.userErrors).toEqual([expect.objectContaining({ code: 'REFERENCE_REQUIRED' })]);
  expect((await view(done.id)).refund.status).toBe('REQUESTED');

  const recorded = await api.gql(RECORD, { input: { returnId: done.id, reference: 'PSP-manual-1' } }, operator);
  expect(recorded.data.recordRefund.userErrors).toEqual([]);
  expect(recorded.data.recordRefund.return.refund).toMatchObject({ status: 'ISSUED', reference: 'PSP-manual-1', awaitingMerchant: false });
  const after = await view(done.id);
  expect(Date.parse(after.refund.confirmedAt)).toBeGreaterThanOrEqual(Date.parse(after.refund.requestedAt));
  expect(types(after).slice(-2)).toEqual(['PAYOUT_CONFIRMED', 'REFUND_ISSUED']);
  const again = await api.gql(RECORD, { input: { returnId: done.id, reference: 'PSP-manual-2' } }, operator);
  expect(again.data.recordRefund.userErrors).toEqual([expect.objectContaining({ code: 'NOT_RECORDABLE' })]);
  expect((await view(done.id)).refund.reference).toBe('PSP-manual-1');

  waitingId = (await completed()).id;
});

test('once a merchant takes refunds, a waiting refund is sent by retryRefund and confirmed in the answer', async () => {
  sim = await MerchantSim.start(api, { speed: 2 });
  await sim.script(['confirm']);
  const retried = await api.gql(RETRY, { input: { returnId: waitingId } }, operator);
  expect(retried.data.retryRefund.userErrors).toEqual([]);
  expect(retried.data.retryRefund.return.refund).toMatchObject({ status: 'REQUESTED', awaitingMerchant: false });
  const r = await refundOf(waitingId, 'ISSUED');
  expect(r.refund.reference).toMatch(/^re_/);
  const [payment] = await sim.paymentsFor(r.refund.id);
  expect(payment).toMatchObject({ kind: 'refund', rmaNumber: r.rmaNumber, amount: '10.00', currencyCode: 'EUR', mode: 'confirm', reference: r.refund.reference });
  // Signed with the partner's secret, as every partner call.
  expect((await sim.state()).calls.filter((c) => c.call === 'POST /merchant/refunds').every((c) => c.signature === 'verified')).toBe(true);
});

test('accepted, then confirmed later by a signed webhook; return.refund_issued reaches the merchant only then', async () => {
  await sim.script(['later']);
  const done = await completed();
  const requested = await view(done.id);
  expect(requested.refund.status).toBe('REQUESTED');
  // The merchant heard the return complete while its refund was still only requested: no return.refund_issued yet.
  const heard = await eventually(async () => {
    const events = (await sim.state()).merchantEvents.filter((e) => e.rmaNumber === done.rmaNumber).map((e) => e.type);
    return events.includes('return.completed') ? events : null;
  });
  expect(heard).not.toContain('return.refund_issued');
  expect((await view(done.id)).refund.status).toBe('REQUESTED');

  const issued = await refundOf(done.id, 'ISSUED');
  const [payment] = await sim.paymentsFor(issued.refund.id);
  expect(payment.mode).toBe('later');
  expect(issued.refund.reference).toBe(payment.reference);
  expect(types(issued).filter((t) => t === 'PAYOUT_CONFIRMED')).toHaveLength(1);
  await eventually(async () => (await sim.state()).merchantEvents.some((e) => e.rmaNumber === done.rmaNumber && e.type === 'return.refund_issued'));
});

test('declined in the answer: FAILED with the reason; an operator retries once, a second retry changes nothing', async () => {
  await sim.script(['decline', 'confirm']);
  const done = await completed();
  const failed = await refundOf(done.id, 'FAILED');
  expect(failed.refund.failureReason).toBe('card account closed');
  expect(types(failed)).toContain('PAYOUT_FAILED');
  expect(types(failed)).not.toContain('REFUND_ISSUED');

  const denied = await api.gql(RETRY, { input: { returnId: done.id } }, customer);
  expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const [first, second] = await Promise.all([
    api.gql(RETRY, { input: { returnId: done.id } }, operator),
    api.gql(RETRY, { input: { returnId: done.id } }, admin),
  ]);
  const outcomes = [first.data.retryRefund, second.data.retryRefund];
  expect(outcomes.filter((o) => o.userErrors.length === 0)).toHaveLength(1);
  expect(outcomes.flatMap((o) => o.userErrors.map((u: { code: string }) => u.code))).toEqual(['NOT_RETRYABLE']);

  const issued = await refundOf(done.id, 'ISSUED');
  expect(issued.refund.failureReason).toBeNull();
  const payments = await sim.paymentsFor(issued.refund.id);
  expect(payments.map((p) => p.mode)).toEqual(['decline', 'confirm']);
  expect(types(issued).filter((t) => t === 'PAYOUT_RETRIED')).toHaveLength(1);
});

test('transient errors are retried by the outbox until confirmed; a permanent refusal fails the refund (job DEAD)', async () => {
  await sim.script(['transient', 'transient', 'confirm']);
  const done = await completed();
  const issued = await refundOf(done.id, 'ISSUED');
  expect((await sim.paymentsFor(issued.refund.id)).map((p) => p.mode)).toEqual(['transient', 'transient', 'confirm']);
  const jobs = await api.gql(`query($f: IntegrationJobFilter) { integrationJobs(first: 50, filter: $f) { edges { node { status attempts payload } } } }`, { f: { type: 'refund.requested' } }, admin);
  const job = jobs.data.integrationJobs.edges.map((e: any) => e.node).find((j: any) => j.payload.payoutId === decodeGlobalId(issued.refund.id)!.id);
  expect(job).toMatchObject({ status: 'SUCCEEDED', attempts: 3 });

  await sim.script(['reject']);
  const refused = await completed();
  const failed = await refundOf(refused.id, 'FAILED');
  expect(failed.refund.failureReason).toMatch(/HTTP 422/);
  const dead = await api.gql(`query($f: IntegrationJobFilter) { integrationJobs(first: 50, filter: $f) { edges { node { status } } } }`, { f: { type: 'refund.requested', status: ['DEAD'] } }, admin);
  expect(dead.data.integrationJobs.edges).toHaveLength(1);
});

test('declined later by webhook fails the refund; the merchant confirms another through confirmRefund, repeats are harmless', async () => {
  await sim.script(['later-decline']);
  const declined = await completed();
  const failed = await refundOf(declined.id, 'FAILED');
  expect(failed.refund.failureReason).toBe('chargeback on the original payment');

  await sim.script(['later']);
  const done = await completed();
  const requested = await eventually(async () => {
    const r = await view(done.id);
    return r.refund.reference ? r : null;
  });
  expect(requested.refund.status).toBe('REQUESTED');
  const refundId = requested.refund.id;
  const missingRef = await api.gql(CONFIRM, { input: { refundId, outcome: 'CONFIRMED' } }, sim.apiKey);
  expect(missingRef.data.confirmRefund.userErrors).toEqual([expect.objectContaining({ code: 'REFERENCE_REQUIRED' })]);
  const asOperator = await api.gql(CONFIRM, { input: { refundId, outcome: 'CONFIRMED', reference: 'x' } }, operator);
  expect(asOperator.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const confirmed = await api.gql(CONFIRM, { input: { refundId, outcome: 'CONFIRMED', reference: 'PSP-api-1' } }, sim.apiKey);
  expect(confirmed.data.confirmRefund).toMatchObject({ userErrors: [], payment: { id: refundId, kind: 'REFUND', status: 'ISSUED', reference: 'PSP-api-1' } });
  const repeat = await api.gql(CONFIRM, { input: { refundId, outcome: 'CONFIRMED', reference: 'PSP-api-1' } }, sim.apiKey);
  expect(repeat.data.confirmRefund.payment.status).toBe('ISSUED');
  const late = await api.gql(CONFIRM, { input: { refundId, outcome: 'DECLINED', reason: 'too late' } }, sim.apiKey);
  expect(late.data.confirmRefund.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_ISSUED' })]);
  // The simulator's own webhook confirmation arrives afterwards and changes nothing.
  await eventually(async () => (await sim.state()).webhooks.some((w) => w.ref === refundId && w.type === 'refund.confirmed' && w.outcome === 'ISSUED'));
  const after = await view(done.id);
  expect(after.refund).toMatchObject({ status: 'ISSUED', reference: 'PSP-api-1' });
  expect(types(after).filter((t) => t === 'PAYOUT_CONFIRMED')).toHaveLength(1);
  expect(types(after).filter((t) => t === 'REFUND_ISSUED')).toHaveLength(1);
});

test('another partner cannot confirm the merchant\'s refund; a bad signature is refused', async () => {
  const other = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }`,
    { input: { kind: 'MERCHANT', name: 'Other', adapter: 'boomerang-merchant-v1', endpoint: 'http://127.0.0.1:9/' } }, admin);
  const key = await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret } }`, { input: { partnerId: other.data.createPartner.partner.id } }, admin);
  await sim.script(['later'], 'later');
  const done = await completed();
  const r = await eventually(async () => {
    const v = await view(done.id);
    return v.refund.id ? v : null;
  });
  const stolen = await api.gql(CONFIRM, { input: { refundId: r.refund.id, outcome: 'CONFIRMED', reference: 'evil' } }, key.data.createPartnerApiKey.secret);
  expect(stolen.data.confirmRefund.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
  const body = JSON.stringify({ type: 'refund.confirmed', data: { refundId: r.refund.id, reference: 'forged' } });
  const forged = await fetch(api.url.replace('/graphql', `/webhooks/${sim.partnerId}`), {
    method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' }, body,
  });
  expect(forged.status).toBe(401);
  const issued = await refundOf(done.id, 'ISSUED');
  expect(issued.refund.reference).not.toBe('forged');
});

test('analytics count confirmed refunds only', async () => {
  const refresh = await api.gql(`mutation { refreshAnalytics(input: { full: true }) { operation { id } userErrors { code } } }`, {}, admin);
  const op = await waitForOperation(api, refresh.data.refreshAnalytics.operation.id, admin);
  expect(op.status).toBe('SUCCEEDED');
  const states = await api.gql(`query($f: ReturnFilter) { returns(first: 100, filter: $f) { edges { node { refund { status amount { amount } } } } } }`, { f: {} }, operator);
  const statuses = states.data.returns.edges.map((e: any) => e.node.refund.status);
  const issued = statuses.filter((s: string) => s === 'ISSUED').length;
  expect(issued).toBeGreaterThan(0);
  expect(statuses.filter((s: string) => s !== 'ISSUED').length).toBeGreaterThan(0);
  const a = await api.gql(`query($from: DateTime!, $to: DateTime!, $category: String) { returnAnalytics(from: $from, to: $to, category: $category) {
    returnedUnits refundedUnits refunded { amount currencyCode } } }`, { from: daysAgo(30), to: daysAgo(-1), category: CATEGORY }, operator);
  expect(a.errors).toBeUndefined();
  expect(a.data.returnAnalytics).toMatchObject({ returnedUnits: statuses.length, refundedUnits: issued, refunded: { amount: (issued * 10).toFixed(2), currencyCode: 'EUR' } });
});
