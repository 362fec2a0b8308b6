/**
 * How a long run reports where it is: the fraction done (0..1) and the phase it is entering. Implementations never
 * block the caller (the write happens on the side), so a run reports as often as it likes at phase points.
 */
export type ProgressFn = (fraction: number, phase: string) => void;

/**
 * Writes an admin operation's progress and heartbeat on the side: report() only records the latest phase and starts a
 * write when none is in flight (at most one at a time, the newest wins), and a timer writes a heartbeat between phases
 * so a long SQL statement does not look like a dead worker. Nothing here is awaited by the run, so a run inside a
 * transaction never waits for a second connection (PGlite has one: the write simply lands after the commit).
 */
export class OperationProgress {
  private latest: { progress: number; phase: string } | null = null;
  private inFlight: Promise<void> | null = null;
  private dirty = false;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

  /** Writes go to `write` (which must only touch the row while this run owns it); heartbeats every `heartbeatMs`. */
  constructor(private readonly write: (values: { progress: number; phase: string } | null) => Promise<unknown>, heartbeatMs: number) {
    this.timer = setInterval(() => this.flush(), heartbeatMs);
    this.timer.unref();
  }

  /** The ProgressFn handed to the run. */
  readonly report: ProgressFn = (fraction, phase) => {
    this.latest = { progress: Math.min(1, Math.max(0, fraction)), phase };
    this.flush();
  };

  private flush(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    // A failed write is dropped: the next phase or heartbeat writes again, and the run itself must not fail for it.
    this.inFlight = this.write(this.latest).then(() => undefined, () => undefined).finally(() => {
      this.inFlight = null;
      if (this.dirty) {
        this.dirty = false;
        this.flush();
      }
    });
  }

  /** Stops the heartbeat and waits for the write in flight, so nothing lands after the final status. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    while (this.inFlight) await this.inFlight;
  }
}
