import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/rows';
import { MAX_LAG_WEEKS, weekStart, type WeeklyHistory } from '../../domain/forecast';
import { replicaReads, type ServiceContext } from '../context';

/*
 * Loads the weekly histories forecasts need from the maintained aggregates only (analytics_sales_daily,
 * analytics_returns_daily): one grouped query for sales and one for returns, whatever the grouping.
 * Week w is the ISO week starting Monday weekStart(w); the axis runs fromWeek … toWeek (the last complete week).
 */

/** Units requested, received, dispositioned and sellable: what the inventory probabilities are estimated from. */
export interface ReturnOutcomes {
  /** Units requested in weeks old enough to have arrived (request week ≤ last week − RECEIPT_MATURE_WEEKS). */
  requestedMature: number;
  /** Of those, units received. */
  receivedMature: number;
  /** Received units with a disposition decided. */
  decided: number;
  /** Of those, units back to sellable stock (RESTOCK, RESELL_OPEN_BOX, completed REFURBISH). */
  sellable: number;
  /** All units requested in the history window (the ranking). */
  requested: number;
}

/** A weekly history with its return outcomes. */
export interface GroupHistory { history: WeeklyHistory; outcomes: ReturnOutcomes }

/** The histories one request needs: the total, every category, and the finer groups asked for (SKU or reason). */
export interface Histories {
  fromWeek: number;
  toWeek: number;
  total: GroupHistory;
  categories: Map<string, GroupHistory>;
  /** SKU → its history and category; reason → its returns over the total's sales. */
  subgroups: Map<string, GroupHistory & { category: string | null }>;
}

/** Requests at least this many weeks old count toward the receipt rate (the parcel has had time to arrive). */
export const RECEIPT_MATURE_WEEKS = 4;

/** What to load beside the categories and the total. */
export type Subgroups =
  | { by: 'NONE' }
  | { by: 'SKU'; top: number }
  | { by: 'ONE_SKU'; sku: string; category: string }
  | { by: 'REASON' };

const WEEK = (day: SQL) => sql`((${day} - date '1970-01-05') / 7)::int`;

/** A group with no sales and no returns over n weeks. */
export function emptyGroup(n: number): GroupHistory {
  return {
    history: { sales: new Array<number>(n).fill(0), returns: [] },
    outcomes: { requestedMature: 0, receivedMature: 0, decided: 0, sellable: 0, requested: 0 },
  };
}

interface SalesRow { week: number; category: string; sub: string | null; units: number }
interface ReturnsRow {
  order_week: number; request_week: number; category: string; sub: string | null;
  units: number; received: number; decided: number; sellable: number;
}

/** Loads weeks fromWeek … toWeek (inclusive) for the total, the categories and the subgroups asked for. */
export async function loadHistories(ctx: ServiceContext, fromWeek: number, toWeek: number, subgroups: Subgroups): Promise<Histories> {
  const fromDay = weekStart(fromWeek);
  const toDay = weekStart(toWeek + 1);
  const window = sql`order_day >= ${fromDay}::date and request_day < ${toDay}::date`;
  let salesWhere = sql`day >= ${fromDay}::date and day < ${toDay}::date`;
  let returnsWhere = window;
  let salesSub = sql`null::text`;
  let returnsSub = sql`null::text`;
  let topCte = sql``;
  switch (subgroups.by) {
    case 'SKU':
      // The SKUs with the most units requested back in the window; the rest stay in their category's figures.
      topCte = sql`with top_skus as (select sku from analytics_returns_daily where ${window}
        group by sku order by sum(units) desc, sku limit ${subgroups.top}) `;
      salesSub = sql`case when sku in (select sku from top_skus) then sku end`;
      returnsSub = salesSub;
      break;
    case 'ONE_SKU':
      salesWhere = sql`${salesWhere} and category = ${subgroups.category}`;
      returnsWhere = sql`${returnsWhere} and category = ${subgroups.category}`;
      salesSub = sql`case when sku = ${subgroups.sku} then sku end`;
      returnsSub = salesSub;
      break;
    case 'REASON':
      returnsSub = sql`reason`;
      break;
    case 'NONE':
      break;
  }
  const db = replicaReads(ctx);
  const sales = await queryRows<SalesRow>(db, sql`${topCte}select ${WEEK(sql`day`)} as week, category, ${salesSub} as sub,
      sum(units)::int as units
    from analytics_sales_daily where ${salesWhere} group by 1, 2, 3`);
  const returns = await queryRows<ReturnsRow>(db, sql`${topCte}select ${WEEK(sql`order_day`)} as order_week,
      ${WEEK(sql`request_day`)} as request_week, category, ${returnsSub} as sub,
      sum(units)::int as units, sum(received_units)::int as received,
      (sum(received_units) filter (where disposition <> 'NONE'))::int as decided, sum(sellable_units)::int as sellable
    from analytics_returns_daily
    where ${returnsWhere} and request_day - order_day <= ${7 * (MAX_LAG_WEEKS + 1)}
    group by 1, 2, 3, 4`);
  return assemble(fromWeek, toWeek, sales, returns, subgroups.by === 'REASON');
}

