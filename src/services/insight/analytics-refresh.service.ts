import { eq, sql, type SQL } from 'drizzle-orm';
import { ANALYTICS_REFRESH_TIMEOUT_MS } from '../../config';
import type { Database, Executor } from '../../db/client';
import { queryRows } from '../../db/rows';
import { analyticsRefreshState } from '../../db/schema';
import { REFUND_DAYS_CAP, UNDECIDED_DISPOSITION, dayRuns } from '../../domain/analytics';
import { CURRENCY_EXPONENTS } from '../../domain/currency-exponents';
import { DEFAULT_RETURN_COST_MAJOR } from '../../domain/return-methods';
import { rollUpSkuWeeks, skuWeeklyHistWidth } from './analytics-sku-weekly';
import { runExclusive, TimeLimit, type Exclusive, type Skipped } from './exclusive-run';
import type { ProgressFn } from './progress';

/*
 * Maintains the analytics aggregates (docs/analytics.md, "Refresh"). Every figure is keyed by the order's UTC day (the
 * sales cohort), so a change anywhere in an order's story — the order itself, a return, an item received, graded,
 * dispositioned or refunded, a refurbishment cost, a resale, a vendor credit, a disposal — is folded in by recomputing
 * that order day wholesale: delete its rows, insert … select … group by. A full refresh does the same for every day.
 */

/** What one refresh did. */
export interface RefreshSummary {
  mode: 'FULL' | 'INCREMENTAL';
  /** Order days recomputed (all of them for a full refresh). */
  orderDays: number;
  salesRows: number;
  returnRows: number;
  /** Customers whose statistics were recomputed. */
  customers: number;
  /** Changes stamped at or after this instant were looked for; null for a full refresh. */
  changedSince: Date | null;
  /** The new watermark: the next incremental refresh looks for changes from shortly before it. */
  watermark: Date;
  refreshedAt: Date;
  durationMs: number;
}

/** The one row of analytics_refresh_state this service keeps. */
export const ANALYTICS_STATE = 'analytics';

/** Serializes refreshes across processes: a transaction-scoped advisory lock taken by the refresh's own transaction. */
export const ANALYTICS_LOCK = 7_311_057;

/**
 * How far before the last watermark the next refresh looks by default (ANALYTICS_REFRESH_OVERLAP_MS): changes are
 * stamped with the application clock when their transaction starts, so a transaction still open when a refresh began (or
 * a clock a little behind) commits rows stamped before the watermark. Recomputing a day twice is harmless; missing one
 * is not.
 */
export const REFRESH_OVERLAP_MS = 120_000;

/** Options of one refresh. */
export interface RefreshOptions {
  /** Rebuild every day instead of folding in what changed. */
  full?: boolean;
  overlapMs?: number;
  now?: () => Date;
  /** Told as phases pass (an admin operation's progress); the fractions are shares of a full rebuild's time, measured. */
  onProgress?: ProgressFn;
  /** Its time limit (ANALYTICS_REFRESH_TIMEOUT_MS), waiting for a refresh in progress included. */
  timeoutMs?: number;
}

/** Return statuses whose units no longer count as returned (cancelled, rejected, never shipped). */
const RELEASED_STATUSES = sql.raw(`('REJECTED', 'CANCELLED', 'EXPIRED')`);

/** The smallest UUIDv7 of a millisecond: ids at or above it were made at or after that instant (time-ordered ids). */
export function uuidv7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** `case` mapping a currency column to its minor-unit exponent (2 unless listed). */
function exponentOf(column: string): SQL {
  const others = [...CURRENCY_EXPONENTS].filter(([, e]) => e !== 2).map(([code, e]) => `when '${code}' then ${e}`).join(' ');
  return sql.raw(`(case ${column} ${others} else 2 end)`);
}

/** The histogram of days from request to refund for a group: counts per whole day, trimmed after the last non-zero. */
const REFUND_HISTOGRAM = sql.raw(`case when count(bucket) = 0 then '{}'::int[] else (array[${
  Array.from({ length: REFUND_DAYS_CAP + 1 }, (_, i) => `count(*) filter (where bucket = ${i})::int`).join(', ')
}])[1:max(bucket) + 1] end`);

/**
 * The orders whose days are recomputed: all, or those placed on the given UTC days — one placed_at range per run of
 * consecutive days (orders_placed_idx), literal bounds so the planner sees how few orders that is.
 */
