import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { queryRows } from '../../src/db/rows';
import { CONDITION_GRADES, DISPOSITION_TYPES } from '../../src/domain/disposition-types';
import { uuidv7Timestamp } from '../../src/domain/ids';
import { RETURN_METHOD_TYPES } from '../../src/domain/return-methods';
import { RETURN_REASON_CODES } from '../../src/domain/return-reasons';
import { RETURN_STATUSES } from '../../src/domain/return-status';
import {
  generateHistory, HISTORY_TRUTH, HistoryExistsError, historySerialReturners, type HistoryOptions, type HistorySummary,
} from '../../src/demo/history';
import { createTestDatabase } from '../support/harness';

// The history generator on real PostgreSQL: what it writes is consistent with the domain, reproducible from the seed,
// and shows the effects docs/history-generator.md promises (category rates, size bracketing, serial returners, lags).
const END = new Date('2025-06-30T00:00:00Z');
const OPTIONS: HistoryOptions = { orders: 4000, seed: 7, end: END, weeks: 104 };
/** Orders this much older than the end have had their whole return window (30 days) plus slack. */
const SETTLED = new Date(END.getTime() - 70 * 86_400_000);

let dbHandle: { url: string; drop(): Promise<void> };
let database: Database;
let summary: HistorySummary;

const q = <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => queryRows<T>(database.db, query);

/** Order lines with whether they came back (in a return that was not rejected or cancelled), for settled orders. */
const LINE_OUTCOMES = sql`
  select l.id, l.sku, l.category, l.quantity, o.order_number, c.external_id,
    coalesce((select sum(i.quantity) from return_items i join returns r on r.id = i.return_id
      where i.order_line_id = l.id and r.status not in ('REJECTED', 'CANCELLED')), 0)::int as returned,
    exists (select 1 from order_lines s where s.order_id = l.order_id and s.id <> l.id
      and regexp_replace(s.sku, '-[^-]+$', '') = regexp_replace(l.sku, '-[^-]+$', '')) as bracketed
  from order_lines l join orders o on o.id = l.order_id join customers c on c.id = o.customer_id
  where o.order_number like 'HIST-%' and o.placed_at < ${SETTLED.toISOString()}::timestamptz`;

type LineOutcome = { id: string; sku: string; category: string; quantity: number; order_number: string; external_id: string; returned: number; bracketed: boolean };

/** Fingerprints of the generated data that do not depend on database-assigned values (RMA numbers). */
async function fingerprint(): Promise<Record<string, unknown>> {
  const [orders] = await q<{ h: string; n: number }>(sql`select md5(string_agg(concat_ws('|', o.id, o.order_number, o.placed_at, o.delivered_at,
      l.sku, l.quantity, l.unit_price_minor, l.discount_minor), ',' order by o.order_number, l.line_number)) as h, count(*)::int as n
    from orders o join order_lines l on l.order_id = o.id where o.order_number like 'HIST-%'`);
  const [returns] = await q<{ h: string; n: number }>(sql`select md5(string_agg(concat_ws('|', r.id, o.order_number, r.status, r.created_at, r.refund_minor,
      r.refunded_at), ',' order by r.id)) as h, count(*)::int as n from returns r join orders o on o.id = r.order_id where o.order_number like 'HIST-%'`);
  const [items] = await q<{ h: string }>(sql`select md5(string_agg(concat_ws('|', i.id, i.reason, i.quantity, i.grade, i.disposition), ',' order by i.id)) as h
    from return_items i`);
  return { orders, returns, items };
}

beforeAll(async () => {
  dbHandle = await createTestDatabase();
  database = await openDatabase(dbHandle.url, '.data', { poolMax: 3 });
  await applyMigrations(database.db);
  // Data that is not the generator's: it must survive generating and replacing the history.
  await database.db.execute(sql`insert into customers (id, external_id, email) values ('01890000-0000-7000-8000-000000000001', 'real-customer', 'real@example.com')`);
  await database.db.execute(sql`insert into orders (id, order_number, customer_id, email, currency_code, placed_at, import_hash)
    values ('01890000-0000-7000-8000-000000000002', 'REAL-1', '01890000-0000-7000-8000-000000000001', 'real@example.com', 'EUR', now(), 'x')`);
  summary = await generateHistory(database, OPTIONS);
}, 240_000);

