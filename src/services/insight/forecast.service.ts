import { eq } from 'drizzle-orm';
import { products } from '../../db/schema';
import type { Database } from '../../db/client';
import type { AnalyticsGroupBy } from '../../domain/analytics';
import { forecastGroup, weekIndex, weekStart, type CurvePrior, type ForecastWeek, type GroupForecast } from '../../domain/forecast';
import type { SalesModelKind } from '../../domain/holt-winters';
import { requireStaff } from '../access';
import { analyticsState } from './analytics-refresh.service';
import { replicaReads, type ServiceContext } from '../context';
import { BadInputError, NotFoundError } from '../errors';
import { emptyGroup, loadHistories, loadOutcomesAsOf, type GroupHistory, type Histories, type ReturnOutcomes, type Subgroups } from './forecast-history';

/*
 * Return forecasts and expected returned inventory (docs/forecasting.md). Reads the maintained weekly aggregates
 * (two grouped queries), runs the pure model in src/domain/forecast.ts per group, and caches the answer in-process
 * per (question, last complete week, aggregate refresh) — a refresh or a new week makes a new key.
 */

/** Weeks of history read: three years, so Holt-Winters has two full seasons and the backtest a third. */
export const HISTORY_WEEKS = 156;
/** Longest horizon asked for. */
export const MAX_HORIZON_WEEKS = 52;
/** Groups returned by default and at most (ranked by units requested back in the history window). */
export const DEFAULT_FORECAST_GROUPS = 20;
export const MAX_FORECAST_GROUPS = 100;
/** Pseudo-units a SKU's (category's) lag curve and outcome rates borrow from its category (the total). */
export const PRIOR_WEIGHT_UNITS = 50;
/** The key of the ungrouped forecast. */
export const TOTAL_KEY = 'TOTAL';

/** One forecast week as the API shows it. */
export type ForecastWeekView = Omit<ForecastWeek, 'week'> & { weekStart: string };

/** One group's forecast as the API shows it. */
export interface ForecastGroupView {
  key: string;
  category: string | null;
  weeks: ForecastWeekView[];
  backtestMape: number | null;
  backtestMase: number | null;
  backtest: {
    fromWeek: string; toWeek: string; origins: number; points: number; maseSeasonWeeks: number;
    intervalMethod: 'EMPIRICAL' | 'POISSON'; intervalSamples: number;
  } | null;
  salesModel: { kind: SalesModelKind; alpha: number; beta: number; gamma: number; phi: number; seasonWeeks: number };
  returnRate: number;
  returnRateByLag: number[];
  historyWeeks: number;
  notes: string[];
}

