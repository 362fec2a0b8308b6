import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { SignJWT } from 'jose';
import { startApi } from '../src/app';
import { loadConfig } from '../src/config';
import { PROJECT_ROOT } from '../src/db/client';
import { parseArgs, USAGE, UsageError, type BenchOptions } from './bench/args';
import { JsonClient, mergeRuns, runLoad, summarize, type RunResult, type Task } from './bench/load';
import { describeMachine, figuresMarkdown, writeDocs, type BenchReport, type ScenarioReport } from './bench/report';
import {
  baselineRead, baselineWrite, gatewayRead, gatewayWrite, PAGE_SIZE, READ_QUERY, sampleReadVariants,
} from './bench/scenarios';
import { seed, seedPlan } from './bench/seed';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;
/** The app's pool (openDatabase's default); the baseline gets a pool of the same size. */
const POOL_SIZE = 10;
const DOCS_FILE = path.join(PROJECT_ROOT, 'docs', 'benchmarks.md');

const log = (line: string) => process.stdout.write(`${line}\n`);

function sign(role: 'CUSTOMER' | 'OPERATOR', sub: string): Promise<string> {
  return new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('6h')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** Cleanup steps, run once whether the bench finishes, fails or is interrupted. */
class Resources {
  private readonly steps: Array<[string, () => Promise<void>]> = [];
  private done: Promise<void> | null = null;

  add(label: string, step: () => Promise<void>): void {
    this.steps.unshift([label, step]);
  }

  release(): Promise<void> {
    this.done ??= (async () => {
      for (const [label, step] of this.steps) {
        try {
          await step();
        } catch (e) {
          process.stderr.write(`bench: cleanup "${label}" failed: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
    })();
    return this.done;
  }
}

/** Warms both sides up, then runs `rounds` alternating rounds (gateway first in even rounds, baseline first in odd ones). */
async function compare(
  name: string, opts: BenchOptions, count: number, warmup: number,
  sides: { gateway: Task; baseline: Task; gatewayStatements: () => number; baselineStatements: () => number },
): Promise<ScenarioReport> {
  const limitMs = opts.timeLimitSeconds * 1000;
  const c = opts.concurrency;
  log(`\n${name}: warm-up ${warmup} per side, then ${count} per side in ${opts.rounds} round(s), ${c} in flight`);
  for (const [side, task] of [['gateway', sides.gateway], ['baseline', sides.baseline]] as const) {
    if (warmup === 0) continue;
    const w = await runLoad(task, { count: warmup, concurrency: c, timeLimitMs: limitMs });
    if (w.failures) log(`  warm-up ${side}: ${w.failures} failure(s), e.g. ${w.failureSamples[0]}`);
  }
  const runs = { gateway: [] as RunResult[], baseline: [] as RunResult[] };
  const statements = { gateway: 0, baseline: 0 };
  const used = { gateway: 0, baseline: 0 };
  let offset = warmup;
  for (let round = 0; round < opts.rounds; round++) {
    const n = round === opts.rounds - 1 ? count - Math.floor(count / opts.rounds) * (opts.rounds - 1) : Math.floor(count / opts.rounds);
    const order = round % 2 === 0 ? (['gateway', 'baseline'] as const) : (['baseline', 'gateway'] as const);
    for (const side of order) {
      const budget = limitMs - used[side];
      if (budget <= 0 || n === 0) continue;
      const counter = side === 'gateway' ? sides.gatewayStatements : sides.baselineStatements;
      const before = counter();
      const run = await runLoad(sides[side], { count: n, offset, concurrency: c, timeLimitMs: budget });
      statements[side] += counter() - before;
      used[side] += run.elapsedMs;
      runs[side].push(run);
      log(`  round ${round + 1} ${side.padEnd(8)} ${run.latencies.length} requests in ${(run.elapsedMs / 1000).toFixed(1)}s${run.failures ? `, ${run.failures} failed` : ''}${run.timedOut ? ' (time limit)' : ''}`);
    }
    offset += n;
  }
  const gateway = mergeRuns(runs.gateway);
  const baseline = mergeRuns(runs.baseline);
  for (const [side, run] of [['gateway', gateway], ['baseline', baseline]] as const) {
    if (run.failures) log(`  ${side}: ${run.failures} FAILED request(s); first: ${run.failureSamples.join(' | ')}`);
  }
  return {
    name,
    gateway: summarize(gateway),
    baseline: summarize(baseline),
    gatewayStatementsPerRequest: statements.gateway / Math.max(1, gateway.latencies.length),
    baselineStatementsPerRequest: statements.baseline / Math.max(1, baseline.latencies.length),
  };
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const resources = new Resources();
  // Bounded run time: seeding plus four measured sides (and their warm-ups) each capped by --time-limit.
  const watchdogMs = 15 * 60_000 + 8 * opts.timeLimitSeconds * 1000;
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: gave up after ${Math.round(watchdogMs / 60_000)} min\n`);
    void Promise.race([resources.release(), new Promise((r) => setTimeout(r, 15_000))]).then(() => process.exit(2));
  }, watchdogMs);
  watchdog.unref();
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`bench: ${signal}, cleaning up\n`);
    void Promise.race([resources.release(), new Promise((r) => setTimeout(r, 15_000))]).then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // 1. A fresh database, dropped at the end unless --keep.
    const dbName = `boomerang_bench_${randomBytes(6).toString('hex')}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    const [{ server_version: serverVersion }] = await admin<Array<{ server_version: string }>>`show server_version`;
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    const dbUrl = url.toString();
    resources.add('drop database', async () => {
      if (opts.keep) {
        log(`\nkept database ${dbName} (${dbUrl})`);
        return;
      }
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
      await a.unsafe(`drop database if exists ${dbName} with (force)`);
      await a.end();
    });
    log(`database ${dbName}`);

    // 2. The API in-process (applies migrations).
    const app = await startApi(loadConfig({
      NODE_ENV: 'production', DATABASE_URL: dbUrl, JWT_SECRET, PORT: '0', LOG_LEVEL: 'error', GRAPHQL_INTROSPECTION: 'false',
    }));
    resources.add('stop api', () => app.stop());
    const endpoint = `http://127.0.0.1:${app.http.port}/graphql`;
    log(`gateway ${endpoint}`);

    // 3. Seed with set-based SQL on one connection.
    const plan = seedPlan(opts.returns, 2 * (opts.warmupWrites + opts.writes));
    log(`seeding ${opts.returns} returns, ${plan.historicalOrders + plan.freshOrders} orders, ${plan.customers} customers`);
    const seeder = postgres(dbUrl, { max: 1, onnotice: () => undefined });
    const seeded = await seed(seeder, plan, log).finally(() => seeder.end());
    log(`seeded in ${seeded.seconds.toFixed(1)}s: ${JSON.stringify(seeded.counts)}`);

    // 4. The baseline's own pool, as large as the app's, counting its statements the same way.
    let baselineStatements = 0;
    const sql: Sql = postgres(dbUrl, {
      max: POOL_SIZE, onnotice: () => undefined, debug: () => { baselineStatements += 1; },
      connection: { application_name: 'boomerang-bench-baseline' },
    });
    resources.add('close baseline pool', () => sql.end({ timeout: 5 }));
    const client = new JsonClient(endpoint, opts.concurrency);
    resources.add('close http client', async () => client.close());

    const variants = await sampleReadVariants(sql);
    const operator = await sign('OPERATOR', 'bench-operator');
    const tokens = new Map<string, string>();
    for (const order of seeded.freshOrders) {
      if (!tokens.has(order.customerExternalId)) tokens.set(order.customerExternalId, await sign('CUSTOMER', order.customerExternalId));
    }
    const perSide = opts.warmupWrites + opts.writes;
    const gatewayOrders = seeded.freshOrders.slice(0, perSide);
    const baselineOrders = seeded.freshOrders.slice(perSide, 2 * perSide);

    // Sanity check: the query returns a full page with items and lines.
    const probe = await client.post<{ data?: { returns: { edges: Array<{ node: { items: Array<{ orderLine: unknown }> } }> } }; errors?: unknown }>(
      { query: READ_QUERY, variables: { first: PAGE_SIZE } }, { authorization: `Bearer ${operator}` });
    const edges = probe.body.data?.returns.edges ?? [];
    if (probe.body.errors || edges.length === 0) throw new Error(`read probe failed: ${JSON.stringify(probe.body).slice(0, 500)}`);
    log(`read probe: ${edges.length} returns, ${edges.reduce((n, e) => n + e.node.items.length, 0)} items on the first page; ${variants.length} page variants`);

    // 5. The two scenarios; reads first, so the pages read are the seeded ones.
    const scenarios: ScenarioReport[] = [];
    scenarios.push(await compare(`returns(first: ${PAGE_SIZE}) with items and order lines`, opts, opts.reads, opts.warmupReads, {
      gateway: gatewayRead(client, operator, variants),
      baseline: baselineRead(sql, variants),
      gatewayStatements: () => app.database.statementCount(),
      baselineStatements: () => baselineStatements,
    }));
    const before = await sql<Array<{ n: number }>>`select count(*)::int as n from returns`;
    scenarios.push(await compare('requestReturn (1–2 lines)', opts, opts.writes, opts.warmupWrites, {
      gateway: gatewayWrite(client, gatewayOrders, tokens),
      baseline: baselineWrite(sql, baselineOrders),
      gatewayStatements: () => app.database.statementCount(),
      baselineStatements: () => baselineStatements,
    }));
    const after = await sql<Array<{ n: number }>>`select count(*)::int as n from returns`;
    const writes = scenarios[1];
    const expected = 2 * opts.warmupWrites + writes.gateway.requests - writes.gateway.failures + writes.baseline.requests - writes.baseline.failures;
    log(`returns created during the write scenario: ${after[0].n - before[0].n} (expected ${expected} incl. warm-up)`);

    // 6. Report.
    const report: BenchReport = {
      machine: describeMachine(`PostgreSQL ${serverVersion}`),
      seeded: seeded.counts,
      seedSeconds: seeded.seconds,
      concurrency: opts.concurrency,
      poolSize: POOL_SIZE,
      rounds: opts.rounds,
      scenarios,
    };
    const figures = figuresMarkdown(report);
    log(`\n${figures}\n`);
    if (opts.writeDocs) {
      writeDocs(DOCS_FILE, figures);
      log(`updated ${path.relative(process.cwd(), DOCS_FILE)}`);
    }
    const failed = scenarios.reduce((n, s) => n + s.gateway.failures + s.baseline.failures, 0);
    if (failed) log(`${failed} request(s) failed: the figures above are not a clean run.`);
    return failed ? 1 : 0;
  } finally {
    await resources.release();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; should a stray handle remain, do not hang.
    setTimeout(() => process.exit(code), 5_000).unref();
  },
  (e: unknown) => {
    const text = e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`bench failed: ${text}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 5_000).unref();
  },
);
