import type { Sql } from 'postgres';

/** How much the seed writes; everything but `returns` and `freshOrders` is derived from it. */
export interface SeedPlan {
  returns: number;
  customers: number;
  /** Orders that carry the seeded returns (placed 10–730 days ago). */
  historicalOrders: number;
  /** Recently delivered orders with nothing claimed yet: one per requestReturn call of either side. */
  freshOrders: number;
  products: number;
}

/** Sizes for `returns` seeded returns and `freshOrders` orders kept for the write scenarios. */
export function seedPlan(returns: number, freshOrders: number): SeedPlan {
  return {
    returns,
    customers: Math.max(100, Math.round(returns / 5)),
    historicalOrders: Math.max(100, Math.round(returns * 0.6)),
    freshOrders,
    products: 500,
  };
}

/** One recently delivered order the write scenarios request a return on. */
export interface FreshOrder {
  id: string;
  customerExternalId: string;
  /** Line ids by line number (1–3 lines, quantity 1–3 each, nothing claimed). */
  lineIds: string[];
}

export interface SeedResult {
  counts: Record<string, number>;
  freshOrders: FreshOrder[];
  seconds: number;
}

/**
 * A UUIDv7 for the timestamp `ts` (SQL expression): 48-bit Unix ms, version 7, 12 random bits,
 * variant 10, 62 random bits — the layout of src/domain/ids.ts, so keyset order follows time.
 */
export function v7(ts: string): string {
  return `(lpad(to_hex(floor(extract(epoch from ${ts}) * 1000)::bigint), 12, '0') || '7'`
    + ` || substr(md5(random()::text), 1, 3) || substr('89ab', 1 + floor(random() * 4)::int, 1)`
    + ` || substr(md5(random()::text), 1, 15))::uuid`;
}

// Statuses by age: returns older than 60 days have run their course, newer ones are spread over the open states.
const STATUS_SQL = `case when created_at < (select t from seed_now) - interval '60 days' then
    case when bucket < 72 then 'COMPLETED' when bucket < 84 then 'CANCELLED' when bucket < 92 then 'REJECTED' else 'EXPIRED' end
  else
    case when bucket < 20 then 'REQUESTED' when bucket < 35 then 'APPROVED' when bucket < 47 then 'AWAITING_DROP_OFF'
      when bucket < 62 then 'IN_TRANSIT' when bucket < 74 then 'RECEIVED' when bucket < 82 then 'INSPECTED'
      when bucket < 90 then 'COMPLETED' when bucket < 96 then 'CANCELLED' else 'REJECTED' end
  end`;

// The history each status implies (only event types the services write).
const EVENT_CHAINS: Array<[string, number, string, 'customer' | 'operator' | 'system']> = [];
{
  const chains: Record<string, Array<[string, 'customer' | 'operator' | 'system']>> = {
    REQUESTED: [['RETURN_REQUESTED', 'customer']],
    APPROVED: [['RETURN_REQUESTED', 'customer'], ['RETURN_APPROVED', 'operator']],
    AWAITING_DROP_OFF: [['RETURN_REQUESTED', 'customer'], ['RETURN_APPROVED', 'operator']],
    IN_TRANSIT: [['RETURN_REQUESTED', 'customer'], ['RETURN_APPROVED', 'operator']],
    RECEIVED: [['RETURN_REQUESTED', 'customer'], ['RETURN_APPROVED', 'operator'], ['ITEMS_RECEIVED', 'operator']],
    INSPECTED: [['RETURN_REQUESTED', 'customer'], ['RETURN_APPROVED', 'operator'], ['ITEMS_RECEIVED', 'operator'], ['INSPECTION_FINISHED', 'operator']],
    COMPLETED: [['RETURN_REQUESTED', 'customer'], ['RETURN_APPROVED', 'operator'], ['ITEMS_RECEIVED', 'operator'], ['RETURN_COMPLETED', 'operator']],
    CANCELLED: [['RETURN_REQUESTED', 'customer'], ['RETURN_CANCELLED', 'customer']],
    REJECTED: [['RETURN_REQUESTED', 'customer'], ['RETURN_REJECTED', 'operator']],
    EXPIRED: [['RETURN_REQUESTED', 'customer'], ['RETURN_APPROVED', 'operator'], ['RETURN_EXPIRED', 'system']],
  };
  for (const [status, chain] of Object.entries(chains)) {
    chain.forEach(([type, actor], i) => EVENT_CHAINS.push([status, i + 1, type, actor]));
  }
}

