import 'reflect-metadata';
import './bench/production-env';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { startApi } from '../src/app';
import { loadConfig } from '../src/config';
import { cleanRedisPrefixes } from './bench/dispatch';
import { createBenchDatabase } from './bench/database';
import { HttpLoad, planTask, type HttpPlan } from './bench/http-load';
import { JsonClient, runLoad, type Task } from './bench/load';
import { baselineRead, baselineReturn, baselineWrite, gatewayRead, gatewayReturn, gatewayWrite, sampleReadVariants, sampleReturnIds } from './bench/scenarios';
import { seed, seedPlan } from './bench/seed';
import { baselineGeo, gatewayGeo, searchPoints, seedLocations } from './bench/geo';

/*
 * The bench's page-read scenario alone (gateway against the raw postgres.js baseline, alternating), for profiling the
 * gateway: `node dist/scripts/profile-read.js [--returns N] [--reads N] [--rounds N] [--profile out.cpuprofile]
 * [--single | --geo [--locations N] | --write | --typename] [--worker] [--profile-side baseline] [--allocations out.heapprofile]`.
 * With --profile, a CPU profile (inspector) covers the gateway's measured rounds only (the baseline's with
 * --profile-side baseline); --allocations samples what those rounds allocate. Development tool;
 * the figures that count come from `npm run bench`.
 */

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;
const QUEUE_PREFIX = `boomerang-bench-${randomBytes(5).toString('hex')}`;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const returns = Number(arg('returns', '20000'));
  const reads = Number(arg('reads', '600'));
  const rounds = Number(arg('rounds', '4'));
  const profile = arg('profile', '');
  // --profile-side baseline: profile the baseline's rounds instead of the gateway's.
  const profiled = arg('profile-side', 'gateway');
  // --allocations out.heapprofile: sampled allocations (collected ones included) of the profiled side's rounds.
  const allocations = arg('allocations', '');
  const single = process.argv.includes('--single');
  const geo = process.argv.includes('--geo');
  const write = process.argv.includes('--write');
  const db = await createBenchDatabase(ADMIN_URL);
  const app = await startApi(loadConfig({
    NODE_ENV: 'production', MIGRATE_ON_START: 'true', DATABASE_URL: db.url, REDIS_URL, JWT_SECRET, PORT: '0', LOG_LEVEL: 'error',
    GRAPHQL_INTROSPECTION: 'false', QUEUE_PREFIX, ...(process.env.GRAPHQL_JIT ? { GRAPHQL_JIT: process.env.GRAPHQL_JIT } : {}),
    ...(process.env.GRAPHQL_DIRECT_QUERIES ? { GRAPHQL_DIRECT_QUERIES: process.env.GRAPHQL_DIRECT_QUERIES } : {}),
  }));
  const seeder = postgres(db.url, { max: 1, onnotice: () => undefined });
  // --write: fresh orders for every requestReturn of both sides (300 warm-up each, then `reads` per round).
  const perSide = 300 + reads * rounds;
  const seeded = await seed(seeder, seedPlan(returns, write ? 2 * perSide : 0), () => undefined).finally(() => seeder.end());
  const sql = postgres(db.url, { max: 10, onnotice: () => undefined });
  const url = `http://127.0.0.1:${app.http.port}/graphql`;
  // --worker: the client runs on a thread of its own as in the bench (the profile is then the gateway's alone, while the
  // CPU per request counts both threads); without it, on this thread.
  const client = new JsonClient(url, 16);
  const http = process.argv.includes('--worker') ? new HttpLoad() : null;
  const run = (side: HttpPlan | Task, opts: { count: number; offset?: number; concurrency: number; timeLimitMs: number }) =>
    (typeof side === 'function' ? runLoad(side, opts) : http ? http.run(side, opts) : runLoad(planTask(client, side), opts));
  const token = await new SignJWT({ role: 'OPERATOR' }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench-operator').setIssuedAt()
    .setExpirationTime('6h').sign(new TextEncoder().encode(JWT_SECRET));
  let gateway: HttpPlan;
  let baseline: Task;
  if (write) {
    const tokens = new Map<string, string>();
    for (const order of seeded.freshOrders) {
      if (!tokens.has(order.customerExternalId)) {
        tokens.set(order.customerExternalId, await new SignJWT({ role: 'CUSTOMER' }).setProtectedHeader({ alg: 'HS256' })
          .setSubject(order.customerExternalId).setIssuedAt().setExpirationTime('6h').sign(new TextEncoder().encode(JWT_SECRET)));
      }
    }
    gateway = gatewayWrite(url, seeded.freshOrders.slice(0, perSide), tokens);
    baseline = baselineWrite(sql, seeded.freshOrders.slice(perSide));
  } else if (geo) {
    await seedLocations(sql, Number(arg('locations', '100000')), () => undefined);
    await sql`analyze`;
    const points = searchPoints(1000);
    gateway = gatewayGeo(url, token, points, { searches: 0, results: 0 });
    baseline = baselineGeo(sql, points);
  } else if (process.argv.includes('--typename')) {
    // The fixed cost of one request: `{ __typename }` through the gateway, against `select 1` on the pool.
    const headers = { authorization: `Bearer ${token}` };
    gateway = { label: 'typename', url, check: { path: ['__typename'], kind: 'value' }, request: () => ({ body: '{"query":"{ __typename }"}', headers }) };
    baseline = async () => { await sql`select 1`; };
  } else if (single) {
    const ids = await sampleReturnIds(sql);
    gateway = gatewayReturn(url, token, ids);
    baseline = baselineReturn(sql, ids);
  } else {
    const variants = await sampleReadVariants(sql);
    gateway = gatewayRead(url, token, variants);
    baseline = baselineRead(sql, variants);
  }
  const session = new Session();
  session.connect();
  try {
    await run(gateway, { count: 300, concurrency: 16, timeLimitMs: 60_000 });
    await run(baseline, { count: 300, concurrency: 16, timeLimitMs: 60_000 });
    if (profile) {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
    }
    const totals = { gateway: { n: 0, ms: 0, cpu: 0, busy: 0 }, baseline: { n: 0, ms: 0, cpu: 0, busy: 0 } };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['gateway', 'baseline'] as const) : (['baseline', 'gateway'] as const);
      for (const side of order) {
        if (profile && side === profiled) await session.post('Profiler.start');
        if (allocations && side === profiled) {
          await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        }
        const cpu0 = process.cpuUsage();
        const elu0 = performance.eventLoopUtilization();
        const result = await run(side === 'gateway' ? gateway : baseline, { count: reads, offset: 300 + round * reads, concurrency: 16, timeLimitMs: 120_000 });
        if (profile && side === profiled) {
          const { profile: p } = await session.post('Profiler.stop');
          fs.writeFileSync(rounds > 1 ? profile.replace(/\.cpuprofile$/, `.${round}.cpuprofile`) : profile, JSON.stringify(p));
        }
        if (allocations && side === profiled) {
          const { profile: p } = await session.post('HeapProfiler.stopSampling');
          fs.writeFileSync(allocations.replace(/\.heapprofile$/, `.${round}.heapprofile`), JSON.stringify(p));
        }
        if (result.failures) process.stdout.write(`${side}: ${result.failures} failed: ${result.failureSamples.join(" | ")}\n`);
        totals[side].n += result.latencies.length;
        totals[side].ms += result.elapsedMs;
        const cpu = process.cpuUsage(cpu0);
        totals[side].busy += performance.eventLoopUtilization(elu0).active;
        totals[side].cpu += (cpu.user + cpu.system) / 1000;
        process.stdout.write(`round ${round + 1} ${side.padEnd(8)} ${(result.latencies.length / result.elapsedMs * 1000).toFixed(0)} req/s\n`);
      }
    }
    const rps = (s: { n: number; ms: number }) => s.n / s.ms * 1000;
    // This process's CPU per request (gateway and load generator, or baseline): steadier than req/s on a shared machine.
    const cpuPer = (s: { n: number; cpu: number }) => s.cpu / s.n;
    // The main thread's busy time per request (the event loop's active time): the gateway's alone with --worker.
    const busyPer = (s: { n: number; busy: number }) => s.busy / s.n;
    process.stdout.write(`main-thread busy ms/request: gateway ${busyPer(totals.gateway).toFixed(3)}, baseline ${busyPer(totals.baseline).toFixed(3)}\n`);
    process.stdout.write(`CPU ms/request in this process: gateway ${cpuPer(totals.gateway).toFixed(2)}, baseline ${cpuPer(totals.baseline).toFixed(2)}\n`);
    process.stdout.write(`gateway ${rps(totals.gateway).toFixed(0)} req/s, baseline ${rps(totals.baseline).toFixed(0)} req/s, ratio ${(rps(totals.gateway) / rps(totals.baseline)).toFixed(3)}; statements ${app.database.statementCount()}; executions ${JSON.stringify(app.http?.executions())}\n`);
  } finally {
    session.disconnect();
    client.close();
    await http?.close();
    await sql.end({ timeout: 5 });
    await app.stop();
    await cleanRedisPrefixes(REDIS_URL, [QUEUE_PREFIX]);
    await db.drop(false, () => undefined);
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
