import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { returnRiskModels } from '../../db/schema';
import {
  activationRefusal, auc, baseRateScores, brier, calibrationBins, expectedCalibrationError, fitLogisticRegression, fitStandardizer, logLoss, predict,
  smoothedRate, standardize, type CalibrationBin, type Standardizer,
} from '../../domain/risk-model';
import {
  bracketedLines, RISK_FEATURE_NAMES, RISK_MIN_ROWS, RISK_L2, RISK_SMOOTHING, riskFeatureRow, type RiskEncodings, type RiskLineInput,
} from '../../domain/return-risk-features';
import { requireAdmin, requireStaff } from '../access';
import type { ServiceContext } from '../context';
import { BadInputError, fail, ok, type Outcome } from '../errors';
import { currentLabelRule, longestWindowDays, majorUnits, outcomeTimes, returnedByLine, type LabelRule } from './risk-history';
import type { Executor } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { runExclusive, TimeLimit, type Exclusive } from './exclusive-run';
import type { ProgressFn } from './progress';

export type RiskModelRow = typeof returnRiskModels.$inferSelect;

/** What `return_risk_models.model` holds: everything scoring needs. */
export interface StoredRiskModel {
  features: string[];
  intercept: number;
  weights: number[];
  standardizer: Standardizer;
  encodings: RiskEncodings;
  labelRule: LabelRule;
  l2: number;
  iterations: number;
  converged: boolean;
}

/** What `return_risk_models.metrics` holds: holdout evaluation (and the training fit for comparison). */
export interface StoredRiskMetrics {
  auc: number | null;
  logLoss: number;
  brier: number;
  expectedCalibrationError: number;
  baseRate: number;
  /** Log-loss and Brier score of predicting `baseRate` for every holdout line: what the model must beat to be active. */
  baseRateLogLoss?: number;
  baseRateBrier?: number;
  /** Returned lines in the holdout. */
  holdoutPositives?: number;
  trainBaseRate: number;
  trainAuc: number | null;
  calibration: CalibrationBin[];
  trainLastOrderAt: string;
  holdoutFirstOrderAt: string;
  holdoutLastOrderAt: string;
}

export interface TrainOptions {
  seed?: number | null;
  holdoutWeeks?: number | null;
  maxRows?: number | null;
  /**
   * Train as of this day (UTC; an ISO string once queued): only orders and returns known by then are read. A model
   * trained as of a past day is an evaluation and stays inactive. Default: today.
   */
  asOf?: Date | string | null;
}

export const RISK_ALGORITHM = 'logistic-regression-l2-irls';
const DAY_MS = 86_400_000;
/** Serialises training cluster-wide (the scheduled job and the admin mutation may overlap): a transaction-scoped advisory lock. */
export const TRAIN_LOCK = 7_311_077;
const FOLDS = 5;

interface SampleRow {
  part: 'train' | 'holdout';
  order_id: string;
  placed: number;
  sku: string;
  category: string;
  quantity: number;
  price: number;
  discount: number;
  delay_days: number | null;
  cust_bought: number;
  cust_returned: number;
  prior_orders: number;
  label: boolean;
  fold: number;
}

interface Counts { n: number; pos: number }

/** The fold of an order for out-of-fold target encoding (deterministic given the seed). */
const foldOf = (seed: number, orderId: string) =>
  sql`(get_byte(decode(md5(${String(seed)} || ':fold:' || ${sql.raw(orderId)}::text), 'hex'), 0) % ${FOLDS})`;

/**
 * Every line of orders placed before `trainedUntil` with its label, when its outcome became known, and the customer's
 * units bought/returned on earlier orders whose outcome was known when this one was placed (a running sum over one
 * time line per customer: outcome events at known_at, sorted before order events at the same instant). Columns are
 * cast to the types the training reads, so the temp table and the CTE built from it hold the same values.
 */
