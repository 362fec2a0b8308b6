import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/rows';
import {
  analyticsDayRange, medianFromHistogram, mondayOf, reportingCurrency, returnRate, splitAtWeeks, type AnalyticsGroupBy, type DayRange,
} from '../../domain/analytics';
import { requireStaff } from '../access';
import type { Executor } from '../../db/client';
import { analyticsState } from './analytics-refresh.service';
import { inRanges, mixCodes, skuWeeklyStatement, type MixCodes, type WeeklySkuRow } from './analytics-sku-weekly';
import { replicaReads, type ServiceContext } from '../context';
import { BadInputError } from '../errors';

/** What `returnAnalytics` is asked. */
export interface AnalyticsQuery {
  from: Date;
  to: Date;
  groupBy: AnalyticsGroupBy | null;
  category?: string | null;
  sku?: string | null;
  /** Most groups returned (they are counted in full in groupCount). */
  first: number;
}

/** Minor units per currency code. */
export type AmountsByCurrency = Map<string, number>;

/** The figures of the whole range or of one group; money per currency in minor units. */
export interface AnalyticsFigures {
  soldUnits: number;
  returnedUnits: number;
  returnRate: number;
  receivedUnits: number;
  refundedUnits: number;
  sellableUnits: number;
  refunded: AmountsByCurrency;
  recovered: AmountsByCurrency;
  dispositionedValue: AmountsByCurrency;
  refurbishmentCost: AmountsByCurrency;
  returnShippingCost: AmountsByCurrency;
  reasons: Array<{ code: string; units: number }>;
  dispositions: Array<{ disposition: string; units: number }>;
  medianDaysToRefund: number | null;
  refundsTimed: number;
}

export interface AnalyticsGroupResult extends AnalyticsFigures { key: string }

export interface AnalyticsResult extends AnalyticsFigures {
  groupBy: AnalyticsGroupBy | null;
  range: DayRange;
  /** The currency single-currency money figures are given in; null when there is nothing to report. */
  currencyCode: string | null;
  groups: AnalyticsGroupResult[];
  groupCount: number;
  freshness: { refreshedAt: Date | null; lastFullRefreshAt: Date | null };
}

/** Group key per table: the column or expression each groupBy groups on (null: that table has no such dimension). */
function keyOf(groupBy: AnalyticsGroupBy | null, table: 'sales' | 'returns'): SQL | null {
  const day = table === 'sales' ? 'day' : 'order_day';
  switch (groupBy) {
    case 'CATEGORY': return sql.raw('category');
    case 'SKU': return sql.raw('sku');
    // Grouped by day (the column's statistics keep the plan a hash aggregate) and rolled up to weeks here.
    case 'WEEK': return sql.raw(day);
    case 'REASON': return table === 'returns' ? sql.raw('reason') : null;
    case 'DISPOSITION': return table === 'returns' ? sql.raw('disposition') : null;
    default: return null;
  }
}

function filters(q: Pick<AnalyticsQuery, 'category' | 'sku'>, ranges: DayRange[], dayColumn: string): SQL {
  const parts = ranges.length === 1
    ? [sql`${sql.raw(dayColumn)} >= ${ranges[0].fromDay}::date`, sql`${sql.raw(dayColumn)} < ${ranges[0].toDay}::date`]
    : [inRanges(dayColumn, ranges)];
  if (q.category) parts.push(sql`category = ${q.category}`);
  if (q.sku) parts.push(sql`sku = ${q.sku}`);
  return sql.join(parts, sql` and `);
}

/** Figures being summed: reasons and dispositions by key until finished. */
interface Tally extends AnalyticsFigures { reasonUnits: Map<string, number>; dispositionUnits: Map<string, number>; hist: number[] }

const emptyTally = (): Tally => ({
  soldUnits: 0, returnedUnits: 0, returnRate: 0, receivedUnits: 0, refundedUnits: 0, sellableUnits: 0,
  refunded: new Map(), recovered: new Map(), dispositionedValue: new Map(), refurbishmentCost: new Map(), returnShippingCost: new Map(),
  reasons: [], dispositions: [], medianDaysToRefund: null, refundsTimed: 0, reasonUnits: new Map(), dispositionUnits: new Map(), hist: [],
});