function targetOrders(days: string[] | null): SQL {
  if (days === null) return sql`select o.id, o.placed_at, o.currency_code from orders o`;
  const ranges = dayRuns(days).map((r) => sql`(o.placed_at >= ${sql.raw(`'${r.fromDay}T00:00:00Z'`)}::timestamptz and o.placed_at < ${sql.raw(`'${r.toDay}T00:00:00Z'`)}::timestamptz)`);
  return sql`select o.id, o.placed_at, o.currency_code from orders o where ${sql.join(ranges, sql` or `)}`;
}

async function count(db: Executor, query: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, query);
  return Number(row?.n ?? 0);
}

/** Units sold per UTC order day × product × currency. */
function insertSales(db: Executor, days: string[] | null): Promise<number> {
  return count(db, sql`with o as (${targetOrders(days)}),
    ins as (
      insert into analytics_sales_daily (day, product_id, sku, category, currency_code, orders, units, gross_minor, discount_minor, weight_grams)
      select (o.placed_at at time zone 'UTC')::date, ol.product_id, p.sku, p.category, o.currency_code,
        count(distinct o.id)::int, sum(ol.quantity)::int, sum(ol.quantity::bigint * ol.unit_price_minor), sum(ol.discount_minor),
        sum(ol.quantity::bigint * coalesce(ol.weight_grams, p.weight_grams, 0))
      from o join order_lines ol on ol.order_id = o.id join products p on p.id = ol.product_id
      group by 1, ol.product_id, p.sku, p.category, o.currency_code
      returning 1)
    select count(*)::int as n from ins`);
}

/**
 * Returned units per order day × request day × product × currency × reason × disposition, with what happened to them:
 * received, back in sellable stock, refunded (the return's issued refund shared over its items by their refund
 * quotes), value recovered (resale sales, vendor credits, disposals), refurbishment cost, the return shipping the
 * merchant paid (carrier cost per parcel minus the fee charged, shared by units) and days from request to refund.
 */
