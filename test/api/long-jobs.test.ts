import postgres from 'postgres';
import type { Job } from 'bullmq';
import { JOB } from '../../src/jobs/queues';
import { ANALYTICS_LOCK } from '../../src/services/insight/analytics-refresh.service';
import { isSkipped } from '../../src/services/insight/exclusive-run';
import { TRAIN_LOCK, trainReturnRiskModel } from '../../src/services/insight/risk-model.service';
import { importOrders, orderInput } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/harness';
import { advisoryLocks, holdInTransaction } from '../support/locks';
import { readOperation, waitForOperation } from '../support/operations';
import { eventually } from '../support/partner-server';

// The long jobs (analytics refresh, model training) under load and beside the maintenance jobs, on real PostgreSQL and
// Redis, over HTTP: concurrent admin requests answer at once (one operation, the rest ALREADY_RUNNING) while /readyz
// and queries stay quick; nobody waits on the advisory lock while holding a pooled connection; a scheduled refresh
// that finds one in progress is skipped; the sweepers and expiry go on while a refresh is stuck; a refresh past its
// time limit is rolled back and the next one succeeds. Another run "in progress" is a transaction of the test's
// holding the lock (pg_advisory_xact_lock) or a table the refresh writes (lock table … in share mode).

const REFRESH = `mutation($input: RefreshAnalyticsInput) { refreshAnalytics(input: $input) { operation { id status input } userErrors { code message } } }`;
const TRAIN = `mutation($input: TrainReturnRiskModelInput) { trainReturnRiskModel(input: $input) { operation { id status input } userErrors { code message } } }`;
type Requested = { operation: { id: string; status: string; input: Record<string, unknown> }; userErrors: Array<{ code: string; message: string }> };

/** Runs fn and says how long it took. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

const readyz = (api: TestApi) => fetch(api.url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(15_000) }).then((r) => r.status);

async function request(api: TestApi, doc: string, field: string, input: Record<string, unknown>, token: string): Promise<Requested> {
  const res = await api.gql(doc, { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data[field];
}

/**
 * With `fresh`, one answer queued a new operation, else none did; every other answered ALREADY_RUNNING with that
 * operation, named in its message (queued, or running once the worker claimed it).
 */
function expectOneOperation(answers: Requested[], fresh: boolean): Requested['operation'] {
  const queued = answers.filter((a) => a.userErrors.length === 0);
  expect(queued).toHaveLength(fresh ? 1 : 0);
  const op = queued[0]?.operation ?? answers[0].operation;
  const others = answers.filter((x) => x.userErrors.length > 0);
  expect(others).toHaveLength(answers.length - (fresh ? 1 : 0));
  for (const a of others) {
    expect(a.operation.id).toBe(op.id);
    expect(a.userErrors).toEqual([{ code: 'ALREADY_RUNNING', message: expect.stringMatching(new RegExp(`is already (queued|running): operation ${op.id}, requested by admin:admin-1 at `)) }]);
  }
  return op;
}

