import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { integrationJobs } from '../db/schema';
import type { Logger } from '../logger';
import { JOB, type IntegrationQueue } from './queues';
import { isRedisConnectionError } from './redis';

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
    private readonly staleAfterMs = 10 * 60_000,
  ) {}

  /** Enqueues freshly committed rows; failures are logged and left for the sweeper. */
  kick(ids: string[]): void {
    if (ids.length === 0) return;
    this.dispatch(ids).catch((e) => {
      // While Redis is down this is every request: the outage is logged once elsewhere.
      if (!isRedisConnectionError(e)) this.log.warn('outbox kick failed; the sweeper will retry', { ids: ids.length, error: e });
    });
  }

  private async dispatch(ids: string[]): Promise<number> {
    const rows = await this.db.select({ id: integrationJobs.id, maxAttempts: integrationJobs.maxAttempts }).from(integrationJobs)
      .where(and(inArray(integrationJobs.id, ids), eq(integrationJobs.status, 'PENDING')));
    if (rows.length === 0) return 0;
    await this.queue.addBulk(rows.map((r) => ({
      name: JOB.DISPATCH, data: { integrationJobId: r.id }, opts: dispatchOptions(r.id, r.maxAttempts, this.backoffMs),
    })));
    // Only PENDING rows become QUEUED: a worker may already have finished one.
    await this.db.update(integrationJobs).set({ status: 'QUEUED', updatedAt: sql`now()` })
      .where(and(inArray(integrationJobs.id, rows.map((r) => r.id)), eq(integrationJobs.status, 'PENDING')));
    return rows.length;
  }

  /**
   * Re-dispatches PENDING rows older than `graceMs`, and QUEUED/RETRYING rows whose BullMQ job no longer exists
   * (Redis lost its data). Adding an id that is already in the queue is a no-op in BullMQ, so overlap is harmless.
   */
  async sweep(graceMs = 1000, batch = 500): Promise<number> {
    const cutoff = new Date(Date.now() - graceMs);
    const pending = await this.db.select({ id: integrationJobs.id }).from(integrationJobs)
      .where(and(eq(integrationJobs.status, 'PENDING'), lt(integrationJobs.createdAt, cutoff))).orderBy(integrationJobs.id).limit(batch);
    let moved = pending.length ? await this.dispatch(pending.map((r) => r.id)) : 0;
    // QUEUED/RETRYING/RUNNING rows untouched for a while whose queue job is gone (Redis lost its data) or was failed by
    // BullMQ itself (a worker died while holding it, more often than BullMQ tolerates) go back on the queue.
    const stale = await this.db.select({ id: integrationJobs.id, maxAttempts: integrationJobs.maxAttempts }).from(integrationJobs)
      .where(and(inArray(integrationJobs.status, ['QUEUED', 'RETRYING', 'RUNNING']), lt(integrationJobs.updatedAt, new Date(Date.now() - this.staleAfterMs))))
      .limit(batch);
    for (const row of stale) {
      const job = await this.queue.getJob(row.id);
      if (job && !(await job.isFailed())) continue;
      await job?.remove();
      await this.queue.add(JOB.DISPATCH, { integrationJobId: row.id }, dispatchOptions(row.id, row.maxAttempts, this.backoffMs));
      await this.db.update(integrationJobs).set({ status: 'QUEUED', updatedAt: sql`now()` }).where(eq(integrationJobs.id, row.id));
      moved += 1;
    }
    return moved;
  }
}