function insertReturns(db: Executor, days: string[] | null): Promise<number> {
  return count(db, sql`with o as (${targetOrders(days)}),
    base as (
      select (o.placed_at at time zone 'UTC')::date as order_day, (r.created_at at time zone 'UTC')::date as request_day,
        r.id as return_id, ol.product_id, p.sku, p.category, r.currency_code, ri.reason,
        coalesce(ri.disposition, ${sql.raw(`'${UNDECIDED_DISPOSITION}'`)}) as disposition, ri.quantity, ri.received_quantity,
        case when r.refund_status = 'ISSUED' then ri.quantity - ri.missing_quantity else 0 end as refunded_units,
        r.refund_status = 'ISSUED' as refunded, r.refund_minor as return_refund, coalesce(ri.refund_minor, 0) as item_refund,
        case when r.refund_status = 'ISSUED' and r.refunded_at is not null
          then least(${sql.raw(String(REFUND_DAYS_CAP))}, greatest(0, floor(extract(epoch from (r.refunded_at - r.created_at)) / 86400)))::int end as bucket,
        case when ri.disposition in ('RESTOCK', 'RESELL_OPEN_BOX') or (ri.disposition = 'REFURBISH' and j.status = 'COMPLETED')
          then ri.received_quantity else 0 end as sellable_units,
        case when ri.disposition is null then 0
          else (round((ol.quantity::numeric * ol.unit_price_minor - ol.discount_minor) * sum(ri.received_quantity) over split / ol.quantity)
            - round((ol.quantity::numeric * ol.unit_price_minor - ol.discount_minor) * (sum(ri.received_quantity) over split - ri.received_quantity) / ol.quantity))::bigint
          end as dispositioned_value,
        coalesce(s.sold, 0) + coalesce(d.value_recovered_minor, 0)
          + coalesce(v.credited, 0) + coalesce(ri.imported_recovered_minor, 0) as recovered,
        coalesce(j.cost_minor, 0) as refurb_cost,
        ri.quantity::bigint * coalesce(ol.weight_grams, p.weight_grams, 0) as weight,
        case when b.partner_id is null then 0 else greatest(0, round(
          (case when jsonb_typeof(pa.settings -> 'costPerParcel') = 'number' then (pa.settings ->> 'costPerParcel')::numeric else ${sql.raw(String(DEFAULT_RETURN_COST_MAJOR))} end)
          * (10::numeric ^ ${exponentOf('r.currency_code')}))::bigint - r.shipping_fee_minor) end as return_shipping,
        row_number() over (partition by r.id order by ri.id) as rn,
        sum(coalesce(ri.refund_minor, 0)) over (partition by r.id) as refund_weight,
        sum(ri.quantity) over (partition by r.id) as return_units
      from o
      join returns r on r.order_id = o.id and r.status not in ${RELEASED_STATUSES}
      join return_items ri on ri.return_id = r.id
      join order_lines ol on ol.id = ri.order_line_id
      join products p on p.id = ol.product_id
      left join refurbishment_jobs j on j.return_item_id = ri.id
      left join disposal_records d on d.return_item_id = ri.id
      left join lateral (select sum(round(va.credited_minor::numeric * vu.expected_credit_minor / nullif(va.expected_credit_minor, 0)))::bigint as credited
        from vendor_return_units vu join vendor_return_authorizations va on va.id = vu.authorization_id and va.status = 'CLOSED'
        where vu.return_item_id = ri.id) v on true
      left join lateral (select sum(l.units::bigint * coalesce(l.sold_price_minor, l.price_minor)) as sold
        from resale_listings l where l.return_item_id = ri.id and l.status = 'SOLD') s on true
      left join lateral (select bk.partner_id from return_bookings bk
        where bk.return_id = r.id and (bk.status = 'USED' or (bk.status = 'BOOKED' and r.status in ('IN_TRANSIT', 'RECEIVED', 'INSPECTED', 'COMPLETED')))
        order by bk.id desc limit 1) b on true
      left join partners pa on pa.id = b.partner_id
      -- Items split off one original share its rounded value (running totals telescope), so a split never changes it.
      window split as (partition by coalesce(ri.split_from_id, ri.id) order by ri.id rows between unbounded preceding and current row)
    ),
    shares as (
      select *,
        (case when not refunded then 0
          when refund_weight > 0 then floor(return_refund::numeric * item_refund / refund_weight)
          when rn = 1 then return_refund else 0 end)::bigint as refund_share,
        floor(return_shipping::numeric * quantity / return_units)::bigint as shipping_share
      from base
    ),
    alloc as (
      select *,
        refund_share + case when rn = 1 and refunded then return_refund - sum(refund_share) over (partition by return_id) else 0 end as refunded_minor,
        shipping_share + case when rn = 1 then return_shipping - sum(shipping_share) over (partition by return_id) else 0 end as shipping_minor
      from shares
    ),
    ins as (
      insert into analytics_returns_daily (order_day, request_day, product_id, sku, category, currency_code, reason, disposition, units,
        received_units, sellable_units, refunded_units, refunded_minor, recovered_minor, dispositioned_value_minor, refurb_cost_minor,
        shipping_cost_minor, weight_grams, refund_days_hist)
      select order_day, request_day, product_id, sku, category, currency_code, reason, disposition, sum(quantity)::int,
        sum(received_quantity)::int, sum(sellable_units)::int, sum(refunded_units)::int, sum(refunded_minor), sum(recovered), sum(dispositioned_value),
        sum(refurb_cost), sum(shipping_minor), sum(weight), ${REFUND_HISTOGRAM}
      from alloc
      group by order_day, request_day, product_id, sku, category, currency_code, reason, disposition
      returning 1)
    select count(*)::int as n from ins`);
}

/** The given order days (null: all) as a condition on `column`. */
function onDays(column: string, days: string[] | null): SQL {
  return days === null ? sql`true` : sql`${sql.raw(column)} = any(${`{${days.join(',')}}`}::date[])`;
}

/**
 * Rolls the per-product rows of the given order days (null: all) up to category level: the tables returnAnalytics reads
 * unless it is asked about SKUs, about a hundredth of the rows. Days-to-refund histograms are summed element-wise.
 */