function assemble(fromWeek: number, toWeek: number, sales: SalesRow[], returns: ReturnsRow[], subgroupsShareTotalSales: boolean): Histories {
  const n = toWeek - fromWeek + 1;
  const total = emptyGroup(n);
  const categories = new Map<string, GroupHistory>();
  const subgroups = new Map<string, GroupHistory & { category: string | null }>();
  const category = (key: string) => categories.get(key) ?? categories.set(key, emptyGroup(n)).get(key) as GroupHistory;
  const subgroup = (key: string, cat: string | null) => {
    let g = subgroups.get(key);
    if (!g) {
      g = { ...emptyGroup(n), category: subgroupsShareTotalSales ? null : cat };
      if (subgroupsShareTotalSales) g.history.sales = total.history.sales;
      subgroups.set(key, g);
    }
    return g;
  };
  for (const row of sales) {
    const s = row.week - fromWeek;
    if (s < 0 || s >= n) continue;
    const targets = [total, category(row.category), ...(row.sub !== null ? [subgroup(row.sub, row.category)] : [])];
    for (const g of targets) g.history.sales[s] += Number(row.units);
  }
  const matureUntil = n - 1 - RECEIPT_MATURE_WEEKS;
  for (const row of returns) {
    const s = row.order_week - fromWeek;
    const k = row.request_week - row.order_week;
    if (s < 0 || k < 0 || k > MAX_LAG_WEEKS || s + k >= n) continue;
    const targets = [total, category(row.category), ...(row.sub !== null ? [subgroup(row.sub, row.category)] : [])];
    for (const g of targets) {
      const cohort = (g.history.returns[s] ??= []);
      cohort[k] = (cohort[k] ?? 0) + Number(row.units);
      const o = g.outcomes;
      o.requested += Number(row.units);
      o.decided += Number(row.decided ?? 0);
      o.sellable += Number(row.sellable);
      if (s + k <= matureUntil) {
        o.requestedMature += Number(row.units);
        o.receivedMature += Number(row.received);
      }
    }
  }
  return { fromWeek, toWeek, total, categories, subgroups };
}

/** Return outcomes of the total, each category and (asked for) one SKU, as they were known at a past instant. */
export interface OutcomesAsOf { total: ReturnOutcomes; categories: Map<string, ReturnOutcomes>; sku: ReturnOutcomes | null }

interface OutcomeRow {
  category: string | null; sub: string | null; by_category: number; by_sub: number;
  requested: number; requested_mature: number; received_mature: number; decided: number; sellable: number;
}

