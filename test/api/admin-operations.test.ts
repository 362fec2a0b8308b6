import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { decodeGlobalId } from '../../src/domain/ids';
import { createTestDatabase, JWT_SECRET, type TestApi } from '../support/harness';
import { importOrders, orderInput } from '../support/fixtures';
import { holdInTransaction } from '../support/locks';
import { readOperation, waitForOperation } from '../support/operations';
import { eventually } from '../support/partner-server';
import { remoteApi } from '../support/processes';
import postgres from 'postgres';
import { generateHistory } from '../../src/demo/history';
import { rowsOf } from '../../src/db/rows';
import { JOB } from '../../src/jobs/queues';
import { ANALYTICS_LOCK } from '../../src/services/insight/analytics-refresh.service';
import { TRAIN_LOCK } from '../../src/services/insight/risk-model.service';

// refreshAnalytics and trainReturnRiskModel as background operations, with the API and the worker as separate apps on
// one database and queue namespace (in this process): the API alone queues, the worker runs. The proofs with real
// processes (an API restart, Redis down) are in test/proof/admin-operations.test.ts.
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let apiApp: App;
let workerApp: App | null = null;
let api: TestApi;
let admin: string;
let operator: string;
let customer: string;

const env = {
  NODE_ENV: 'test', JWT_SECRET, PORT: '0', LOG_LEVEL: 'error', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: `bt_${randomBytes(4).toString('hex')}`, OUTBOX_SWEEP_MS: '200', ANALYTICS_REFRESH_MS: '0', ANALYTICS_FULL_REFRESH_MS: '0',
  RISK_MODEL_TRAIN_MS: String(30 * 86_400_000),
  // A heartbeat every 2.5 s, so a test sees one while a run waits; far above how long these small runs take.
  ADMIN_OPERATION_STALE_MS: '10000',
};
const REFRESH = `mutation($input: RefreshAnalyticsInput) { refreshAnalytics(input: $input) { operation { id kind status input } summary { mode } userErrors { code message } } }`;
const TRAIN = `mutation($input: TrainReturnRiskModelInput) { trainReturnRiskModel(input: $input) { operation { id kind status input } model { version } userErrors { code message } } }`;
const LIST = `query($first: Int, $after: String, $filter: AdminOperationFilter) { adminOperations(first: $first, after: $after, filter: $filter) {
  edges { cursor node { id kind status } } pageInfo { hasNextPage endCursor } } }`;

/** The payload of a refreshAnalytics request: the operation, and ALREADY_RUNNING when it is not a new one. */
async function requestRefresh(full: boolean) {
  const res = await api.gql(REFRESH, { input: { full } }, admin);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  expect(res.data.refreshAnalytics.summary).toBeNull();
  return res.data.refreshAnalytics as { operation: { id: string; status: string; input: any }; userErrors: Array<{ code: string; message: string }> };
}

/** A refresh this request queued (no userErrors). */
async function refresh(full: boolean) {
  const res = await requestRefresh(full);
  expect(res.userErrors).toEqual([]);
  return res.operation;
}

async function requestTraining(input: Record<string, unknown>) {
  const res = await api.gql(TRAIN, { input }, admin);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  expect(res.data.trainReturnRiskModel.model).toBeNull();
  return res.data.trainReturnRiskModel as { operation: { id: string; status: string; input: any }; userErrors: Array<{ code: string; message: string }> };
}

async function train(input: Record<string, unknown>) {
  const res = await requestTraining(input);
  expect(res.userErrors).toEqual([]);
  return res.operation;
}

const startWorker = async () => { workerApp = await startApp(loadConfig({ ...env, DATABASE_URL: db.url }), 'worker'); };
const rawId = (id: string) => decodeGlobalId(id)!.id;
/** The operation once it is in `status` (polled). */
const inStatus = (id: string, status: string) => eventually(async () => {
  const o = await readOperation(api, id, admin);
  return o.status === status ? o : null;
}, 30_000, 100);

beforeAll(async () => {
  db = await createTestDatabase();
  apiApp = await startApp(loadConfig({ ...env, DATABASE_URL: db.url }), 'api');
  api = remoteApi(`http://127.0.0.1:${apiApp.http!.port}/graphql`);
  [admin, operator, customer] = await Promise.all([api.token('ADMIN', 'admin-1'), api.token('OPERATOR', 'op-1'), api.token('CUSTOMER', 'cust-a')]);
  await importOrders(api, [orderInput(), orderInput()]);
}, 60_000);