async function rollUpCategories(db: Executor, days: string[] | null): Promise<void> {
  await db.execute(sql`delete from analytics_sales_category_daily where ${onDays('day', days)}`);
  await db.execute(sql`delete from analytics_returns_category_daily where ${onDays('order_day', days)}`);
  await db.execute(sql`insert into analytics_sales_category_daily (day, category, currency_code, units)
    select day, category, currency_code, sum(units)::int from analytics_sales_daily where ${onDays('day', days)} group by 1, 2, 3`);
  await db.execute(sql`with g as (
      select order_day, category, currency_code, reason, disposition, sum(units)::int as units, sum(received_units)::int as received_units,
        sum(sellable_units)::int as sellable_units, sum(refunded_units)::int as refunded_units, sum(refunded_minor)::bigint as refunded_minor,
        sum(recovered_minor)::bigint as recovered_minor, sum(dispositioned_value_minor)::bigint as dispositioned_value_minor,
        sum(refurb_cost_minor)::bigint as refurb_cost_minor, sum(shipping_cost_minor)::bigint as shipping_cost_minor
      from analytics_returns_daily where ${onDays('order_day', days)} group by 1, 2, 3, 4, 5
    ),
    buckets as (
      select d.order_day, d.category, d.currency_code, d.reason, d.disposition, u.ord, sum(u.v)::int as v
      from analytics_returns_daily d cross join lateral unnest(d.refund_days_hist) with ordinality as u(v, ord)
      where ${onDays('d.order_day', days)} and cardinality(d.refund_days_hist) > 0
      group by 1, 2, 3, 4, 5, 6
    ),
    hist as (
      -- Every histogram is trimmed after its last non-zero bucket, so each group's buckets run 1..max without gaps.
      select order_day, category, currency_code, reason, disposition, array_agg(v order by ord) as h from buckets group by 1, 2, 3, 4, 5
    )
    insert into analytics_returns_category_daily (order_day, category, currency_code, reason, disposition, units, received_units,
      sellable_units, refunded_units, refunded_minor, recovered_minor, dispositioned_value_minor, refurb_cost_minor, shipping_cost_minor, refund_days_hist)
    select g.order_day, g.category, g.currency_code, g.reason, g.disposition, g.units, g.received_units, g.sellable_units, g.refunded_units,
      g.refunded_minor, g.recovered_minor, g.dispositioned_value_minor, g.refurb_cost_minor, g.shipping_cost_minor, coalesce(hist.h, '{}'::int[])
    from g left join hist using (order_day, category, currency_code, reason, disposition)`);
}

/** Return rate per category over the whole history, from the aggregates: all categories, or the listed ones (category indexes). */
async function categoryRates(db: Executor, categories: string[] | null): Promise<Record<string, number>> {
  const only = categories === null ? sql`true` : sql`category in (select jsonb_array_elements_text(${JSON.stringify(categories)}::jsonb))`;
  const rows = await queryRows<{ category: string; p: number }>(db, sql`
    select s.category, case when s.units > 0 then coalesce(r.units, 0)::float8 / s.units else 0 end as p
    from (select category, sum(units) as units from analytics_sales_daily where ${only} group by category) s
    left join (select category, sum(units) as units from analytics_returns_daily where ${only} group by category) r on r.category = s.category`);
  return Object.fromEntries(rows.map((r) => [r.category, Number(r.p)]));
}

/** Categories the given customers bought. */
async function categoriesBoughtBy(db: Executor, customerIds: string[]): Promise<string[]> {
  const rows = await queryRows<{ category: string }>(db, sql`select distinct p.category from orders o
    join order_lines ol on ol.order_id = o.id join products p on p.id = ol.product_id
    where o.customer_id = any(${`{${customerIds.join(',')}}`}::uuid[])`);
  return rows.map((r) => r.category);
}

/**
 * Recomputes analytics_customer_stats for the given customers (null: all), scoring each against the category return
 * rates given (those of the last full refresh, so every customer is measured against the same cohort).
 */
