import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import IORedis from 'ioredis';
import type { Sql } from 'postgres';
import type { App } from '../../src/app';
import { uuidv7 } from '../../src/domain/ids';
import { verifyWebhook } from '../../src/domain/webhook-signature';
import { dispatchOptions, type OutboxRelay } from '../../src/jobs/outbox';
import { INTEGRATION_QUEUE, JOB } from '../../src/jobs/queues';
import { boomerangMerchantAdapter } from '../../integrations/merchant/boomerang-merchant.adapter';
import type { MerchantEvent } from '../../integrations/merchant/types';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { producerConnection, workerConnection } from '../../src/jobs/redis';
import { mergeRuns, runLoad, summarize, type RunResult, type Stats, type Task } from './load';

/**
 * A merchant's webhook endpoint on loopback: verifies each delivery's Standard Webhooks signature, records the first
 * arrival time per Idempotency-Key (the integration job id), and acknowledges with 200 (401 on a bad signature).
 */
export class LoopbackPartner {
  readonly arrivals = new Map<string, number>();
  duplicates = 0;
  badSignatures = 0;
  secret = '';
  private readonly server: http.Server;

  private constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        const key = String(req.headers['idempotency-key'] ?? '');
        const verdict = verifyWebhook(this.secret, {
          id: req.headers['webhook-id'] as string | undefined,
          timestamp: req.headers['webhook-timestamp'] as string | undefined,
          signature: req.headers['webhook-signature'] as string | undefined,
        }, Buffer.concat(chunks).toString('utf8'), new Date());
        if (!verdict.ok || !key) {
          this.badSignatures += 1;
          res.writeHead(401).end();
          return;
        }
        if (this.arrivals.has(key)) this.duplicates += 1;
        else this.arrivals.set(key, at);
        res.writeHead(200, { 'content-length': '0' }).end();
      });
    });
  }

  static async start(): Promise<LoopbackPartner> {
    const partner = new LoopbackPartner();
    await new Promise<void>((resolve, reject) => {
      partner.server.once('error', reject);
      partner.server.listen(0, '127.0.0.1', () => resolve());
    });
    return partner;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/merchant`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Records when each outbox row's transaction committed: inTransaction calls `relay.kick(ids)` right after COMMIT
 * returns, so wrapping the app's relay instance (not its code) timestamps every commit that wrote integration jobs.
 */
export class CommitClock {
  readonly commits = new Map<string, number>();
  private collector: string[] | null = null;
  private readonly original: OutboxRelay['kick'];

  constructor(private readonly relay: OutboxRelay) {
    this.original = relay.kick;
    const commits = this.commits;
    relay.kick = (ids: string[]) => {
      const at = performance.now();
      for (const id of ids) {
        commits.set(id, at);
        this.collector?.push(id);
      }
      this.original.call(relay, ids);
    };
  }

  /** Starts collecting the ids kicked from now on; returns the list that fills up. */
  collect(): string[] {
    this.collector = [];
    return this.collector;
  }

  stopCollecting(): void {
    this.collector = null;
  }

  restore(): void {
    this.relay.kick = this.original;
  }
}

/** Polls `done` every 10 ms until it holds or the deadline passes; true when it held. */
async function waitUntil(done: () => boolean | Promise<boolean>, deadline: number): Promise<boolean> {
  for (;;) {
    if (await done()) return true;
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One side of the dispatch scenario, run n jobs at a time. */
export interface Pipeline {
  name: string;
  /** Produces n jobs (indexes offset…) and waits until each was received (or the deadline); latencies per job. */
  run(n: number, offset: number, timeLimitMs: number): Promise<RunResult>;
  /** Statements the app sent (for SQL statements per job); the bare baselines count their processor's own. */
  statements(): number;
  /** The row the others' ratios are taken against. */
  baseline?: boolean;
}

export interface DispatchDeps {
  app: App;
  /** The bench's own pool (for the outbox-row producer and status checks). */
  sql: Sql;
  partner: LoopbackPartner;
  clock: CommitClock;
  concurrency: number;
  log: (line: string) => void;
}

/** When each job started its way (commit, or `add` for the bare baselines) and how many of some ids are not finished. */
interface JobTracking {
  startedAt: ReadonlyMap<string, number>;
  unfinished(ids: string[]): Promise<number>;
}

/** The app's view of finished: its outbox row SUCCEEDED; start is the commit the CommitClock saw. */
function outboxTracking(deps: DispatchDeps): JobTracking {
  const { sql, clock } = deps;
  return {
    startedAt: clock.commits,
    unfinished: async (ids) => {
      const [row] = await sql<Array<{ n: number }>>`select count(*)::int as n from integration_jobs where id in ${sql(ids)} and status <> 'SUCCEEDED'`;
      return row.n;
    },
  };
}

/**
 * Waits for the partner to receive every id, then for each to be recorded finished; builds the run's result:
 * latency start → partner receipt per job, elapsed from the first request sent to the last receipt.
 */
async function settle(partner: LoopbackPartner, tracking: JobTracking, produced: RunResult, ids: string[], started: number, timeLimitMs: number): Promise<RunResult> {
  const deadline = started + timeLimitMs + 30_000;
  await waitUntil(() => ids.every((id) => partner.arrivals.has(id)), deadline);
  if (ids.length) await waitUntil(async () => (await tracking.unfinished(ids)) === 0, deadline + 10_000);
  const notSucceeded = ids.length ? await tracking.unfinished(ids) : 0;
  const latencies: number[] = [];
  let last = started;
  let missing = 0;
  for (const id of ids) {
    const at = partner.arrivals.get(id);
    const commit = tracking.startedAt.get(id);
    if (at === undefined || commit === undefined) {
      missing += 1;
      continue;
    }
    latencies.push(at - commit);
    last = Math.max(last, at);
  }
  const failures = produced.failures + Math.max(missing, notSucceeded);
  const samples = [...produced.failureSamples];
  if (missing) samples.push(`${missing} job(s) never reached the partner`);
  if (notSucceeded) samples.push(`${notSucceeded} job(s) not SUCCEEDED`);
  return {
    latencies, failures, failureSamples: samples.slice(0, 5),
    elapsedMs: (missing ? performance.now() : last) - started,
    requested: produced.requested, timedOut: produced.timedOut || missing > 0,
  };
}

/**
 * The whole path: requestReturn over GraphQL (16 in flight); notifyMerchants writes a merchant.event row in the same
 * transaction; the relay enqueues it after commit; the app's worker builds the event and the adapter POSTs it.
 */
export function apiPipeline(deps: DispatchDeps, produce: Task): Pipeline {
  return {
    name: 'requestReturn → merchant.event → partner',
    statements: () => deps.app.database.statementCount(),
    async run(n, offset, timeLimitMs) {
      const ids = deps.clock.collect();
      const started = performance.now();
      const produced = await runLoad(produce, { count: n, offset, concurrency: deps.concurrency, timeLimitMs });
      deps.clock.stopCollecting();
      const requested = produced.latencies.length - produced.failures;
      if (ids.length !== requested) deps.log(`  note: ${requested} returns requested but ${ids.length} outbox jobs kicked`);
      return settle(deps.partner, outboxTracking(deps), produced, ids, started, timeLimitMs);
    },
  };
}

/**
 * Dispatch only: merchant.event outbox rows (the row enqueueIntegrationJob writes, for a seeded RETURN_REQUESTED
 * event) written before the clock, then one relay.kick per job, as inTransaction does after COMMIT.
 */
export function outboxPipeline(deps: DispatchDeps, partnerId: string, events: Array<{ id: string; returnId: string }>): Pipeline {
  const { sql, app } = deps;
  return {
    name: 'outbox row + relay kick → partner',
    statements: () => app.database.statementCount(),
    async run(n, offset, timeLimitMs) {
      // The outbox rows (what enqueueIntegrationJob writes in the business transaction) are written before the clock
      // starts, as the baseline's rows are: the pipeline measured is the dispatch, from the relay's kick after COMMIT.
      const rows = Array.from({ length: n }, (_, k) => {
        const event = events[(offset + k) % events.length];
        return {
          id: uuidv7(), partner_id: partnerId, type: 'merchant.event', payload: sql.json({ eventId: event.id, eventType: 'return.requested' }),
          return_id: event.returnId, max_attempts: app.config.integrationMaxAttempts,
        };
      });
      await sql`insert into integration_jobs ${sql(rows)}`;
      const ids: string[] = [];
      const produce: Task = async (i) => {
        const id = rows[i - offset].id;
        ids.push(id);
        app.jobs.relay.kick([id]);
      };
      const started = performance.now();
      const produced = await runLoad(produce, { count: n, offset, concurrency: deps.concurrency, timeLimitMs });
      return settle(deps.partner, outboxTracking(deps), produced, ids, started, timeLimitMs);
    },
  };
}

/** A queue and a Worker on the same Redis under their own prefix, with the app's connection settings. */
async function bareQueue(redisUrl: string, prefix: string, concurrency: number, processor: (id: string) => Promise<void>) {
  const producer = producerConnection({ kind: 'single', url: redisUrl });
  const consumer = workerConnection({ kind: 'single', url: redisUrl });
  const queue = new Queue(INTEGRATION_QUEUE, { connection: producer as unknown as ConnectionOptions, prefix });
  const worker = new Worker(INTEGRATION_QUEUE, async (job) => processor(job.id!), { connection: consumer as unknown as ConnectionOptions, prefix, concurrency });
  worker.on('error', () => undefined);
  await queue.waitUntilReady();
  await worker.waitUntilReady();
  return {
    queue,
    /** Adds one job with the relay's options (`dispatchOptions`: job id, attempts, backoff, retention). */
    add: (id: string) => queue.add(JOB.DISPATCH, { integrationJobId: id }, dispatchOptions(id, 8, 2000)),
    async close() {
      await worker.close();
      await queue.close();
      await Promise.all([producer.quit().catch(() => undefined), consumer.quit().catch(() => undefined)]);
    },
  };
}

/**
 * Bare BullMQ with a no-op processor (an extra row: what the queue alone costs): the relay's queue and job options, a
 * Worker with the app's concurrency, producers adding one job per call with the same number in flight.
 */
export async function bareBullmq(redisUrl: string, prefix: string, workerConcurrency: number, deps: Pick<DispatchDeps, 'concurrency'>): Promise<Pipeline & { close(): Promise<void> }> {
  const added = new Map<string, number>();
  const processed = new Map<string, number>();
  const bare = await bareQueue(redisUrl, prefix, workerConcurrency, async (id) => {
    if (!processed.has(id)) processed.set(id, performance.now());
  });
  return {
    name: 'bare BullMQ: add → no-op processor',
    statements: () => 0,
    async run(n, offset, timeLimitMs) {
      const ids: string[] = [];
      const produce: Task = async () => {
        const id = uuidv7();
        ids.push(id);
        added.set(id, performance.now());
        await bare.add(id);
      };
      const started = performance.now();
      const produced = await runLoad(produce, { count: n, offset, concurrency: deps.concurrency, timeLimitMs });
      await waitUntil(() => ids.every((id) => processed.has(id)), started + timeLimitMs + 30_000);
      const latencies: number[] = [];
      let last = started;
      let missing = 0;
      for (const id of ids) {
        const at = processed.get(id);
        if (at === undefined) {
          missing += 1;
          continue;
        }
        latencies.push(at - added.get(id)!);
        last = Math.max(last, at);
      }
      return {
        latencies, failures: produced.failures + missing,
        failureSamples: [...produced.failureSamples, ...(missing ? [`${missing} job(s) never processed`] : [])].slice(0, 5),
        elapsedMs: (missing ? performance.now() : last) - started, requested: n, timedOut: produced.timedOut || missing > 0,
      };
    },
    close: () => bare.close(),
  };
}

/** The bare baseline's own job rows (one per job, in the bench database only): what its processor's UPDATE marks. */
const BARE_JOBS_TABLE = 'bench_bare_jobs';

/**
 * The fair bar: bare BullMQ whose processor does what a delivery cannot avoid, with nothing of the app around it. It
 * sends the same signed POST through the app's merchant adapter (same body, same `callPartner`, same fetch and its
 * keep-alive pool) to the same loopback partner, then one UPDATE marking its own job row done on the baseline's
 * pool. Queue, job options and worker concurrency as the app's; latency runs from `add` to partner receipt.
 */
export async function partnerBullmq(
  redisUrl: string, prefix: string, workerConcurrency: number,
  deps: Pick<DispatchDeps, 'concurrency' | 'partner'> & { pool: Sql; endpoint: PartnerEndpoint; event: MerchantEvent },
): Promise<Pipeline & { close(): Promise<void> }> {
  const { pool, partner } = deps;
  await pool.unsafe(`create table if not exists ${BARE_JOBS_TABLE} (id uuid primary key, status text not null default 'QUEUED', completed_at timestamptz)`);
  let statements = 0;
  const added = new Map<string, number>();
  const bare = await bareQueue(redisUrl, prefix, workerConcurrency, async (id) => {
    await boomerangMerchantAdapter.deliverEvent(deps.endpoint, deps.event, id);
    statements += 1;
    await pool`update bench_bare_jobs set status = 'SUCCEEDED', completed_at = now() where id = ${id}`;
  });
  const tracking: JobTracking = {
    startedAt: added,
    unfinished: async (ids) => {
      const [row] = await pool<Array<{ n: number }>>`select count(*)::int as n from bench_bare_jobs where id in ${pool(ids)} and status <> 'SUCCEEDED'`;
      return row.n;
    },
  };
  return {
    name: 'bare BullMQ: add → signed POST + 1 UPDATE',
    baseline: true,
    statements: () => statements,
    async run(n, offset, timeLimitMs) {
      // The rows the processor marks, written before the clock starts (as the outbox pipeline's rows are).
      const ids = Array.from({ length: n }, () => uuidv7());
      await pool`insert into bench_bare_jobs ${pool(ids.map((id) => ({ id })))}`;
      let next = 0;
      const produce: Task = async () => {
        const id = ids[next++];
        added.set(id, performance.now());
        await bare.add(id);
      };
      const started = performance.now();
      const produced = await runLoad(produce, { count: n, offset, concurrency: deps.concurrency, timeLimitMs });
      return settle(partner, tracking, produced, ids.slice(0, next), started, timeLimitMs);
    },
    close: () => bare.close(),
  };
}

/** Jobs sent one at a time after the measured rounds (each waits for the previous one's receipt): latency without a backlog. */
export const IDLE_JOBS = 50;

/** One pipeline's figures: jobs/s end to end, latency percentiles, SQL statements per job, latency one job at a time. */
export interface DispatchRow {
  name: string;
  stats: Stats;
  statementsPerJob: number;
  idle: Stats;
  /** The row the others' ratios are taken against. */
  baseline: boolean;
}

export interface DispatchReport {
  rows: DispatchRow[];
  workerConcurrency: number;
  producers: number;
  duplicates: number;
  badSignatures: number;
}

/**
 * Warms every pipeline up, then runs `rounds` rounds, rotating which pipeline goes first; each run drains completely
 * before the next starts. Jobs/s is jobs received ÷ (first request sent → last receipt), summed over rounds.
 * Then IDLE_JOBS jobs per pipeline one at a time, for the latency without a queue in front. Uses indexes
 * 0 … warmup + jobs + IDLE_JOBS - 1 of each pipeline's producer.
 */
export async function runDispatch(
  pipelines: Pipeline[], opts: { jobs: number; warmup: number; rounds: number; timeLimitMs: number }, log: (line: string) => void,
): Promise<DispatchRow[]> {
  let offset = 0;
  for (const p of pipelines) {
    if (opts.warmup === 0) continue;
    const w = await p.run(opts.warmup, offset, opts.timeLimitMs);
    if (w.failures) log(`  warm-up ${p.name}: ${w.failures} failure(s), e.g. ${w.failureSamples[0]}`);
  }
  offset += opts.warmup;
  const runs = pipelines.map(() => [] as RunResult[]);
  const statements = pipelines.map(() => 0);
  for (let round = 0; round < opts.rounds; round++) {
    const n = round === opts.rounds - 1 ? opts.jobs - Math.floor(opts.jobs / opts.rounds) * (opts.rounds - 1) : Math.floor(opts.jobs / opts.rounds);
    const order = pipelines.map((_, i) => (i + round) % pipelines.length);
    for (const i of order) {
      if (n === 0) continue;
      const p = pipelines[i];
      const before = p.statements();
      const run = await p.run(n, offset, opts.timeLimitMs);
      statements[i] += p.statements() - before;
      runs[i].push(run);
      const rate = run.latencies.length / (run.elapsedMs / 1000);
      log(`  round ${round + 1} ${p.name.padEnd(42)} ${run.latencies.length} jobs in ${(run.elapsedMs / 1000).toFixed(1)}s (${rate.toFixed(0)}/s)${run.failures ? `, ${run.failures} failed: ${run.failureSamples.join(' | ')}` : ''}`);
    }
    offset += n;
  }
  const idle: RunResult[] = [];
  for (const p of pipelines) {
    const one: RunResult[] = [];
    for (let k = 0; k < IDLE_JOBS; k++) one.push(await p.run(1, offset + k, opts.timeLimitMs));
    idle.push(mergeRuns(one));
    const s = summarize(idle[idle.length - 1]);
    log(`  one at a time ${p.name.padEnd(42)} p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms${s.failures ? `, ${s.failures} failed` : ''}`);
  }
  return pipelines.map((p, i) => {
    const merged = mergeRuns(runs[i]);
    return {
      name: p.name, stats: summarize(merged), statementsPerJob: statements[i] / Math.max(1, merged.latencies.length), idle: summarize(idle[i]), baseline: p.baseline ?? false,
    };
  });
}

/** Deletes every key under the given BullMQ prefixes (`<prefix>:*`); returns how many went. */
export async function cleanRedisPrefixes(url: string, prefixes: string[]): Promise<number> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  let removed = 0;
  try {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) removed += await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    await redis.quit().catch(() => undefined);
  }
  return removed;
}