afterAll(async () => {
  await database?.close();
  await dbHandle?.drop();
});

describe('history generator', () => {
  it('writes what the summary says, additively, and refreshes the analytics aggregates', async () => {
    const [counts] = await q<Record<string, number>>(sql`select
      (select count(*) from orders where order_number like 'HIST-%')::int as orders,
      (select count(*) from order_lines l join orders o on o.id = l.order_id where o.order_number like 'HIST-%')::int as lines,
      (select count(*) from returns)::int as returns,
      (select count(*) from return_items)::int as items,
      (select count(*) from customers where external_id like 'hist-customer-%')::int as customers,
      (select count(*) from orders where order_number = 'REAL-1')::int as real_orders,
      (select count(*) from analytics_sales_daily)::int as sales_rows`);
    expect(counts).toMatchObject({
      orders: 4000, lines: summary.orderLines, returns: summary.returns, items: summary.returnItems, customers: summary.customers, real_orders: 1,
    });
    expect(summary.returns).toBeGreaterThan(600);
    expect(summary.refreshed).toBe(true);
    expect(counts.sales_rows).toBeGreaterThan(100);
    // Every table the brief names got rows.
    const [down] = await q<Record<string, number>>(sql`select (select count(*) from return_events)::int as events, (select count(*) from return_bookings)::int as bookings,
      (select count(*) from resale_listings where status = 'SOLD')::int as sold, (select count(*) from recycling_lots where status = 'CLOSED')::int as lots,
      (select count(*) from recycling_lot_materials)::int as materials, (select count(*) from disposal_records)::int as disposals`);
    expect(down.events).toBeGreaterThan(summary.returns * 3);
    expect(down.bookings).toBeGreaterThan(summary.returns * 0.8);
    expect(down.sold).toBeGreaterThan(100);
    expect(down.lots).toBeGreaterThan(0);
    expect(down.materials).toBeGreaterThan(down.lots);
  });

  it('refuses to generate over an existing history unless asked to replace it', async () => {
    await expect(generateHistory(database, { ...OPTIONS, refresh: false })).rejects.toBeInstanceOf(HistoryExistsError);
    const [n] = await q<{ n: number }>(sql`select count(*)::int as n from orders where order_number like 'HIST-%'`);
    expect(n.n).toBe(4000);
  });

  it('gives each category its documented return rate', async () => {
    const lines = await q<LineOutcome>(LINE_OUTCOMES);
    for (const [category, truth] of Object.entries(HISTORY_TRUTH.categories)) {
      const own = lines.filter((l) => l.category === category);
      const sold = own.reduce((s, l) => s + l.quantity, 0);
      const returned = own.reduce((s, l) => s + l.returned, 0);
      const rate = returned / sold;
      // Binomial standard error, widened for multi-unit lines, plus a point for the end-of-history truncation.
      const tolerance = 4 * Math.sqrt((truth.returnRate * (1 - truth.returnRate)) / sold) + 0.01;
      expect({ category, rate, withinTolerance: Math.abs(rate - truth.returnRate) <= tolerance }).toMatchObject({ category, withinTolerance: true });
    }
  });

  it('returns the sizes that do not fit when customers order a size bracket', async () => {
    const lines = (await q<LineOutcome>(LINE_OUTCOMES)).filter((l) => l.category === 'apparel' || l.category === 'footwear');
    const rate = (ls: LineOutcome[]) => ls.filter((l) => l.returned > 0).length / ls.length;
    const bracketed = lines.filter((l) => l.bracketed);
    const single = lines.filter((l) => !l.bracketed);
    expect(bracketed.length).toBeGreaterThan(200);
    expect(rate(bracketed)).toBeGreaterThan(0.45);
    expect(rate(bracketed)).toBeGreaterThan(2 * rate(single));
    // The bracketed sizes come back as size reasons.
    const [reasons] = await q<{ size: number; all: number }>(sql`select count(*) filter (where i.reason in ('SIZE_TOO_SMALL', 'SIZE_TOO_LARGE'))::int as size, count(*)::int as all
      from return_items i join order_lines l on l.id = i.order_line_id
      where exists (select 1 from order_lines s where s.order_id = l.order_id and s.id <> l.id
        and regexp_replace(s.sku, '-[^-]+$', '') = regexp_replace(l.sku, '-[^-]+$', ''))`);
    expect(reasons.size / reasons.all).toBeGreaterThan(0.75);
  });

  it('makes serial returners return far more than other customers', async () => {
    const serial = new Set(historySerialReturners(OPTIONS));
    const lines = await q<LineOutcome>(LINE_OUTCOMES);
    const rate = (ls: LineOutcome[]) => ls.reduce((s, l) => s + l.returned, 0) / ls.reduce((s, l) => s + l.quantity, 0);
    const theirs = lines.filter((l) => serial.has(l.external_id));
    const others = lines.filter((l) => !serial.has(l.external_id));
    expect(theirs.length).toBeGreaterThan(100);
    expect(rate(theirs)).toBeGreaterThan(2 * rate(others));
  });

  it('asks for returns after delivery with each category\'s lag, inside the return window', async () => {
    const lags = await q<{ category: string; days: number; holiday: boolean }>(sql`
      select l.category, extract(epoch from r.created_at - o.delivered_at) / 86400 as days,
        (extract(month from o.placed_at at time zone 'UTC') = 11 and extract(day from o.placed_at at time zone 'UTC') >= 20)
          or (extract(month from o.placed_at at time zone 'UTC') = 12 and extract(day from o.placed_at at time zone 'UTC') <= 24) as holiday
      from returns r join orders o on o.id = r.order_id join return_items i on i.return_id = r.id join order_lines l on l.id = i.order_line_id`);
    expect(lags.every((l) => l.days > 0)).toBe(true);
    expect(lags.filter((l) => !l.holiday).every((l) => l.days <= 30)).toBe(true);
    expect(lags.filter((l) => l.holiday).every((l) => l.days <= 75)).toBe(true);
    for (const category of ['apparel', 'footwear', 'electronics'] as const) {
      const days = lags.filter((l) => l.category === category && !l.holiday).map((l) => Number(l.days)).sort((a, b) => a - b);
      const median = days[Math.floor(days.length / 2)];
      const truth = HISTORY_TRUTH.categories[category].lagMedianDays;
      // Several lines of one order share the slowest category's lag, so medians run a little above the truth.
      expect(median).toBeGreaterThan(truth * 0.75);
      expect(median).toBeLessThan(truth * 1.5);
    }
  });

  it('writes rows a real return could have: valid states, quantities and refunds within what was paid', async () => {
    const [bad] = await q<Record<string, number>>(sql`select
      (select count(*) from returns where not (status = any(${`{${RETURN_STATUSES.join(',')}}`}::text[])))::int as status,
      (select count(*) from return_items where not (reason = any(${`{${RETURN_REASON_CODES.join(',')}}`}::text[])))::int as reason,
      (select count(*) from return_items where grade is not null and not (grade = any(${`{${CONDITION_GRADES.join(',')}}`}::text[])))::int as grade,
      (select count(*) from return_items where disposition is not null and not (disposition = any(${`{${DISPOSITION_TYPES.join(',')}}`}::text[])))::int as disposition,
      (select count(*) from return_bookings where not (type = any(${`{${RETURN_METHOD_TYPES.join(',')}}`}::text[])))::int as method,
      (select count(*) from (select i.order_line_id from return_items i join order_lines l on l.id = i.order_line_id
        group by i.order_line_id, l.quantity having sum(i.quantity) > l.quantity) x)::int as over_quantity,
      (select count(*) from return_items where received_quantity > quantity or gross_minor < refund_minor)::int as item_amounts,
      (select count(*) from returns r where r.refund_minor > (select sum(i.gross_minor) from return_items i where i.return_id = r.id))::int as refund_over_items,
      (select count(*) from return_items i join order_lines l on l.id = i.order_line_id
        where i.gross_minor > l.quantity * l.unit_price_minor - l.discount_minor)::int as refund_over_paid,
      (select count(*) from returns where status in ('REJECTED', 'CANCELLED', 'EXPIRED') and (refund_minor <> 0 or refund_status <> 'NONE'))::int as released_refund,
      (select count(*) from returns where status = 'COMPLETED' and refund_minor > 0 and refunded_at is null)::int as completed_unrefunded,
      (select count(*) from return_items i join returns r on r.id = i.return_id where i.disposition is not null and r.status <> 'COMPLETED')::int as early_disposition,
      (select count(*) from returns r where not exists (select 1 from return_events e where e.return_id = r.id and e.type = 'RETURN_REQUESTED' and e.at = r.created_at))::int as no_request,
      (select count(*) from return_events where at > ${END.toISOString()}::timestamptz)::int
        + (select count(*) from resale_listings where created_at > ${END.toISOString()}::timestamptz or sold_at > ${END.toISOString()}::timestamptz)::int
        + (select count(*) from refurbishment_jobs where greatest(created_at, dispatched_at, completed_at) > ${END.toISOString()}::timestamptz)::int
        + (select count(*) from recycling_lots where greatest(created_at, dispatched_at, closed_at) > ${END.toISOString()}::timestamptz)::int
        + (select count(*) from vendor_return_authorizations where greatest(created_at, dispatched_at, closed_at) > ${END.toISOString()}::timestamptz)::int
        + (select count(*) from orders where order_number like 'HIST-%' and greatest(placed_at, delivered_at, updated_at) > ${END.toISOString()}::timestamptz)::int
        as future_events,
      (select count(*) from returns r join orders o on o.id = r.order_id where o.delivered_at is null or r.created_at <= o.delivered_at)::int as before_delivery,
      (select count(*) from resale_listings where price_minor <= 0 or (status = 'SOLD') <> (sold_at is not null))::int as listings,
      (select count(*) from returns where status = 'REJECTED' and rejection_reason is null)::int as unexplained_rejection`);
    expect(bad).toEqual({
      status: 0, reason: 0, grade: 0, disposition: 0, method: 0, over_quantity: 0, item_amounts: 0, refund_over_items: 0, refund_over_paid: 0,
      released_refund: 0, completed_unrefunded: 0, early_disposition: 0, no_request: 0, future_events: 0, before_delivery: 0, listings: 0,
      unexplained_rejection: 0,
    });
    // The last event of a finished return is the transition into its status.
    const finals = await q<{ status: string; type: string }>(sql`select distinct r.status, (select e.type from return_events e where e.return_id = r.id order by e.id desc limit 1) as type
      from returns r where r.status in ('COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED')`);
    const expected: Record<string, string> = { COMPLETED: 'RETURN_COMPLETED', REJECTED: 'RETURN_REJECTED', CANCELLED: 'RETURN_CANCELLED', EXPIRED: 'RETURN_EXPIRED' };
    for (const f of finals) expect(f).toEqual({ status: f.status, type: expected[f.status] });
    expect(new Set(finals.map((f) => f.status)).size).toBe(4);
    // Ids are UUIDv7 of the row's own time, so keyset order follows time.
    const sample = await q<{ id: string; created_at: string | Date }>(sql`select id, created_at from returns order by id limit 200`);
    for (const r of sample) expect(uuidv7Timestamp(r.id)).toBe(new Date(r.created_at).getTime());
  });

  it('regenerates the same history from the same seed with --replace, and leaves other data alone', async () => {
    const before = await fingerprint();
    const again = await generateHistory(database, { ...OPTIONS, replace: true, refresh: false });
    expect(await fingerprint()).toEqual(before);
    const timeless = (s: HistorySummary) => ({ ...s, elapsedMs: 0, writeMs: 0, rowsPerSecond: 0, refreshed: true });
    expect(timeless(again)).toEqual(timeless(summary));
    const [real] = await q<{ n: number }>(sql`select count(*)::int as n from orders where order_number = 'REAL-1'`);
    expect(real.n).toBe(1);
    // Another seed is another history.
    await generateHistory(database, { ...OPTIONS, seed: 8, replace: true, refresh: false });
    expect(await fingerprint()).not.toEqual(before);
  }, 240_000);
});