const REASONS = ['SIZE_TOO_SMALL', 'SIZE_TOO_LARGE', 'NOT_AS_DESCRIBED', 'DEFECTIVE', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM', 'CHANGED_MIND', 'ARRIVED_LATE', 'STYLE', 'QUALITY'];
const CATEGORIES = ['footwear', 'apparel', 'electronics', 'home', 'beauty', 'toys'];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: readonly string[]) => `array[${xs.map(lit).join(', ')}]`;

/** The seed as an ordered list of [label, SQL] steps for one connection (temp tables live on it). */
function seedSteps(plan: SeedPlan, now: Date): Array<[string, string]> {
  const { returns: R, customers: C, historicalOrders: H, freshOrders: F, products: P } = plan;
  const chainValues = EVENT_CHAINS.map(([s, step, type, actor]) => `(${lit(s)}, ${step}, ${lit(type)}, ${lit(actor)})`).join(',\n      ');
  return [
    ['anchor', `create temp table seed_now as select ${lit(now.toISOString())}::timestamptz as t`],
    ['policy', `insert into return_policies (id, category, window_days, restocking_fee_percent, non_returnable, free_shipping_reasons, auto_approve)
      values (${v7('now()')}, null, 30, 0, false, '["DEFECTIVE","DAMAGED_IN_TRANSIT","WRONG_ITEM"]'::jsonb, false)`],
    ['products', `insert into products (id, sku, name, category, unit_price_minor, currency_code, weight_grams, refurbishable, vendor_returnable, recyclable, created_at, updated_at)
      select ${v7('ts')}, 'SKU-' || lpad(g::text, 5, '0'), 'Product ' || g, (${arr(CATEGORIES)})[1 + g % ${CATEGORIES.length}],
        500 + (g * 7919) % 20000, 'EUR', 100 + (g * 37) % 2000, g % 3 = 0, g % 5 = 0, true, ts, ts
      from (select g, (select t from seed_now) - interval '1000 days' + g * interval '1 minute' as ts from generate_series(1, ${P}) g) s`],
    ['customers', `insert into customers (id, external_id, email, name, created_at, updated_at)
      select ${v7('ts')}, 'CUST-' || lpad(g::text, 7, '0'), 'customer' || g || '@example.com', 'Customer ' || g, ts, ts
      from (select g, (select t from seed_now) - interval '1000 days' + (g::float8 / ${C}) * interval '900 days' as ts
            from generate_series(1, ${C}) g) s`],
    ['orders', `insert into orders (id, order_number, customer_id, email, currency_code, placed_at, delivered_at, shipping_address, import_hash, created_at, updated_at)
      select ${v7('s.placed')}, s.num, c.id, c.email, 'EUR', s.placed, s.placed + interval '3 days',
        jsonb_build_object('name', c.name, 'line1', s.g || ' Bench Street', 'city', 'Berlin', 'postalCode', lpad((10000 + s.g % 90000)::text, 5, '0'), 'countryCode', 'DE'),
        md5(s.num), s.placed, s.placed
      from (
        select g, 'ORD-' || lpad(g::text, 8, '0') as num, 1 + (g::bigint * 7919) % ${C} as cn,
          (select t from seed_now) - interval '10 days' - random() * interval '720 days' as placed
        from generate_series(1, ${H}) g
        union all
        select g, 'BENCH-' || lpad(g::text, 8, '0'), 1 + (g::bigint * 104729) % ${C},
          (select t from seed_now) - interval '5 days' + g * interval '1 millisecond'
        from generate_series(1, ${F}) g
      ) s
      join customers c on c.external_id = 'CUST-' || lpad(s.cn::text, 7, '0')`],
    ['order_lines', `insert into order_lines (id, order_id, line_number, product_id, sku, name, category, currency_code, quantity, unit_price_minor, discount_minor, weight_grams)
      select ${v7('o.placed_at')}, o.id, ln, p.id, p.sku, p.name, p.category, o.currency_code, q, p.unit_price_minor,
        case when ln = 1 and abs(hashtext(o.order_number || ':d')) % 4 = 0 then least(p.unit_price_minor * q, 500) else 0 end, p.weight_grams
      from orders o
      cross join lateral generate_series(1, 1 + abs(hashtext(o.order_number)) % 3) ln
      -- At least as many units as the order will have returns (each return takes one unit of a line), so no line is over-claimed.
      cross join lateral (select greatest(1 + abs(hashtext(o.order_number || ':q' || ln)) % 3,
        case when o.order_number like 'ORD-%' then (${R} - substr(o.order_number, 5)::int) / ${H} + 1 else 1 end) as q) qq
      join products p on p.sku = 'SKU-' || lpad((1 + abs(hashtext(o.order_number || ':p' || ln)) % ${P})::text, 5, '0')`],
    // Return r belongs to historical order ((r-1) mod H)+1 as that order's k-th return; k-th returns take the next lines.
    ['plan returns', `create temp table seed_returns as
      select s.r, s.k, o.id as order_id, o.customer_id, o.currency_code,
        1 + abs(hashtext(o.order_number)) % 3 as n_lines,
        abs(hashtext('s' || s.r)) % 100 as bucket,
        least(o.delivered_at + (1 + s.k * 5) * interval '1 day' + random() * interval '4 days', (select t from seed_now) - interval '1 minute') as created_at
      from (select r, (r - 1) % ${H} + 1 as oi, (r - 1) / ${H} as k from generate_series(1, ${R}) r) s
      join orders o on o.order_number = 'ORD-' || lpad(s.oi::text, 8, '0')`],
    ['plan statuses', `alter table seed_returns add column status text, add column id uuid, add column seq int`],
    ['plan ids', `update seed_returns set status = ${STATUS_SQL}, id = ${v7('created_at')}`],
    ['plan rma numbers', `update seed_returns sr set seq = n.seq from (select r, row_number() over (order by created_at, r) as seq from seed_returns) n where n.r = sr.r`],
    ['plan items', `create temp table seed_items as
      select ${v7('sr.created_at')} as id, sr.id as return_id, sr.status, ol.id as order_line_id,
        (${arr(REASONS)})[1 + abs(hashtext('why' || sr.r || ':' || j)) % ${REASONS.length}] as reason,
        (ol.quantity * ol.unit_price_minor - ol.discount_minor) / ol.quantity as gross,
        sr.r, j
      from seed_returns sr
      cross join lateral generate_series(1, least(1 + abs(hashtext('i' || sr.r)) % 2, sr.n_lines)) j
      join order_lines ol on ol.order_id = sr.order_id and ol.line_number = (sr.k + j - 1) % sr.n_lines + 1`],
    ['returns', `insert into returns (id, rma_number, customer_id, order_id, status, currency_code, version, shipping_fee_minor, restocking_fee_minor,
        refund_minor, refund_status, refunded_at, packaging_reusable, rejection_reason, created_at, updated_at)
      select sr.id, 'RMA-' || lpad((100000 + sr.seq)::text, 8, '0'), sr.customer_id, sr.order_id, sr.status, sr.currency_code,
        1 + (select count(*) from (values ${chainValues}) ch(status, step, type, actor) where ch.status = sr.status and ch.step > 1),
        case when sr.bucket % 3 = 0 then 495 else 0 end, 0,
        case when sr.status in ('CANCELLED', 'REJECTED', 'EXPIRED') then 0 else agg.gross end,
        case when sr.status = 'COMPLETED' then 'ISSUED' when sr.status in ('CANCELLED', 'REJECTED', 'EXPIRED') then 'NONE' else 'QUOTED' end,
        case when sr.status = 'COMPLETED' then least(sr.created_at + interval '9 days', (select t from seed_now)) end,
        case when sr.status in ('RECEIVED', 'INSPECTED', 'COMPLETED') then sr.bucket % 2 = 0 end,
        case when sr.status = 'REJECTED' then 'Outside of the conditions for this category' end,
        sr.created_at, least(sr.created_at + interval '9 days', (select t from seed_now))
      from seed_returns sr
      join (select return_id, sum(gross)::bigint as gross from seed_items group by return_id) agg on agg.return_id = sr.id`],
    ['return_items', `insert into return_items (id, return_id, order_line_id, quantity, received_quantity, missing_quantity, reason, note, resolution,
        restocking_fee_percent, grade, inspected_at, disposition, dispositioned_at, gross_minor, restocking_fee_minor, refund_minor)
      select si.id, si.return_id, si.order_line_id, 1,
        case when si.status in ('RECEIVED', 'INSPECTED', 'COMPLETED') then 1 else 0 end, 0, si.reason,
        case when si.r % 10 = 0 then 'Customer note ' || si.r end,
        case when si.r % 17 = 0 then 'STORE_CREDIT' else 'REFUND' end, 0,
        case when si.status in ('INSPECTED', 'COMPLETED') then (array['NEW_SEALED', 'LIKE_NEW', 'GOOD', 'FAIR', 'DAMAGED'])[1 + si.r % 5] end,
        case when si.status in ('INSPECTED', 'COMPLETED') then sr.created_at + interval '6 days' end,
        case when si.status = 'COMPLETED' then (array['RESTOCK', 'RESELL_OPEN_BOX', 'REFURBISH', 'LIQUIDATE', 'RECYCLE'])[1 + si.r % 5] end,
        case when si.status = 'COMPLETED' then sr.created_at + interval '7 days' end,
        si.gross, 0, si.gross
      from seed_items si join seed_returns sr on sr.id = si.return_id`],
    ['return_events', `insert into return_events (id, return_id, type, at, actor_type, actor_id, data)
      select ${v7('e.at')}, e.return_id, e.type, e.at, e.actor,
        case e.actor when 'customer' then c.external_id when 'operator' then 'operator-' || (e.r % 7) end, e.data
      from (
        select sr.id as return_id, sr.r, sr.customer_id, ch.type, ch.actor,
          least(sr.created_at + (ch.step - 1) * interval '3 days' + ch.step * interval '1 millisecond', (select t from seed_now) - interval '1 second' + ch.step * interval '1 millisecond') as at,
          case when ch.step = 1 then jsonb_build_object('freeShipping', sr.bucket % 3 <> 0) else jsonb_build_object('auto', false) end as data
        from seed_returns sr
        join (values ${chainValues}) ch(status, step, type, actor) on ch.status = sr.status
      ) e
      join customers c on c.id = e.customer_id`],
    ['rma sequence', `select setval('rma_number_seq', ${100000 + R})`],
    ['drop plan', `drop table seed_returns, seed_items, seed_now`],
    ['analyze', `analyze`],
  ];
}

