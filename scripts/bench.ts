import 'reflect-metadata';
import './bench/production-env';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { SignJWT } from 'jose';
import { startApi } from '../src/app';
import { loadConfig } from '../src/config';
import { PROJECT_ROOT } from '../src/db/client';
import { uuidv7 } from '../src/domain/ids';
import { newSigningSecret } from '../src/domain/webhook-signature';
import type { ServiceContext } from '../src/services/context';
import { returnMerchantEvent } from '../src/services/partners/merchant-event-view.service';
import { parseArgs, USAGE, UsageError, type BenchOptions } from './bench/args';
import {
  apiPipeline, bareBullmq, cleanRedisPrefixes, CommitClock, IDLE_JOBS, LoopbackPartner, outboxPipeline, partnerBullmq, runDispatch,
} from './bench/dispatch';
import {
  baselineGeo, compareResults, EXPLAINED_SEARCHES, explainSearch, gatewayGeo, GEO_FIRST, GEO_RADIUS_KM, radiusCostViolations, searchPoints, seedLocations,
  type GeoPlan, type GeoTally,
} from './bench/geo';
import { HttpLoad, planTask, runSide, type Side as LoadSide } from './bench/http-load';
import { JsonClient, mergeRuns, summarize, type RunResult } from './bench/load';
import {
  describeMachine, dispatchFigures, figuresMarkdown, writeDocs, type BenchReport, type DispatchSection, type GeoReport, type PeerReport, type ScenarioReport,
} from './bench/report';
import { comparePeerPages, peerRead, startPeer, type Peer } from './bench/peer';
import {
  baselineRead, baselineReturn, baselineWrite, gatewayRead, gatewayReturn, gatewayWrite, PAGE_SIZE, READ_QUERY, sampleReadVariants, sampleReturnIds,
} from './bench/scenarios';
import { seed, seedPlan } from './bench/seed';
import { runAnalyticsBench } from './bench/analytics';
import { runImportBench } from './bench/import';
import { createBenchDatabase } from './bench/database';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The app runs with production settings, which take Redis only from REDIS_URL. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;
/** The app's pool (openDatabase's default); the baseline gets a pool of the same size. */
const POOL_SIZE = 10;
const DOCS_FILE = path.join(PROJECT_ROOT, 'docs', 'benchmarks.md');
/** The app's BullMQ key prefix for this run (Redis may be shared); bare BullMQ uses `<prefix>-bare`. Both are deleted at the end. */
const QUEUE_PREFIX = `boomerang-bench-${randomBytes(5).toString('hex')}`;
const BARE_PREFIX = `${QUEUE_PREFIX}-bare`;
/** The fair baseline's prefix (bare BullMQ making the partner call). */
const FAIR_PREFIX = `${QUEUE_PREFIX}-bare-partner`;

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

type Side = 'gateway' | 'baseline' | 'peer';

/**
 * Warms every side up, then runs `rounds` alternating rounds: gateway, baseline (, peer) in even rounds and the reverse
 * in odd ones, so drift on a shared machine hits every side alike.
 */
