import { eq } from 'drizzle-orm';
import { integrationJobs } from '../../src/db/schema';
import { verifyWebhook } from '../../src/domain/webhook-signature';
import { decodeGlobalId } from '../../src/domain/ids';
import { startTestApi, type TestApi } from '../support/harness';
import { REQUEST, importOrders, orderInput } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// The outbox → BullMQ → adapter path with real Redis and a loopback merchant: signed delivery, retries with backoff,
// permanent refusals dead-lettered and retried by an admin, timeouts, API keys.
let api: TestApi;
let merchant: PartnerServer;
let admin: string;
let customer: string;
let signingSecret: string;
let partnerId: string;

const JOBS = `query($f: IntegrationJobFilter) { integrationJobs(first: 50, filter: $f) { edges { node {
  id type status attempts maxAttempts lastError payload partner { name } } } } }`;

beforeAll(async () => {
  merchant = await new PartnerServer().start();
  // A client timeout a busy machine cannot hit by accident: the attempt counts below must not depend on load.
  api = await startTestApi({ PARTNER_TIMEOUT_MS: '3000', INTEGRATION_MAX_ATTEMPTS: '4' });
  admin = await api.token('ADMIN', 'admin-1');
  customer = await api.token('CUSTOMER', 'cust-a');
  const created = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id kind adapter } signingSecret userErrors { code } } }`,
    { input: { kind: 'MERCHANT', name: 'Shop', adapter: 'boomerang-merchant-v1', endpoint: merchant.url, capabilities: { events: ['return.requested', 'return.cancelled'] } } }, admin);
  expect(created.data.createPartner.userErrors).toEqual([]);
  signingSecret = created.data.createPartner.signingSecret;
  partnerId = created.data.createPartner.partner.id;
  expect(signingSecret).toMatch(/^whsec_/);
});

afterAll(async () => {
  await api?.stop();
  await merchant?.stop();
});

async function newReturn() {
  const [order] = await importOrders(api, [orderInput()]);
  const res = await api.gql(REQUEST, { input: { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'STYLE' }] } }, customer);
  return res.data.requestReturn.return as { id: string; rmaNumber: string };
}

async function merchantJobs(): Promise<any[]> {
  const res = await api.gql(JOBS, { f: { partnerId } }, admin);
  return res.data.integrationJobs.edges.map((e: any) => e.node);
}

test('a return event reaches the merchant once, signed, with the job id as Idempotency-Key', async () => {
  const before = merchant.calls.length;
  const ret = await newReturn();
  const job = await eventually(async () => (await merchantJobs()).find((j) => j.status === 'SUCCEEDED' && merchant.calls.slice(before).length > 0));
  const call = merchant.calls[before];
  expect(call.path).toBe('/events');
  const body = JSON.parse(call.body);
  expect(body).toMatchObject({ type: 'return.requested', data: { rmaNumber: ret.rmaNumber, status: 'REQUESTED', customerExternalId: 'cust-a' } });
  expect(call.headers['idempotency-key']).toBe(decodeGlobalId(job.id)!.id);
  const verified = verifyWebhook(signingSecret, {
    id: call.headers['webhook-id'] as string, timestamp: call.headers['webhook-timestamp'] as string, signature: call.headers['webhook-signature'] as string,
  }, call.body, new Date());
  expect(verified.ok).toBe(true);
  // Not subscribed to approvals: approving sends nothing more.
  const operator = await api.token('OPERATOR', 'op');
  await api.gql(`mutation($id: ID!) { approveReturn(input: { returnId: $id }) { userErrors { code } } }`, { id: ret.id }, operator);
  await new Promise((r) => setTimeout(r, 300));
  expect(merchant.calls.length).toBe(before + 1);
});

test('a partner answering 500 for a while is retried with backoff until it succeeds', async () => {
  merchant.next({ status: 500 }, { status: 503 });
  const before = merchant.calls.length;
  await newReturn();
  await eventually(async () => merchant.calls.length >= before + 3);
  const calls = merchant.calls.slice(before, before + 3);
  expect(new Set(calls.map((c) => c.headers['idempotency-key'])).size).toBe(1);
  const jobs = await eventually(async () => {
    const all = await merchantJobs();
    const mine = all.find((j) => decodeGlobalId(j.id)!.id === calls[0].headers['idempotency-key']);
    return mine?.status === 'SUCCEEDED' ? mine : null;
  });
  expect(jobs.attempts).toBe(3);
});

test('a timeout counts as transient', async () => {
  merchant.next({ delayMs: 3500, status: 200 });
  const before = merchant.calls.length;
  await newReturn();
  const key = await eventually(async () => merchant.calls[before]?.headers['idempotency-key'] as string | undefined);
  const job = await eventually(async () => (await merchantJobs()).find((j) => decodeGlobalId(j.id)!.id === key && j.status === 'SUCCEEDED'));
  expect(job.attempts).toBe(2);
});

test('a 4xx refusal is DEAD at once, visible with its error, and an admin can retry it', async () => {
  merchant.next({ status: 422, body: '{"error":"unknown order"}' });
  const before = merchant.calls.length;
  await newReturn();
  const key = await eventually(async () => merchant.calls[before]?.headers['idempotency-key'] as string | undefined);
  const dead = await eventually(async () => (await merchantJobs()).find((j) => decodeGlobalId(j.id)!.id === key && j.status === 'DEAD'));
  expect(dead.attempts).toBe(1);
  expect(dead.lastError).toContain('422');
  await new Promise((r) => setTimeout(r, 300));
  expect(merchant.calls.filter((c) => c.headers['idempotency-key'] === key)).toHaveLength(1);

  // A budget written under an older INTEGRATION_MAX_ATTEMPTS: the retry starts again with today's (the relay's kick
  // adds the job with that budget, without reading the row).
  await api.app.database.db.update(integrationJobs).set({ maxAttempts: 1 }).where(eq(integrationJobs.id, key));
  const retried = await api.gql(`mutation($id: ID!) { retryIntegrationJob(input: { jobId: $id }) { job { status attempts maxAttempts } userErrors { code } } }`, { id: dead.id }, admin);
  expect(retried.data.retryIntegrationJob).toEqual({ job: { status: 'PENDING', attempts: 0, maxAttempts: api.app.config.integrationMaxAttempts }, userErrors: [] });
  await eventually(async () => (await merchantJobs()).find((j) => j.id === dead.id && j.status === 'SUCCEEDED'));
  expect(merchant.calls.filter((c) => c.headers['idempotency-key'] === key)).toHaveLength(2);

  const again = await api.gql(`mutation($id: ID!) { retryIntegrationJob(input: { jobId: $id }) { job { status } userErrors { code } } }`, { id: dead.id }, admin);
  expect(again.data.retryIntegrationJob.userErrors[0].code).toBe('NOT_RETRYABLE');
});

test('giving up after maxAttempts leaves the job DEAD with the last error', async () => {
  merchant.next({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
  const before = merchant.calls.length;
  await newReturn();
  const key = await eventually(async () => merchant.calls[before]?.headers['idempotency-key'] as string | undefined);
  const dead = await eventually(async () => (await merchantJobs()).find((j) => decodeGlobalId(j.id)!.id === key && j.status === 'DEAD'));
  expect(dead.attempts).toBe(4);
  expect(dead.lastError).toContain('500');
});

test('only admins see the outbox; partners authenticate with their own API key', async () => {
  const operator = await api.token('OPERATOR', 'op');
  expect((await api.gql(JOBS, {}, operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const key = await api.gql(`mutation($id: ID!) { createPartnerApiKey(input: { partnerId: $id, label: "ci" }) { apiKey { id prefix } secret userErrors { code } } }`, { id: partnerId }, admin);
  const secret = key.data.createPartnerApiKey.secret as string;
  expect(secret).toMatch(/^bk_/);
  const viewer = await api.gql('{ viewer { role subject } }', {}, secret);
  expect(viewer.data.viewer).toEqual({ role: 'PARTNER', subject: partnerId });
  // A partner's key lists its own jobs only.
  const other = await api.gql(`mutation { createPartner(input: { kind: CARRIER, name: "Other", adapter: "boomerang-carrier-v1", endpoint: "http://127.0.0.1:9/" }) { partner { id } } }`, {}, admin);
  const otherKey = await api.gql(`mutation($id: ID!) { createPartnerApiKey(input: { partnerId: $id }) { secret } }`, { id: other.data.createPartner.partner.id }, admin);
  const own = await api.gql(JOBS, {}, secret);
  expect(own.data.integrationJobs.edges.length).toBeGreaterThan(0);
  expect(new Set(own.data.integrationJobs.edges.map((e: any) => e.node.partner.name))).toEqual(new Set(['Shop']));
  const theirs = await api.gql(JOBS, { f: { partnerId } }, otherKey.data.createPartnerApiKey.secret);
  expect(theirs.data.integrationJobs.edges).toEqual([]);
  expect((await api.gql('{ returns(first: 5) { edges { node { id } } } }', {}, secret)).data.returns.edges).toEqual([]);
  await api.gql(`mutation($id: ID!) { revokePartnerApiKey(input: { apiKeyId: $id }) { userErrors { code } } }`, { id: key.data.createPartnerApiKey.apiKey.id }, admin);
  const revoked = await api.gql('{ viewer { role } }', {}, secret);
  expect(revoked.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});

test('createPartner validates adapter, events and endpoint, and writes nothing when refused', async () => {
  const create = (input: string) => api.gql(`mutation { createPartner(input: { kind: MERCHANT, name: "x", ${input} }) { partner { id } userErrors { code field } } }`, {}, admin);
  const unknown = await create(`adapter: "nope", endpoint: "http://127.0.0.1:1/", capabilities: { events: ["return.exploded"] }`);
  expect(unknown.data.createPartner.userErrors.map((e: any) => e.code).sort()).toEqual(['UNKNOWN_ADAPTER', 'UNKNOWN_EVENT_TYPE']);
  const ftp = await create(`adapter: "boomerang-merchant-v1", endpoint: "ftp://x"`);
  expect(ftp.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const partners = await api.gql('{ partners { name } }', {}, admin);
  expect(partners.data.partners.map((p: any) => p.name).sort()).toEqual(['Other', 'Shop']);
});

test('readiness, metrics and the queue dashboard', async () => {
  const base = api.url.replace('/graphql', '');
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', database: true, redis: true });
  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toContain('boomerang_integration_job_duration_seconds_bucket');
  expect(metrics).toContain('boomerang_graphql_operation_duration_seconds');
  expect(metrics).toMatch(/boomerang_queue_jobs\{queue="integration-jobs",state="completed"\} \d+/);
  expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
  expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${await api.token('OPERATOR', 'op')}` } })).status).toBe(403);
  expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
});