const add = (m: Map<string, number>, code: string, n: number) => m.set(code, (m.get(code) ?? 0) + Number(n));

interface ReturnRow {
  k: string | null; currency_code: string; reason: string; disposition: string;
  units: number; received: number; sellable: number; refunded_units: number; refunded: number; recovered: number;
  dispositioned: number; refurb: number; shipping: number;
}

/**
 * The three aggregate reads behind returnAnalytics — units sold per key and currency; returned figures per key,
 * currency, reason and disposition; days-to-refund histograms per key — exported so the benchmark EXPLAINs what runs.
 * Each is one plain GROUP BY (one hash table); totals and mixes are rolled up from their rows.
 */
export function analyticsStatements(q: Pick<AnalyticsQuery, 'groupBy' | 'category' | 'sku'>, range: DayRange | DayRange[]): { sales: SQL; returns: SQL; refundDays: SQL } {
  const ranges = Array.isArray(range) ? range : [range];
  // Without a key, k is the constant null: one group per currency (reason, disposition) for the totals.
  const k = (table: 'sales' | 'returns') => keyOf(q.groupBy, table) ?? sql`null::text`;
  // WEEK groups on the day, formatted once per group (independent of the session's DateStyle).
  const outK = q.groupBy === 'WEEK' ? sql`to_char(k, 'YYYY-MM-DD')` : sql`k`;
  // Money is summed as float8 (exact for integers below 2^53 minor units): an 8-byte state instead of numeric's keeps
  // large groupings (every SKU × reason × disposition) in a hash table.
  // Questions about SKUs read the per-product aggregates; every other question the category rollups (same columns,
  // about a hundredth of the rows).
  const perProduct = q.groupBy === 'SKU' || Boolean(q.sku);
  const salesTable = sql.raw(perProduct ? 'analytics_sales_daily' : 'analytics_sales_category_daily');
  const returnsTable = sql.raw(perProduct ? 'analytics_returns_daily' : 'analytics_returns_category_daily');
  return {
    sales: sql`
      select ${outK} as k, currency_code, sum(units)::float8 as units
      from (select ${k('sales')} as k, currency_code, units from ${salesTable} where ${filters(q, ranges, 'day')}) t
      group by k, currency_code`,
    returns: sql`
      select ${outK} as k, currency_code, reason, disposition,
        sum(units)::float8 as units, sum(received_units)::float8 as received, sum(sellable_units)::float8 as sellable,
        sum(refunded_units)::float8 as refunded_units, sum(refunded_minor::float8) as refunded, sum(recovered_minor::float8) as recovered,
        sum(dispositioned_value_minor::float8) as dispositioned, sum(refurb_cost_minor::float8) as refurb, sum(shipping_cost_minor::float8) as shipping
      from (select ${k('returns')} as k, currency_code, reason, disposition, units, received_units, sellable_units, refunded_units, refunded_minor,
          recovered_minor, dispositioned_value_minor, refurb_cost_minor, shipping_cost_minor
        from ${returnsTable} where ${filters(q, ranges, 'order_day')}) t
      group by k, currency_code, reason, disposition`,
    // Most rows share a handful of histograms ({0,1}, {0,0,1}, …): each distinct one is unnested once, times its count.
    refundDays: sql`
      select ${outK} as k, (u.ord - 1)::int as day, sum(u.v * t.c)::float8 as n
      from (select ${k('returns')} as k, refund_days_hist as h, count(*) as c from ${returnsTable}
        where ${filters(q, ranges, 'order_day')} and cardinality(refund_days_hist) > 0 group by 1, 2) t
      cross join lateral unnest(t.h) with ordinality as u(v, ord)
      where u.v > 0
      group by k, u.ord`,
  };
}

type HistRow = { k: string | null; day: number; n: number };

/** What returnAnalytics reads: daily (or category-rollup) rows, and whole weeks by SKU from the SKU rollup when it may. */
interface FigureReads {
  sales: Array<{ k: string | null; currency_code: string; units: number }>;
  returns: ReturnRow[];
  hist: HistRow[];
  weekly: { codes: MixCodes; histWidth: number; rows: WeeklySkuRow[] } | null;
  state: Awaited<ReturnType<typeof analyticsState>>;
}

