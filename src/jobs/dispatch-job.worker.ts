import { DelayedError, UnrecoverableError, type ConnectionOptions, type Job, type Worker } from 'bullmq';
import { and, eq, getTableColumns, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import { PermanentPartnerError } from '../../integrations/errors';
import type { Db } from '../db/client';
import { integrationJobs, partners } from '../db/schema';
import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import { asIntegrationJob } from '../services/partners/integration-job-types';
import { BackoffWorker } from './backoff-worker';
import { Coalescer } from './coalescer';
import { claimPreload, performJob } from './handlers';
import type { JobMetrics } from './metrics';
import { INTEGRATION_QUEUE, type JobPayloads } from './queues';

const DONE = ['SUCCEEDED', 'DEAD'] as const;

/**
 * Performs integration jobs: loads the outbox row, calls the partner through the handler for its type, and records
 * the outcome. Transient failures are rethrown so BullMQ retries with backoff; permanent ones become DEAD at once
 * (UnrecoverableError). A row already SUCCEEDED or DEAD is skipped, so a duplicate delivery never calls twice.
 *
 * A run holds its row RUNNING under a lease of `lockMs`, renewed every third of it, like BullMQ's job lock but in
 * PostgreSQL, which keeps it when Redis does not. A second copy of the job (queued again by the sweeper after Redis
 * lost the first, or handed out again by BullMQ's stalled-job check while the first run still goes) finds the lease
 * held and waits in the delayed set, without spending an attempt, until the first run has finished or its worker died.
 */
export function startDispatchWorker(opts: {
  db: Db; connection: ConnectionOptions; prefix: string; concurrency: number; timeoutMs: number; log: Logger; metrics: JobMetrics;
  /** A system-actor service context for handlers' follow-up changes. */
  context: () => ServiceContext;
  /** Job lock duration and stalled-job check interval (BullMQ defaults: 30 s each). */
  lockMs?: number; stalledIntervalMs?: number;
  /** Where the worker's errors go (default: logged); the runtime folds Redis outages into one line. */
  onError?: (e: Error) => void;
}): Worker {
  const { db, log, metrics } = opts;
  const leaseMs = opts.lockMs ?? 30_000;
  // Claim, load the row, its partner and what its handler reads first (claimPreload: a merchant.event's return event) in
  // one statement: a row already SUCCEEDED or DEAD, or RUNNING under a live lease, is left alone (and nothing comes
  // back). Built once; a named prepared statement where DATABASE_PREPARE allows.
  const claimStatement = db.update(integrationJobs)
    .set({
      status: 'RUNNING', attempts: sql`${sql.placeholder('attempt')}::int`,
      dispatchedAt: sql`coalesce(${integrationJobs.dispatchedAt}, now())`, updatedAt: sql`now()`,
    })
    .from(partners)
    .where(and(eq(integrationJobs.id, sql.placeholder('id')), eq(partners.id, integrationJobs.partnerId), notInArray(integrationJobs.status, [...DONE]),
      or(ne(integrationJobs.status, 'RUNNING'), lt(integrationJobs.updatedAt, sql`now() - ${leaseMs} * interval '1 millisecond'`)),
      // This statement's own transaction commits without waiting for its WAL flush (transaction-scoped, so PgBouncer-
      // safe): the flush, often the slowest part of a claim, no longer stands between the claim and the partner call.
      // A claim lost to a server crash is a lease and an attempt count lost: the row is as it was before the claim,
      // the run's outcome (SUCCEEDED, RETRYING, DEAD) is still written durably by id, and a run again is the same
      // Idempotency-Key.
      sql`set_config('synchronous_commit', 'off', true) = 'off'`))
    .returning({ job: getTableColumns(integrationJobs), partner: getTableColumns(partners), preloaded: claimPreload })
    .prepare('dispatch_claim');
  const claim = async (id: string, attempt: number) => claimStatement.execute({ id, attempt });
  // Concurrent runs that succeed while one such write is in flight are marked in the next one, together. A batch that
  // fails is written run by run, so one run's refused write (or a passing fault) does not mark its batch-mates, whose
  // partner calls succeeded, RETRYING or DEAD.
  const succeeded = new Coalescer<{ id: string; result: Record<string, unknown> }>(markSucceeded(db), { isolateFailures: true });
  const processor = async (job: Job<JobPayloads['dispatch']>, token?: string) => {
    const id = job.data.integrationJobId;
    const attempt = job.attemptsMade + 1;
    let [claimed] = await claim(id, attempt);
    if (!claimed) {
      const [current] = await db.select({ status: integrationJobs.status }).from(integrationJobs).where(eq(integrationJobs.id, id));
      if (!current || (DONE as readonly string[]).includes(current.status)) return { skipped: true };
      // The run holding it may have just ended (RETRYING): claim again; if it is (again) held, look later.
      if (current.status !== 'RUNNING') [claimed] = await claim(id, attempt);
      if (!claimed) {
        await job.moveToDelayed(Date.now() + leaseMs, token);
        throw new DelayedError();
      }
    }
    const { job: row, partner, preloaded } = claimed;
    const started = process.hrtime.bigint();
    const renew = setInterval(() => {
      db.update(integrationJobs).set({ updatedAt: sql`now()` }).where(and(eq(integrationJobs.id, id), eq(integrationJobs.status, 'RUNNING')))
        .catch((e: unknown) => log.warn('could not renew an integration job\'s lease', { id, error: e }));
    }, Math.max(leaseMs / 3, 100));
    try {
      const typed = asIntegrationJob(row);
      if (!typed) throw new PermanentPartnerError(`no handler for job type ${row.type}`);
      if (partner.status !== 'ACTIVE') throw new PermanentPartnerError('partner is missing or disabled');
      const finalAttempt = attempt >= (job.opts.attempts ?? 1);
      const result = await performJob({ job: typed, partner: { ...partner, timeoutMs: opts.timeoutMs }, ctx: opts.context(), finalAttempt, preloaded });
      await succeeded.push({ id, result });
      metrics.observe(row.type, 'succeeded', started);
      return result;
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      const permanent = e instanceof PermanentPartnerError;
      const final = permanent || attempt >= (job.opts.attempts ?? 1);
      await db.update(integrationJobs).set({ status: final ? 'DEAD' : 'RETRYING', lastError: message, updatedAt: sql`now()`, ...(final ? { completedAt: sql`now()` } : {}) })
        .where(eq(integrationJobs.id, id));
      metrics.observe(row.type, final ? 'dead' : 'retrying', started);
      log.warn('integration job failed', { id, type: row.type, attempt, final, error: e });
      if (permanent) throw new UnrecoverableError(message);
      throw e;
    } finally {
      clearInterval(renew);
    }
  };
  const worker = new BackoffWorker<JobPayloads['dispatch']>(INTEGRATION_QUEUE, processor, {
    connection: opts.connection, prefix: opts.prefix, concurrency: opts.concurrency, autorun: true,
    ...(opts.lockMs ? { lockDuration: opts.lockMs } : {}), ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
  });
  worker.on('error', opts.onError ?? ((e) => log.error('dispatch worker error', e)));
  return worker;
}

/**
 * Marks runs SUCCEEDED with their results, in one statement however many (ids in order, so two batches lock rows in
 * one order). A run's job completes in BullMQ only after the write carrying it returned: a crash before leaves the row
 * RUNNING, and the job is run again once its lease lapses (the partner sees the same Idempotency-Key).
 */
function markSucceeded(db: Db): (runs: Array<{ id: string; result: Record<string, unknown> }>) => Promise<void> {
  const statement = db.update(integrationJobs)
    .set({ status: 'SUCCEEDED', result: sql`done.result`, lastError: null, completedAt: sql`now()`, updatedAt: sql`now()` })
    .from(sql`jsonb_to_recordset(${sql.placeholder('runs')}::text::jsonb) as done(id uuid, result jsonb)`)
    .where(sql`${integrationJobs.id} = done.id`)
    .prepare('dispatch_succeeded');
  return async (runs) => {
    const sorted = [...runs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await statement.execute({ runs: JSON.stringify(sorted) });
  };
}
