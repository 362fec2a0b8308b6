import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/rows';
import { addDays, dayRuns, mondayOf, type DayRange } from '../../domain/analytics';

/*
 * The SKU rollup (analytics_sku_weekly): the per-product daily aggregates summed per ISO week, maintained by the refresh
 * from the daily rows it has just written (full: every week; incremental: the weeks of the touched days), so a year
 * grouped by SKU reads about 52 rows per product instead of one per returned line. The reason and disposition mixes are
 * int arrays positioned by analytics_mix_codes; every column is null where the daily rows had nothing to sum, so the
 * reader can tell "no rows" from "zero" exactly as it does on the daily rows.
 */

/** The mixes kept as positional arrays, and the daily column each one sums units by. */
const MIXES = { REASON: 'reason', DISPOSITION: 'disposition' } as const;
export type MixKind = keyof typeof MIXES;

/** The codes of each mix in array order (index 0 is array position 1). */
export type MixCodes = Record<MixKind, string[]>;

/** The Monday of a date column's ISO week, in date arithmetic (no time zone involved). */
const weekOf = (column: string) => sql.raw(`(${column} - (extract(isodow from ${column})::int - 1))`);

/** Days in the given ranges, as a condition on `column` (one range test per run of consecutive days). */
export function inRanges(column: string, ranges: readonly DayRange[]): SQL {
  if (!ranges.length) return sql`false`;
  return sql`(${sql.join(ranges.map((r) => sql`(${sql.raw(column)} >= ${r.fromDay}::date and ${sql.raw(column)} < ${r.toDay}::date)`), sql` or `)})`;
}

/** The array positions of every mix code, in position order. */
export async function mixCodes(db: Executor): Promise<MixCodes> {
  const rows = await queryRows<{ kind: MixKind; code: string }>(db, sql`select kind, code from analytics_mix_codes order by kind, position`);
  const codes: MixCodes = { REASON: [], DISPOSITION: [] };
  for (const row of rows) codes[row.kind]?.push(row.code);
  return codes;
}

/** Units per code of one mix as an int array in dictionary order; null where no daily row had the code. */
function mixArray(kind: MixKind, codes: string[]): SQL {
  if (!codes.length) return sql`'{}'::int[]`;
  return sql`array[${sql.join(codes.map((c) => sql`sum(units) filter (where ${sql.raw(MIXES[kind])} = ${c})`), sql`, `)}]::int[]`;
}

/**
 * Rebuilds the weekly SKU rows of the weeks holding the given order days (null: all weeks) from the daily rows; the
 * caller has just recomputed those days. New reason or disposition codes get the next array positions first. Returns the
 * longest days-to-refund histogram written (0: none), which the refresh keeps as an upper bound for the readers.
 */
