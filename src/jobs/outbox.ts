import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { preparedPer } from '../db/prepared';
import { integrationJobs } from '../db/schema';
import type { Logger } from '../logger';
import { Coalescer } from './coalescer';
import { InFlight } from './in-flight';
import { JOB, type IntegrationQueue } from './queues';
import type { RedisConnection } from './redis';

/**
 * How long a kick's QUEUED mark waits after its jobs were added (well under the sweeper's 1 s grace for PENDING rows):
 * long enough for an idle worker to have claimed the row, so the mark's row lock and commit never delay the claim.
 */
const MARK_QUEUED_AFTER_MS = 50;

/** Outbox rows handed to BullMQ and not finished. */
const IN_FLIGHT = ['QUEUED', 'RETRYING', 'RUNNING'] as const;

/** Options every dispatch job is added with: the row id is the BullMQ job id. */
export function dispatchOptions(jobId: string, attempts: number, backoffMs: number) {
  return {
    jobId,
    attempts,
    backoff: { type: 'exponential' as const, delay: backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** The rows among a JSON array of ids, as `${sql.placeholder('ids')}` (one fixed statement whatever their number). */
const amongIds = sql`${integrationJobs.id} in (select value::uuid from jsonb_array_elements_text(${sql.placeholder('ids')}::text::jsonb))`;

/** Marks the PENDING rows among a JSON array of ids QUEUED. */
const markQueuedStatement = preparedPer((db) => db.update(integrationJobs).set({ status: 'QUEUED', updatedAt: sql`now()` })
  .where(and(amongIds, eq(integrationJobs.status, 'PENDING')))
  .prepare('outbox_mark_queued'));

/**
 * Moves outbox rows to BullMQ. `kick` runs right after a commit (low latency, best effort); `sweep` runs from a
 * scheduled job and picks up whatever a kick missed (Redis down, process killed between commit and kick).
 */
export class OutboxRelay {
  constructor(
    private readonly db: Db,
    private readonly queue: IntegrationQueue,
    private readonly backoffMs: number,
    private readonly log: Logger,
    /** How long a QUEUED/RETRYING/RUNNING row may sit unchanged before the sweeper checks its queue job. */
    private readonly staleAfterMs: number,
    /** Where a failed kick is reported (rate-limited: while Redis refuses writes, every request's kick fails). */
    private readonly kickErrors: (e: Error) => void,
    /** The queue's connection, for checking many jobs in one pipelined round trip. */
    private readonly redis: RedisConnection,
    /**
     * The attempt budget of the rows this process commits (INTEGRATION_MAX_ATTEMPTS: enqueueIntegrationJob and
     * retryIntegrationJob write it), so a kick adds their jobs without reading the rows first.
     */
    private readonly maxAttempts: number,
  ) {}

  /** Where the next sweep's check of in-flight rows goes on (in-process; any worker's sweeps cover the table). */
  private staleCursor: string | null = null;

  /**
   * Enqueues rows this process just committed PENDING, then marks them QUEUED; failures are logged and left for the
   * sweeper. Kicks that come while one is being added go out together in the next (one Redis round trip for all of
   * them). The marks wait MARK_QUEUED_AFTER_MS and go out together (one statement per window): by then most rows are
   * claimed already (the mark skips them), and the mark's row lock and commit are off the way to the partner call.
   */
  kick(ids: string[]): void {
    if (ids.length === 0) return;
    // The rows stay PENDING for the sweeper.
    this.kicking.track(this.kicks.push(ids).then(() => this.markSoon(ids))
      .catch((e: unknown) => this.kickErrors(e instanceof Error ? e : new Error(String(e)))));
  }

  private readonly kicks = new Coalescer<string[]>(async (batches) => {
    await this.add(batches.flat().map((id) => ({ id, maxAttempts: this.maxAttempts })));
  });

  /** Ids whose jobs are in Redis, waiting for the next QUEUED mark, and that mark. */
  private toMark: string[] = [];
  private nextMark: Promise<void> | null = null;

  private markSoon(ids: string[]): Promise<void> {
    this.toMark.push(...ids);
    this.nextMark ??= new Promise<void>((resolve) => { setTimeout(resolve, MARK_QUEUED_AFTER_MS); }).then(() => {
      const batch = this.toMark;
      this.toMark = [];
      this.nextMark = null;
      return this.markQueued(batch);
    });
    return this.nextMark;
  }

  private readonly kicking = new InFlight();

  /** Resolves once every kick begun so far has ended (a shutdown closes the queue after them). */
  settled(): Promise<void> {
    return this.kicking.settled();
  }

  /**
   * Adds the rows' jobs, then marks those still PENDING QUEUED (a row stays PENDING until its job is in Redis: if Redis
   * refuses the add, the sweeper finds it PENDING). The rows are not read first: the job id is the row id, so a job
   * BullMQ still holds is not added twice, and one added for a row another run already claimed or finished is refused
   * by the worker's claim (it completes as skipped, without calling the partner).
   */
  private async dispatch(rows: Array<{ id: string; maxAttempts: number }>): Promise<number> {
    if (rows.length === 0) return 0;
    await this.add(rows);
    await this.markQueued(rows.map((r) => r.id));
    return rows.length;
  }

  private async add(rows: Array<{ id: string; maxAttempts: number }>): Promise<void> {
    await this.queue.addBulk(rows.map((r) => ({
      name: JOB.DISPATCH, data: { integrationJobId: r.id }, opts: dispatchOptions(r.id, r.maxAttempts, this.backoffMs),
    })));
  }

  /** Only PENDING rows become QUEUED: a worker may already have claimed or finished one. */
  private async markQueued(ids: string[]): Promise<void> {
    await markQueuedStatement(this.db).execute({ ids: JSON.stringify(ids) });
  }

  /**
   * Re-dispatches PENDING rows older than `graceMs`, and puts back on the queue QUEUED/RETRYING/RUNNING rows unchanged for
   * `staleAfterMs` whose BullMQ job is gone (Redis lost its data) or was finished without finishing the row (failed by
   * BullMQ itself after a worker died while holding it too often). Adding an id already queued is a no-op in BullMQ.
   */
  async sweep(graceMs = 1000, batch = 500, budgetMs = 2000): Promise<number> {
    const cutoff = new Date(Date.now() - graceMs);
    const pending = await this.db.select({ id: integrationJobs.id, maxAttempts: integrationJobs.maxAttempts }).from(integrationJobs)
      .where(and(eq(integrationJobs.status, 'PENDING'), lt(integrationJobs.createdAt, cutoff))).orderBy(integrationJobs.id).limit(batch);
    const moved = await this.dispatch(pending);
    // Page after page, keyset on id, until the end of the table or the time budget (the next sweep goes on from there):
    // a backlog of rows waiting their turn never hides a lost one for more than a sweep or two.
    const before = new Date(Date.now() - this.staleAfterMs);
    const deadline = performance.now() + budgetMs;
    let requeued = 0;
    do {
      const page = await this.requeueLost(before, this.staleCursor, batch);
      this.staleCursor = page.last;
      requeued += page.requeued;
    } while (this.staleCursor !== null && performance.now() < deadline);
    return moved + requeued;
  }

  /**
   * After Redis came back from an outage (it may have restarted empty): every QUEUED/RETRYING/RUNNING row, however
   * recent, whose job is missing goes back on the queue now instead of after `staleAfterMs`. Returns how many did.
   */
  async recover(batch = 500, maxRows = 20_000): Promise<number> {
    let requeued = 0;
    let after: string | null = null;
    for (let seen = 0; seen < maxRows; seen += batch) {
      const page = await this.requeueLost(new Date(), after, batch);
      requeued += page.requeued;
      if (!page.last) break;
      after = page.last;
    }
    return requeued;
  }

  /** Checks up to `batch` in-flight rows after id `after` unchanged since `before`; `last` is null at the end of the table. */
  private async requeueLost(before: Date, after: string | null, batch: number): Promise<{ requeued: number; last: string | null }> {
    const rows = await this.db.select({ id: integrationJobs.id, maxAttempts: integrationJobs.maxAttempts })
      .from(integrationJobs)
      .where(and(inArray(integrationJobs.status, IN_FLIGHT), lt(integrationJobs.updatedAt, before), after ? gt(integrationJobs.id, after) : undefined))
      .orderBy(integrationJobs.id).limit(batch);
    const states = await this.jobStates(rows.map((r) => r.id));
    const lost = rows.filter((_, i) => states[i] !== 'live');
    for (const [i, row] of rows.entries()) if (states[i] === 'finished') await this.queue.remove(row.id);
    if (lost.length) {
      await this.queue.addBulk(lost.map((row) => ({
        name: JOB.DISPATCH, data: { integrationJobId: row.id }, opts: dispatchOptions(row.id, row.maxAttempts, this.backoffMs),
      })));
      // A RUNNING row stays as it is: its run may still be going (only its queue job was lost), and the copy just queued
      // waits until that run's lease lapses (dispatch-job.worker.ts). The others restart their stale clock.
      await this.db.update(integrationJobs).set({ status: 'QUEUED', updatedAt: sql`now()` })
        .where(and(inArray(integrationJobs.id, lost.map((r) => r.id)), inArray(integrationJobs.status, ['QUEUED', 'RETRYING'])));
    }
    const requeuedIds = lost.map((r) => r.id);
    if (requeuedIds.length) this.log.warn('outbox rows whose queue job was missing were queued again', { requeued: requeuedIds.length, ids: requeuedIds.slice(0, 20) });
    return { requeued: requeuedIds.length, last: rows.length === batch ? rows[rows.length - 1].id : null };
  }

  /**
   * Where each id's BullMQ job is, in one pipelined round trip (the keys share the queue's hash tag): gone, finished
   * (completed or failed, kept for a while) or live (waiting, delayed, prioritized, active: BullMQ sets `finishedOn` only
   * when a job is done).
   */
  private async jobStates(ids: string[]): Promise<Array<'missing' | 'finished' | 'live'>> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.queue.toKey(id), 'name', 'finishedOn');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, value]) => {
      if (error) throw error;
      const [name, finishedOn] = value as Array<string | null>;
      if (name === null) return 'missing';
      return finishedOn === null ? 'live' : 'finished';
    });
  }
}
