import { sql } from 'drizzle-orm';
import type { Database, Db, Executor } from '../db/client';
import { queryRows } from '../db/rows';
import { refreshAnalytics } from '../services/insight/analytics-refresh.service';
import { DAY_MS, HISTORY_CATEGORIES } from './history-catalog';
import { Downstream, finishDownstream } from './history-downstream';
import { historyUuid, Rng } from './history-random';
import { buildReturn } from './history-returns';
import { recordsetInsert } from '../db/recordset';
import { HISTORY_TABLES, push, stamp, type HistoryTable, type RowBatch } from './history-rows';
import { calibrateIntercepts, decideReturns, OrderSimulator, type ResolvedHistoryOptions } from './history-simulate';
import { HISTORY_TRUTH, type HistoryCategory } from './history-truth';

export { HISTORY_TRUTH, styleOfSku, type HistoryCategory } from './history-truth';

/** What to generate. */
export interface HistoryOptions {
  /** Orders to generate (≥ 1). */
  orders: number;
  /** PRNG seed (default 1): the same seed and options give the same history. */
  seed?: number;
  /** Weeks of history (default 104), ending at `end`. */
  weeks?: number;
  /** When the history ends (default now). */
  end?: Date;
  /** Customers who may order (default orders / 4); those who never order are not written. */
  customers?: number;
  currencyCode?: 'EUR';
  /** Delete an existing generated history first instead of refusing (default false). */
  replace?: boolean;
  /** Rebuild the analytics aggregates at the end (default true). */
  refresh?: boolean;
  /** Progress lines (default silent). */
  log?: (line: string) => void;
}

/** Sold and returned units of one category. */
export interface CategorySummary {
  unitsSold: number;
  /** Units in returns that were not rejected or cancelled. */
  unitsReturned: number;
  returnRate: number;
}

/** What was generated. */
export interface HistorySummary {
  seed: number;
  start: string;
  end: string;
  customers: number;
  products: number;
  orders: number;
  orderLines: number;
  units: number;
  returns: number;
  returnItems: number;
  returnedUnits: number;
  returnsByStatus: Record<string, number>;
  byCategory: Record<HistoryCategory, CategorySummary>;
  /** Rows written over all tables. */
  rows: number;
  /** Everything, including deleting an old history and the analytics refresh. */
  elapsedMs: number;
  /** Generating and writing the rows (and ANALYZE). */
  writeMs: number;
  /** rows / writeMs. */
  rowsPerSecond: number;
  /** Whether refreshAnalytics({ full: true }) ran at the end. */
  refreshed: boolean;
}

/** Thrown when generated history is already present and `replace` was not asked for. */
export class HistoryExistsError extends Error {
  constructor(readonly orders: number) {
    super(`This database already holds a generated history (${orders} orders numbered ${HISTORY_TRUTH.orderNumberPrefix}…); pass replace (--replace) to delete and regenerate it`);
  }
}

/** Orders per written batch: one statement each, big enough to amortise the round trip, small enough to stream. */
const ORDERS_PER_BATCH = 2_000;
/** Batches written concurrently (each on its own connection when the driver has a pool). */
const WRITE_LANES = 2;
/** Tables written with the orders, in foreign-key order. */
const ORDER_TABLES: HistoryTable[] = [
  'customers', 'orders', 'order_lines', 'returns', 'return_items', 'return_events', 'return_bookings',
  'refurbishment_jobs', 'resale_listings', 'disposal_records',
];
const DOWNSTREAM_TABLES: HistoryTable[] = [
  'recycling_lots', 'recycling_lot_units', 'recycling_lot_materials', 'recycling_lot_events',
  'vendor_return_authorizations', 'vendor_return_units', 'vendor_return_events',
];