/** Seeds an empty, migrated database with set-based SQL on one connection; logs each step. */
export async function seed(sql: Sql, plan: SeedPlan, log: (line: string) => void): Promise<SeedResult> {
  const started = performance.now();
  for (const [label, text] of seedSteps(plan, new Date())) {
    const t0 = performance.now();
    const result = await sql.unsafe(text);
    const rows = typeof result.count === 'number' && result.command !== 'SELECT' ? ` (${result.count} rows)` : '';
    log(`  seed ${label.padEnd(18)} ${((performance.now() - t0) / 1000).toFixed(1)}s${rows}`);
  }
  const counts: Record<string, number> = {};
  for (const table of ['customers', 'products', 'orders', 'order_lines', 'returns', 'return_items', 'return_events']) {
    const [row] = await sql.unsafe(`select count(*)::int as n from ${table}`);
    counts[table] = row.n as number;
  }
  const fresh = await sql<Array<{ id: string; externalId: string; lineIds: string[] }>>`
    select o.id, c.external_id as "externalId", array_agg(ol.id order by ol.line_number) as "lineIds"
    from orders o join customers c on c.id = o.customer_id join order_lines ol on ol.order_id = o.id
    where o.order_number like 'BENCH-%'
    group by o.id, o.order_number, c.external_id order by o.order_number`;
  return {
    counts,
    freshOrders: fresh.map((f) => ({ id: f.id, customerExternalId: f.externalId, lineIds: f.lineIds })),
    seconds: (performance.now() - started) / 1000,
  };
}
