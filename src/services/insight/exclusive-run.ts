import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Database, Executor, Tx } from '../../db/client';
import { sqlStateOf } from '../../db/errors';
import { queryRows } from '../../db/rows';
import { retryTransaction } from '../../db/transaction-retry';
import type { ProgressFn } from './progress';

/*
 * One long job (analytics refresh, model training) at a time cluster-wide, through any pooler: the job runs in one
 * transaction that takes a transaction-scoped advisory lock as its first statement, on the connection doing the work.
 * Commit, rollback or a lost connection releases it; nothing is held between statements, so PgBouncer in transaction
 * mode may put the next transaction anywhere. Nobody blocks on the lock: a schedule skips, an admin's run tries again
 * every LOCK_RETRY_MS without holding a connection, so no pool can fill up with waiters.
 */

/** How often a run that waits for the one in progress tries the lock again (holding no connection in between). */
export const LOCK_RETRY_MS = 500;

/** What a run returns instead of its result when another holds the lock and it does not wait (a schedule). */
export interface Skipped { skipped: 'already running' }

export const SKIPPED: Skipped = { skipped: 'already running' };

export function isSkipped(value: unknown): value is Skipped {
  return typeof value === 'object' && value !== null && (value as Skipped).skipped === SKIPPED.skipped;
}

/** A job's time limit (e.g. ANALYTICS_REFRESH_TIMEOUT_MS), counted from its creation: waiting for the lock counts. */
export class TimeLimit {
  private readonly deadline: number;

  constructor(readonly job: string, readonly setting: string, readonly ms: number) {
    this.deadline = performance.now() + ms;
  }

  remainingMs(): number {
    return Math.max(0, Math.ceil(this.deadline - performance.now()));
  }

  /**
   * Bounds every later statement and lock wait of the transaction by the time left (`statement_timeout` and
   * `lock_timeout`, local to the transaction, so nothing stays on the session); throws TimeLimitExceeded when none is.
   * Called at each phase, so the whole run, not only each statement, ends within the limit.
   */
  async arm(tx: Executor): Promise<void> {
    const left = this.remainingMs();
    if (left <= 0) throw new TimeLimitExceeded(this, 'ran');
    await tx.execute(sql`select set_config('statement_timeout', ${String(left)}, true), set_config('lock_timeout', ${String(left)}, true)`);
  }

  /**
   * A job's phase entry on `tx`: reports the phase to `step`, then arms the limit on `tx` (or the `on` given), so the
   * statements left are bounded by the time left and the job stops there once it is spent.
   */
  phases(step: ProgressFn, tx: Executor): (fraction: number, name: string, on?: Executor) => Promise<void> {
    return async (fraction, name, on = tx) => {
      step(fraction, name);
      await this.arm(on);
    };
  }
}

/** A long job that ran (or waited for the one in progress) past its time limit; its transaction was rolled back. */
export class TimeLimitExceeded extends Error {
  readonly code = 'TIMED_OUT';

  constructor(readonly limit: TimeLimit, how: 'ran' | 'waited') {
    super(how === 'ran'
      ? `The ${limit.job} ran past its time limit (${limit.setting} = ${limit.ms} ms) and was rolled back: nothing changed.`
      : `The ${limit.job} waited ${limit.ms} ms (${limit.setting}) for the one in progress to finish and gave up: nothing changed.`);
    this.name = 'TimeLimitExceeded';
  }
}

/** PostgreSQL's answers to a statement or lock wait cut off by statement_timeout / lock_timeout. */
const TIMEOUT_STATES = new Set(['57014', '55P03']);

export interface ExclusiveOptions<W extends boolean = boolean> {
  limit: TimeLimit;
  /** Wait (retrying) for a run in progress instead of answering SKIPPED at once. */
  wait: W;
  /** Told once when the run starts waiting. */
  onWait?: () => void;
  isolationLevel?: 'read committed' | 'repeatable read';
}

/** What a run answers: its work's result, or also SKIPPED unless it waits (`wait` true). */
export type Exclusive<T, W extends boolean> = W extends true ? T : T | Skipped;

const BUSY = Symbol('busy');

/** A run holding its lock: its transaction's backend and start, to tell that transaction from the backend's next one. */
interface Holding { pid: number; since: string; cancelled: boolean }

/** How often a repeatable-read run is tried in all when its snapshot turns out older than its lock (againOnStaleSnapshot). */
const STALE_SNAPSHOT_ATTEMPTS = 3;

