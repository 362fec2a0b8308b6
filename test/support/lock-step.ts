import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';

const ROLLBACK = Symbol('rollback');

/** Waits until `n` sessions of this database wait for a lock. */
async function lockWaiters(sql: postgres.Sql, n: number): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(20)) {
    const [row] = await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
    if (row.n >= n) return;
  }
  throw new Error(`fewer than ${n} sessions ever waited for a lock`);
}

/**
 * Runs `calls` at once while a transaction of the test holds a row they all need (`hold` locks or inserts it), waits
 * until every call is queued behind a lock, then commits or rolls that transaction back so they all go on together.
 * Writers taking rows in opposite orders now hold, each, a row the other wants next: they deadlock on every run, where
 * a timing race catches it only now and then. Writers taking one global order just queue.
 */
export async function releasedTogether<T>(
  databaseUrl: string, hold: (tx: postgres.TransactionSql) => Promise<unknown>, calls: Array<() => Promise<T>>,
  end: 'commit' | 'rollback' = 'commit',
): Promise<T[]> {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => undefined });
  try {
    let running!: Promise<T[]>;
    await sql.begin(async (tx) => {
      await hold(tx);
      running = Promise.all(calls.map((call) => call()));
      // A call failing before the release is reported by the await below, not as an unhandled rejection.
      running.catch(() => undefined);
      await Promise.race([lockWaiters(sql, calls.length), running.then(() => { throw new Error('the calls never waited for the held row'); })]);
      if (end === 'rollback') throw ROLLBACK;
    }).catch((e) => { if (e !== ROLLBACK) throw e; });
    return await running;
  } finally {
    await sql.end();
  }
}