function labelledLines(rule: LabelRule, trainedUntil: Date): SQL {
  const { horizon, knownAt } = outcomeTimes(rule, 'l', 'o');
  return sql`with timed as (
      select l.id as line_id, l.order_id, l.line_number, o.customer_id, o.placed_at, l.sku, l.category, l.quantity,
        ${majorUnits('l.unit_price_minor', 'l.currency_code')} as price, ${majorUnits('l.discount_minor', 'l.currency_code')} as discount,
        extract(epoch from (o.delivered_at - o.placed_at)) / 86400.0 as delay_days, ${horizon} as horizon, ${knownAt} as known_at
      from order_lines l join orders o on o.id = l.order_id
      where o.placed_at < ${trainedUntil.toISOString()}::timestamptz
    ),
    returned as (${returnedByLine('timed')}),
    outcome as (
      select t.*, least(coalesce(r.units, 0), t.quantity) as returned_units from timed t left join returned r using (line_id)
    ),
    events as (
      select customer_id, known_at as t, 0 as kind, null::uuid as order_id, quantity as bought, returned_units as returned from outcome
      union all
      select distinct customer_id, placed_at, 1, order_id, 0, 0 from outcome
    ),
    history as (
      select order_id, sum(bought) over w as bought, sum(returned) over w as returned, sum(kind) over w - 1 as prior_orders from events
      window w as (partition by customer_id order by t, kind rows between unbounded preceding and current row)
    )
    select o.line_id, o.order_id, o.line_number::int, o.placed_at, o.sku::text, o.category::text, o.quantity::int,
      o.price::float8, o.discount::float8, o.delay_days::float8, o.returned_units::int, o.returned_units > 0 as label,
      h.bought::float8 as cust_bought, h.returned::float8 as cust_returned, h.prior_orders::int,
      max(o.known_at) over (partition by o.order_id) as order_known_at
    from outcome o join history h on h.order_id = o.order_id`;
}

/**
 * Where the queries below find `risk_lines`. On the primary, a temp table filled once (labelling runs once); a
 * replica refuses temp tables (a hot standby, any read-only transaction), so there each query starts with the
 * labelling as a materialized CTE (it runs once per query, three times a training).
 */
type LinesSource = { kind: 'table' } | { kind: 'cte'; select: SQL };

/** The WITH clause of a query over `risk_lines`: the labelling CTE when `lines` is one, then the query's own CTEs. */
function withLines(lines: LinesSource, ...ctes: SQL[]): SQL {
  const all = lines.kind === 'cte' ? [sql`risk_lines as materialized (${lines.select})`, ...ctes] : ctes;
  return all.length ? sql`with ${sql.join(all, sql`, `)} ` : sql``;
}

/** Fills the temp table `risk_lines` (dropped at commit) with the labelled lines. */
async function materialiseLines(db: Executor, select: SQL): Promise<void> {
  await db.execute(sql`create temp table risk_lines on commit drop as ${select}`);
}

/** Per SKU and category, per fold: lines and lines returned in the training window; plus the global figures. */
async function trainingAggregates(db: Executor, lines: LinesSource, seed: number, holdoutFrom: Date) {
  const train = sql`(select *, ${foldOf(seed, 'order_id')} as fold from risk_lines where order_known_at <= ${holdoutFrom.toISOString()}::timestamptz)`;
  const groups = rowsOf<{ kind: string; key: string; fold: number; n: number; pos: number }>(await db.execute(sql`${withLines(lines)}
    select 'sku' as kind, sku as key, fold, count(*)::int as n, count(*) filter (where label)::int as pos from ${train} t group by sku, fold
    union all
    select 'category', category, fold, count(*)::int, count(*) filter (where label)::int from ${train} t group by category, fold`));
  const medians = rowsOf<{ category: string | null; median: number; n: number; pos: number; units: number; returned: number; delay: number | null }>(
    await db.execute(sql`${withLines(lines)}
      select category, percentile_cont(0.5) within group (order by price)::float8 as median, count(*)::int as n,
        count(*) filter (where label)::int as pos, sum(quantity)::float8 as units, sum(returned_units)::float8 as returned,
        avg(delay_days)::float8 as delay
      from ${train} t group by grouping sets ((category), ())`));
  return { groups, medians };
}