/**
 * Reads the figures' rows. Grouped by SKU (without a SKU filter), the whole ISO weeks of the range come from
 * analytics_sku_weekly once a full refresh has built it, and only the days before and after them from the daily rows;
 * any other question reads as analyticsStatements says.
 */
async function readFigures(reader: Executor, ctx: ServiceContext, q: AnalyticsQuery, range: DayRange, retried = false): Promise<FigureReads> {
  const split = q.groupBy === 'SKU' && !q.sku && !retried ? splitAtWeeks(range) : null;
  const weeks = split?.weeks;
  if (split && weeks) {
    const [state, codes] = await Promise.all([analyticsState(reader), mixCodes(reader)]);
    if (state.skuWeekly) {
      const read = (histWidth: number) => queryRows<WeeklySkuRow>(reader, skuWeeklyStatement(codes, histWidth, { weeks, edges: split.edges }, q.category));
      const width = state.skuWeeklyHistWidth ?? 0;
      const first = await read(width);
      // Histograms longer than the width recorded (none recorded, or a refresh committed in between): read them in full.
      const longest = first.reduce((n, r) => Math.max(n, r.hist_width), 0);
      const histWidth = Math.max(width, longest);
      const rows = longest > width ? await read(longest) : first;
      // A code (or a longer histogram) added after the dictionary was read (a refresh committed in between): read the
      // daily rows instead.
      if (rows.some((r) => r.reason_width > codes.REASON.length || r.disposition_width > codes.DISPOSITION.length || r.hist_width > histWidth)) {
        return readFigures(reader, ctx, q, range, true);
      }
      return { sales: [], returns: [], hist: [], weekly: { codes, histWidth, rows }, state };
    }
  }
  const statements = analyticsStatements(q, range);
  // By SKU or day (WEEK), × currency × reason × disposition is tens of thousands of groups: those reads get the memory
  // to aggregate in a hash table (SET LOCAL in a transaction of their own, so the reads still run side by side).
  const read = <T>(query: SQL): Promise<T[]> => (q.groupBy === 'SKU' || q.groupBy === 'WEEK'
    ? ctx.database.read.transaction(async (tx) => {
      await tx.execute(sql`set local work_mem = '32MB'`);
      return queryRows<T>(tx, query);
    })
    : queryRows<T>(reader, query));
  const [sales, returns, hist, state] = await Promise.all([
    queryRows<FigureReads['sales'][number]>(reader, statements.sales),
    read<ReturnRow>(statements.returns),
    read<HistRow>(statements.refundDays),
    analyticsState(reader),
  ]);
  return { sales, returns, hist, weekly: null, state };
}

/**
 * `returnAnalytics`: sales cohort figures for the orders placed on the UTC days overlapping [from, to), read from the
 * maintained aggregates (docs/analytics.md). Staff only.
 */
