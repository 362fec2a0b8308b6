import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { generateHistory } from '../../src/demo/history';
import { ANALYTICS_LOCK } from '../../src/services/insight/analytics-refresh.service';
import { TRAIN_LOCK } from '../../src/services/insight/risk-model.service';
import { createTestDatabase, JWT_SECRET, type TestApi } from '../support/harness';
import { advisoryLocks } from '../support/locks';
import { waitForOperation } from '../support/operations';
import { eventually } from '../support/partner-server';
import { PgBouncer } from '../support/pgbouncer';
import { remoteApi } from '../support/processes';

// The long jobs through a real PgBouncer in transaction mode (few server connections, so consecutive transactions of
// one client land on different backends): an API with its worker and a second worker, both refreshing on a schedule
// every second, and rounds of 12 concurrent refreshAnalytics and trainReturnRiskModel requests. Nothing fails, nothing
// hangs, and no advisory lock is left on any backend. DATABASE_PREPARE=false, as behind any transaction pooler.
let bouncer: PgBouncer;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let apps: App[] = [];
let api: TestApi;
let direct: postgres.Sql;

const REFRESH = `mutation($input: RefreshAnalyticsInput) { refreshAnalytics(input: $input) { operation { id } userErrors { code message } } }`;
const TRAIN = `mutation($input: TrainReturnRiskModelInput) { trainReturnRiskModel(input: $input) { operation { id } userErrors { code message } } }`;

beforeAll(async () => {
  bouncer = await PgBouncer.start({ poolSize: 4 });
  db = await createTestDatabase();
  direct = postgres(db.url, { max: 2, onnotice: () => undefined });
  // Migrations and the history on the direct connection (migrations as a step of their own); enough history that a
  // full rebuild takes a moment, so runs overlap.
  const database = await openDatabase(db.url, '.data', { poolMax: 3 });
  try {
    await applyMigrations(database.db);
    await generateHistory(database, { orders: 3000, seed: 11, weeks: 40, refresh: false });
  } finally {
    await database.close();
  }
  const env = {
    NODE_ENV: 'test', JWT_SECRET, PORT: '0', LOG_LEVEL: 'error', DATABASE_URL: bouncer.url(db.url), DATABASE_PREPARE: 'false',
    DATABASE_MIGRATION_URL: db.url, DATABASE_POOL_MAX: '4',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: `bt_${randomBytes(4).toString('hex')}`,
    OUTBOX_SWEEP_MS: '300', ANALYTICS_REFRESH_MS: '1000', ANALYTICS_FULL_REFRESH_MS: '0', RISK_MODEL_TRAIN_MS: String(30 * 86_400_000),
    ADMIN_OPERATION_STALE_MS: '30000',
  };
  apps.push(await startApp(loadConfig(env), 'all'));
  apps.push(await startApp(loadConfig(env), 'worker'));
  api = remoteApi(`http://127.0.0.1:${apps[0].http!.port}/graphql`);
}, 180_000);

afterAll(async () => {
  for (const app of apps.reverse()) await app.stop().catch(() => undefined);
  apps = [];
  await direct?.end({ timeout: 5 });
  await db?.drop();
  await bouncer?.stop();
}, 60_000);

const ROUNDS = 4;

/** boomerang_long_job_runs_total of both processes added up, by "job/trigger/outcome". */
async function longJobRuns(): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const app of apps) {
    const text = await app.jobs.metrics.registry.getSingleMetricAsString('boomerang_long_job_runs_total');
    for (const m of text.matchAll(/\{job="([^"]+)",trigger="([^"]+)",outcome="([^"]+)"\} (\d+)/g)) {
      const key = `${m[1]}/${m[2]}/${m[3]}`;
      total[key] = (total[key] ?? 0) + Number(m[4]);
    }
  }
  return total;
}

test('rounds of 12 concurrent refreshes and trainings beside scheduled refreshes on two workers: none fails or hangs, no lock is left behind', async () => {
  const admin = await api.token('ADMIN', 'admin-1');
  for (let round = 0; round < ROUNDS; round++) {
    const started = Date.now();
    const [refreshes, trainings] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, (_, i) => api.gql(REFRESH, { input: { full: i % 3 === 0 } }, admin))),
      Promise.all(Array.from({ length: 12 }, () => api.gql(TRAIN, { input: { seed: 11 } }, admin))),
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const answers of [refreshes.map((r) => r.data?.refreshAnalytics), trainings.map((r) => r.data?.trainReturnRiskModel)]) {
      expect(answers.every(Boolean)).toBe(true);
      const ids = new Set(answers.map((a) => a.operation.id));
      expect(ids.size).toBe(1);
      expect(answers.filter((a) => a.userErrors.length === 0).length).toBeLessThanOrEqual(1);
      expect(answers.flatMap((a) => a.userErrors.map((e: { code: string }) => e.code)).every((c) => c === 'ALREADY_RUNNING')).toBe(true);
    }
    const refresh = await waitForOperation(api, refreshes[0].data.refreshAnalytics.operation.id, admin, { timeoutMs: 120_000 });
    expect(refresh).toMatchObject({ status: 'SUCCEEDED', errorCode: null });
    const training = await waitForOperation(api, trainings[0].data.trainReturnRiskModel.operation.id, admin, { timeoutMs: 120_000 });
    expect([training.status, training.errorCode]).toEqual(['SUCCEEDED', null]);
  }
  // The schedules went on on both workers meanwhile: runs succeeded or were skipped, none failed or timed out.
  const total = await longJobRuns();
  expect(total['refresh-analytics/schedule/succeeded']).toBeGreaterThan(0);
  expect(Object.entries(total).filter(([k, n]) => /\/(failed|timed_out)$/.test(k) && n > 0)).toEqual([]);
  expect((total['refresh-analytics/admin/succeeded'] ?? 0) + (total['refresh-analytics-full/admin/succeeded'] ?? 0)).toBe(ROUNDS);
  expect(total['train-return-risk-model/admin/succeeded']).toBe(ROUNDS);
  // No lock left on any backend PgBouncer keeps: none of the long jobs' keys is held once a scheduled run is not.
  await eventually(async () => ((await advisoryLocks(direct, [ANALYTICS_LOCK, TRAIN_LOCK])) === 0 ? true : null), 30_000, 20);
  expect(bouncer.log()).not.toMatch(/ERROR|FATAL/);
}, 600_000);