/** Training and holdout lines, each capped at maxRows by whole orders in seeded-hash order. */
async function sampleRows(db: Executor, lines: LinesSource, seed: number, holdoutFrom: Date, asOf: Date, maxRows: number): Promise<SampleRow[]> {
  return rowsOf<SampleRow>(await db.execute(sql`${withLines(lines,
    sql`c as (
      select *, case when order_known_at <= ${holdoutFrom.toISOString()}::timestamptz then 'train'
                     when placed_at >= ${holdoutFrom.toISOString()}::timestamptz and order_known_at <= ${asOf.toISOString()}::timestamptz then 'holdout' end as part
      from risk_lines
    )`,
    sql`per_order as (
      select part, order_id, count(*) as n, md5(${String(seed)} || ':sample:' || order_id::text) as k from c where part is not null group by part, order_id
    )`,
    sql`picked as (
      select part, order_id, k from (
        select *, sum(n) over (partition by part order by k, order_id rows between unbounded preceding and current row) as running from per_order
      ) z where running <= ${maxRows}
    )`)}
    select c.part, c.order_id, extract(epoch from c.placed_at)::float8 * 1000 as placed, c.sku, c.category, c.quantity, c.price, c.discount,
      c.delay_days, c.cust_bought, c.cust_returned, c.prior_orders, c.label, ${foldOf(seed, 'c.order_id')} as fold
    from c join picked p on p.part = c.part and p.order_id = c.order_id
    order by c.part, p.k, c.order_id, c.line_number`));
}

function encode(aggregates: Awaited<ReturnType<typeof trainingAggregates>>): {
  encodings: RiskEncodings; totals: Map<string, Counts>; byFold: Map<string, Counts>;
} {
  const overall = aggregates.medians.find((m) => m.category === null);
  const totals = new Map<string, Counts>();
  const byFold = new Map<string, Counts>();
  for (const g of aggregates.groups) {
    const key = `${g.kind}\u0000${g.key}`;
    const t = totals.get(key) ?? { n: 0, pos: 0 };
    totals.set(key, { n: t.n + g.n, pos: t.pos + g.pos });
    byFold.set(`${key}\u0000${g.fold}`, { n: g.n, pos: g.pos });
  }
  const globalLineRate = overall && overall.n ? overall.pos / overall.n : 0;
  const skuRates: Record<string, number> = {};
  const categoryRates: Record<string, number> = {};
  for (const [key, c] of totals) {
    const [kind, name] = key.split('\u0000');
    if (kind === 'sku') skuRates[name] = smoothedRate(c.pos, c.n, globalLineRate, RISK_SMOOTHING.sku);
    else categoryRates[name] = smoothedRate(c.pos, c.n, globalLineRate, RISK_SMOOTHING.category);
  }
  const encodings: RiskEncodings = {
    globalLineRate,
    globalUnitRate: overall && overall.units ? overall.returned / overall.units : 0,
    skuRates, categoryRates,
    categoryMedianPrice: Object.fromEntries(aggregates.medians.filter((m) => m.category !== null).map((m) => [m.category, m.median])),
    globalMedianPrice: overall?.median ?? 0,
    meanDeliveryDelayDays: overall?.delay ?? 0,
    smoothing: { ...RISK_SMOOTHING },
  };
  return { encodings, totals, byFold };
}

/** A training row's SKU/category rate without its own fold, so no row is encoded with its own label. */
function outOfFold(kind: 'sku' | 'category', name: string, fold: number, enc: ReturnType<typeof encode>): number {
  const key = `${kind}\u0000${name}`;
  const total = enc.totals.get(key) ?? { n: 0, pos: 0 };
  const own = enc.byFold.get(`${key}\u0000${fold}`) ?? { n: 0, pos: 0 };
  return smoothedRate(total.pos - own.pos, total.n - own.n, enc.encodings.globalLineRate, RISK_SMOOTHING[kind]);
}

