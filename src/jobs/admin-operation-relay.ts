import type { Logger } from '../logger';
import { InFlight } from './in-flight';
import { JOB, LIVE_JOB_STATES, type AdminOperationQueue } from './queues';

/**
 * Moves admin operations to their own queue (ADMIN_OPERATIONS_QUEUE), the operation id as job id. `enqueue` runs right after the request
 * committed the row (best effort); `ensureQueued` runs from the sweeper for QUEUED rows and adds those whose job is
 * missing (Redis was down at request time, or lost its data) or already finished (a run the sweeper re-queued).
 */
export class AdminOperationRelay {
  constructor(private readonly queue: AdminOperationQueue, private readonly log: Logger) {}

  private readonly adding = new InFlight();

  /** Hands a freshly committed operation to the workers; a failure is logged and left to the sweeper. */
  enqueue(operationId: string): void {
    this.adding.track(this.add(operationId).catch((e) => this.log.warn('could not queue the admin operation; the sweeper will', { operationId, error: e })));
  }

  /** Resolves once every enqueue begun so far has ended (a shutdown closes the queue after them). */
  settled(): Promise<void> {
    return this.adding.settled();
  }

  private add(operationId: string) {
    // The row keeps the history: the job goes once it is done, so the same id can be queued again after a lost run.
    return this.queue.add(JOB.RUN_ADMIN_OPERATION, { operationId }, { jobId: operationId, removeOnComplete: true, removeOnFail: true });
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