export async function returnAnalytics(ctx: ServiceContext, q: AnalyticsQuery): Promise<AnalyticsResult> {
  requireStaff(ctx);
  let range: DayRange;
  try {
    range = analyticsDayRange(q.from, q.to);
  } catch (e) {
    throw new BadInputError(e instanceof RangeError ? e.message : 'Invalid range', ['to']);
  }
  // Aggregates only: they may come from the read replica.
  const reader = replicaReads(ctx);
  const reads = await readFigures(reader, ctx, q, range);

  const totals = emptyTally();
  const groups = new Map<string, Tally>();
  // Every row counts towards the totals and, when grouped, towards its key's group.
  const tallies = (k: string | null): Tally[] => {
    if (k === null || q.groupBy === null) return [totals];
    const key = q.groupBy === 'WEEK' ? mondayOf(k) : k;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = emptyTally()));
    return [totals, group];
  };
  const soldByCurrency = new Map<string, number>();
  const addSold = (k: string | null, currency: string, units: number) => {
    add(soldByCurrency, currency, units);
    for (const f of tallies(k)) f.soldUnits += Number(units);
  };
  const addReturned = (f: Tally, row: Omit<ReturnRow, 'k' | 'reason' | 'disposition'>) => {
    f.returnedUnits += Number(row.units);
    f.receivedUnits += Number(row.received);
    f.sellableUnits += Number(row.sellable);
    f.refundedUnits += Number(row.refunded_units);
    add(f.refunded, row.currency_code, row.refunded);
    add(f.recovered, row.currency_code, row.recovered);
    add(f.dispositionedValue, row.currency_code, row.dispositioned);
    add(f.refurbishmentCost, row.currency_code, row.refurb);
    add(f.returnShippingCost, row.currency_code, row.shipping);
  };
  for (const row of reads.sales) addSold(row.k, row.currency_code, row.units);
  for (const row of reads.returns) {
    for (const f of tallies(row.k)) {
      addReturned(f, row);
      add(f.reasonUnits, row.reason, row.units);
      add(f.dispositionUnits, row.disposition, row.units);
    }
  }
  // Whole weeks by SKU: sales and returns in one row, the mixes by code position and the histogram by day + 1 (null:
  // the SKU had no such rows).
  const codes = reads.weekly?.codes ?? { REASON: [], DISPOSITION: [] };
  const histWidth = reads.weekly?.histWidth ?? 0;
  for (const row of reads.weekly?.rows ?? []) {
    if (row.sold !== null) addSold(row.k, row.currency_code, row.sold);
    if (row.units === null) continue;
    for (const f of tallies(row.k)) {
      addReturned(f, row as typeof row & { units: number });
      codes.REASON.forEach((code, i) => { const units = row[`r${i + 1}`]; if (units !== null) add(f.reasonUnits, code, units); });
      codes.DISPOSITION.forEach((code, i) => { const units = row[`d${i + 1}`]; if (units !== null) add(f.dispositionUnits, code, units); });
      for (let day = 0; day < histWidth; day += 1) {
        const n = row[`h${day + 1}`];
        if (!n) continue;
        while (f.hist.length <= day) f.hist.push(0);
        f.hist[day] += Number(n);
      }
    }
  }
  for (const row of reads.hist) {
    for (const f of tallies(row.k)) {
      while (f.hist.length <= row.day) f.hist.push(0);
      f.hist[row.day] += Number(row.n);
    }
  }
  const state = reads.state;
  // REASON and DISPOSITION groups split returned units; every group is measured against all units sold.
  const splitsReturns = q.groupBy === 'REASON' || q.groupBy === 'DISPOSITION';
  const finish = ({ reasonUnits, dispositionUnits, hist: h, ...f }: Tally, isGroup: boolean): AnalyticsFigures => {
    if (splitsReturns && isGroup) f.soldUnits = totals.soldUnits;
    return {
      ...f,
      returnRate: returnRate(f.returnedUnits, f.soldUnits),
      medianDaysToRefund: medianFromHistogram(h),
      refundsTimed: h.reduce((sum, v) => sum + v, 0),
      reasons: [...reasonUnits].map(([code, units]) => ({ code, units }))
        .sort((a, b) => b.units - a.units || a.code.localeCompare(b.code)),
      dispositions: [...dispositionUnits].map(([disposition, units]) => ({ disposition, units }))
        .sort((a, b) => b.units - a.units || a.disposition.localeCompare(b.disposition)),
    };
  };
  const all = [...groups].map(([key, f]) => ({ key, ...finish(f, true) }));
  all.sort(q.groupBy === 'WEEK'
    ? (a, b) => a.key.localeCompare(b.key)
    : (a, b) => b.returnedUnits - a.returnedUnits || b.soldUnits - a.soldUnits || a.key.localeCompare(b.key));
  return {
    ...finish(totals, false),
    groupBy: q.groupBy,
    range,
    // Returns belong to the cohort's orders, so every currency with figures has units sold.
    currencyCode: reportingCurrency(soldByCurrency, ctx.config.analyticsCurrency),
    groups: all.slice(0, q.first),
    groupCount: all.length,
    freshness: { refreshedAt: state.refreshedAt, lastFullRefreshAt: state.lastFullAt },
  };
}