function upsertCustomerStats(db: Executor, customerIds: string[] | null, now: Date, rates: Record<string, number>): Promise<number> {
  const only = (column: string) => (customerIds === null ? sql`true` : sql`${sql.raw(column)} = any(${`{${customerIds.join(',')}}`}::uuid[])`);
  return count(db, sql`with rates as (
      select key as category, value::float8 as p from jsonb_each_text(${JSON.stringify(rates)}::jsonb)
    ),
    bought as (
      select o.customer_id, p.category, sum(ol.quantity)::int as units
      from orders o join order_lines ol on ol.order_id = o.id join products p on p.id = ol.product_id
      where ${only('o.customer_id')} group by 1, 2
    ),
    returned as (
      select r.customer_id, p.category, sum(ri.quantity)::int as units, count(distinct r.id)::int as returns
      from returns r join return_items ri on ri.return_id = r.id join order_lines ol on ol.id = ri.order_line_id join products p on p.id = ol.product_id
      where r.status not in ${RELEASED_STATUSES} and ${only('r.customer_id')} group by 1, 2
    ),
    per_category as (
      select b.customer_id, b.category, b.units as bought, coalesce(x.units, 0) as returned, coalesce(rt.p, 0) as p
      from bought b left join returned x on x.customer_id = b.customer_id and x.category = b.category left join rates rt on rt.category = b.category
    ),
    per_customer as (
      select customer_id, sum(bought)::int as units_bought, sum(returned)::int as units_returned,
        sum(bought * p) as expected, sum(bought * p * (1 - p)) as variance,
        jsonb_agg(jsonb_build_object('category', category, 'unitsBought', bought, 'unitsReturned', returned,
          'categoryReturnRate', round(p::numeric, 6), 'expectedReturned', round((bought * p)::numeric, 4)) order by category) as categories
      from per_category group by customer_id
    ),
    counts as (select o.customer_id, count(*)::int as orders from orders o where ${only('o.customer_id')} group by 1),
    return_counts as (select r.customer_id, count(*)::int as returns from returns r where r.status not in ${RELEASED_STATUSES} and ${only('r.customer_id')} group by 1),
    ins as (
      insert into analytics_customer_stats (customer_id, orders, units_bought, units_returned, returns, expected_returned, return_rate, excess_score, evidence, refreshed_at)
      select pc.customer_id, c.orders, pc.units_bought, pc.units_returned, coalesce(rc.returns, 0), pc.expected,
        case when pc.units_bought > 0 then pc.units_returned::float8 / pc.units_bought else 0 end,
        case when pc.variance > 0 then (pc.units_returned - pc.expected) / sqrt(pc.variance) else 0 end,
        jsonb_build_object('method', 'binomial z-score over units bought, each returned with its category''s rate',
          'unitsBought', pc.units_bought, 'unitsReturned', pc.units_returned,
          'expectedReturned', round(pc.expected::numeric, 4), 'variance', round(pc.variance::numeric, 4), 'categories', pc.categories),
        ${now.toISOString()}::timestamptz
      from per_customer pc join counts c on c.customer_id = pc.customer_id left join return_counts rc on rc.customer_id = pc.customer_id
      on conflict (customer_id) do update set orders = excluded.orders, units_bought = excluded.units_bought,
        units_returned = excluded.units_returned, returns = excluded.returns, expected_returned = excluded.expected_returned,
        return_rate = excluded.return_rate, excess_score = excluded.excess_score, evidence = excluded.evidence, refreshed_at = excluded.refreshed_at
      returning 1)
    select count(*)::int as n from ins`);
}

/**
 * The order days and customers touched since `since`: orders imported or changed (orders_updated_idx), and every
 * order whose return, refurbishment job, resale listing, vendor return or disposal wrote history since (UUIDv7 ids
 * are time-ordered, so each history table is read by a primary-key range).
 */
async function touchedSince(db: Executor, since: Date): Promise<{ days: string[]; customers: string[] }> {
  const floor = uuidv7Floor(since.getTime());
  const rows = await queryRows<{ day: string; customer_id: string }>(db, sql`with touched as (
      select o.id from orders o where o.updated_at >= ${since.toISOString()}::timestamptz
      union select r.order_id from return_events e join returns r on r.id = e.return_id where e.id >= ${floor}::uuid
      union select r.order_id from refurbishment_job_events je join refurbishment_jobs j on j.id = je.job_id
        join return_items ri on ri.id = j.return_item_id join returns r on r.id = ri.return_id where je.id >= ${floor}::uuid
      union select r.order_id from resale_listing_events le join resale_listings l on l.id = le.listing_id
        join return_items ri on ri.id = l.return_item_id join returns r on r.id = ri.return_id where le.id >= ${floor}::uuid
      union select r.order_id from vendor_return_events ve join vendor_return_units vu on vu.authorization_id = ve.authorization_id
        join return_items ri on ri.id = vu.return_item_id join returns r on r.id = ri.return_id where ve.id >= ${floor}::uuid
      union select r.order_id from disposal_records dr join return_items ri on ri.id = dr.return_item_id
        join returns r on r.id = ri.return_id where dr.id >= ${floor}::uuid
    )
    select distinct ((o.placed_at at time zone 'UTC')::date)::text as day, o.customer_id::text as customer_id
    from touched t join orders o on o.id = t.id`);
  // Days whose rows no order leads back to any more: the day an order was re-dated away from (noted by the import),
  // and the days a product was sold on under the category it has just left.
  const left = await queryRows<{ day: string }>(db, sql`
    select day::text as day from analytics_stale_days where id >= ${floor}::uuid
    union select distinct s.day::text from products p join analytics_sales_daily s on s.product_id = p.id
      where p.updated_at >= ${since.toISOString()}::timestamptz and s.category <> p.category`);
  return {
    days: [...new Set([...rows, ...left].map((r) => r.day))].sort(),
    customers: [...new Set(rows.map((r) => r.customer_id))].sort(),
  };
}