describe('one API (pool of 3 once DATABASE_POOL_MAX exists, else 10) with 16 concurrent admin requests of each kind', () => {
  let api: TestApi;
  let holder: postgres.Sql;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi({
      DATABASE_POOL_MAX: '3', ANALYTICS_REFRESH_MS: '0', ANALYTICS_FULL_REFRESH_MS: '0', RISK_MODEL_TRAIN_MS: String(30 * 86_400_000),
      ADMIN_OPERATION_STALE_MS: '10000',
    });
    holder = postgres(api.app.config.databaseUrl!, { max: 4, onnotice: () => undefined }); // two held in transactions
    admin = await api.token('ADMIN', 'admin-1');
    await importOrders(api, [orderInput(), orderInput()]);
  }, 60_000);

  afterAll(async () => {
    await holder?.end({ timeout: 5 });
    await api?.stop();
  });

  test('each answers at once: one operation per kind, the rest ALREADY_RUNNING; /readyz and queries stay quick; the runs wait without a connection', async () => {
    // A refresh and a training "in progress" elsewhere: the operations queued below must wait for them.
    const releaseRefresh = await holdInTransaction(holder, (t) => t`select pg_advisory_xact_lock(${ANALYTICS_LOCK})`);
    const releaseTraining = await holdInTransaction(holder, (t) => t`select pg_advisory_xact_lock(${TRAIN_LOCK})`);
    let refreshOp: Requested['operation'];
    let trainingOp: Requested['operation'];
    try {
      const storm = (n: number) => Promise.all([
        Promise.all(Array.from({ length: n }, (_, i) => timed(() => request(api, REFRESH, 'refreshAnalytics', { full: i % 2 === 0 }, admin)))),
        Promise.all(Array.from({ length: n }, (_, i) => timed(() => request(api, TRAIN, 'trainReturnRiskModel', { seed: i }, admin)))),
        Promise.all(Array.from({ length: 6 }, () => timed(() => readyz(api)))),
        Promise.all(Array.from({ length: 6 }, () => timed(() => api.gql(`{ adminOperations(first: 5) { edges { node { id status } } } }`, {}, admin)))),
      ]);
      const [refreshes, trainings, probes, queries] = await storm(16);
      for (const t of [...refreshes, ...trainings, ...probes, ...queries]) expect(t.ms).toBeLessThan(5000);
      expect(probes.map((p) => p.value)).toEqual(Array(6).fill(200));
      expect(queries.every((q) => !q.value.errors && q.value.data.adminOperations.edges.length >= 1)).toBe(true);
      refreshOp = expectOneOperation(refreshes.map((r) => r.value), true);
      trainingOp = expectOneOperation(trainings.map((r) => r.value), true);

      // The worker (in this process, sharing its pool; one admin operation at a time) claims one and waits for its
      // lock, retrying; the other stays QUEUED behind it.
      await eventually(async () => {
        const [r, t] = await Promise.all([readOperation(api, refreshOp.id, admin), readOperation(api, trainingOp.id, admin)]);
        const refreshWaits = r.phase === 'waiting for a refresh in progress';
        const trainingWaits = t.phase === 'waiting for a training in progress';
        return (refreshWaits && (trainingWaits || t.status === 'QUEUED')) || (trainingWaits && r.status === 'QUEUED') ? true : null;
      }, 30_000, 100);
      // Waiting holds no connection: no session of the app's sits in a lock wait or idles in a transaction (each retry is
      // a transaction of its own lasting a round trip).
      const [{ n: waiting }] = await holder<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = 'boomerang'
          and (wait_event_type = 'Lock' or (state = 'idle in transaction' and state_change < now() - interval '200 milliseconds'))`;
      expect(waiting).toBe(0);

      // While they run, another storm: all ALREADY_RUNNING, all quick.
      const [again, againTrainings, againProbes] = await storm(12);
      for (const t of [...again, ...againTrainings, ...againProbes]) expect(t.ms).toBeLessThan(5000);
      expect(againProbes.map((p) => p.value)).toEqual(Array(6).fill(200));
      expect(expectOneOperation(again.map((r) => r.value), false).id).toBe(refreshOp.id);
      expect(expectOneOperation(againTrainings.map((r) => r.value), false).id).toBe(trainingOp.id);
      expect(again[0].value.userErrors[0].message).toContain('is already running');
    } finally {
      await releaseRefresh();
      await releaseTraining();
    }
    expect(await waitForOperation(api, refreshOp.id, admin)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(await waitForOperation(api, trainingOp.id, admin)).toMatchObject({ status: 'FAILED', errorCode: 'NOT_ENOUGH_HISTORY' });
    expect(await advisoryLocks(holder)).toBe(0);
    const job = refreshOp.input.full ? JOB.REFRESH_ANALYTICS_FULL : JOB.REFRESH_ANALYTICS;
    expect(await api.metric(`boomerang_long_job_runs_total{job="${job}",trigger="admin",outcome="succeeded"}`)).toBe(1);
    expect(await api.metric(`boomerang_long_job_runs_total{job="${JOB.TRAIN_RISK_MODEL}",trigger="admin",outcome="failed"}`)).toBe(1);
    expect(await api.metric(`boomerang_long_job_running{job="${job}"}`)).toBe(0);

    // Finished operations block nothing: the next request queues a new one.
    const next = await request(api, REFRESH, 'refreshAnalytics', { full: false }, admin);
    expect(next.userErrors).toEqual([]);
    expect(next.operation.id).not.toBe(refreshOp.id);
    expect(await waitForOperation(api, next.operation.id, admin)).toMatchObject({ status: 'SUCCEEDED' });
  }, 120_000);
});

describe('scheduled long jobs beside the maintenance jobs', () => {
  let api: TestApi;
  let holder: postgres.Sql;
  let admin: string;
  /** Jobs of a queue in `states` named `name` that started after `since` (ms). */
  const jobsSince = async (queue: 'maintenance' | 'long', states: Array<'completed' | 'failed'>, name: string, since: number): Promise<Job[]> => {
    const q = queue === 'long' ? api.app.jobs.maintenanceLongQueue : api.app.jobs.maintenanceQueue;
    return (await q.getJobs(states, 0, 200)).filter((j) => j.name === name && (j.processedOn ?? 0) >= since);
  };

  beforeAll(async () => {
    api = await startTestApi({
      ANALYTICS_REFRESH_MS: '1000', ANALYTICS_FULL_REFRESH_MS: '0', ANALYTICS_REFRESH_TIMEOUT_MS: '3000', RISK_MODEL_TRAIN_MS: String(30 * 86_400_000),
      OUTBOX_SWEEP_MS: '300', EXPIRY_SWEEP_MS: '300',
    });
    holder = postgres(api.app.config.databaseUrl!, { max: 4, onnotice: () => undefined }); // two held in transactions
    admin = await api.token('ADMIN', 'admin-1');
    await importOrders(api, [orderInput()]);
  }, 60_000);

  afterAll(async () => {
    await holder?.end({ timeout: 5 });
    await api?.stop();
  });

  test('a scheduled refresh that finds another in progress is skipped at once, not queued behind it; the next one runs', async () => {
    await eventually(async () => ((await jobsSince('long', ['completed'], JOB.REFRESH_ANALYTICS, 0)).some((j) => j.returnvalue?.mode) ? true : null), 30_000, 100);
    const release = await holdInTransaction(holder, (t) => t`select pg_advisory_xact_lock(${ANALYTICS_LOCK})`);
    const held = Date.now();
    try {
      const skipped = await eventually(async () => (await jobsSince('long', ['completed'], JOB.REFRESH_ANALYTICS, held))
        .find((j) => j.returnvalue?.skipped === 'already running') ?? null, 30_000, 100);
      expect(skipped.finishedOn! - skipped.processedOn!).toBeLessThan(1000);
      expect(await api.metric(`boomerang_long_job_runs_total{job="${JOB.REFRESH_ANALYTICS}",trigger="schedule",outcome="skipped"}`)).toBeGreaterThanOrEqual(1);
      // Skipping, none is left running behind the lock.
      expect(await api.metric(`boomerang_long_job_running{job="${JOB.REFRESH_ANALYTICS}"}`)).toBe(0);
    } finally {
      await release();
    }
    const released = Date.now();
    await eventually(async () => ((await jobsSince('long', ['completed'], JOB.REFRESH_ANALYTICS, released)).some((j) => j.returnvalue?.mode === 'INCREMENTAL') ? true : null), 30_000, 100);
    expect(await api.metric(`boomerang_long_job_last_success_timestamp_seconds{job="${JOB.REFRESH_ANALYTICS}"}`)).toBeGreaterThanOrEqual(released / 1000);
  }, 90_000);

  test('a scheduled training (wait: false) that finds another in progress is skipped at once; with the lock free it trains', async () => {
    const { app } = api;
    const system = () => ({
      actor: { kind: 'system' as const, process: 'worker' }, requestId: 'test', db: app.database.db, database: app.database,
      config: app.config, now: () => new Date(), outbox: app.jobs.relay,
    });
    const release = await holdInTransaction(holder, (t) => t`select pg_advisory_xact_lock(${TRAIN_LOCK})`);
    try {
      const started = Date.now();
      const skipped = await trainReturnRiskModel(system(), {}, { wait: false });
      expect(isSkipped(skipped)).toBe(true);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await release();
    }
    // Free again: the same call runs (this database's single order is too little history, a clean answer, not a skip).
    const ran = await trainReturnRiskModel(system(), {}, { wait: false });
    expect(isSkipped(ran)).toBe(false);
    expect(ran).toMatchObject({ ok: false, userErrors: [expect.objectContaining({ code: 'NOT_ENOUGH_HISTORY' })] });
  }, 60_000);

  test('while a refresh is stuck the outbox sweeper and expiry run; past ANALYTICS_REFRESH_TIMEOUT_MS it is rolled back (TIMED_OUT) and the next one succeeds', async () => {
    const watermark = async () => (await holder<{ w: string }[]>`select watermark::text as w from analytics_refresh_state where name = 'analytics'`)[0].w;
    // A table every refresh touching a day writes is locked: refreshes block in the middle of their work.
    const release = await holdInTransaction(holder, (t) => t`lock table analytics_sales_daily in share mode`);
    let admitted: string;
    let before: string;
    try {
      await importOrders(api, [orderInput()]);
      await eventually(async () => {
        const [{ n }] = await holder<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query ilike '%analytics_sales_daily%'`;
        return n > 0 ? true : null;
      }, 30_000, 50);
      // Read only now: until a refresh holds the refresh lock (stuck on the table), a scheduled one with nothing to
      // write may still commit a newer watermark; from here on no other refresh can commit.
      before = await watermark();
      const stuck = Date.now();
      // The maintenance worker does not wait behind it.
      await eventually(async () => ((await jobsSince('maintenance', ['completed'], JOB.SWEEP_OUTBOX, stuck)).length > 0
        && (await jobsSince('maintenance', ['completed'], JOB.EXPIRE_RETURNS, stuck)).length > 0 ? true : null), 10_000, 50);
      expect(await readyz(api)).toBe(200);
      // An admin's refresh meets the same lock and the same limit.
      const op = await request(api, REFRESH, 'refreshAnalytics', { full: true }, admin);
      expect(op.userErrors).toEqual([]);
      admitted = op.operation.id;

      const failed = await eventually(async () => (await jobsSince('long', ['failed'], JOB.REFRESH_ANALYTICS, stuck - 5000))[0] ?? null, 30_000, 100);
      expect(failed.failedReason).toBe('The analytics refresh ran past its time limit (ANALYTICS_REFRESH_TIMEOUT_MS = 3000 ms) and was rolled back: nothing changed.');
      expect(failed.finishedOn! - failed.processedOn!).toBeLessThan(6000);
      expect(await api.metric(`boomerang_long_job_runs_total{job="${JOB.REFRESH_ANALYTICS}",trigger="schedule",outcome="timed_out"}`)).toBeGreaterThanOrEqual(1);
      expect(await waitForOperation(api, admitted, admin, { timeoutMs: 30_000 })).toMatchObject({
        // It waited for the stuck scheduled one, then got stuck itself: either way its limit ended it.
        status: 'FAILED', errorCode: 'TIMED_OUT', error: expect.stringMatching(/^The analytics refresh (ran past its time limit|waited 3000 ms) \(ANALYTICS_REFRESH_TIMEOUT_MS/),
      });
      // Cleanly: nothing committed (the test's table lock is still held, so the next refresh is stuck in its turn).
      expect(await watermark()).toBe(before);
    } finally {
      await release();
    }
    // No lock left behind: once the refreshes are through, none is held (a leaked one would stay).
    await eventually(async () => ((await advisoryLocks(holder)) === 0 ? true : null), 30_000, 20);
    const released = Date.now();
    const next = await eventually(async () => (await jobsSince('long', ['completed'], JOB.REFRESH_ANALYTICS, released))
      .find((j) => j.returnvalue?.mode === 'INCREMENTAL' && j.returnvalue.salesRows >= 1) ?? null, 30_000, 100);
    expect(next.returnvalue.orderDays).toBeGreaterThanOrEqual(1);
    expect(await watermark()).not.toBe(before);
    const again = await request(api, REFRESH, 'refreshAnalytics', { full: true }, admin);
    expect(again.userErrors).toEqual([]);
    expect(await waitForOperation(api, again.operation.id, admin)).toMatchObject({ status: 'SUCCEEDED', result: { mode: 'FULL' } });
  }, 120_000);
});