/** Fills in defaults and checks the options; throws RangeError on nonsense. */
export function resolveHistoryOptions(opts: HistoryOptions): ResolvedHistoryOptions {
  const orders = opts.orders;
  if (!Number.isSafeInteger(orders) || orders < 1) throw new RangeError('orders must be a positive integer');
  const seed = opts.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be an integer');
  const weeks = opts.weeks ?? 104;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 520) throw new RangeError('weeks must be an integer between 1 and 520');
  const end = opts.end ?? new Date();
  if (Number.isNaN(end.getTime())) throw new RangeError('end must be a valid date');
  const customers = opts.customers ?? Math.max(1, Math.round(orders / 4));
  if (!Number.isSafeInteger(customers) || customers < 1) throw new RangeError('customers must be a positive integer');
  if ((opts.currencyCode ?? 'EUR') !== 'EUR') throw new RangeError('only EUR histories are generated');
  return { orders, seed, weeks, end, start: new Date(end.getTime() - weeks * 7 * DAY_MS), customers, currencyCode: 'EUR' };
}

/** Writes a batch in one statement: one data-modifying CTE per table, so the batch commits or fails whole. */
export async function writeBatch(db: Db, batch: RowBatch, tables: readonly HistoryTable[]): Promise<number> {
  const present = tables.filter((t) => batch[t]?.length);
  if (present.length === 0) return 0;
  // One parameter per table: a json value is text, so slicing one big document per table would re-scan all of it.
  const ctes = present.map((t, i) => sql`${sql.raw(`${i ? ', ' : ''}w${i} as (`)}${recordsetInsert(t, HISTORY_TABLES[t], batch[t]!)})`);
  try {
    await db.transaction(async (tx) => {
      // Generated rows can be regenerated: a crash losing the last batches is cheaper than waiting for each flush.
      await tx.execute(sql`set local synchronous_commit = off`);
      await tx.execute(sql`with ${sql.join(ctes)} select 1`);
    });
  } catch (e) {
    // Drizzle's error carries the whole payload; keep the database's own message.
    const cause = (e as { cause?: { message?: string; detail?: string } }).cause;
    throw new Error(`Writing ${present.join(', ')} failed: ${cause?.message ?? (e as Error).message.slice(0, 500)}${cause?.detail ? ` (${cause.detail})` : ''}`, { cause: e });
  }
  return present.reduce((n, t) => n + batch[t]!.length, 0);
}

/** Number of generated (HIST-) orders in the database. */
export async function countHistoryOrders(db: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from orders where order_number like ${`${HISTORY_TRUTH.orderNumberPrefix}%`}`);
  return Number(row?.n ?? 0);
}

/**
 * Deletes a generated history: HIST- orders with everything hanging off them, hist- customers and HIST- products no
 * other order uses. Returns the number of orders deleted.
 */
export async function deleteHistory(database: Database): Promise<number> {
  const orderLike = `${HISTORY_TRUTH.orderNumberPrefix}%`;
  return database.db.transaction(async (tx) => {
    const n = await countHistoryOrders(tx);
    const histReturns = sql`(select r.id from returns r join orders o on o.id = r.order_id where o.order_number like ${orderLike})`;
    const histItems = sql`(select i.id from return_items i where i.return_id in ${histReturns})`;
    const steps = [
      sql`delete from recycling_lot_events where lot_id in (select lot_id from recycling_lot_units where return_item_id in ${histItems})`,
      sql`delete from recycling_lot_materials where lot_id in (select lot_id from recycling_lot_units where return_item_id in ${histItems})`,
      sql`with u as (delete from recycling_lot_units where return_item_id in ${histItems} returning lot_id)
        delete from recycling_lots where id in (select lot_id from u) and not exists (select 1 from recycling_lot_units x where x.lot_id = recycling_lots.id and x.return_item_id not in ${histItems})`,
      sql`delete from vendor_return_events where authorization_id in (select authorization_id from vendor_return_units where return_item_id in ${histItems})`,
      sql`with u as (delete from vendor_return_units where return_item_id in ${histItems} returning authorization_id)
        delete from vendor_return_authorizations where id in (select authorization_id from u)`,
      sql`delete from resale_listing_events where listing_id in (select id from resale_listings where return_item_id in ${histItems})`,
      sql`delete from resale_listings where return_item_id in ${histItems}`,
      sql`delete from refurbishment_job_events where job_id in (select id from refurbishment_jobs where return_item_id in ${histItems})`,
      sql`delete from refurbishment_jobs where return_item_id in ${histItems}`,
      sql`delete from disposal_records where return_item_id in ${histItems}`,
      sql`delete from return_items where return_id in ${histReturns}`,
      sql`delete from return_events where return_id in ${histReturns}`,
      sql`delete from return_bookings where return_id in ${histReturns}`,
      sql`delete from returns where id in ${histReturns}`,
      sql`delete from order_lines where order_id in (select id from orders where order_number like ${orderLike})`,
      sql`delete from orders where order_number like ${orderLike}`,
      sql`delete from analytics_customer_stats where customer_id in (select id from customers c where c.external_id like ${`${HISTORY_TRUTH.customerExternalIdPrefix}%`}
        and not exists (select 1 from orders o where o.customer_id = c.id) and not exists (select 1 from returns r where r.customer_id = c.id))`,
      sql`delete from customers c where c.external_id like ${`${HISTORY_TRUTH.customerExternalIdPrefix}%`}
        and not exists (select 1 from orders o where o.customer_id = c.id) and not exists (select 1 from returns r where r.customer_id = c.id)`,
      sql`delete from products p where p.sku like ${`${HISTORY_TRUTH.skuPrefix}%`} and not exists (select 1 from order_lines l where l.product_id = p.id)`,
    ];
    for (const step of steps) await tx.execute(step);
    return n;
  });
}

/**
 * The external ids of the customers a history with these options makes serial returners (its ground truth; those who
 * never order are listed too). For tests and model evaluation: the data itself only shows their return behaviour.
 */
export function historySerialReturners(options: HistoryOptions): string[] {
  const opts = resolveHistoryOptions(options);
  // The same draws generateHistory makes: the simulator's customers come first from the seed's stream.
  const { customers } = new OrderSimulator(opts, new Rng(opts.seed));
  const ids: string[] = [];
  customers.serial.forEach((serial, c) => { if (serial) ids.push(`${HISTORY_TRUTH.customerExternalIdPrefix}${c + 1}`); });
  return ids;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** Yields to the event loop so a statement in flight gets its bytes onto the socket while the next batch is built. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Generates a realistic order and return history (docs/history-generator.md) into the real tables: customers,
 * products, orders and lines, returns through their lifecycle with events and bookings, and what happened to the
 * returned units. Deterministic for a seed; refuses (HistoryExistsError) when HIST- orders exist unless `replace`.
 * Ends with a full analytics refresh.
 */
export async function generateHistory(database: Database, options: HistoryOptions): Promise<HistorySummary> {
  const opts = resolveHistoryOptions(options);
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const { db } = database;
  const existing = await countHistoryOrders(db);
  if (existing > 0) {
    if (!options.replace) throw new HistoryExistsError(existing);
    log(`Deleting the existing generated history (${existing} orders)…`);
    await deleteHistory(database);
    log(`  deleted in ${seconds(started)} s`);
  }
  const rng = new Rng(opts.seed);
  const intercepts = calibrateIntercepts(opts);
  const sim = new OrderSimulator(opts, rng);
  const catalog = sim.catalog;
  // Products: upserted by SKU, so a catalog left behind (or shared with real orders) is reused.
  const productRows = catalog.products.map((p) => ({
    id: p.id, sku: p.sku, name: p.name, category: p.category, unit_price_minor: p.priceMinor, currency_code: opts.currencyCode,
    weight_grams: p.weightGrams, refurbishable: p.refurbishable, vendor_returnable: p.vendorReturnable, supplier: p.supplier,
    recyclable: p.recyclable, created_at: catalog.createdAt.toISOString(),
  }));
  const saved = await queryRows<{ id: string; sku: string }>(db, sql`insert into products (id, sku, name, category, unit_price_minor, currency_code, weight_grams,
      refurbishable, vendor_returnable, supplier, recyclable, created_at, updated_at)
    select id, sku, name, category, unit_price_minor, currency_code, weight_grams, refurbishable, vendor_returnable, supplier, recyclable, created_at, created_at
    from json_to_recordset(${JSON.stringify(productRows)}::json) as x(id uuid, sku text, name text, category text, unit_price_minor bigint,
      currency_code text, weight_grams integer, refurbishable boolean, vendor_returnable boolean, supplier text, recyclable boolean, created_at timestamptz)
    on conflict (sku) do update set name = excluded.name, category = excluded.category, unit_price_minor = excluded.unit_price_minor,
      weight_grams = excluded.weight_grams, refurbishable = excluded.refurbishable, vendor_returnable = excluded.vendor_returnable,
      supplier = excluded.supplier, recyclable = excluded.recyclable
    returning id, sku`);
  const ids = new Map(saved.map((r) => [r.sku, r.id]));
  for (const p of catalog.products) p.id = ids.get(p.sku) ?? p.id;

  const writeStarted = performance.now();
  const endMs = opts.end.getTime();
  const downstream = new Downstream(rng, endMs, opts.currencyCode);
  const ctx = { rng, endMs, currency: opts.currencyCode, customers: sim.customers, downstream };
  const summary: HistorySummary = {
    seed: opts.seed, start: opts.start.toISOString(), end: opts.end.toISOString(), customers: 0, products: catalog.products.length,
    orders: 0, orderLines: 0, units: 0, returns: 0, returnItems: 0, returnedUnits: 0, returnsByStatus: {},
    byCategory: Object.fromEntries(HISTORY_CATEGORIES.map((c) => [c, { unitsSold: 0, unitsReturned: 0, returnRate: 0 }])) as Record<HistoryCategory, CategorySummary>,
    rows: catalog.products.length, elapsedMs: 0, writeMs: 0, rowsPerSecond: 0, refreshed: false,
  };
  let batch: RowBatch = {};
  // Two batches are written at once (PostgreSQL works on both cores while the next batch is built). A batch's new
  // customers are committed first, on their own: later batches refer to them, the batches' other rows only to their own.
  const lanes: Array<Promise<number>> = [];
  const flush = async () => {
    if (lanes.length >= WRITE_LANES) summary.rows += await lanes.shift()!;
    const { customers: newCustomers, ...rest } = batch;
    batch = {};
    summary.rows += await writeBatch(db, { customers: newCustomers }, ['customers']);
    const written = writeBatch(db, rest, ORDER_TABLES);
    // Awaited later; until then a failure must not count as unhandled.
    written.catch(() => undefined);
    lanes.push(written);
    await breathe();
  };
  let inBatch = 0;
  for (const order of sim.orders()) {
    const c = order.customer;
    if (order.isNew) {
      const external = `${HISTORY_TRUTH.customerExternalIdPrefix}${c + 1}`;
      const createdMs = order.placedMs - rng.int(1, 120) * 60_000;
      sim.customers.ids[c] = historyUuid(createdMs, 0, rng);
      push(batch, 'customers', {
        id: sim.customers.ids[c], external_id: external, email: `${external}@example.com`, name: customerName(c),
        trusted: sim.customers.trusted[c] === 1, created_at: stamp(createdMs), updated_at: stamp(createdMs),
      });
      summary.customers += 1;
    }
    push(batch, 'orders', {
      id: order.id, order_number: order.orderNumber, customer_id: sim.customers.ids[c], email: `${HISTORY_TRUTH.customerExternalIdPrefix}${c + 1}@example.com`,
      currency_code: opts.currencyCode, placed_at: stamp(order.placedMs), delivered_at: stamp(order.deliveredMs), shipping_address: address(c),
      import_hash: `hist:${opts.seed}:${order.index}`, created_at: stamp(order.placedMs), updated_at: stamp(order.deliveredMs ?? order.placedMs),
    });
    for (const line of order.lines) {
      push(batch, 'order_lines', {
        id: line.id, order_id: order.id, line_number: line.lineNumber, product_id: line.product.id, sku: line.product.sku, name: line.product.name,
        category: line.product.category, currency_code: opts.currencyCode, quantity: line.quantity, unit_price_minor: line.unitPriceMinor,
        discount_minor: line.discountMinor, weight_grams: line.product.weightGrams,
      });
      summary.byCategory[line.product.category].unitsSold += line.quantity;
      summary.units += line.quantity;
    }
    summary.orders += 1;
    summary.orderLines += order.lines.length;
    const returned = decideReturns(order, intercepts, rng);
    const built = buildReturn(order, returned, ctx, batch);
    if (built) {
      summary.returns += 1;
      summary.returnItems += built.items;
      summary.returnedUnits += built.units;
      summary.returnsByStatus[built.status] = (summary.returnsByStatus[built.status] ?? 0) + 1;
      if (built.status !== 'REJECTED' && built.status !== 'CANCELLED') {
        for (const r of returned) summary.byCategory[r.line.product.category].unitsReturned += r.units;
      }
    }
    inBatch += 1;
    if (inBatch % 250 === 0) await breathe();
    if (inBatch >= ORDERS_PER_BATCH) {
      inBatch = 0;
      await flush();
      if (summary.orders % 50_000 === 0) log(`  ${summary.orders} orders, ${summary.returns} returns, ${seconds(started)} s`);
    }
  }
  await flush();
  for (const lane of lanes) summary.rows += await lane;
  const tail: RowBatch = {};
  finishDownstream(downstream, tail);
  summary.rows += await writeBatch(db, tail, DOWNSTREAM_TABLES);
  for (const c of HISTORY_CATEGORIES) {
    const s = summary.byCategory[c];
    s.returnRate = s.unitsSold ? s.unitsReturned / s.unitsSold : 0;
  }
  await db.execute(sql.raw(`analyze ${[...ORDER_TABLES, ...DOWNSTREAM_TABLES, 'products'].join(', ')}`));
  summary.writeMs = Math.round(performance.now() - writeStarted);
  summary.rowsPerSecond = Math.round(summary.rows / Math.max(0.001, summary.writeMs / 1000));
  if (options.refresh ?? true) {
    log(`Written in ${seconds(writeStarted)} s; refreshing the analytics aggregates…`);
    const refreshStarted = performance.now();
    await refreshAnalytics(database, { full: true });
    log(`  refreshed in ${seconds(refreshStarted)} s`);
    summary.refreshed = true;
  }
  summary.elapsedMs = Math.round(performance.now() - started);
  return summary;
}

const FIRST = ['Anna', 'Lukas', 'Sofia', 'Noah', 'Emma', 'Liam', 'Mila', 'Finn', 'Julia', 'Daan', 'Lea', 'Jonas', 'Sara', 'Mateo', 'Eva', 'Milan'];
const LAST = ['de Vries', 'Müller', 'Jansen', 'Schmidt', 'Bakker', 'Dubois', 'Visser', 'Weber', 'Rossi', 'Smit', 'Meyer', 'Peeters', 'Laurent', 'Novak'];
const CITIES = [
  { city: 'Amsterdam', postalCode: '1015 CJ', countryCode: 'NL' }, { city: 'Utrecht', postalCode: '3511 AA', countryCode: 'NL' },
  { city: 'Berlin', postalCode: '10115', countryCode: 'DE' }, { city: 'Hamburg', postalCode: '20095', countryCode: 'DE' },
  { city: 'Antwerpen', postalCode: '2000', countryCode: 'BE' }, { city: 'Lyon', postalCode: '69001', countryCode: 'FR' },
  { city: 'Wien', postalCode: '1010', countryCode: 'AT' }, { city: 'München', postalCode: '80331', countryCode: 'DE' },
];

function customerName(c: number): string {
  return `${FIRST[c % FIRST.length]} ${LAST[Math.floor(c / FIRST.length) % LAST.length]}`;
}

function address(c: number) {
  const place = CITIES[(c * 7) % CITIES.length];
  return { name: customerName(c), line1: `Histstraat ${1 + (c % 240)}`, ...place };
}