/** The answer to returnForecast. */
export interface ReturnForecastView {
  horizonWeeks: number;
  groupBy: AnalyticsGroupBy | null;
  historyFrom: string;
  historyTo: string;
  dataRefreshedAt: Date | null;
  groups: ForecastGroupView[];
  notes: string[];
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function toView(key: string, category: string | null, fromWeek: number, f: GroupForecast): ForecastGroupView {
  const bt = f.backtest;
  return {
    key,
    category,
    weeks: f.weeks.map((w) => ({
      weekStart: weekStart(fromWeek + w.week),
      expectedUnits: round(w.expectedUnits),
      fromPastSales: round(w.fromPastSales),
      fromFutureSales: round(w.fromFutureSales),
      expectedSales: round(w.expectedSales),
      low: round(w.low),
      high: round(w.high),
    })),
    backtestMape: bt?.mape == null ? null : round(bt.mape, 2),
    backtestMase: bt?.mase == null ? null : round(bt.mase, 3),
    backtest: bt && {
      fromWeek: weekStart(fromWeek + bt.fromWeek), toWeek: weekStart(fromWeek + bt.toWeek), origins: bt.origins, points: bt.points,
      maseSeasonWeeks: bt.maseSeason, intervalMethod: bt.interval.kind, intervalSamples: bt.interval.samples,
    },
    salesModel: { ...f.model.params, kind: f.model.kind, seasonWeeks: f.model.season },
    returnRate: round(f.curve.reduce((a, b) => a + b, 0), 4),
    returnRateByLag: f.curve.map((p) => round(p, 5)),
    historyWeeks: f.historyWeeks,
    notes: f.notes,
  };
}

// --- in-process cache ----------------------------------------------------------------------------------------------

const CACHE_ENTRIES = 64;
const caches = new WeakMap<Database, Map<string, Promise<unknown>>>();

/** Memoises compute() per database and key; a rejected computation is not kept. */
function cached<T>(ctx: ServiceContext, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(ctx.database);
  if (!cache) caches.set(ctx.database, (cache = new Map()));
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const value = compute();
  cache.set(key, value);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  value.catch(() => cache.delete(key));
  return value;
}

/**
 * The week axis as of `asOf` (default now): the last ISO week complete by then and the first of the window; plus the
 * refresh stamp. Sales and returns are read up to the end of that week only, so a past asOf sees what was known then.
 */
async function axis(ctx: ServiceContext, asOf: Date | null): Promise<{ fromWeek: number; toWeek: number; refreshedAt: Date | null; stamp: string }> {
  const toWeek = weekIndex(asOf ?? ctx.now()) - 1;
  const state = await analyticsState(replicaReads(ctx));
  return {
    fromWeek: toWeek - HISTORY_WEEKS + 1,
    toWeek,
    refreshedAt: state.refreshedAt,
    stamp: `${toWeek}:${state.refreshedAt?.toISOString() ?? 'never'}:${state.watermark?.toISOString() ?? ''}`,
  };
}

/** A past `asOf` as given, or null for now; a future or invalid one is bad input. */
function checkAsOf(ctx: ServiceContext, asOf: Date | null | undefined): Date | null {
  if (asOf === undefined || asOf === null) return null;
  if (Number.isNaN(asOf.getTime()) || asOf > ctx.now()) throw new BadInputError('asOf must be a valid date, not in the future', ['asOf']);
  return asOf;
}

function checkHorizon(horizonWeeks: number): void {
  if (!Number.isInteger(horizonWeeks) || horizonWeeks < 1 || horizonWeeks > MAX_HORIZON_WEEKS) {
    throw new BadInputError(`horizonWeeks must be a whole number from 1 to ${MAX_HORIZON_WEEKS}`, ['horizonWeeks']);
  }
}

const prior = (parent: GroupHistory): CurvePrior => ({ history: parent.history, weight: PRIOR_WEIGHT_UNITS });
const byRequested = (a: [string, GroupHistory], b: [string, GroupHistory]) =>
  b[1].outcomes.requested - a[1].outcomes.requested || a[0].localeCompare(b[0]);

/** The groups of one grouping, with the parent each lag curve is shrunk toward (none for the total and reasons). */
function groupsOf(h: Histories, groupBy: AnalyticsGroupBy | null, first: number): Array<{ key: string; category: string | null; g: GroupHistory; parent?: CurvePrior }> {
  switch (groupBy) {
    case 'CATEGORY':
      return [...h.categories].sort(byRequested).slice(0, first).map(([key, g]) => ({ key, category: key, g, parent: prior(h.total) }));
    case 'SKU':
      return [...h.subgroups].sort(byRequested).slice(0, first).map(([key, g]) => {
        const parent = g.category === null ? undefined : h.categories.get(g.category);
        return { key, category: g.category, g, parent: parent && prior(parent) };
      });
    case 'REASON':
      return [...h.subgroups].sort(byRequested).slice(0, first).map(([key, g]) => ({ key, category: null, g }));
    default:
      return [{ key: TOTAL_KEY, category: null, g: h.total }];
  }
}

/**
 * Forecast of units requested back per week for the next `horizonWeeks` weeks, in total (groupBy null or WEEK: the
 * forecast is weekly anyway), per category, per SKU (the `first` SKUs with the most returns; each leaning on its
 * category's lag curve when thin) or per reason (that reason's returns over total sales). DISPOSITION is refused:
 * the disposition of recent returns is not known yet, so its history is biased toward NONE.
 */
export async function returnForecast(
  ctx: ServiceContext, args: { horizonWeeks: number; groupBy?: AnalyticsGroupBy | null; first?: number | null; asOf?: Date | null },
): Promise<ReturnForecastView> {
  requireStaff(ctx);
  checkHorizon(args.horizonWeeks);
  const asOf = checkAsOf(ctx, args.asOf);
  const first = args.first ?? DEFAULT_FORECAST_GROUPS;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FORECAST_GROUPS) {
    throw new BadInputError(`first must be a whole number from 1 to ${MAX_FORECAST_GROUPS}`, ['first']);
  }
  if (args.groupBy === 'DISPOSITION') {
    throw new BadInputError('returnForecast groups by CATEGORY, SKU or REASON (or none, for the total); DISPOSITION is not forecast because recent returns have none yet', ['groupBy']);
  }
  const groupBy = args.groupBy === 'WEEK' ? null : args.groupBy ?? null;
  const { fromWeek, toWeek, refreshedAt, stamp } = await axis(ctx, asOf);
  return cached(ctx, `forecast:${groupBy}:${args.horizonWeeks}:${first}:${stamp}`, async () => {
    const sub: Subgroups = groupBy === 'SKU' ? { by: 'SKU', top: first } : groupBy === 'REASON' ? { by: 'REASON' } : { by: 'NONE' };
    const h = await loadHistories(ctx, fromWeek, toWeek, sub);
    const notes: string[] = [];
    if (h.total.history.sales.every((v) => v === 0)) {
      notes.push(refreshedAt
        ? 'No sales in the last three years of the analytics aggregates: nothing to forecast from.'
        : 'The analytics aggregates have never been refreshed (refreshAnalytics): nothing to forecast from.');
    }
    const groups: ForecastGroupView[] = [];
    for (const { key, category, g, parent } of groupsOf(h, groupBy, first)) {
      groups.push(toView(key, category, fromWeek, forecastGroup(g.history, args.horizonWeeks, parent)));
      // A group takes milliseconds of CPU; let other requests in between rather than block for a hundred SKUs.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return {
      horizonWeeks: args.horizonWeeks, groupBy: args.groupBy ?? null, historyFrom: weekStart(fromWeek), historyTo: weekStart(toWeek),
      dataRefreshedAt: refreshedAt, groups, notes,
    };
  });
}