export async function rollUpSkuWeeks(db: Executor, days: string[] | null): Promise<number> {
  const weeks = days === null ? null : [...new Set(days.map(mondayOf))].sort();
  if (weeks?.length === 0) return 0;
  const ranges = weeks === null ? null : dayRuns(weeks.flatMap((w) => Array.from({ length: 7 }, (_, i) => addDays(w, i))));
  const where = (column: string) => (ranges === null ? sql`true` : inRanges(column, ranges));
  await db.execute(sql`delete from analytics_sku_weekly where ${where('week')}`);
  for (const [kind, column] of Object.entries(MIXES)) {
    await db.execute(sql`insert into analytics_mix_codes (kind, code, position)
      select ${kind}, c.code, coalesce((select max(position) from analytics_mix_codes where kind = ${kind}), 0) + row_number() over (order by c.code)
      from (select distinct ${sql.raw(column)} as code from analytics_returns_daily where ${where('order_day')}) c
      where not exists (select 1 from analytics_mix_codes m where m.kind = ${kind} and m.code = c.code)`);
  }
  const codes = await mixCodes(db);
  const key = sql.raw('week, product_id, sku, category, currency_code');
  const [written] = await queryRows<{ n: number }>(db, sql`with s as (
      select ${weekOf('day')} as week, product_id, sku, category, currency_code, sum(units)::int as sold_units
      from analytics_sales_daily where ${where('day')} group by 1, 2, 3, 4, 5
    ),
    r as (
      select ${weekOf('order_day')} as week, product_id, sku, category, currency_code, sum(units)::int as units,
        sum(received_units)::int as received_units, sum(sellable_units)::int as sellable_units, sum(refunded_units)::int as refunded_units,
        sum(refunded_minor)::bigint as refunded_minor, sum(recovered_minor)::bigint as recovered_minor,
        sum(dispositioned_value_minor)::bigint as dispositioned_value_minor, sum(refurb_cost_minor)::bigint as refurb_cost_minor,
        sum(shipping_cost_minor)::bigint as shipping_cost_minor,
        ${mixArray('REASON', codes.REASON)} as reason_units, ${mixArray('DISPOSITION', codes.DISPOSITION)} as disposition_units
      from analytics_returns_daily where ${where('order_day')} group by 1, 2, 3, 4, 5
    ),
    buckets as (
      select ${weekOf('d.order_day')} as week, d.product_id, d.sku, d.category, d.currency_code, u.ord, sum(u.v)::int as v
      from analytics_returns_daily d cross join lateral unnest(d.refund_days_hist) with ordinality as u(v, ord)
      where ${where('d.order_day')} and cardinality(d.refund_days_hist) > 0
      group by 1, 2, 3, 4, 5, 6
    ),
    -- Daily histograms run 1..their length without gaps, so their element-wise sums do too.
    hist as (select ${key}, array_agg(v order by ord) as h from buckets group by 1, 2, 3, 4, 5),
    ins as (insert into analytics_sku_weekly (week, product_id, sku, category, currency_code, sold_units, units, received_units, sellable_units,
      refunded_units, refunded_minor, recovered_minor, dispositioned_value_minor, refurb_cost_minor, shipping_cost_minor,
      reason_units, disposition_units, refund_days_hist)
    select ${key}, s.sold_units, r.units, r.received_units, r.sellable_units, r.refunded_units, r.refunded_minor, r.recovered_minor,
      r.dispositioned_value_minor, r.refurb_cost_minor, r.shipping_cost_minor, coalesce(r.reason_units, '{}'::int[]),
      coalesce(r.disposition_units, '{}'::int[]), coalesce(hist.h, '{}'::int[])
    from s full join r using (week, product_id, sku, category, currency_code) left join hist using (week, product_id, sku, category, currency_code)
    returning cardinality(refund_days_hist) as n)
    select coalesce(max(n), 0)::int as n from ins`);
  return Number(written?.n ?? 0);
}

/** One SKU's figures over whole weeks in one currency; the mixes as units per code position (null: none). */
export interface WeeklySkuRow {
  k: string; currency_code: string; sold: number | null; units: number | null; received: number; sellable: number; refunded_units: number;
  refunded: number; recovered: number; dispositioned: number; refurb: number; shipping: number;
  /**
   * The mixes: units of code position i in column r<i> (reasons) and d<i> (dispositions), from 1; the days-to-refund
   * histogram: refunded lines taking i - 1 days in column h<i>; null: none.
   */
  [mix: `${'r' | 'd' | 'h'}${number}`]: number | null;
  /**
   * The longest arrays read: longer mixes than the codes known mean a code was added since they were read, a longer
   * histogram than the columns summed means it holds days the statement did not read.
   */
  reason_width: number; disposition_width: number; hist_width: number;
}

/**
 * The one read behind returnAnalytics grouped by SKU: figures per SKU and currency, in three parts of the same columns
 * — the whole weeks from the rollup, units sold on the days before and after them, and the returns of those days from
 * the daily rows — each one hash aggregate, summed by the caller. The mixes and the first `histWidth` days of the
 * days-to-refund histogram come one column per position (no unnest). A daily row whose reason or disposition is not in
 * `codes` (added by a refresh since they were read) makes that width exceed the codes known, as a newer rollup row does.
 */
