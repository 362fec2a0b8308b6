/** Promises begun and not yet ended, so that a shutdown can wait for them before closing what they use. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Tracks `promise` until it ends (it must not reject: callers catch first). */
  track(promise: Promise<unknown>): void {
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  /** Resolves once every promise tracked so far has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