/** Feature rows of sampled lines, with size bracketing worked out per order (orders are sampled whole). */
function featureRows(rows: SampleRow[], enc: ReturnType<typeof encode>, outOfFoldRates: boolean): number[][] {
  const result: number[][] = [];
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end < rows.length && rows[end].order_id === rows[start].order_id) end += 1;
    const order = rows.slice(start, end);
    const bracketed = bracketedLines(order.map((r) => r.sku));
    order.forEach((r, i) => {
      const line: RiskLineInput = {
        sku: r.sku, category: r.category, unitPriceMajor: r.price, quantity: r.quantity, discountMajor: r.discount,
        customerBoughtUnits: r.cust_bought, customerReturnedUnits: r.cust_returned, customerPriorOrders: r.prior_orders, bracketed: bracketed[i], deliveryDelayDays: r.delay_days,
      };
      const rates = outOfFoldRates
        ? { sku: outOfFold('sku', r.sku, r.fold, enc), category: outOfFold('category', r.category, r.fold, enc) }
        : undefined;
      result.push(riskFeatureRow(line, enc.encodings, rates));
    });
    start = end;
  }
  return result;
}

/** The training options with defaults applied; out of range is BAD_USER_INPUT (checked before a run is queued). */
export function resolveTrainOptions(ctx: ServiceContext, options: TrainOptions): { seed: number; holdoutWeeks: number; maxRows: number; asOf: string | null } {
  const seed = options.seed ?? 1;
  let asOf: string | null = null;
  if (options.asOf !== undefined && options.asOf !== null) {
    const at = new Date(options.asOf);
    if (Number.isNaN(at.getTime()) || at > ctx.now()) throw new BadInputError('asOf must be a valid date, not in the future', ['asOf']);
    asOf = startOfDay(at).toISOString();
  }
  const holdoutWeeks = options.holdoutWeeks ?? ctx.config.riskModelHoldoutWeeks;
  const maxRows = options.maxRows ?? ctx.config.riskModelMaxRows;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2_147_483_647) throw new BadInputError('seed must be an integer from 0 to 2147483647', ['seed']);
  if (!Number.isInteger(holdoutWeeks) || holdoutWeeks < 1 || holdoutWeeks > 52) throw new BadInputError('holdoutWeeks must be from 1 to 52', ['holdoutWeeks']);
  if (!Number.isInteger(maxRows) || maxRows < 100 || maxRows > 5_000_000) throw new BadInputError('maxRows must be from 100 to 5000000', ['maxRows']);
  return { seed, holdoutWeeks, maxRows, asOf };
}

/** The start of a date's UTC day. */
const startOfDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

function classCounts(y: number[]) {
  const pos = y.reduce((s, v) => s + v, 0);
  return { pos, neg: y.length - pos };
}

/** Yields to the event loop once. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Reading {
  seed: number;
  holdoutWeeks: number;
  maxRows: number;
  asOf: Date;
  phase: (fraction: number, name: string, on: Executor) => Promise<void>;
}

/**
 * Everything training reads, on `tx.db` (the locked transaction on the primary, or a read-only snapshot on the
 * replica): the label rule, the cut-offs it implies, and over the labelled lines (`lines`: the temp table, or the CTE
 * where temp tables are refused) the target-encoding aggregates and the sampled rows.
 */
async function readHistory(tx: ServiceContext, lines: LinesSource['kind'], r: Reading) {
  await r.phase(0.02, 'labelling order lines', tx.db);
  const rule = await currentLabelRule(tx, tx.config.riskModelLabelGraceDays);
  const trainedUntil = new Date(r.asOf.getTime() - (longestWindowDays(rule) + rule.graceDays) * DAY_MS);
  const holdoutFrom = new Date(trainedUntil.getTime() - r.holdoutWeeks * 7 * DAY_MS);
  const select = labelledLines(rule, trainedUntil);
  const source: LinesSource = lines === 'cte' ? { kind: 'cte', select } : { kind: 'table' };
  if (source.kind === 'table') await materialiseLines(tx.db, select);
  await r.phase(0.4, 'target encodings', tx.db);
  const aggregates = await trainingAggregates(tx.db, source, r.seed, holdoutFrom);
  await r.phase(0.5, 'sampling lines', tx.db);
  const rows = await sampleRows(tx.db, source, r.seed, holdoutFrom, r.asOf, r.maxRows);
  return { rule, trainedUntil, holdoutFrom, aggregates, rows };
}