/** A probability estimated from a group's own units, shrunk toward its parent's. */
export interface ShrunkRate { value: number; fromUnits: number; parentValue: number; parentWeight: number }

/** (hits + c · parent) / (trials + c); the parent's own rate when it has no data either (then 1 for receipt, 0 else). */
export function shrunkRate(hits: number, trials: number, parent: { hits: number; trials: number } | null, fallback: number): ShrunkRate {
  const parentValue = parent && parent.trials > 0 ? parent.hits / parent.trials : fallback;
  const c = parent ? PRIOR_WEIGHT_UNITS : 0;
  const value = trials + c > 0 ? (hits + c * parentValue) / (trials + c) : parentValue;
  return { value, fromUnits: trials, parentValue, parentWeight: trials + c > 0 ? c / (trials + c) : 1 };
}

/** The answer to expectedReturnedInventory. */
export interface ExpectedInventoryView {
  sku: string | null;
  category: string;
  horizonWeeks: number;
  weeks: Array<{ weekStart: string; expectedReturnedUnits: number; expectedSellableUnits: number; low: number; high: number }>;
  probability: number;
  receiptProbability: ShrunkRate;
  sellableProbability: ShrunkRate;
  forecast: ForecastGroupView;
  dataRefreshedAt: Date | null;
  notes: string[];
}

