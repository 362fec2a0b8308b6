import path from 'node:path';
import { PgDialect } from 'drizzle-orm/pg-core';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { startApi } from '../../src/app';
import { loadConfig } from '../../src/config';
import { generateHistory } from '../../src/demo/history';
import { ANALYTICS_GROUP_BYS, analyticsDayRange, splitAtWeeks, type AnalyticsGroupBy } from '../../src/domain/analytics';
import { refreshAnalytics, type RefreshSummary } from '../../src/services/insight/analytics-refresh.service';
import { mixCodes, skuWeeklyHistWidth, skuWeeklyStatement } from '../../src/services/insight/analytics-sku-weekly';
import { analyticsStatements } from '../../src/services/insight/analytics.service';
import type { BenchOptions } from './args';
import { createBenchDatabase } from './database';
import { JsonClient, runLoad, summarize, type Stats } from './load';
import { describeMachine, writeDocs } from './report';

/** What the analytics scenario needs from the bench's entry point. */
export interface AnalyticsBenchDeps {
  adminUrl: string;
  /** Redis for the app (production settings take it only from REDIS_URL). */
  redisUrl: string;
  jwtSecret: string;
  queuePrefix: string;
  docsFile: string;
  resources: { add(label: string, step: () => Promise<void>): void };
  log(line: string): void;
}

const QUERY = `query($from: DateTime!, $to: DateTime!, $groupBy: AnalyticsGroupBy) {
  returnAnalytics(from: $from, to: $to, groupBy: $groupBy) {
    soldUnits returnedUnits returnRate refunded { amount currencyCode } valueRecovered { amount } recoveryRate medianDaysToRefund
    groupCount groups { key soldUnits returnedUnits returnRate refunded { amount currencyCode } valueRecovered { amount } recoveryRate
      returnShippingCost { amount } refurbishmentCost { amount } medianDaysToRefund reasons { code units } dispositions { disposition units share } }
    analyticsFreshness { refreshedAt } } }`;

/** Tables the analytics statements must never touch: a plan mentioning one of them reads the history, not the aggregates. */
const RAW_TABLES = ['orders', 'order_lines', 'returns', 'return_items'];

export const ANALYTICS_DOCS_BEGIN = '<!-- bench:analytics:begin (written by `npm run bench -- --analytics --write-docs`) -->';
export const ANALYTICS_DOCS_END = '<!-- bench:analytics:end -->';

interface GroupRow { groupBy: string; stats: Stats; statements: number; groups: number }
interface PlanRow { statement: string; ms: number; buffers: number; indexes: string[]; raw: string[] }

const f1 = (n: number) => n.toFixed(1);
const n0 = (n: number) => n.toLocaleString('en-US');
const refreshLine = (label: string, s: RefreshSummary) =>
  `${label}: ${(s.durationMs / 1000).toFixed(1)} s — ${n0(s.orderDays)} order days, ${n0(s.salesRows)} sales rows, ${n0(s.returnRows)} return rows, ${n0(s.customers)} customers`;

/**
 * `npm run bench -- --analytics [--orders N] [--weeks N]`: a generated history (src/demo/history.ts) of N orders, a full
 * refresh of the aggregates, incremental refreshes (nothing changed; recent orders changed), then returnAnalytics for
 * every groupBy over the last 52 weeks through the gateway, and EXPLAIN (ANALYZE, BUFFERS) of its statements.
 */