/** How a training runs: its progress, what it does in the storing transaction, and whether it waits for one in progress. */
export interface TrainRun<W extends boolean = true> {
  onProgress?: ProgressFn;
  /**
   * Runs in the transaction that stores the version, after the insert: an admin operation checks there that it still
   * owns the run and records its outcome, and its throw undoes the store (a run taken for dead and started again must
   * not leave a second version).
   */
  onStore?: (tx: Executor, row: RiskModelRow) => Promise<void>;
  /** Wait (retrying) for a training in progress (admins); false: SKIPPED at once (the schedule). Default true. */
  wait?: W;
}

/**
 * Trains a return-risk model on the platform's own history: features from set-based SQL over
 * orders whose outcome is known, a time-based holdout (the last `holdoutWeeks` of mature orders;
 * training uses only orders whose outcome was known before the holdout starts), L2 logistic
 * regression, holdout metrics. Stores the model as the next version: active when, on its holdout, it beats
 * predicting the base rate on both log-loss and Brier score with at least RISK_MIN_POSITIVES returned lines
 * (activationRefusal), else inactive with the reason. Admins and the scheduled job. One transaction on the primary from start to store holds the training
 * lock (runExclusive), so trainings never overlap; it ends within RISK_MODEL_TRAIN_TIMEOUT_MS or is rolled back
 * (TimeLimitExceeded). With a replica (DATABASE_READ_URL) the reads run there, in one read-only snapshot under the
 * same limit.
 */