const receipt = (o: ReturnOutcomes) => ({ hits: o.receivedMature, trials: o.requestedMature });
const sellable = (o: ReturnOutcomes) => ({ hits: o.sellable, trials: o.decided });

/**
 * Units expected back in sellable condition per week for one SKU or one category: the return forecast × P(a requested
 * unit arrives) × P(an arrived unit is dispositioned to sellable stock), both shrunk toward the category's (the
 * total's) rates when the group has few units. Low/high scale the forecast's interval by the same probability. As of
 * a past day, both rates count only what was known by the end of the history (units received, dispositions decided
 * by then), read from the returns themselves.
 */
export async function expectedReturnedInventory(
  ctx: ServiceContext, args: { sku?: string | null; category?: string | null; horizonWeeks: number; asOf?: Date | null },
): Promise<ExpectedInventoryView> {
  requireStaff(ctx);
  checkHorizon(args.horizonWeeks);
  const asOf = checkAsOf(ctx, args.asOf);
  const sku = args.sku?.trim() || null;
  const askedCategory = args.category?.trim() || null;
  if ((sku === null) === (askedCategory === null)) {
    throw new BadInputError('Give exactly one of sku and category', sku === null ? ['sku', 'category'] : ['category']);
  }
  let category = askedCategory as string;
  if (sku !== null) {
    const [product] = await replicaReads(ctx).select({ category: products.category }).from(products).where(eq(products.sku, sku)).limit(1);
    if (!product) throw new NotFoundError('SKU');
    category = product.category;
  } else {
    const [known] = await replicaReads(ctx).select({ category: products.category }).from(products).where(eq(products.category, category)).limit(1);
    if (!known) throw new NotFoundError('Category');
  }
  const { fromWeek, toWeek, refreshedAt, stamp } = await axis(ctx, asOf);
  return cached(ctx, `inventory:${sku ?? ''}:${category}:${args.horizonWeeks}:${stamp}`, async () => {
    const h = await loadHistories(ctx, fromWeek, toWeek, sku ? { by: 'ONE_SKU', sku, category } : { by: 'NONE' });
    const empty = emptyGroup(toWeek - fromWeek + 1);
    const categoryGroup = h.categories.get(category) ?? empty;
    const group = sku ? h.subgroups.get(sku) ?? empty : categoryGroup;
    const parent = sku ? categoryGroup : h.total;
    if (asOf) {
      // The aggregates know what happened to each return since; as of a past day only what had happened by then counts.
      const known = await loadOutcomesAsOf(ctx, fromWeek, toWeek, sku ? { category, sku } : null);
      const none = emptyGroup(0).outcomes;
      group.outcomes = (sku ? known.sku : known.categories.get(category)) ?? none;
      parent.outcomes = (sku ? known.categories.get(category) : known.total) ?? none;
    }
    const forecast = toView(sku ?? category, category, fromWeek, forecastGroup(group.history, args.horizonWeeks, prior(parent)));
    const receiptProbability = shrunkRate(receipt(group.outcomes).hits, receipt(group.outcomes).trials, receipt(parent.outcomes), 1);
    const sellableProbability = shrunkRate(sellable(group.outcomes).hits, sellable(group.outcomes).trials, sellable(parent.outcomes), 0);
    const probability = receiptProbability.value * sellableProbability.value;
    const notes = [...forecast.notes];
    if (sellable(parent.outcomes).trials === 0) notes.push('No dispositioned returns to learn from yet: the sellable probability is 0 until some are graded and dispositioned.');
    return {
      sku, category, horizonWeeks: args.horizonWeeks,
      weeks: forecast.weeks.map((w) => ({
        weekStart: w.weekStart, expectedReturnedUnits: w.expectedUnits,
        expectedSellableUnits: round(w.expectedUnits * probability), low: round(w.low * probability), high: round(w.high * probability),
      })),
      probability: round(probability, 4), receiptProbability, sellableProbability, forecast, dataRefreshedAt: refreshedAt, notes,
    };
  });
}