/** The refresh state row: the watermark and when the last (full) refresh ran. */
export async function analyticsState(db: Executor): Promise<{
  watermark: Date | null; refreshedAt: Date | null; lastFullAt: Date | null; categoryRates: Record<string, number>;
  /** analytics_sku_weekly holds every week: a full refresh has built it since migration 0014 (and every refresh keeps it). */
  skuWeekly: boolean;
  /**
   * At least the longest days-to-refund histogram in analytics_sku_weekly (every refresh raises it to what it wrote; a
   * full one sets it); null: not recorded (written before it was kept).
   */
  skuWeeklyHistWidth: number | null;
}> {
  const [row] = await db.select().from(analyticsRefreshState).where(eq(analyticsRefreshState.name, ANALYTICS_STATE));
  const lastFull = row?.details.lastFullAt;
  const rates = row?.details.categoryRates;
  return {
    watermark: row?.watermark ? new Date(row.watermark) : null,
    refreshedAt: row?.refreshedAt ?? null,
    lastFullAt: typeof lastFull === 'string' ? new Date(lastFull) : null,
    categoryRates: rates && typeof rates === 'object' ? rates as Record<string, number> : {},
    skuWeekly: row?.details.skuWeekly === true,
    skuWeeklyHistWidth: typeof row?.details.skuWeeklyHistWidth === 'number' ? row.details.skuWeeklyHistWidth : null,
  };
}

/**
 * Folds what changed since the last refresh into the aggregates (or rebuilds them all with `full`, and always the
 * first time), in one repeatable-read transaction that holds the refresh lock (runExclusive): an admin's refresh waits
 * for one in progress (retrying, holding no connection), up to its time limit, then fails with TimeLimitExceeded.
 * Readers see the old figures until it commits.
 */
export function refreshAnalytics(database: Database, opts: RefreshOptions = {}): Promise<RefreshSummary> {
  return refresh(database, opts, true);
}

/** A scheduled refresh: SKIPPED at once while another refresh holds the lock, instead of queueing behind it. */
export function refreshAnalyticsUnlessRunning(database: Database, opts: RefreshOptions = {}): Promise<RefreshSummary | Skipped> {
  return refresh(database, opts, false);
}

