import { Worker, type Job } from 'bullmq';
import { reconnectDelay } from './redis';

/**
 * A BullMQ Worker whose fetch loop backs off while Redis answers errors. BullMQ (6.7) waits `runRetryDelay` only after
 * a connection error (ECONNREFUSED, "Connection is closed"); any other failure of fetching the next job (CLUSTERDOWN,
 * "Too many Cluster redirections", MOVED, READONLY during a failover) is emitted and the loop asks again at once, and a
 * failed blocking wait is retried every 100 ms: tens of thousands of errors a minute while a cluster fails over. Here
 * each consecutive failure waits longer (250 ms doubling to 5 s); a fetched job, or an empty queue, resets it.
 */
export class BackoffWorker<Data = unknown, Result = unknown, Name extends string = string> extends Worker<Data, Result, Name> {
  private failures = 0;

  protected override async moveToActive(token: string, name?: string): Promise<Job<Data, Result, Name>> {
    try {
      const job = await super.moveToActive(token, name);
      this.failures = 0;
      return job;
    } catch (e) {
      await this.backoff();
      throw e;
    }
  }

  /** BullMQ calls it without a duration only after a failed blocking wait for the next job. */
  override delay(milliseconds?: number, abortController?: Parameters<Worker['delay']>[1]): Promise<void> {
    if (milliseconds !== undefined) return super.delay(milliseconds, abortController);
    return this.backoff();
  }

  /** Waits out the next step of the backoff; closing the worker ends the wait at once. */
  private backoff(): Promise<void> {
    this.failures += 1;
    if (this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.off('closing', done); resolve(); };
      const timer = setTimeout(done, reconnectDelay(this.failures));
      this.once('closing', done);
    });
  }
}