afterAll(async () => {
  await workerApp?.stop();
  await apiApp?.stop();
  await db?.drop();
});

describe('with no worker running', () => {
  let full: { id: string };

  test('concurrent requests queue one operation, the others answer ALREADY_RUNNING with it; so does the other mode; it waits QUEUED', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => requestRefresh(true)));
    const queued = answers.filter((a) => a.userErrors.length === 0);
    expect(queued).toHaveLength(1);
    full = queued[0].operation;
    expect(full).toMatchObject({ kind: 'REFRESH_ANALYTICS', status: 'QUEUED', input: { full: true } });
    for (const a of answers.filter((x) => x !== queued[0])) {
      expect(a.operation.id).toBe(full.id);
      expect(a.userErrors).toEqual([{ code: 'ALREADY_RUNNING', message: expect.stringContaining(`A full analytics refresh is already queued: operation ${full.id}, requested by admin:admin-1`) }]);
    }
    // Refreshes run one at a time: an incremental request is not queued beside it either.
    const incremental = await requestRefresh(false);
    expect(incremental.operation.id).toBe(full.id);
    expect(incremental.userErrors.map((e) => e.code)).toEqual(['ALREADY_RUNNING']);
    expect(await readOperation(api, full.id, admin)).toMatchObject({ status: 'QUEUED', progress: 0, attempts: 0, requestedBy: 'admin:admin-1', startedAt: null });
  });

  test('training: one queued run; any other request (same or other options) answers ALREADY_RUNNING naming it', async () => {
    const same = await Promise.all([requestTraining({ seed: 7 }), requestTraining({ seed: 7, holdoutWeeks: 4 }), requestTraining({ seed: 7 })]);
    expect(new Set(same.map((o) => o.operation.id)).size).toBe(1);
    expect(same.filter((o) => o.userErrors.length === 0)).toHaveLength(1);
    const training = same[0].operation;
    expect(training).toMatchObject({ kind: 'TRAIN_RISK_MODEL', status: 'QUEUED', input: { seed: 7, holdoutWeeks: 4, maxRows: 200_000 } });
    const other = await requestTraining({ seed: 8 });
    expect(other.operation.id).toBe(training.id);
    expect(other.userErrors).toEqual([{
      code: 'ALREADY_RUNNING', message: expect.stringContaining(`A return-risk model training (seed=7, holdoutWeeks=4, maxRows=200000) is already queued: operation ${training.id}`),
    }]);
    const page1 = (await api.gql(LIST, { first: 1 }, admin)).data.adminOperations;
    expect(page1.edges.map((e: any) => e.node.id)).toEqual([training.id]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await api.gql(LIST, { first: 5, after: page1.pageInfo.endCursor, filter: { kind: ['REFRESH_ANALYTICS'], status: ['QUEUED'] } }, admin)).data.adminOperations;
    expect(page2.edges.map((e: any) => e.node.id)).toEqual([full.id]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  test('bad options are BAD_USER_INPUT at once and queue nothing', async () => {
    const before = (await api.gql(LIST, { first: 100 }, admin)).data.adminOperations.edges.length;
    for (const input of [{ maxRows: 10 }, { holdoutWeeks: 53 }, { seed: -1 }]) {
      expect((await api.gql(TRAIN, { input }, admin)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await api.gql(`{ adminOperation(id: "nope") { id } }`, {}, admin)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await api.gql(LIST, { after: 'bm9wZQ' }, admin)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await api.gql(LIST, { first: 100 }, admin)).data.adminOperations.edges.length).toBe(before);
  });

  test('only admins see operations: FORBIDDEN for staff and customers, UNAUTHENTICATED without a token, null through node', async () => {
    for (const [token, code] of [[operator, 'FORBIDDEN'], [customer, 'FORBIDDEN'], [null, 'UNAUTHENTICATED']] as const) {
      const one = await api.gql(`query($id: ID!) { adminOperation(id: $id) { id status } }`, { id: full.id }, token);
      expect([one.errors?.[0].extensions?.code, one.data?.adminOperation]).toEqual([code, null]);
      expect((await api.gql(LIST, {}, token)).errors?.[0].extensions?.code).toBe(code);
      expect((await api.gql(REFRESH, {}, token)).errors?.[0].extensions?.code).toBe(code);
      expect((await api.gql(TRAIN, {}, token)).errors?.[0].extensions?.code).toBe(code);
    }
    const node = `query($id: ID!) { node(id: $id) { __typename ... on AdminOperation { id kind status } } }`;
    expect((await api.gql(node, { id: full.id }, operator)).data.node).toBeNull();
    expect((await api.gql(node, { id: full.id }, admin)).data.node).toEqual({ __typename: 'AdminOperation', id: full.id, kind: 'REFRESH_ANALYTICS', status: 'QUEUED' });
  });
});

describe('a worker runs what was queued', () => {
  beforeAll(startWorker, 60_000);

  test('the refresh SUCCEEDS with its summary; the trainings FAIL with a clear reason; the next request starts a new run', async () => {
    const [full] = (await api.gql(LIST, { filter: { kind: ['REFRESH_ANALYTICS'] } }, admin)).data.adminOperations.edges.map((e: any) => e.node);
    const done = await waitForOperation(api, full.id, admin);
    expect(done).toMatchObject({
      status: 'SUCCEEDED', progress: 1, phase: 'done', attempts: 1, errorCode: null, error: null,
      result: { __typename: 'AnalyticsRefreshSummary', mode: 'FULL', orderDays: 1, salesRows: 2, returnRows: 0 },
    });
    expect(new Date(done.startedAt!) >= new Date(done.requestedAt) && new Date(done.finishedAt!) >= new Date(done.startedAt!)).toBe(true);

    const trainings = (await api.gql(LIST, { filter: { kind: ['TRAIN_RISK_MODEL'] } }, admin)).data.adminOperations.edges.map((e: any) => e.node);
    expect(trainings).toHaveLength(1);
    for (const t of trainings) {
      expect(await waitForOperation(api, t.id, admin)).toMatchObject({
        status: 'FAILED', result: null, errorCode: 'NOT_ENOUGH_HISTORY', error: expect.stringMatching(/^Not enough mature history: 0 training lines/),
      });
    }
    // A finished operation is not joined: the same request runs again.
    const again = await train({ seed: 7 });
    expect(trainings.map((t: any) => t.id)).not.toContain(again.id);
    expect((await waitForOperation(api, again.id, admin)).errorCode).toBe('NOT_ENOUGH_HISTORY');
    const incremental = await refresh(false);
    expect(incremental.id).not.toBe(full.id);
    expect((await waitForOperation(api, incremental.id, admin)).result).toMatchObject({ mode: 'INCREMENTAL' });
  });

  test('a run that fails on an unexpected error is FAILED with a classified message, never SQL or a stack', async () => {
    const away = (from: string, to: string) => apiApp.database.db.execute(sql.raw(`alter table ${from} rename to ${to}`));
    await away('analytics_sales_daily', 'analytics_sales_daily_away');
    let failedId: string;
    try {
      const op = await refresh(true);
      failedId = op.id;
      const failed = await waitForOperation(api, op.id, admin);
      expect(failed).toMatchObject({ status: 'FAILED', errorCode: 'INTERNAL', result: null, attempts: 1, phase: 'clearing the aggregates' });
      expect(failed.error).toMatch(/^The run failed on an unexpected error/);
      expect(failed.error).not.toMatch(/analytics|relation|\bat\b|\.ts/);
    } finally {
      await away('analytics_sales_daily_away', 'analytics_sales_daily');
    }
    const next = await refresh(true);
    expect(next.id).not.toBe(failedId);
    expect((await waitForOperation(api, next.id, admin)).status).toBe('SUCCEEDED');
  });

  test('a run whose worker died is queued again by the sweeper, and FAILED (WORKER_LOST) once its attempts are spent', async () => {
    const op = await refresh(false);
    expect((await waitForOperation(api, op.id, admin)).status).toBe('SUCCEEDED');
    // As a worker killed in the middle of its first run leaves it: RUNNING, its heartbeat stopped long ago.
    const died = (attempts: number) => apiApp.database.db.execute(sql`update admin_operations set status = 'RUNNING', attempts = ${attempts},
      finished_at = null, result = null, heartbeat_at = now() - interval '1 hour' where id = ${rawId(op.id)}`);
    await died(1);
    const rerun = await inStatus(op.id, 'SUCCEEDED');
    expect(rerun).toMatchObject({ attempts: 2, result: { mode: 'INCREMENTAL' }, error: null });

    await died(3); // ADMIN_OPERATION_MAX_ATTEMPTS (3) runs started, the last one lost too
    const lost = await inStatus(op.id, 'FAILED');
    expect(lost).toMatchObject({ errorCode: 'WORKER_LOST', error: expect.stringContaining('3 times'), attempts: 3 });
    expect(lost.finishedAt).not.toBeNull();
  });
});

describe('a run that waits or is taken over', () => {
  let holder: postgres.Sql;
  beforeAll(() => { holder = postgres(db.url, { max: 1, onnotice: () => undefined }); });
  afterAll(() => holder.end({ timeout: 5 }));
  /** Another run "in progress": a transaction of this test's holding the advisory lock `key` until the returned function is called. */
  const holdLock = (key: number) => holdInTransaction(holder, (t) => t`select pg_advisory_xact_lock(${key})`);

  /** The operation once it is RUNNING in `phase` (polled). */
  const inPhase = (id: string, phase: string) => eventually(async () => {
    const o = await readOperation(api, id, admin);
    return o.status === 'RUNNING' && o.phase === phase ? o : null;
  }, 30_000, 100);

  test('a refresh waiting for the refresh lock says so with fresh heartbeats, and maintenance jobs still run meanwhile', async () => {
    // Another refresh "in progress": a transaction holds the lock the operation's run has to wait for.
    const release = await holdLock(ANALYTICS_LOCK);
    let op: { id: string };
    try {
      op = await refresh(true);
      const waiting = await inPhase(op.id, 'waiting for a refresh in progress');
      // The heartbeat goes on while it waits: the sweeper never takes a waiting run for dead.
      await eventually(async () => {
        const o = await readOperation(api, op.id, admin);
        return o.status === 'RUNNING' && o.phase === waiting.phase && new Date(o.heartbeatAt!) > new Date(waiting.heartbeatAt!) ? o : null;
      }, 30_000, 200);
      // The maintenance worker is not the one waiting: outbox sweeps scheduled after the run began complete.
      const since = Date.now();
      await eventually(async () => {
        const done = await workerApp!.jobs.maintenanceQueue.getJobs(['completed'], 0, 50);
        return done.some((j) => j.name === JOB.SWEEP_OUTBOX && j.processedOn! > since) ? true : null;
      }, 30_000, 200);
      expect((await readOperation(api, op.id, admin)).status).toBe('RUNNING');
    } finally {
      await release();
    }
    expect(await waitForOperation(api, op.id, admin)).toMatchObject({ status: 'SUCCEEDED', attempts: 1, result: { mode: 'FULL' } });
  }, 90_000);

  test('a training taken over while it runs stores no model version: the version and SUCCEEDED commit together, only while it owns the row', async () => {
    await generateHistory(apiApp.database, { orders: 1500, customers: 300, seed: 3, weeks: 40, refresh: false });
    const models = async () => rowsOf<{ n: number }>(await apiApp.database.db.execute(sql`select count(*)::int as n from return_risk_models`))[0].n;
    expect(await models()).toBe(0);
    const release = await holdLock(TRAIN_LOCK);
    let op: { id: string };
    try {
      op = await train({ seed: 3, holdoutWeeks: 4 });
      await inPhase(op.id, 'waiting for a training in progress');
      // As if its heartbeats had been late: the sweeper queued it again and another worker claimed it (attempt 2).
      await apiApp.database.db.execute(sql`update admin_operations set attempts = attempts + 1, heartbeat_at = now() + interval '1 hour'
        where id = ${rawId(op.id)}`);
    } finally {
      await release();
    }
    // The first run goes on (it cannot know yet) and ends: its job leaves the queue.
    await eventually(async () => (await workerApp!.jobs.adminOperationQueue.getJob(rawId(op.id)) ? null : true), 120_000, 200);
    expect(await models()).toBe(0);
    expect(await readOperation(api, op.id, admin)).toMatchObject({ status: 'RUNNING', attempts: 2, result: null });
    await apiApp.database.db.execute(sql`update admin_operations set status = 'FAILED', error_code = 'WORKER_LOST' where id = ${rawId(op.id)}`);

    // Owning its row, the same training stores its version and SUCCEEDS with it.
    const again = await train({ seed: 3, holdoutWeeks: 4 });
    expect(await waitForOperation(api, again.id, admin, { result: '... on ReturnRiskModel { version }' })).toMatchObject({ status: 'SUCCEEDED', result: { version: 1 } });
    expect(await models()).toBe(1);
  }, 240_000);
});
