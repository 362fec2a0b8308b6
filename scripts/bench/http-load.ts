import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { JsonClient, runLoad, type RunResult, type Task } from './load';

/*
 * The HTTP sides of a scenario (the gateway, PostGraphile) as request plans, loaded from a worker thread.
 *
 * A client on the server's own event loop would charge the server for building requests, reading responses and
 * parsing their JSON: work a deployment's clients do on their own machines, and that the raw postgres.js baseline
 * (a function call, no HTTP) never pays. So the requests are built on the main thread before the clock starts and
 * sent from a worker thread (http-worker.ts), which times them and checks every answer. The worker shares the machine's
 * cores with the server and PostgreSQL, as an HTTP load generator in a process of its own would.
 */

/** What every answer must hold: HTTP 200, no `errors`, `data`, and at `path` under `data`… */
export interface Check {
  path: string[];
  /** …a value (not null); a list (its length is summed); or a mutation payload with no userErrors and `field` set. */
  kind: 'value' | 'list' | 'payload';
  field?: string;
}

/** One request of a plan: its JSON body (already serialised) and headers. */
export interface PlannedRequest { body: string; headers: Record<string, string> }

/** An HTTP side: request `i` of the run, and what its answer must hold. */
export interface HttpPlan {
  label: string;
  url: string;
  check: Check;
  request(i: number): PlannedRequest;
  /** Told the summed list lengths of the answers (kind 'list') after every run. */
  onList?(items: number, answers: number): void;
}

/** A side of a scenario: a task run on this thread (the raw baseline), or an HTTP plan run from the worker thread. */
export type Side = Task | HttpPlan;

/** Throws unless the parsed answer holds what `check` asks; returns the list length for kind 'list' (else 0). */
export function checkAnswer(label: string, status: number, body: { data?: unknown; errors?: unknown }, check: Check): number {
  if (status !== 200 || body.errors || !body.data) throw new Error(`${label}: HTTP ${status} ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  let value: unknown = body.data;
  for (const key of check.path) value = (value as Record<string, unknown> | null)?.[key];
  if (value === null || value === undefined) throw new Error(`${label}: no ${check.path.join('.')} in ${JSON.stringify(body.data).slice(0, 300)}`);
  if (check.kind === 'list') {
    if (!Array.isArray(value)) throw new Error(`${label}: ${check.path.join('.')} is not a list`);
    return value.length;
  }
  if (check.kind === 'payload') {
    const payload = value as { userErrors?: unknown[] } & Record<string, unknown>;
    if (payload.userErrors?.length || (check.field && !payload[check.field])) throw new Error(`${label} userErrors: ${JSON.stringify(payload.userErrors)}`);
  }
  return 0;
}

/** The plan as a task on this thread (for the dispatch pipeline's producers and the profiling script). */
export function planTask(client: JsonClient, plan: HttpPlan): Task {
  return async (i) => {
    const { body, headers } = plan.request(i);
    const res = await client.postRaw<{ data?: unknown; errors?: unknown }>(body, headers);
    const items = checkAnswer(plan.label, res.status, res.body, plan.check);
    plan.onList?.(items, 1);
  };
}

interface WorkerReply { id: number; result?: RunResult & { listItems: number }; error?: string }

/** The worker thread that sends the HTTP sides' requests; one per bench run. */
export class HttpLoad {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(r: WorkerReply): void }>();
  private failed: string | null = null;

  constructor() {
    this.worker = new Worker(path.join(__dirname, 'http-worker.js'));
    this.worker.on('message', (reply: WorkerReply) => {
      this.waiting.get(reply.id)?.resolve(reply);
      this.waiting.delete(reply.id);
    });
    const fail = (why: string) => {
      this.failed = why;
      for (const w of this.waiting.values()) w.resolve({ id: -1, error: why });
      this.waiting.clear();
    };
    this.worker.on('error', (e) => fail(`load worker failed: ${e.message}`));
    this.worker.on('exit', (code) => fail(`load worker exited (code ${code})`));
  }

  /** Runs requests offset…offset+count-1 of the plan from the worker, `concurrency` in flight, like runLoad. */
  async run(plan: HttpPlan, opts: { count: number; offset?: number; concurrency: number; timeLimitMs: number }): Promise<RunResult> {
    if (this.failed) throw new Error(this.failed);
    const offset = opts.offset ?? 0;
    const requests = Array.from({ length: opts.count }, (_, k) => plan.request(offset + k));
    const id = this.next++;
    const reply = await new Promise<WorkerReply>((resolve) => {
      this.waiting.set(id, { resolve });
      this.worker.postMessage({ id, label: plan.label, url: plan.url, check: plan.check, requests, concurrency: opts.concurrency, timeLimitMs: opts.timeLimitMs });
    });
    if (!reply.result) throw new Error(reply.error ?? 'load worker gave no result');
    const { listItems, ...result } = reply.result;
    plan.onList?.(listItems, result.latencies.length - result.failures);
    return result;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Runs a side: a task here, a plan from the worker. */
export function runSide(side: Side, http: HttpLoad, opts: { count: number; offset?: number; concurrency: number; timeLimitMs: number }): Promise<RunResult> {
  return typeof side === 'function' ? runLoad(side, opts) : http.run(side, opts);
}