async function compare(
  name: string, opts: BenchOptions, http: HttpLoad, count: number, warmup: number,
  sides: {
    gateway: LoadSide; baseline: LoadSide; gatewayStatements: () => number; baselineStatements: () => number;
    /** PostGraphile on the same page, when the scenario has a peer. */
    peer?: { task: LoadSide; statements: () => number };
  },
): Promise<ScenarioReport> {
  const limitMs = opts.timeLimitSeconds * 1000;
  const c = opts.concurrency;
  const tasks: Partial<Record<Side, { task: LoadSide; statements: () => number }>> = {
    gateway: { task: sides.gateway, statements: sides.gatewayStatements },
    baseline: { task: sides.baseline, statements: sides.baselineStatements },
    ...(sides.peer ? { peer: sides.peer } : {}),
  };
  const names = Object.keys(tasks) as Side[];
  log(`\n${name}: warm-up ${warmup} per side, then ${count} per side in ${opts.rounds} round(s), ${c} in flight`);
  for (const side of names) {
    if (warmup === 0) continue;
    const w = await runSide(tasks[side]!.task, http, { count: warmup, concurrency: c, timeLimitMs: limitMs });
    if (w.failures) log(`  warm-up ${side}: ${w.failures} failure(s), e.g. ${w.failureSamples[0]}`);
  }
  const runs: Record<Side, RunResult[]> = { gateway: [], baseline: [], peer: [] };
  const statements: Record<Side, number> = { gateway: 0, baseline: 0, peer: 0 };
  const used: Record<Side, number> = { gateway: 0, baseline: 0, peer: 0 };
  let offset = warmup;
  for (let round = 0; round < opts.rounds; round++) {
    const n = round === opts.rounds - 1 ? count - Math.floor(count / opts.rounds) * (opts.rounds - 1) : Math.floor(count / opts.rounds);
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const side of order) {
      const budget = limitMs - used[side];
      if (budget <= 0 || n === 0) continue;
      const { task, statements: counter } = tasks[side]!;
      const before = counter();
      const run = await runSide(task, http, { count: n, offset, concurrency: c, timeLimitMs: budget });
      statements[side] += counter() - before;
      used[side] += run.elapsedMs;
      runs[side].push(run);
      log(`  round ${round + 1} ${side.padEnd(8)} ${run.latencies.length} requests in ${(run.elapsedMs / 1000).toFixed(1)}s${run.failures ? `, ${run.failures} failed` : ''}${run.timedOut ? ' (time limit)' : ''}`);
    }
    offset += n;
  }
  const merged = Object.fromEntries(names.map((side) => [side, mergeRuns(runs[side])])) as Partial<Record<Side, RunResult>>;
  for (const side of names) {
    const run = merged[side]!;
    if (run.failures) log(`  ${side}: ${run.failures} FAILED request(s); first: ${run.failureSamples.join(' | ')}`);
  }
  const perRequest = (side: Side) => statements[side] / Math.max(1, merged[side]!.latencies.length);
  return {
    name,
    gateway: summarize(merged.gateway!),
    baseline: summarize(merged.baseline!),
    gatewayStatementsPerRequest: perRequest('gateway'),
    baselineStatementsPerRequest: perRequest('baseline'),
    ...(merged.peer ? { peer: summarize(merged.peer), peerStatementsPerRequest: perRequest('peer') } : {}),
  };
}

/** What the gateway scenarios need from main: the clients, the seeded data and the app. */
interface GatewayDeps {
  client: JsonClient; http: HttpLoad; endpoint: string; sql: Sql; app: Awaited<ReturnType<typeof startApi>>; dbUrl: string; benchName: string; operator: string;
  variants: Awaited<ReturnType<typeof sampleReadVariants>>; gatewayOrders: Seeded['freshOrders']; baselineOrders: Seeded['freshOrders'];
  tokens: Map<string, string>; seeded: Seeded; baselineStatements: () => number; resources: Resources;
}

type Seeded = Awaited<ReturnType<typeof seed>>;