/**
 * A repeatable-read run takes its snapshot at the start of its first statement and the lock in that statement: a run
 * that commits in between leaves this one holding the lock with a snapshot that cannot see what that run wrote. A
 * serialization failure covers rows both touch, but not rows only the other inserted: this run's delete misses them
 * and its insert of the same keys fails as a unique violation (23505; seen through PgBouncer under load, where a full
 * analytics rebuild failed this way). Running it again takes a new snapshot, after the other's commit.
 */
async function againOnStaleSnapshot<T>(transaction: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await transaction();
    } catch (e) {
      if (n >= STALE_SNAPSHOT_ATTEMPTS || sqlStateOf(e) !== '23505') throw e;
    }
  }
}

/** This process's runs holding their lock now. */
const holding = new Set<Holding>();

/** A run cancelled by cancelExclusiveRuns (the worker running it is stopping); its transaction was rolled back. */
export class RunCancelled extends Error {
  readonly code = 'CANCELLED';

  constructor(readonly limit: TimeLimit) {
    super(`The ${limit.job} was cancelled because the worker running it stopped, and rolled back: nothing changed.`);
    this.name = 'RunCancelled';
  }
}

/**
 * Cancels the statement each run of this process is executing (pg_cancel_backend, from another connection), so its
 * transaction rolls back and releases the lock now: a backend notices a client that has gone away only when it next
 * writes to it, so a run cut by a shutdown would otherwise go on until its time limit, holding the lock. Only a backend
 * still in that run's transaction is signalled (through PgBouncer it serves other clients afterwards). Returns how many.
 */
export async function cancelExclusiveRuns(database: Database): Promise<number> {
  const runs = [...holding];
  let cancelled = 0;
  for (const run of runs) {
    run.cancelled = true;
    const [row] = await queryRows<{ cancelled: boolean }>(database.db, sql`select pg_cancel_backend(pid) as cancelled from pg_stat_activity
      where pid = ${run.pid} and xact_start = ${run.since}::timestamptz`);
    if (row?.cancelled) cancelled += 1;
  }
  return cancelled;
}

/**
 * Runs `work` in one transaction holding the advisory lock `key` for its whole length, under the time limit (armed
 * before `work` starts; `work` re-arms it at its phases). Returns SKIPPED when another transaction holds the lock and
 * `wait` is false. A deadlock or serialization failure runs it again (retryTransaction); a statement cut off by the
 * limit is TimeLimitExceeded.
 */
export async function runExclusive<T, W extends boolean>(
  database: Database, key: number, opts: ExclusiveOptions<W>, work: (tx: Tx) => Promise<T>,
): Promise<Exclusive<T, W>> {
  const { limit } = opts;
  for (let waiting = false; ;) {
    let outcome: T | typeof BUSY;
    let run: Holding | null = null;
    const transaction = () => database.db.transaction(async (tx) => {
      // The first statement, so a repeatable-read snapshot is taken (almost) when the lock is: a run that committed
      // in between makes this one's writes a serialization failure or a unique violation, and either runs it again
      // with a new snapshot (retryTransaction, againOnStaleSnapshot).
      const [row] = await queryRows<{ locked: boolean; pid: number; since: string }>(tx,
        sql`select pg_try_advisory_xact_lock(${key}) as locked, pg_backend_pid() as pid, now()::text as since`);
      if (!row?.locked) return BUSY;
      run = { pid: row.pid, since: row.since, cancelled: false };
      holding.add(run);
      try {
        await limit.arm(tx);
        return await work(tx);
      } finally {
        holding.delete(run);
      }
    }, opts.isolationLevel ? { isolationLevel: opts.isolationLevel } : undefined);
    try {
      outcome = await retryTransaction(opts.isolationLevel === 'repeatable read' ? () => againOnStaleSnapshot(transaction) : transaction);
    } catch (e) {
      if ((run as Holding | null)?.cancelled) throw new RunCancelled(limit);
      const state = sqlStateOf(e);
      if (state !== null && TIMEOUT_STATES.has(state) && limit.remainingMs() < 50) throw new TimeLimitExceeded(limit, 'ran');
      throw e;
    }
    if (outcome !== BUSY) return outcome as Exclusive<T, W>;
    if (!opts.wait) return SKIPPED as Exclusive<T, W>;
    if (!waiting) opts.onWait?.();
    waiting = true;
    if (limit.remainingMs() <= LOCK_RETRY_MS) throw new TimeLimitExceeded(limit, 'waited');
    await sleep(LOCK_RETRY_MS);
  }
}
