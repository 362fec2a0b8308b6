import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/rows';
import { runExclusive, TimeLimit } from '../../src/services/insight/exclusive-run';
import { startTestApi, type TestApi } from '../support/harness';

// runExclusive (src/services/insight/exclusive-run.ts): a repeatable-read run whose snapshot predates a run that
// committed just before it took the lock hits that run's rows as a unique violation; it is run again with a new
// snapshot. Here the violation is a real one from PostgreSQL, raised on the first attempt only.
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await api.app.database.db.execute(sql`create table exclusive_run_probe (id int primary key)`);
  await api.app.database.db.execute(sql`insert into exclusive_run_probe values (1)`);
}, 60_000);

afterAll(() => api?.stop());

const KEY = 918_273_645;

/** Inserts id 1 (taken: 23505) on the first attempt and a fresh id after; answers the attempts made. */
function work() {
  let attempts = 0;
  return {
    attempts: () => attempts,
    run: async (tx: Parameters<Parameters<typeof runExclusive>[3]>[0]) => {
      attempts += 1;
      await tx.execute(sql`insert into exclusive_run_probe values (${attempts === 1 ? 1 : 100 + attempts})`);
      return attempts;
    },
  };
}

test('a repeatable-read run that meets a unique violation runs again with a new snapshot and commits once', async () => {
  const w = work();
  const result = await runExclusive(api.app.database, KEY, { limit: new TimeLimit('probe', 'PROBE_MS', 30_000), wait: true, isolationLevel: 'repeatable read' }, w.run);
  expect(result).toBe(2);
  const rows = await queryRows<{ id: number }>(api.app.database.db, sql`select id from exclusive_run_probe order by id`);
  expect(rows.map((r) => Number(r.id))).toEqual([1, 102]);
});

test('any other run, and a violation on every attempt, still fails with the violation', async () => {
  const once = work();
  await expect(runExclusive(api.app.database, KEY, { limit: new TimeLimit('probe', 'PROBE_MS', 30_000), wait: true }, once.run))
    .rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505' }) });
  expect(once.attempts()).toBe(1);
  let attempts = 0;
  await expect(runExclusive(api.app.database, KEY, { limit: new TimeLimit('probe', 'PROBE_MS', 30_000), wait: true, isolationLevel: 'repeatable read' }, async (tx) => {
    attempts += 1;
    await tx.execute(sql`insert into exclusive_run_probe values (1)`);
  })).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505' }) });
  expect(attempts).toBe(3);
});