export function skuWeeklyStatement(codes: MixCodes, histWidth: number, split: { weeks: DayRange; edges: DayRange[] }, category?: string | null): SQL {
  const inCategory = (where: SQL) => (category ? sql`${where} and category = ${category}` : where);
  // One column per position (not an array: postgres.js reads a null array element as NaN).
  const columns = (prefix: string, n: number, value: (i: number) => SQL) => Array.from({ length: n }, (_, i) => sql`${value(i + 1)}::float8 as ${sql.raw(`${prefix}${i + 1}`)}, `);
  const nulls = (prefix: string, n: number) => columns(prefix, n, () => sql`null`);
  const hist = columns('h', histWidth, (i) => sql.raw(`sum(refund_days_hist[${i}])`));
  const money = sql.raw(`sum(refunded_minor::float8) as refunded, sum(recovered_minor::float8) as recovered,
      sum(dispositioned_value_minor::float8) as dispositioned, sum(refurb_cost_minor::float8) as refurb, sum(shipping_cost_minor::float8) as shipping`);
  const counts = sql.raw(`sum(units)::float8 as units, sum(received_units)::float8 as received, sum(sellable_units)::float8 as sellable,
      sum(refunded_units)::float8 as refunded_units`);
  const known = (column: string, list: string[]) => sql`${sql.raw(column)} = any(array[${sql.join(list.map((c) => sql`${c}`), sql`, `)}]::text[])`;
  const weekly = sql`
    select sku as k, currency_code, sum(sold_units)::float8 as sold, ${counts}, ${money},
      ${sql.join([...columns('r', codes.REASON.length, (i) => sql.raw(`sum(reason_units[${i}])`)),
        ...columns('d', codes.DISPOSITION.length, (i) => sql.raw(`sum(disposition_units[${i}])`)), ...hist])}
      max(cardinality(reason_units)) as reason_width, max(cardinality(disposition_units)) as disposition_width,
      coalesce(max(cardinality(refund_days_hist)), 0) as hist_width
    from analytics_sku_weekly where ${inCategory(inRanges('week', [split.weeks]))}
    group by sku, currency_code`;
  if (!split.edges.length) return weekly;
  const none = sql.raw('null::float8');
  const sales = sql`
    select sku as k, currency_code, sum(units)::float8 as sold, ${none} as units, ${none} as received, ${none} as sellable,
      ${none} as refunded_units, ${none} as refunded, ${none} as recovered, ${none} as dispositioned, ${none} as refurb, ${none} as shipping,
      ${sql.join([...nulls('r', codes.REASON.length), ...nulls('d', codes.DISPOSITION.length), ...nulls('h', histWidth)])}
      0 as reason_width, 0 as disposition_width, 0 as hist_width
    from analytics_sales_daily where ${inCategory(inRanges('day', split.edges))}
    group by sku, currency_code`;
  const returns = sql`
    select sku as k, currency_code, ${none} as sold, ${counts}, ${money},
      ${sql.join([...columns('r', codes.REASON.length, (i) => sql`sum(units) filter (where reason = ${codes.REASON[i - 1]})`),
        ...columns('d', codes.DISPOSITION.length, (i) => sql`sum(units) filter (where disposition = ${codes.DISPOSITION[i - 1]})`), ...hist])}
      max(case when ${known('reason', codes.REASON)} then 0 else ${sql.raw(String(codes.REASON.length + 1))} end) as reason_width,
      max(case when ${known('disposition', codes.DISPOSITION)} then 0 else ${sql.raw(String(codes.DISPOSITION.length + 1))} end) as disposition_width,
      coalesce(max(cardinality(refund_days_hist)), 0) as hist_width
    from analytics_returns_daily where ${inCategory(inRanges('order_day', split.edges))}
    group by sku, currency_code`;
  return sql`${weekly} union all ${sales} union all ${returns}`;
}

/** The longest days-to-refund histogram of the weekly SKU rows (0: none). */
export async function skuWeeklyHistWidth(db: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select coalesce(max(cardinality(refund_days_hist)), 0)::int as n from analytics_sku_weekly`);
  return Number(row?.n ?? 0);
}