/** Steps 5–7 of a full run: the PostGraphile peer, the gateway scenarios against the raw baseline, the geo search. */
async function runGatewayScenarios(opts: BenchOptions, deps: GatewayDeps): Promise<{
  scenarios: ScenarioReport[]; peerReport: PeerReport | undefined; geo: GeoReport; geoMismatches: number;
}> {
  const { client, http, endpoint, sql, app, dbUrl, operator, variants, gatewayOrders, baselineOrders, tokens, seeded, baselineStatements, resources } = deps;
  // 5. The peer: PostGraphile v4 in this process on the same database, checked page by page against the gateway.
  let peer: Peer | null = null;
  let peerReport: PeerReport | undefined;
  let peerClient: JsonClient | null = null;
  if (opts.peer) {
    const started = await startPeer(dbUrl, `${deps.benchName}_peer`, POOL_SIZE);
    peer = started;
    resources.add('stop postgraphile', () => started.close());
    peerClient = new JsonClient(started.endpoint, opts.concurrency);
    const pc = peerClient;
    resources.add('close peer http client', async () => pc.close());
    const agreed = await comparePeerPages(client, operator, peerClient, variants);
    log(`peer: PostGraphile ${started.version} at ${started.endpoint} (role ${started.role}, pool ${POOL_SIZE}); `
      + `${agreed.checked} pages (${agreed.returns} returns) compared with the gateway's, ${agreed.mismatches.length} differ`);
    if (agreed.mismatches.length) {
      throw new Error(`PostGraphile and the gateway answered ${agreed.mismatches.length} of ${agreed.checked} pages differently:\n  ${agreed.mismatches.slice(0, 5).join('\n  ')}`);
    }
    peerReport = { version: started.version, poolSize: POOL_SIZE, checked: agreed.checked, returns: agreed.returns, mismatches: agreed.mismatches.length };
  }

  // 6. The scenarios; reads first, so the pages read are the seeded ones.
  const scenarios: ScenarioReport[] = [];
  scenarios.push(await compare(`returns(first: ${PAGE_SIZE}) with items and order lines`, opts, http, opts.reads, opts.warmupReads, {
    gateway: gatewayRead(endpoint, operator, variants),
    baseline: baselineRead(sql, variants),
    gatewayStatements: () => app.database.statementCount(),
    baselineStatements,
    ...(peer && peerClient ? { peer: { task: peerRead(peer.endpoint, variants), statements: peer.statementCount } } : {}),
  }));
  // The peer's pool and server go away before the other scenarios run.
  peerClient?.close();
  await peer?.close();
  const returnIds = await sampleReturnIds(sql);
  scenarios.push(await compare('node(id) on one return with method, items, events and refund', opts, http, opts.reads, opts.warmupReads, {
    gateway: gatewayReturn(endpoint, operator, returnIds),
    baseline: baselineReturn(sql, returnIds),
    gatewayStatements: () => app.database.statementCount(),
    baselineStatements,
  }));
  const before = await sql<Array<{ n: number }>>`select count(*)::int as n from returns`;
  scenarios.push(await compare('requestReturn (1–2 lines)', opts, http, opts.writes, opts.warmupWrites, {
    gateway: gatewayWrite(endpoint, gatewayOrders, tokens),
    baseline: baselineWrite(sql, baselineOrders),
    gatewayStatements: () => app.database.statementCount(),
    baselineStatements,
  }));
  const after = await sql<Array<{ n: number }>>`select count(*)::int as n from returns`;
  const writes = scenarios[2];
  const expected = 2 * opts.warmupWrites + writes.gateway.requests - writes.gateway.failures + writes.baseline.requests - writes.baseline.failures;
  log(`returns created during the write scenario: ${after[0].n - before[0].n} (expected ${expected} incl. warm-up)`);

  // 7. Geo search: seed the locations, check both sides agree, measure, then EXPLAIN one typical search.
  log(`\nseeding ${opts.locations} drop-off locations`);
  const geoSeeder = postgres(dbUrl, { max: 1, onnotice: () => undefined });
  const geoSeed = await seedLocations(geoSeeder, opts.locations, log).finally(() => geoSeeder.end());
  log(`seeded in ${geoSeed.seconds.toFixed(1)}s: ${JSON.stringify(geoSeed.counts)} of ${geoSeed.partners} partners`);
  const points = searchPoints(1000);
  const shopper = await sign('CUSTOMER', seeded.freshOrders[0]?.customerExternalId ?? 'CUST-0000001');
  const agreement = await compareResults(client, shopper, sql, points.slice(0, 25));
  log(`geo check: ${agreement.checked} searches compared, ${agreement.mismatches.length} differ${agreement.mismatches.length ? `: ${agreement.mismatches.slice(0, 3).join('; ')}` : ''}`);
  const tally: GeoTally = { searches: 0, results: 0 };
  scenarios.push(await compare(`dropOffLocations(radiusKm: ${GEO_RADIUS_KM}, first: ${GEO_FIRST}) at ${Math.round(opts.locations / 1000)}k locations`, opts, http, opts.geoReads, opts.warmupGeo, {
    gateway: gatewayGeo(endpoint, shopper, points, tally),
    baseline: baselineGeo(sql, points),
    gatewayStatements: () => app.database.statementCount(),
    baselineStatements,
  }));
  // A client of its own: drizzle() (used to capture the service's statement) rewires a client's serialisers.
  const explainSql = postgres(dbUrl, { max: 1, onnotice: () => undefined });
  const plans: GeoPlan[] = [];
  try {
    for (const search of EXPLAINED_SEARCHES) plans.push(await explainSearch(explainSql, search));
  } finally {
    await explainSql.end();
  }
  const plan0 = plans[0];
  log(`\nEXPLAIN (ANALYZE, BUFFERS) of the gateway's search at ${plan0.label} (${plan0.point.latitude}, ${plan0.point.longitude}), ${plan0.radiusKm} km:\n${plan0.gatewayPlan}`);
  for (const p of plans) {
    log(`  ${`${p.label}, ${p.radiusKm} km`.padEnd(42)} gateway ${p.gatewayExecutionMs.toFixed(2)} ms, ${p.gatewayBuffers} buffers; baseline ${p.baselineExecutionMs.toFixed(2)} ms, ${p.baselineBuffers} buffers; ${p.results} found`);
  }
  const fullScan = plans.find((p) => p.fullScan);
  if (fullScan) {
    log(`\n!!! FULL SCAN: a plan for the geo search (${fullScan.label}, ${fullScan.radiusKm} km) has a Seq Scan on drop_off_locations. Gateway plan:\n${fullScan.gatewayPlan}\nBaseline plan:\n${fullScan.baselinePlan}`);
  } else {
    log(`index used: ${[...new Set(plans.flatMap((p) => p.indexes))].join(', ') || '(none named)'}; no Seq Scan on drop_off_locations`);
  }
  const radiusCost = radiusCostViolations(plans);
  if (radiusCost.length) {
    const wide = plans.find((p) => p.radiusKm === 100 && radiusCost[0].startsWith(p.label));
    log(`\n!!! RADIUS COST: a 100 km search reads far more than a 5 km one: ${radiusCost.join('; ')}. Gateway plan:\n${wide?.gatewayPlan ?? ''}`);
  }
  const geo: GeoReport = {
    locations: geoSeed.counts.drop_off_locations, activeLocations: geoSeed.counts.drop_off_locations_active, partners: geoSeed.partners,
    seedSeconds: geoSeed.seconds, meanResults: tally.results / Math.max(1, tally.searches),
    checked: agreement.checked, mismatches: agreement.mismatches.length,
    explain: plans.map((p) => ({
      label: p.label, radiusKm: p.radiusKm, indexes: p.indexes, fullScan: p.fullScan, results: p.results,
      gatewayExecutionMs: p.gatewayExecutionMs, baselineExecutionMs: p.baselineExecutionMs, gatewayBuffers: p.gatewayBuffers, baselineBuffers: p.baselineBuffers,
    })),
    radiusCostViolations: radiusCost,
  };
  return { scenarios, peerReport, geo, geoMismatches: agreement.mismatches.length };
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const resources = new Resources();
  // Bounded run time: seeding plus the measured sides (the peer included) and three dispatch pipelines (and their warm-ups), each capped
  // by --time-limit (dispatch runs get 40 s more to drain).
  const watchdogMs = 20 * 60_000 + 14 * opts.timeLimitSeconds * 1000 + 6 * (opts.timeLimitSeconds * 1000 + 40_000) * (opts.rounds + 1) / 2;
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
  if (opts.import) {
    // Its own data set (a synthetic file), so it runs on its own: `npm run bench -- --import`.
    try {
      return await runImportBench(opts, { adminUrl: ADMIN_URL, redisUrl: REDIS_URL, jwtSecret: JWT_SECRET, queuePrefix: QUEUE_PREFIX, resources, log });
    } finally {
      await resources.release();
    }
  }
  if (opts.analytics) {
    // Its own data set (a generated history), so it runs on its own: `npm run bench -- --analytics`.
    try {
      return await runAnalyticsBench(opts, { adminUrl: ADMIN_URL, redisUrl: REDIS_URL, jwtSecret: JWT_SECRET, queuePrefix: QUEUE_PREFIX, docsFile: DOCS_FILE, resources, log });
    } finally {
      await resources.release();
    }
  }

  try {
    // 1. A fresh database, dropped at the end unless --keep.
    const benchDb = await createBenchDatabase(ADMIN_URL);
    const { url: dbUrl, serverVersion } = benchDb;
    resources.add('drop database', () => benchDb.drop(opts.keep, log));
    log(`database ${benchDb.name}`);

    // 2. The API in-process (applies migrations), API and worker roles in one process, under its own queue prefix.
    let redis: { url: string; source: string } | null = null;
    resources.add('delete bench keys from redis', async () => {
      // A redis-server the app started for itself went away with it; a shared one keeps our keys unless deleted.
      if (!redis || redis.source === 'redis-server started by Boomerang') return;
      const removed = await cleanRedisPrefixes(redis.url, [QUEUE_PREFIX, BARE_PREFIX, FAIR_PREFIX]);
      log(`deleted ${removed} redis keys under ${QUEUE_PREFIX}:*, ${BARE_PREFIX}:* and ${FAIR_PREFIX}:*`);
    });
    const app = await startApi(loadConfig({
      NODE_ENV: 'production', MIGRATE_ON_START: 'true', DATABASE_URL: dbUrl, REDIS_URL, JWT_SECRET, PORT: '0', LOG_LEVEL: 'error', GRAPHQL_INTROSPECTION: 'false',
      QUEUE_PREFIX, ...(process.env.GRAPHQL_JIT ? { GRAPHQL_JIT: process.env.GRAPHQL_JIT } : {}),
    ...(process.env.GRAPHQL_DIRECT_QUERIES ? { GRAPHQL_DIRECT_QUERIES: process.env.GRAPHQL_DIRECT_QUERIES } : {}),
    }));
    redis = { url: REDIS_URL, source: app.jobs.redis.source };
    resources.add('stop api', async () => { await app.stop(); });
    const endpoint = `http://127.0.0.1:${app.http.port}/graphql`;
    log(`gateway ${endpoint}; redis ${app.jobs.redis.source}, queue prefix ${QUEUE_PREFIX}`);

    // 3. Seed with set-based SQL on one connection.
    // Fresh orders: one per requestReturn of either write side, and one per job of the requestReturn dispatch pipeline.
    const dispatchOrderCount = opts.warmupJobs + opts.jobs + IDLE_JOBS;
    const plan = seedPlan(opts.returns, 2 * (opts.warmupWrites + opts.writes) + dispatchOrderCount);
    log(`seeding ${opts.returns} returns, ${plan.historicalOrders + plan.freshOrders} orders, ${plan.customers} customers`);
    const seeder = postgres(dbUrl, { max: 1, onnotice: () => undefined });
    const seeded = await seed(seeder, plan, log).finally(() => seeder.end());
    log(`seeded in ${seeded.seconds.toFixed(1)}s: ${JSON.stringify(seeded.counts)}`);

    // 4. The baseline's own pool, as large as the app's, counting its statements the same way.
    let baselineStatements = 0;
    const sql: Sql = postgres(dbUrl, {
      max: POOL_SIZE, onnotice: () => undefined,
      connection: { application_name: 'boomerang-bench-baseline' },
    });
    // Counted by postgres.js's `debug` hook, set once the pool exists: given to postgres() it would also make the pool
    // capture a stack trace for every query, which the app does not pay (it counts in src/db/prepare-policy.ts).
    // Transactions (sql.begin, the write baseline) read the option when they start and still capture one per query.
    (sql.options as { debug?: unknown }).debug = () => { baselineStatements += 1; };
    resources.add('close baseline pool', () => sql.end({ timeout: 5 }));
    const client = new JsonClient(endpoint, opts.concurrency);
    resources.add('close http client', async () => client.close());
    // The HTTP sides' load generator, on a thread of its own (scripts/bench/http-load.ts).
    const http = new HttpLoad();
    resources.add('stop load worker', () => http.close());

    const variants = await sampleReadVariants(sql);
    const operator = await sign('OPERATOR', 'bench-operator');
    const tokens = new Map<string, string>();
    for (const order of seeded.freshOrders) {
      if (!tokens.has(order.customerExternalId)) tokens.set(order.customerExternalId, await sign('CUSTOMER', order.customerExternalId));
    }
    const perSide = opts.warmupWrites + opts.writes;
    const gatewayOrders = seeded.freshOrders.slice(0, perSide);
    const baselineOrders = seeded.freshOrders.slice(perSide, 2 * perSide);
    const dispatchOrders = seeded.freshOrders.slice(2 * perSide, 2 * perSide + dispatchOrderCount);

    // Sanity check: the query returns a full page with items and lines.
    const probe = await client.post<{ data?: { returns: { edges: Array<{ node: { items: Array<{ orderLine: unknown }> } }> } }; errors?: unknown }>(
      { query: READ_QUERY, variables: { first: PAGE_SIZE } }, { authorization: `Bearer ${operator}` });
    const edges = probe.body.data?.returns.edges ?? [];
    if (probe.body.errors || edges.length === 0) throw new Error(`read probe failed: ${JSON.stringify(probe.body).slice(0, 500)}`);
    log(`read probe: ${edges.length} returns, ${edges.reduce((n, e) => n + e.node.items.length, 0)} items on the first page; ${variants.length} page variants`);

    // 5–7. The gateway scenarios and geo search (not with --dispatch).
    const gatewayPart = opts.dispatch ? null : await runGatewayScenarios(opts, { client, http, endpoint, sql, app, dbUrl, benchName: benchDb.name, operator, variants, gatewayOrders, baselineOrders, tokens, seeded, baselineStatements: () => baselineStatements, resources });
    const scenarios = gatewayPart?.scenarios ?? [];
    const peerReport = gatewayPart?.peerReport;
    const geo = gatewayPart?.geo;
    const geoMismatches = gatewayPart?.geoMismatches ?? 0;

    // 8. Partner dispatch: a MERCHANT partner on a loopback endpoint, three pipelines measured in rounds.
    const partner = await LoopbackPartner.start();
    resources.add('stop loopback partner', () => partner.close());
    partner.secret = newSigningSecret();
    // Inserted directly: createPartner insists on https in production, and the loopback partner speaks plain http.
    const [merchant] = await sql<Array<{ id: string }>>`insert into partners ${sql({
      id: uuidv7(), kind: 'MERCHANT', name: 'Bench merchant (loopback)', adapter: 'boomerang-merchant-v1', endpoint: partner.url,
      settings: sql.json({}), capabilities: sql.json({ events: ['return.requested'] }), signing_secret: partner.secret,
    })} returning id`;
    const clock = new CommitClock(app.jobs.relay);
    resources.add('unhook relay', async () => clock.restore());
    const events = await sql<Array<{ id: string; returnId: string }>>`
      select id, return_id as "returnId" from return_events where type = 'RETURN_REQUESTED' order by md5(id::text) limit 1000`;
    const bare = await bareBullmq(REDIS_URL, BARE_PREFIX, app.config.workerConcurrency, { concurrency: opts.concurrency });
    resources.add('close bare bullmq', () => bare.close());
    // The fair bar: the same body the app's worker builds for a seeded event, sent through the same adapter.
    const event = await returnMerchantEvent({ db: app.database.db } as ServiceContext, events[0].id, 'return.requested');
    const fair = await partnerBullmq(REDIS_URL, FAIR_PREFIX, app.config.workerConcurrency, {
      concurrency: opts.concurrency, partner, pool: sql, event,
      endpoint: { id: merchant.id, endpoint: partner.url, signingSecret: partner.secret, settings: {}, timeoutMs: app.config.partnerTimeoutMs },
    });
    resources.add('close bare bullmq with partner calls', () => fair.close());
    const deps = { app, sql, partner, clock, concurrency: opts.concurrency, log };
    log(`\npartner dispatch: warm-up ${opts.warmupJobs} jobs per pipeline, then ${opts.jobs} in ${opts.rounds} round(s); ${opts.concurrency} producers in flight, worker concurrency ${app.config.workerConcurrency}; partner ${partner.url}`);
    const dispatchRows = await runDispatch([
      apiPipeline(deps, planTask(client, gatewayWrite(endpoint, dispatchOrders, tokens))),
      outboxPipeline(deps, merchant.id, events),
      fair,
      bare,
    ], { jobs: opts.jobs, warmup: opts.warmupJobs, rounds: opts.rounds, timeLimitMs: opts.timeLimitSeconds * 1000 }, log);
    const dispatch: DispatchSection = {
      rows: dispatchRows, workerConcurrency: app.config.workerConcurrency, producers: opts.concurrency,
      duplicates: partner.duplicates, badSignatures: partner.badSignatures, idleJobs: IDLE_JOBS,
    };

    // 9. Report.
    const report: BenchReport = {
      machine: describeMachine(`PostgreSQL ${serverVersion}`),
      seeded: seeded.counts,
      seedSeconds: seeded.seconds,
      concurrency: opts.concurrency,
      poolSize: POOL_SIZE,
      rounds: opts.rounds,
      scenarios,
      peer: peerReport,
      geo,
      dispatch,
    };
    const figures = opts.dispatch ? dispatchFigures(report) : figuresMarkdown(report);
    log(`\n${figures}\n`);
    const geoFailed = geo !== undefined && (geo.explain.some((e) => e.fullScan) || geo.radiusCostViolations.length > 0);
    if (opts.writeDocs && geo && !geoFailed) {
      writeDocs(DOCS_FILE, figures);
      log(`updated ${path.relative(process.cwd(), DOCS_FILE)}`);
    }
    const failed = scenarios.reduce((n, s) => n + s.gateway.failures + s.baseline.failures, 0)
      + dispatchRows.reduce((n, r) => n + r.stats.failures + r.idle.failures, 0) + partner.badSignatures + partner.duplicates + geoMismatches;
    if (failed) log(`${failed} request(s), job(s) or result check(s) failed: the figures above are not a clean run.`);
    if (geo?.explain.some((e) => e.fullScan)) {
      process.stderr.write('bench: FAILED: the geo search scans drop_off_locations in full (Seq Scan); see the plan above. Docs not written.\n');
      return 1;
    }
    if (geo?.radiusCostViolations.length) {
      process.stderr.write(`bench: FAILED: a 100 km geo search reads far more buffers than a 5 km one (${geo.radiusCostViolations.join('; ')}); see the plan above. Docs not written.\n`);
      return 1;
    }
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