export async function runAnalyticsBench(opts: BenchOptions, deps: AnalyticsBenchDeps): Promise<number> {
  const { log } = deps;
  const benchDb = await createBenchDatabase(deps.adminUrl);
  deps.resources.add('drop database', () => benchDb.drop(opts.keep, log));
  log(`database ${benchDb.name}`);
  const app = await startApi(loadConfig({
    NODE_ENV: 'production', MIGRATE_ON_START: 'true', DATABASE_URL: benchDb.url, REDIS_URL: deps.redisUrl, JWT_SECRET: deps.jwtSecret, PORT: '0', LOG_LEVEL: 'error', GRAPHQL_INTROSPECTION: 'false',
    QUEUE_PREFIX: deps.queuePrefix, ANALYTICS_REFRESH_MS: '0', ANALYTICS_FULL_REFRESH_MS: '0',
  }));
  deps.resources.add('stop api', async () => { await app.stop(); });
  const sql = postgres(benchDb.url, { max: 1, onnotice: () => undefined });
  deps.resources.add('close sql', () => sql.end({ timeout: 5 }));

  const end = new Date();
  log(`generating ${n0(opts.orders)} orders over ${opts.weeks} weeks`);
  const history = await generateHistory(app.database, { orders: opts.orders, seed: 1, weeks: opts.weeks, end, refresh: false, log: (l) => log(`  ${l}`) });
  await sql`analyze`;
  log(`generated in ${(history.elapsedMs / 1000).toFixed(1)} s: ${n0(history.orders)} orders, ${n0(history.orderLines)} lines, ${n0(history.returns)} returns, ${n0(history.returnItems)} return items`);

  const full = await refreshAnalytics(app.database, { full: true });
  log(refreshLine('full refresh', full));
  await sql`analyze analytics_sales_daily`;
  await sql`analyze analytics_returns_daily`;
  await sql`analyze analytics_sales_category_daily`;
  await sql`analyze analytics_returns_category_daily`;
  await sql`analyze analytics_sku_weekly`;
  const idle = await refreshAnalytics(app.database, { overlapMs: 0 });
  log(refreshLine('incremental refresh, nothing changed', idle));
  // 500 of the most recent orders change (as a re-import would): their days are recomputed.
  await sql`update orders set updated_at = now() where id in (select id from orders order by placed_at desc limit 500)`;
  const touched = await refreshAnalytics(app.database, { overlapMs: 0 });
  log(refreshLine('incremental refresh, 500 recent orders changed', touched));

  const client = new JsonClient(`http://127.0.0.1:${app.http.port}/graphql`, 1);
  deps.resources.add('close http client', async () => client.close());
  const token = await new SignJWT({ role: 'OPERATOR' }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench-analyst').setIssuedAt().setExpirationTime('6h')
    .sign(new TextEncoder().encode(deps.jwtSecret));
  const from = new Date(end.getTime() - 364 * 86_400_000);
  const to = new Date(end.getTime() + 1);
  const groupBys: Array<AnalyticsGroupBy | null> = [null, ...ANALYTICS_GROUP_BYS];
  const rows: GroupRow[] = [];
  let failed = 0;
  for (const groupBy of groupBys) {
    let groups = 0;
    const task = async () => {
      const res = await client.post<{ data?: { returnAnalytics: { groupCount: number } }; errors?: unknown }>(
        { query: QUERY, variables: { from: from.toISOString(), to: to.toISOString(), groupBy } }, { authorization: `Bearer ${token}` });
      if (res.body.errors || !res.body.data) throw new Error(JSON.stringify(res.body.errors).slice(0, 300));
      groups = res.body.data.returnAnalytics.groupCount;
    };
    await runLoad(task, { count: 2, concurrency: 1, timeLimitMs: opts.timeLimitSeconds * 1000 });
    const before = app.database.statementCount();
    const run = await runLoad(task, { count: opts.analyticsReads, concurrency: 1, timeLimitMs: opts.timeLimitSeconds * 1000 });
    const stats = summarize(run);
    failed += stats.failures;
    if (run.failures) log(`  ${groupBy ?? 'totals'}: ${run.failures} failed, e.g. ${run.failureSamples[0]}`);
    rows.push({ groupBy: groupBy ?? '(none: totals)', stats, statements: (app.database.statementCount() - before) / Math.max(1, stats.requests), groups });
    log(`returnAnalytics(groupBy: ${groupBy ?? 'null'}): p50 ${f1(stats.p50)} ms, p95 ${f1(stats.p95)} ms, ${groups} groups`);
  }

  // EXPLAIN exactly the statements the service sends, for a year by CATEGORY, and by SKU within the smallest category.
  const dialect = new PgDialect();
  const range = analyticsDayRange(from, to);
  const [{ category }] = await sql<Array<{ category: string }>>`select category from analytics_sales_daily group by category order by sum(units) limit 1`;
  const filtered = analyticsStatements({ groupBy: 'SKU', category }, range);
  // Grouped by SKU, the whole weeks of the year read the weekly SKU rollup.
  const split = splitAtWeeks(range);
  const weeks = split.weeks;
  const bySku = weeks ? skuWeeklyStatement(await mixCodes(app.database.db), await skuWeeklyHistWidth(app.database.db), { weeks, edges: split.edges }) : null;
  const statements = {
    ...analyticsStatements({ groupBy: 'CATEGORY' }, range),
    [`sales, SKU in ${category}`]: filtered.sales, [`returns, SKU in ${category}`]: filtered.returns,
    ...(bySku ? { 'SKU: whole weeks and the days around them': bySku } : {}),
  };
  const plans: PlanRow[] = [];
  for (const [name, statement] of Object.entries(statements)) {
    const q = dialect.sqlToQuery(statement);
    const plan = (await sql.unsafe(`explain (analyze, buffers) ${q.sql}`, q.params as never[])).map((r) => String(r['QUERY PLAN'])).join('\n');
    plans.push({
      statement: name,
      ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
      buffers: [...plan.matchAll(/Buffers: shared hit=(\d+)(?: read=(\d+))?/g)].slice(0, 1).reduce((n, m) => n + Number(m[1]) + Number(m[2] ?? 0), 0),
      indexes: [...new Set([...plan.matchAll(/(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) (\w+)/g)].map((m) => m[1]))],
      raw: RAW_TABLES.filter((t) => new RegExp(`\\bon ${t}\\b`).test(plan)),
    });
    log(`\nEXPLAIN ${name}:\n${plan}`);
  }

  const m = describeMachine(`PostgreSQL ${benchDb.serverVersion}`);
  const figures = [
    `Measured ${m.date} on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.postgres}.`,
    '',
    `History: ${n0(history.orders)} orders (${n0(history.orderLines)} lines, ${n0(history.units)} units) over ${opts.weeks} weeks, ${n0(history.returns)} returns`
      + ` (${n0(history.returnItems)} items), generated by \`generateHistory\` (seed 1) in ${(history.elapsedMs / 1000).toFixed(1)} s.`,
    `${refreshLine('Full refresh', full)}.`,
    `${refreshLine('Incremental refresh with nothing to do', idle)}.`,
    `${refreshLine('Incremental refresh after 500 recent orders changed', touched)}.`,
    '',
    `\`returnAnalytics\` over the last 52 weeks through the gateway as an operator, one request at a time, ${opts.analyticsReads} per groupBy after 2 warm-ups:`,
    '',
    '| groupBy | groups | p50 ms | p95 ms | max ms | SQL statements / request |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.groupBy} | ${n0(r.groups)} | ${f1(r.stats.p50)} | ${f1(r.stats.p95)} | ${f1(r.stats.max)} | ${f1(r.statements)} |`),
    '',
    'EXPLAIN (ANALYZE, BUFFERS) of the three statements for `groupBy: CATEGORY`, of two for `groupBy: SKU` filtered to the smallest category, and of the one statement behind `groupBy: SKU`:',
    '',
    '| statement | execution ms | shared buffers | indexes | history tables read |',
    '|---|---:|---:|---|---|',
    ...plans.map((p) => `| ${p.statement} | ${f1(p.ms)} | ${n0(p.buffers)} | ${p.indexes.join(', ') || '–'} | ${p.raw.join(', ') || 'none'} |`),
  ].join('\n');
  log(`\n${figures}\n`);
  const rawReads = plans.some((p) => p.raw.length > 0);
  if (rawReads) process.stderr.write('bench: FAILED: an analytics statement reads the order history instead of the aggregates.\n');
  if (opts.writeDocs && !rawReads && !failed) {
    writeDocs(deps.docsFile, figures, { begin: ANALYTICS_DOCS_BEGIN, end: ANALYTICS_DOCS_END });
    log(`updated ${path.relative(process.cwd(), deps.docsFile)}`);
  }
  return rawReads || failed ? 1 : 0;
}