export async function trainReturnRiskModel<W extends boolean = true>(
  ctx: ServiceContext, options: TrainOptions = {}, run: TrainRun<W> = {},
): Promise<Exclusive<Outcome<RiskModelRow>, W>> {
  if (ctx.actor.kind !== 'system') requireAdmin(ctx);
  const { seed, holdoutWeeks, maxRows, asOf: askedAsOf } = resolveTrainOptions(ctx, options);
  const step: ProgressFn = run.onProgress ?? (() => undefined);
  const limit = new TimeLimit('return-risk model training', 'RISK_MODEL_TRAIN_TIMEOUT_MS', ctx.config.riskModelTrainTimeoutMs);
  const onWait = () => step(0, 'waiting for a training in progress');
  return runExclusive(ctx.database, TRAIN_LOCK, { limit, wait: run.wait ?? true as W, onWait }, async (db): Promise<Outcome<RiskModelRow>> => {
    const phase = limit.phases(step, db);
    const now = ctx.now();
    // Cut-offs from the start of today (UTC), or of the day asked for, so two runs on the same day and data give the
    // same model; every read below stops at asOf (orders placed, outcomes known by then).
    const today = startOfDay(now);
    const asOf = askedAsOf ? new Date(askedAsOf) : today;
    const reading = { seed, holdoutWeeks, maxRows, asOf, phase };
    // With a replica the reads leave the primary, where only the lock and the store stay: one read-only snapshot there.
    const { rule, trainedUntil, holdoutFrom, aggregates, rows } = ctx.database.read === ctx.database.db
      ? await readHistory({ ...ctx, db }, 'table', reading)
      : await ctx.database.read.transaction((replica) => readHistory({ ...ctx, db: replica }, 'cte', reading),
        { isolationLevel: 'repeatable read', accessMode: 'read only' });
    const train = rows.filter((r) => r.part === 'train');
    const holdout = rows.filter((r) => r.part === 'holdout');
    const yTrain = train.map((r) => (r.label ? 1 : 0));
    const yHoldout = holdout.map((r) => (r.label ? 1 : 0));
    const [ct, ch] = [classCounts(yTrain), classCounts(yHoldout)];
    if (train.length < RISK_MIN_ROWS.train || holdout.length < RISK_MIN_ROWS.holdout
      || Math.min(ct.pos, ct.neg, ch.pos, ch.neg) < RISK_MIN_ROWS.perClass) {
      return fail<RiskModelRow>('NOT_ENOUGH_HISTORY',
        `Not enough mature history: ${train.length} training lines (${ct.pos} returned) before ${holdoutFrom.toISOString()} and `
        + `${holdout.length} holdout lines (${ch.pos} returned) up to ${trainedUntil.toISOString()}; need at least `
        + `${RISK_MIN_ROWS.train} and ${RISK_MIN_ROWS.holdout}, with ${RISK_MIN_ROWS.perClass} returned and kept in each`);
    }
    // The CPU-bound phases run in the worker process: yield between them so its other jobs and lock renewals go on.
    await phase(0.6, 'features');
    const enc = encode(aggregates);
    await breathe();
    const xTrain = featureRows(train, enc, true);
    const standardizer = fitStandardizer(xTrain);
    await phase(0.7, 'fitting');
    await breathe();
    const fit = fitLogisticRegression(xTrain.map((x) => standardize(standardizer, x)), yTrain, { l2: RISK_L2 });
    const score = (x: number[]) => predict(fit, standardize(standardizer, x));
    await phase(0.9, 'evaluating on the holdout');
    await breathe();
    const pHoldout = featureRows(holdout, enc, false).map(score);
    const calibration = calibrationBins(pHoldout, yHoldout);
    const base = baseRateScores(yHoldout);
    const metrics: StoredRiskMetrics = {
      auc: auc(pHoldout, yHoldout), logLoss: logLoss(pHoldout, yHoldout), brier: brier(pHoldout, yHoldout),
      expectedCalibrationError: expectedCalibrationError(calibration), baseRate: ch.pos / holdout.length,
      baseRateLogLoss: base.logLoss, baseRateBrier: base.brier, holdoutPositives: ch.pos,
      trainBaseRate: ct.pos / train.length, trainAuc: auc(xTrain.map(score), yTrain), calibration,
      trainLastOrderAt: new Date(train.reduce((m, r) => Math.max(m, r.placed), -Infinity)).toISOString(),
      holdoutFirstOrderAt: new Date(holdout.reduce((m, r) => Math.min(m, r.placed), Infinity)).toISOString(),
      holdoutLastOrderAt: new Date(holdout.reduce((m, r) => Math.max(m, r.placed), -Infinity)).toISOString(),
    };
    const model: StoredRiskModel = {
      features: [...RISK_FEATURE_NAMES], intercept: fit.intercept, weights: fit.weights, standardizer, encodings: enc.encodings,
      labelRule: rule, l2: RISK_L2, iterations: fit.iterations, converged: fit.converged,
    };
    // Active only when it predicts better than the base rate on enough positives, and only when trained on today's data.
    const inactiveReason = asOf < today
      ? `Trained as of ${asOf.toISOString().slice(0, 10)} (an evaluation of the past): only a model trained on today's data scores orders`
      : activationRefusal({
        logLoss: metrics.logLoss, brier: metrics.brier, baseRateLogLoss: base.logLoss, baseRateBrier: base.brier,
        positives: ch.pos, minPositives: ctx.config.riskMinPositives,
      });
    await phase(0.99, 'saving');
    const [{ next }] = rowsOf<{ next: number }>(await db.execute(sql`select coalesce(max(version), 0)::int + 1 as next from return_risk_models`));
    const [stored] = await db.insert(returnRiskModels).values({
      version: next, algorithm: RISK_ALGORITHM, seed, trainedAt: now, holdoutFrom, trainedUntil,
      trainRows: train.length, holdoutRows: holdout.length, features: [...RISK_FEATURE_NAMES],
      model: model as unknown as Record<string, unknown>, metrics: metrics as unknown as Record<string, unknown>,
      active: inactiveReason === null, inactiveReason, asOf: askedAsOf ? asOf : null,
    }).returning();
    await run.onStore?.(db, stored);
    return ok(stored);
  });
}

/** The active model with the highest version, or null (no staff check: scoring inside services uses it). */
export async function activeRiskModel(ctx: ServiceContext): Promise<RiskModelRow | null> {
  const [row] = await ctx.db.select().from(returnRiskModels).where(eq(returnRiskModels.active, true)).orderBy(desc(returnRiskModels.version)).limit(1);
  return row ?? null;
}

/** `returnRiskModel(version)`: one version, or the active one (staff). */
export async function riskModel(ctx: ServiceContext, version?: number | null): Promise<RiskModelRow | null> {
  requireStaff(ctx);
  if (version === undefined || version === null) return activeRiskModel(ctx);
  const [row] = await ctx.db.select().from(returnRiskModels).where(eq(returnRiskModels.version, version));
  return row ?? null;
}