/**
 * The outcomes loadHistories reads from the aggregates, but from the returns themselves as they were known before
 * `cutoff` (the end of the axis' last week): returns requested before it, units received before it (the return's first
 * ITEMS_RECEIVED), dispositions decided before it, refurbishments completed before it. The aggregates hold what is
 * known now (a unit received since counts as received), so a past asOf cannot use them for rates.
 */
export async function loadOutcomesAsOf(ctx: ServiceContext, fromWeek: number, toWeek: number, only: { category: string; sku: string | null } | null): Promise<OutcomesAsOf> {
  const from = `${weekStart(fromWeek)}T00:00:00Z`;
  const cutoff = `${weekStart(toWeek + 1)}T00:00:00Z`;
  const before = (column: SQL) => sql`${column} < ${cutoff}::timestamptz`;
  const received = sql`(rc.received_at is not null and ${before(sql`rc.received_at`)})`;
  const decided = sql`(${received} and ri.disposition is not null and ${before(sql`ri.dispositioned_at`)})`;
  const rows = await queryRows<OutcomeRow>(replicaReads(ctx), sql`with items as (
      select p.category, ${only?.sku ? sql`case when p.sku = ${only.sku} then p.sku end` : sql`null::text`} as sub,
        ${WEEK(sql`(o.placed_at at time zone 'UTC')::date`)} as order_week, ${WEEK(sql`(r.created_at at time zone 'UTC')::date`)} as request_week,
        (r.created_at at time zone 'UTC')::date - (o.placed_at at time zone 'UTC')::date as lag_days,
        ri.quantity as units,
        case when ${received} then ri.received_quantity else 0 end as received,
        case when ${decided} then ri.received_quantity else 0 end as decided,
        case when ${decided} and (ri.disposition in ('RESTOCK', 'RESELL_OPEN_BOX')
            or (ri.disposition = 'REFURBISH' and j.status = 'COMPLETED' and ${before(sql`j.completed_at`)}))
          then ri.received_quantity else 0 end as sellable
      from returns r
      join orders o on o.id = r.order_id
      join return_items ri on ri.return_id = r.id
      join order_lines ol on ol.id = ri.order_line_id
      join products p on p.id = ol.product_id
      left join refurbishment_jobs j on j.return_item_id = ri.id
      left join lateral (select min(e.at) as received_at from return_events e where e.return_id = r.id and e.type = 'ITEMS_RECEIVED') rc on true
      where r.status not in ('REJECTED', 'CANCELLED', 'EXPIRED') and r.created_at >= ${from}::timestamptz and ${before(sql`r.created_at`)}
        and o.placed_at >= ${from}::timestamptz ${only ? sql`and p.category = ${only.category}` : sql``})
    select category, sub, grouping(category) as by_category, grouping(sub) as by_sub, sum(units)::int as requested,
      coalesce(sum(units) filter (where request_week <= ${toWeek - RECEIPT_MATURE_WEEKS}), 0)::int as requested_mature,
      coalesce(sum(received) filter (where request_week <= ${toWeek - RECEIPT_MATURE_WEEKS}), 0)::int as received_mature,
      sum(decided)::int as decided, sum(sellable)::int as sellable
    from items
    where request_week - order_week between 0 and ${MAX_LAG_WEEKS} and lag_days <= ${7 * (MAX_LAG_WEEKS + 1)}
    group by grouping sets ((), (category), (category, sub))`);
  const outcomes = (r: OutcomeRow): ReturnOutcomes => ({
    requested: Number(r.requested), requestedMature: Number(r.requested_mature), receivedMature: Number(r.received_mature),
    decided: Number(r.decided), sellable: Number(r.sellable),
  });
  const result: OutcomesAsOf = { total: emptyGroup(0).outcomes, categories: new Map(), sku: null };
  for (const r of rows) {
    if (Number(r.by_category) === 1) result.total = outcomes(r);
    else if (Number(r.by_sub) === 1) result.categories.set(r.category as string, outcomes(r));
    else if (r.sub !== null) result.sku = outcomes(r);
  }
  return result;
}

