/**
 * Folds calls that arrive while one batch is being written into the next batch: the first call is written at once (no
 * added latency when idle), and whatever arrives while that write is in flight goes out together when it returns. Each
 * caller's promise settles with the write that carried its item, so nothing is acknowledged before it is stored.
 */
export class Coalescer<T> {
  private waiting: Array<{ item: T; resolve: () => void; reject: (e: unknown) => void }> = [];
  private writing = false;

  /**
   * `isolateFailures`: when a write of several items fails, each is written again on its own (side by side), so one item the write
   * refuses (or a passing fault) does not fail the others that came in the same batch.
   */
  constructor(private readonly write: (items: T[]) => Promise<void>, private readonly options: { isolateFailures?: boolean } = {}) {}

  /** Resolves once a write that included `item` succeeded; rejects with that write's error. */
  push(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.write(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (e) {
        if (!this.options.isolateFailures || batch.length === 1) {
          for (const b of batch) b.reject(e);
          continue;
        }
        // Side by side: a database that is down fails them all within one timeout, not one after another.
        await Promise.all(batch.map((b) => this.write([b.item]).then(b.resolve, b.reject)));
      }
    }
    this.writing = false;
  }
}