function refresh<W extends boolean>(database: Database, opts: RefreshOptions, wait: W): Promise<Exclusive<RefreshSummary, W>> {
  const step: ProgressFn = opts.onProgress ?? (() => undefined);
  const limit = new TimeLimit('analytics refresh', 'ANALYTICS_REFRESH_TIMEOUT_MS', opts.timeoutMs ?? ANALYTICS_REFRESH_TIMEOUT_MS);
  const onWait = () => step(0, 'waiting for a refresh in progress');
  return runExclusive(database, ANALYTICS_LOCK, { limit, wait, onWait, isolationLevel: 'repeatable read' }, async (tx) => {
    const phase = limit.phases(step, tx);
    const clock = Date.now();
    const started = opts.now?.() ?? new Date(clock);
    // Sorts and hashes of a full rebuild stay in memory rather than spilling to disk; reverts at commit.
    await tx.execute(sql`set local work_mem = '64MB'`);
    const state = await analyticsState(tx);
    const full = Boolean(opts.full) || state.watermark === null;
    const changedSince = full ? null : new Date(state.watermark!.getTime() - (opts.overlapMs ?? REFRESH_OVERLAP_MS));
    let summary: Omit<RefreshSummary, 'refreshedAt' | 'durationMs' | 'watermark'>;
    let rates = state.categoryRates;
    let histWidth = state.skuWeeklyHistWidth;
    if (full) {
      await phase(0.01, 'clearing the aggregates');
      await tx.execute(sql`delete from analytics_sales_daily`);
      await tx.execute(sql`delete from analytics_returns_daily`);
      await tx.execute(sql`delete from analytics_customer_stats`);
      // Days noted stale before this snapshot are rebuilt now (later ones are kept for the next incremental refresh).
      await tx.execute(sql`delete from analytics_stale_days where id < ${uuidv7Floor(started.getTime() - (opts.overlapMs ?? REFRESH_OVERLAP_MS))}::uuid`);
      await phase(0.03, 'sales by day');
      const salesRows = await insertSales(tx, null);
      await phase(0.28, 'returns by day');
      const returnRows = await insertReturns(tx, null);
      await phase(0.83, 'category roll-up');
      await rollUpCategories(tx, null);
      histWidth = await rollUpSkuWeeks(tx, null);
      await phase(0.88, 'customer statistics');
      rates = await categoryRates(tx, null);
      const customers = await upsertCustomerStats(tx, null, started, rates);
      const [{ n: orderDays }] = await queryRows<{ n: number }>(tx, sql`select count(distinct day)::int as n from analytics_sales_daily`);
      summary = { mode: 'FULL', orderDays: Number(orderDays), salesRows, returnRows, customers, changedSince };
    } else {
      await phase(0.02, 'finding what changed');
      const touched = await touchedSince(tx, changedSince!);
      let salesRows = 0;
      let returnRows = 0;
      let customers = 0;
      if (touched.days.length) {
        await tx.execute(sql`delete from analytics_sales_daily where ${onDays('day', touched.days)}`);
        await tx.execute(sql`delete from analytics_returns_daily where ${onDays('order_day', touched.days)}`);
        await phase(0.2, 'sales by day');
        salesRows = await insertSales(tx, touched.days);
        await phase(0.35, 'returns by day');
        returnRows = await insertReturns(tx, touched.days);
        await phase(0.65, 'category roll-up');
        await rollUpCategories(tx, touched.days);
        const written = await rollUpSkuWeeks(tx, touched.days);
        // The weeks rewritten may have held the longest: the recorded width only grows (until the next full refresh).
        if (histWidth !== null) histWidth = Math.max(histWidth, written);
        await phase(0.75, 'customer statistics');
        // Categories new since the last full refresh get their rate now; the others keep theirs until the next one.
        const missing = (await categoriesBoughtBy(tx, touched.customers)).filter((c) => !(c in rates));
        if (missing.length) rates = { ...rates, ...await categoryRates(tx, missing) };
        customers = await upsertCustomerStats(tx, touched.customers, started, rates);
      }
      summary = { mode: 'INCREMENTAL', orderDays: touched.days.length, salesRows, returnRows, customers, changedSince };
    }
    // Not recorded yet (a rollup built before it was kept): measured once.
    if (histWidth === null && (full || state.skuWeekly)) histWidth = await skuWeeklyHistWidth(tx);
    await phase(0.99, 'saving');
    const durationMs = Date.now() - clock;
    const refreshedAt = new Date(started.getTime() + durationMs);
    const result: RefreshSummary = { ...summary, watermark: started, refreshedAt, durationMs };
    const details = {
      lastFullAt: (full ? started : state.lastFullAt)?.toISOString() ?? null,
      categoryRates: rates,
      skuWeekly: full || state.skuWeekly,
      skuWeeklyHistWidth: histWidth,
      last: { ...result, changedSince: result.changedSince?.toISOString() ?? null, watermark: started.toISOString(), refreshedAt: refreshedAt.toISOString() },
    };
    await tx.insert(analyticsRefreshState).values({ name: ANALYTICS_STATE, watermark: started.toISOString(), refreshedAt, details })
      .onConflictDoUpdate({ target: analyticsRefreshState.name, set: { watermark: started.toISOString(), refreshedAt, details } });
    return result;
    // One snapshot for every statement (repeatable read): sales, returns and customer figures describe the same moment.
  });
}
