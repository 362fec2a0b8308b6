import { Queue } from 'bullmq';
import { sql as drizzleSql } from 'drizzle-orm';
import IORedis from 'ioredis';
import postgres from 'postgres';
import { formatAmount } from '../../src/domain/money';
import type { Logger } from '../../src/logger';
import { dispatchOptions, OutboxRelay } from '../../src/jobs/outbox';
import { INTEGRATION_QUEUE, JOB, type IntegrationQueue } from '../../src/jobs/queues';
import { startTestApi, type TestApi } from '../support/harness';
import { REQUEST, importOrders, orderInput } from '../support/fixtures';
import { PartnerServer, eventually } from '../support/partner-server';

// The dispatch worker claims its row and loads its partner in one statement, and marks successes in batches; the relay
// coalesces kicks, adds their jobs without reading the rows, and marks a row QUEUED only once its job is in Redis. What each must refuse, and how a run cut between claim and mark resumes.
let api: TestApi;
let merchant: PartnerServer;
let sql: postgres.Sql;
let customer: string;

beforeAll(async () => {
  merchant = await new PartnerServer().start();
  // Stale rows are checked after a second, so a cut run's row comes back quickly; the lease stays the default 30 s.
  // Unnamed statements, as behind PgBouncer in transaction mode: the built-once statements must not need a session
  // (the other suites run them as named prepared statements).
  api = await startTestApi({ PARTNER_TIMEOUT_MS: '3000', OUTBOX_STALE_AFTER_MS: '1000', DATABASE_PREPARE: 'false' });
  sql = postgres(api.app.config.databaseUrl!, { max: 2, onnotice: () => undefined });
  const admin = await api.token('ADMIN', 'admin-1');
  customer = await api.token('CUSTOMER', 'cust-a');
  const created = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code } } }`,
    { input: { kind: 'MERCHANT', name: 'Claim shop', adapter: 'boomerang-merchant-v1', endpoint: merchant.url, capabilities: { events: ['return.requested'] } } }, admin);
  expect(created.data.createPartner.userErrors).toEqual([]);
});

afterAll(async () => {
  await sql?.end({ timeout: 1 });
  await api?.stop();
  await merchant?.stop();
});

/** Requests a return; resolves with its merchant.event row once that was delivered and recorded SUCCEEDED. */
async function deliveredJob(): Promise<string> {
  const [order] = await importOrders(api, [orderInput()]);
  const res = await api.gql(REQUEST, { input: { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'STYLE' }] } }, customer);
  const returnId = res.data.requestReturn.return.id as string;
  expect(returnId).toBeTruthy();
  return eventually(async () => {
    const [row] = await sql<Array<{ id: string; status: string }>>`
      select j.id, j.status from integration_jobs j join returns r on r.id = j.return_id where r.rma_number = ${res.data.requestReturn.return.rmaNumber}`;
    return row?.status === 'SUCCEEDED' ? row.id : undefined;
  });
}

const callsFor = (id: string) => merchant.calls.filter((c) => c.headers['idempotency-key'] === id);

/** Puts a dispatch job for `id` on the app's queue again (the finished one removed first, as the sweeper does). */
async function queueAgain(id: string): Promise<void> {
  await api.app.jobs.removeQueued(id);
  await api.app.jobs.integrationQueue.add(JOB.DISPATCH, { integrationJobId: id }, dispatchOptions(id, 4, 50));
}

test('concurrent deliveries each end SUCCEEDED with their own result, delivered once', async () => {
  const ids = await Promise.all(Array.from({ length: 6 }, () => deliveredJob()));
  expect(new Set(ids).size).toBe(6);
  const rows = await sql<Array<{ id: string; result: unknown; completed: boolean; lastError: string | null }>>`
    select id, result, completed_at is not null as completed, last_error as "lastError" from integration_jobs where id in ${sql(ids)}`;
  expect(rows).toHaveLength(6);
  for (const row of rows) {
    expect(row).toMatchObject({ result: { acknowledged: true, eventType: 'return.requested' }, completed: true, lastError: null });
    expect(callsFor(row.id)).toHaveLength(1);
  }
  // Each claim commits without waiting for its WAL flush, for its own transaction only: no pooled connection keeps it.
  const settings = await Promise.all(Array.from({ length: 12 }, () => api.app.database.db.transaction(async (tx) => {
    const [row] = (await tx.execute(drizzleSql`show synchronous_commit`)) as unknown as Array<{ synchronous_commit: string }>;
    await new Promise((r) => setTimeout(r, 50));
    return row.synchronous_commit;
  })));
  expect(new Set(settings)).toEqual(new Set(['on']));
});

test('the claim returns the return event with the row: the partner gets the whole event; a missing event still ends DEAD', async () => {
  const id = await deliveredJob();
  const [call] = callsFor(id);
  // The event as the merchant must see it, read here independently of the view the worker's claim built.
  const [e] = await sql<Array<Record<string, unknown> & { at: Date; refundMinor: string; currencyCode: string; returnId: string }>>`
    select ev.id, ev.at, ev.data, r.id as "returnId", r.rma_number as "rmaNumber", o.order_number as "orderNumber", r.status,
      c.external_id as "customerExternalId", r.refund_minor as "refundMinor", r.currency_code as "currencyCode", r.refund_status as "refundStatus"
    from integration_jobs j join return_events ev on ev.id = (j.payload->>'eventId')::uuid join returns r on r.id = ev.return_id
    join orders o on o.id = r.order_id join customers c on c.id = r.customer_id where j.id = ${id}`;
  const items = await sql`select ol.sku, ri.quantity, ri.received_quantity as "receivedQuantity", ri.reason, ri.grade, ri.disposition
    from return_items ri join order_lines ol on ol.id = ri.order_line_id where ri.return_id = ${e.returnId} order by ri.id`;
  expect(JSON.parse(call.body)).toEqual({
    id: e.id, type: 'return.requested', occurredAt: e.at.toISOString(),
    data: {
      returnId: e.returnId, rmaNumber: e.rmaNumber, orderNumber: e.orderNumber, status: e.status, customerExternalId: e.customerExternalId,
      refund: { amount: formatAmount(Number(e.refundMinor), e.currencyCode), currencyCode: e.currencyCode, status: e.refundStatus },
      items: items.map((i) => ({ ...i })), details: e.data,
    },
  });
  expect(items.length).toBeGreaterThan(0);
  // A missing event still ends the job DEAD with the handler's own read (nothing came with the claim).
  const [partner] = await sql<Array<{ id: string }>>`select id from partners where name = 'Claim shop'`;
  const [ghost] = await sql<Array<{ id: string }>>`insert into integration_jobs (id, partner_id, type, payload)
    values (gen_random_uuid(), ${partner.id}, 'merchant.event', '{"eventId":"00000000-0000-7000-8000-000000000001","eventType":"return.requested"}')
    returning id`;
  api.app.jobs.relay.kick([ghost.id]);
  const [dead] = await eventually(async () => {
    const rows = await sql<Array<{ status: string; lastError: string }>>`select status, last_error as "lastError" from integration_jobs where id = ${ghost.id}`;
    return rows[0]?.status === 'DEAD' ? rows : undefined;
  });
  expect(dead.lastError).toContain('the return event no longer exists');
  expect(callsFor(ghost.id)).toHaveLength(0);
});

test('a run cut between its claim and its SUCCEEDED mark is run again once its lease lapsed, under the same Idempotency-Key', async () => {
  const id = await deliveredJob();
  const first = callsFor(id);
  expect(first).toHaveLength(1);
  // What a worker that died after the partner call leaves behind: the row RUNNING, its lease long lapsed, and the
  // queue job gone with the worker's Redis (or finished by the stalled-job check).
  await sql`update integration_jobs set status = 'RUNNING', result = null, completed_at = null, updated_at = now() - interval '1 hour' where id = ${id}`;
  await api.app.jobs.removeQueued(id);
  // The sweeper finds it stale without a live job and queues it again; the worker claims it and delivers it again.
  const [row] = await eventually(async () => {
    const rows = await sql<Array<{ status: string; result: unknown }>>`select status, result from integration_jobs where id = ${id}`;
    return rows[0]?.status === 'SUCCEEDED' ? rows : undefined;
  });
  expect(row.result).toEqual({ acknowledged: true, eventType: 'return.requested' });
  const calls = callsFor(id);
  expect(calls).toHaveLength(2);
  expect(JSON.parse(calls[1].body)).toEqual(JSON.parse(first[0].body));
});

test('the claim refuses a row already SUCCEEDED: the job completes without calling the partner', async () => {
  const id = await deliveredJob();
  await queueAgain(id);
  const job = await eventually(async () => {
    const j = await api.app.jobs.integrationQueue.getJob(id);
    return j && (await j.getState()) === 'completed' ? j : undefined;
  });
  expect(job.returnvalue).toEqual({ skipped: true });
  expect(callsFor(id)).toHaveLength(1);
  const [row] = await sql`select status from integration_jobs where id = ${id}`;
  expect(row.status).toBe('SUCCEEDED');
});

test('the claim refuses a row RUNNING under a live lease: the copy waits in the delayed set, the partner is not called', async () => {
  const id = await deliveredJob();
  // Another run holds it: RUNNING, its lease renewed just now.
  await sql`update integration_jobs set status = 'RUNNING', updated_at = now() where id = ${id}`;
  await queueAgain(id);
  await eventually(async () => ((await (await api.app.jobs.integrationQueue.getJob(id))?.getState()) === 'delayed' ? true : undefined));
  expect(callsFor(id)).toHaveLength(1);
  const [row] = await sql`select status, attempts from integration_jobs where id = ${id}`;
  expect(row).toEqual({ status: 'RUNNING', attempts: 1 });
  await api.app.jobs.removeQueued(id);
  await sql`update integration_jobs set status = 'SUCCEEDED' where id = ${id}`;
});

test('a kick queues its rows without reading them; the claim refuses one no longer PENDING; a refused add leaves them PENDING', async () => {
  const [partner] = await sql<Array<{ id: string }>>`select id from partners where name = 'Claim shop'`;
  // Rows the worker will find nothing to deliver for (their event does not exist): they end DEAD, which is fine here.
  const insert = (status: string) => sql<Array<{ id: string }>>`insert into integration_jobs (id, partner_id, type, payload, status)
    values (gen_random_uuid(), ${partner.id}, 'merchant.event', '{"eventId":"00000000-0000-7000-8000-000000000000","eventType":"return.requested"}', ${status})
    returning id`;
  const [[pending], [done]] = await Promise.all([insert('PENDING'), insert('SUCCEEDED')]);
  api.app.jobs.relay.kick([pending.id, done.id]);
  await api.app.jobs.relay.settled();
  const queued = await api.app.jobs.integrationQueue.getJob(pending.id);
  expect(queued?.opts.attempts).toBe(api.app.config.integrationMaxAttempts);
  // A kick names rows its own transaction just committed; should one have moved on meanwhile (a sweep queued and ran
  // it), its job is refused by the claim: completed as skipped, the partner not called, the row as it was.
  const skipped = await eventually(async () => {
    const j = await api.app.jobs.integrationQueue.getJob(done.id);
    return j && (await j.getState()) === 'completed' ? j : undefined;
  });
  expect(skipped.returnvalue).toEqual({ skipped: true });
  expect(callsFor(done.id)).toHaveLength(0);
  const [row] = await sql`select status, attempts from integration_jobs where id = ${done.id}`;
  expect(row).toEqual({ status: 'SUCCEEDED', attempts: 0 });

  // A relay whose Redis refuses the jobs: the row stays PENDING for the sweeper.
  const none = () => undefined;
  const log: Logger = { debug: none, info: none, warn: none, error: none };
  const dead = new IORedis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
  const queue = new Queue(INTEGRATION_QUEUE, { connection: dead, prefix: 'nowhere' }) as IntegrationQueue;
  queue.on('error', none);
  const errors: Error[] = [];
  const relay = new OutboxRelay(api.app.database.db, queue, 50, log, 1000, (e) => errors.push(e), dead, 4);
  const [[lonely]] = await Promise.all([insert('PENDING')]);
  relay.kick([lonely.id]);
  await relay.settled();
  expect(errors).toHaveLength(1);
  const [back] = await sql`select status from integration_jobs where id = ${lonely.id}`;
  expect(back.status).toBe('PENDING');
  await queue.close().catch(none);
  dead.disconnect();
});
