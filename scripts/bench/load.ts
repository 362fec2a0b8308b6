import http from 'node:http';

/** One unit of work; `i` is its index within the run, so sides can replay the same sequence. */
export type Task = (i: number) => Promise<void>;

/** What one measured run (or several merged) produced. */
export interface RunResult {
  /** Latency of each completed request in ms (failed ones included: they took time too). */
  latencies: number[];
  failures: number;
  /** First few failure messages, for the report. */
  failureSamples: string[];
  /** Wall time the run was active, in ms. */
  elapsedMs: number;
  /** Requests asked for and whether the time limit cut the run short. */
  requested: number;
  timedOut: boolean;
}

export interface Stats {
  requests: number;
  failures: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  timedOut: boolean;
}

/**
 * Runs `count` tasks (indexes offset…offset+count-1) with at most `concurrency` in flight,
 * stopping early once `timeLimitMs` has passed; records each task's latency.
 */
export async function runLoad(task: Task, opts: { count: number; offset?: number; concurrency: number; timeLimitMs: number }): Promise<RunResult> {
  const offset = opts.offset ?? 0;
  const latencies: number[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  let next = 0;
  let timedOut = false;
  const started = performance.now();
  const deadline = started + opts.timeLimitMs;
  const worker = async () => {
    while (next < opts.count) {
      if (performance.now() > deadline) {
        timedOut = true;
        return;
      }
      const i = offset + next++;
      const t0 = performance.now();
      try {
        await task(i);
      } catch (e) {
        failures += 1;
        if (failureSamples.length < 5) failureSamples.push(e instanceof Error ? e.message : String(e));
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.count) }, worker));
  return { latencies, failures, failureSamples, elapsedMs: performance.now() - started, requested: opts.count, timedOut };
}

/** Merges rounds of one side: latencies pooled, elapsed time summed. */
export function mergeRuns(runs: RunResult[]): RunResult {
  return {
    latencies: runs.flatMap((r) => r.latencies),
    failures: runs.reduce((n, r) => n + r.failures, 0),
    failureSamples: runs.flatMap((r) => r.failureSamples).slice(0, 5),
    elapsedMs: runs.reduce((n, r) => n + r.elapsedMs, 0),
    requested: runs.reduce((n, r) => n + r.requested, 0),
    timedOut: runs.some((r) => r.timedOut),
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Requests per second and latency percentiles of a run. */
export function summarize(run: RunResult): Stats {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    failures: run.failures,
    rps: sorted.length / (run.elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    timedOut: run.timedOut,
  };
}

/** A minimal keep-alive JSON POST client (lighter than fetch, so less of the shared CPU goes to the load generator). */
export class JsonClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(url: string, maxSockets: number) {
    this.url = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  post<T>(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    return this.postRaw<T>(JSON.stringify(body), headers);
  }

  /** POSTs a body already serialised to JSON. */
  postRaw<T>(json: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const payload = Buffer.from(json);
    return new Promise((resolve, reject) => {
      const req = http.request({
        agent: this.agent, host: this.url.hostname, port: this.url.port, path: this.url.pathname, method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T });
          } catch {
            reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error('request timed out after 30 s')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
