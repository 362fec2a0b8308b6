import type { Queue } from 'bullmq';
import type { Logger } from '../logger';
import { InFlight } from './in-flight';
import { JOB, LIVE_JOB_STATES, type AdminOperationQueue, type BulkImportQueue } from './queues';

/**
 * Moves rows that a worker runs (admin operations, bulk imports) to their queue, the row id as job id. `enqueue` runs
 * right after the request committed the row (best effort); `ensureQueued` runs from the sweeper for QUEUED rows and adds
 * those whose job is missing (Redis was down at request time, or lost its data) or already finished (a run the sweeper
 * re-queued).
 */
export class RowJobRelay {
  constructor(
    private readonly queue: Queue, private readonly job: string, private readonly payload: (id: string) => Record<string, string>,
    private readonly what: string, private readonly log: Logger,
  ) {}

  private readonly adding = new InFlight();

  /** Hands a freshly committed row to the workers; a failure is logged and left to the sweeper. */
  enqueue(id: string): void {
    this.adding.track(this.add(id).catch((e) => this.log.warn(`could not queue the ${this.what}; the sweeper will`, { id, error: e })));
  }

  /** Resolves once every enqueue begun so far has ended (a shutdown closes the queue after them). */
  settled(): Promise<void> {
    return this.adding.settled();
  }

  private add(id: string) {
    // The row keeps the history: the job goes once it is done, so the same id can be queued again after a lost run.
    return this.queue.add(this.job, this.payload(id), { jobId: id, removeOnComplete: true, removeOnFail: true });
  }

  /** Adds each id whose job is missing or finished; returns how many were added. */
  async ensureQueued(ids: string[]): Promise<number> {
    let added = 0;
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (job) {
        if (LIVE_JOB_STATES.has(await job.getState())) continue;
        await job.remove();
      }
      await this.add(id);
      added += 1;
    }
    return added;
  }
}

/** Admin operations to ADMIN_OPERATIONS_QUEUE. */
export class AdminOperationRelay extends RowJobRelay {
  constructor(queue: AdminOperationQueue, log: Logger) {
    super(queue as unknown as Queue, JOB.RUN_ADMIN_OPERATION, (operationId) => ({ operationId }), 'admin operation', log);
  }
}

/** Uploaded bulk imports to BULK_IMPORT_QUEUE. */
export class BulkImportRelay extends RowJobRelay {
  constructor(queue: BulkImportQueue, log: Logger) {
    super(queue as unknown as Queue, JOB.RUN_BULK_IMPORT, (importId) => ({ importId }), 'bulk import', log);
  }
}
