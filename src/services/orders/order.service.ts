import { createHash } from 'node:crypto';
import { inArray, sql, type AnyColumn } from 'drizzle-orm';
import { batches, byKey } from '../../db/batches';
import { recordsetColumns } from '../../db/json-rows';
import { withStagedRows } from '../../db/staged-rows';
import { uuidv7 } from '../../domain/ids';
import { analyticsStaleDays, orderLines, orders, returns, type StoredAddress } from '../../db/schema';
import { utcDay } from '../../domain/analytics';
import { MoneyError, currencyExponent, parseAmount } from '../../domain/money';
import { requireAdmin } from '../access';
import { upsertCustomers, upsertProducts } from './catalog-upsert';
import { runMutation, type ServiceContext } from '../context';
import { BadInputError, UserErrorAbort, fail, type Outcome } from '../errors';

/** One order as the merchant's platform sends it (validated shape, money still as decimal strings). */
export interface OrderImport {
  orderNumber: string;
  customer: { externalId: string; email: string; name?: string | null; trusted?: boolean | null };
  currencyCode: string;
  placedAt: Date;
  deliveredAt?: Date | null;
  shippingAddress?: StoredAddress | null;
  lines: Array<{
    sku: string; name: string; category: string; quantity: number; unitPrice: string; discount?: string | null;
    weightGrams?: number | null; refurbishable?: boolean | null; vendorReturnable?: boolean | null; recyclable?: boolean | null;
    supplier?: string | null;
  }>;
}

type OrderRow = typeof orders.$inferSelect;

interface NormalizedLine {
  lineNumber: number; sku: string; name: string; category: string; quantity: number;
  unitPriceMinor: number; discountMinor: number; weightGrams: number | null;
  refurbishable: boolean | null; vendorReturnable: boolean | null; recyclable: boolean | null; supplier: string | null;
}

function toMinor(value: string, currency: string, field: string[]): number {
  try {
    return parseAmount(value, currency);
  } catch (e) {
    if (e instanceof MoneyError) throw new BadInputError(`${field.join('.')}: not a valid amount for ${currency}`, field);
    throw e;
  }
}

function normalize(order: OrderImport, index: number): NormalizedLine[] {
  const base = ['orders', String(index)];
  try {
    currencyExponent(order.currencyCode);
  } catch {
    throw new BadInputError(`${base.join('.')}.currencyCode: unsupported currency`, [...base, 'currencyCode']);
  }
  if (order.deliveredAt && order.deliveredAt < order.placedAt) {
    throw new BadInputError(`${base.join('.')}.deliveredAt: before placedAt`, [...base, 'deliveredAt']);
  }
  return order.lines.map((line, i) => {
    const f = [...base, 'lines', String(i)];
    const unitPriceMinor = toMinor(line.unitPrice, order.currencyCode, [...f, 'unitPrice']);
    const discountMinor = line.discount ? toMinor(line.discount, order.currencyCode, [...f, 'discount']) : 0;
    if (discountMinor > unitPriceMinor * line.quantity) throw new BadInputError(`${f.join('.')}.discount: larger than the line total`, [...f, 'discount']);
    return {
      lineNumber: i + 1, sku: line.sku, name: line.name, category: line.category, quantity: line.quantity,
      unitPriceMinor, discountMinor, weightGrams: line.weightGrams ?? null,
      refurbishable: line.refurbishable ?? null, vendorReturnable: line.vendorReturnable ?? null, recyclable: line.recyclable ?? null,
      supplier: line.supplier?.trim() || null,
    };
  });
}

function importHash(order: OrderImport, lines: NormalizedLine[]): string {
  const canonical = JSON.stringify([
    order.orderNumber, order.customer.externalId, order.customer.email.toLowerCase(), order.customer.trusted ?? null, order.currencyCode,
    order.placedAt.toISOString(), order.deliveredAt?.toISOString() ?? null, order.shippingAddress ?? null,
    // A line without a supplier hashes as before suppliers existed, so re-importing an unchanged order stays a no-op.
    lines.map(({ supplier, ...l }) => (supplier === null ? l : { ...l, supplier })),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** An order ready to write: the input, its normalized lines, its place in the import and its content hash. */
export interface PreparedOrder { order: OrderImport; lines: NormalizedLine[]; index: number; hash: string }

/**
 * `column in (…)` over one JSON parameter: a bulk batch names a thousand keys, which as bind parameters cost a new
 * statement text (and a prepared statement) for every count.
 */
const inJsonList = (column: AnyColumn, keys: string[]) => sql`${column} in (select value from json_array_elements_text(${JSON.stringify(keys)}::json))`;

/** What writing an order did: inserted it, rewrote it, or found it stored with the same content (wrote nothing). */
export type OrderChange = 'created' | 'updated' | 'unchanged';

/**
 * Checks one order's currency, amounts and dates and normalizes it for writing (BadInputError naming
 * `orders.<index>.…` otherwise). `importOrders` and the bulk import both go through it.
 */
export function prepareOrder(order: OrderImport, index: number): PreparedOrder {
  const lines = normalize(order, index);
  return { order, lines, index, hash: importHash(order, lines) };
}

/**
 * Upserts orders by number, customers by external id and products by SKU; an unchanged re-import writes nothing.
 * Concurrent imports are safe: each table is written in one statement per import with rows in key order (customers,
 * then products, then orders), so imports lock rows in one global order, and a new order imported twice at once is
 * inserted once (the loser updates or keeps it like any re-import).
 */
export async function importOrders(ctx: ServiceContext, input: OrderImport[]): Promise<Outcome<OrderRow[]>> {
  requireAdmin(ctx);
  const prepared = input.map(prepareOrder);
  const seen = new Set<string>();
  for (const { order, index } of prepared) {
    if (seen.has(order.orderNumber)) return fail('DUPLICATE_ORDER_NUMBER', 'The same order number appears twice in one import', ['orders', String(index), 'orderNumber']);
    seen.add(order.orderNumber);
  }
  return runMutation(ctx, async (tx) => (await writeOrders(tx, prepared)).map((w) => w.row));
}

// Code-point order, as the `collate "C"` lock below sorts: inserts and locks of orders take one global order.
const byOrderNumber = (a: PreparedOrder, b: PreparedOrder) => byKey(a.order.orderNumber, b.order.orderNumber);

/**
 * Writes prepared orders (distinct order numbers) in the caller's transaction, as `importOrders` describes, and says per
 * order what it did, in input order. Throws UserErrorAbort (ORDER_HAS_RETURNS, field `orders.<index>`) for the first
 * order whose lines, customer or currency cannot change.
 */
export async function writeOrders(tx: ServiceContext, prepared: PreparedOrder[]): Promise<Array<{ row: OrderRow; change: OrderChange }>> {
  const changes = new Map<string, OrderChange>();
  const stored = new Map((await tx.db.select().from(orders).where(inJsonList(orders.orderNumber, prepared.map((p) => p.order.orderNumber))))
    .map((o) => [o.orderNumber, o]));
  const result = new Map<string, OrderRow>();
  for (const p of prepared) {
    const row = stored.get(p.order.orderNumber);
    if (row?.importHash === p.hash) result.set(row.orderNumber, row);
  }
  const pending = prepared.filter((p) => !result.has(p.order.orderNumber));
  const answer = () => prepared.map((p) => ({ row: result.get(p.order.orderNumber)!, change: changes.get(p.order.orderNumber) ?? 'unchanged' }));
  if (!pending.length) return answer();

  const customerIds = await upsertCustomers(tx, pending.map(({ order: { customer } }) => ({
    externalId: customer.externalId, email: customer.email.toLowerCase(), name: customer.name ?? null, trusted: customer.trusted ?? null,
  })));
  const productIds = await upsertProducts(tx, pending.flatMap(({ order, lines }) => lines.map((l) => ({
    sku: l.sku, name: l.name, category: l.category, unitPriceMinor: l.unitPriceMinor, currencyCode: order.currencyCode, weightGrams: l.weightGrams,
    refurbishable: l.refurbishable, vendorReturnable: l.vendorReturnable, recyclable: l.recyclable, supplier: l.supplier,
  }))));

  // New orders: inserted in order-number order; one a concurrent import inserted first is left to the path below.
  const fresh = pending.filter((p) => !stored.has(p.order.orderNumber)).sort(byOrderNumber);
  const inserted = fresh.length
    ? await withStagedRows(tx.db, fresh.map((p) => orderRecord(p, customerIds)), ORDER_COLUMNS, (from) => tx.db.insert(orders)
      .select(sql`select ${recordsetColumns(ORDER_COLUMNS)}, now(), now() from ${from} order by r.order_number collate "C"`)
      .onConflictDoNothing({ target: orders.orderNumber }).returning())
    : [];
  for (const row of inserted) {
    result.set(row.orderNumber, row);
    changes.set(row.orderNumber, 'created');
  }
  const newLines = fresh.flatMap((p) => {
    const row = result.get(p.order.orderNumber);
    return row ? p.lines.map((l) => lineRecord(l, row.id, p.order.currencyCode, productIds)) : [];
  });
  // COPYed (withStagedRows), not a bind parameter per value: a bulk import writes tens of thousands of lines a batch.
  if (newLines.length) {
    await withStagedRows(tx.db, newLines, LINE_COLUMNS, (from) => tx.db.execute(sql`insert into order_lines (${recordsetColumns(LINE_COLUMNS)}) select ${recordsetColumns(LINE_COLUMNS)} from ${from}`));
  }

  const known = pending.filter((p) => !result.has(p.order.orderNumber)).sort(byOrderNumber);
  if (known.length) {
    const locked = new Map((await tx.db.select().from(orders).where(inArray(orders.orderNumber, known.map((p) => p.order.orderNumber)))
      .orderBy(sql`${orders.orderNumber} collate "C"`).for('update')).map((o) => [o.orderNumber, o]));
    const changed: Array<{ p: PreparedOrder; existing: OrderRow }> = [];
    for (const p of known) {
      const existing = locked.get(p.order.orderNumber);
      if (!existing) throw new Error(`order ${p.order.orderNumber} conflicted on insert but cannot be found`);
      if (existing.importHash === p.hash) result.set(existing.orderNumber, existing);
      else changed.push({ p, existing });
    }
    for (const row of await updateOrders(tx, changed, customerIds, productIds)) {
      result.set(row.orderNumber, row);
      changes.set(row.orderNumber, 'updated');
    }
  }
  return answer();
}

/** orders as staged for insert, in table column order (created_at and updated_at follow as now()). */
const ORDER_COLUMNS = {
  id: 'uuid', order_number: 'text', customer_id: 'uuid', email: 'text', currency_code: 'text', placed_at: 'timestamptz', delivered_at: 'timestamptz',
  shipping_address: 'jsonb', import_hash: 'text',
};

function orderRecord({ order, hash }: PreparedOrder, customerIds: Map<string, string>) {
  return {
    id: uuidv7(), order_number: order.orderNumber, customer_id: customerIds.get(order.customer.externalId)!, email: order.customer.email.toLowerCase(),
    currency_code: order.currencyCode, placed_at: order.placedAt, delivered_at: order.deliveredAt ?? null,
    shipping_address: order.shippingAddress ?? null, import_hash: hash,
  };
}

function orderValues({ order, hash }: PreparedOrder, customerIds: Map<string, string>) {
  return {
    orderNumber: order.orderNumber, customerId: customerIds.get(order.customer.externalId)!, email: order.customer.email.toLowerCase(),
    currencyCode: order.currencyCode, placedAt: order.placedAt, deliveredAt: order.deliveredAt ?? null,
    shippingAddress: order.shippingAddress ?? null, importHash: hash,
  };
}

/** Rewrites orders this transaction has locked; lines, customer or currency of an order with returns cannot change. */
async function updateOrders(
  tx: ServiceContext, changed: Array<{ p: PreparedOrder; existing: OrderRow }>, customerIds: Map<string, string>, productIds: Map<string, string>,
): Promise<OrderRow[]> {
  if (!changed.length) return [];
  const ids = changed.map((c) => c.existing.id);
  const withReturns = new Set((await tx.db.selectDistinct({ orderId: returns.orderId }).from(returns).where(inArray(returns.orderId, ids))).map((r) => r.orderId));
  const oldLines = new Map<string, Array<typeof orderLines.$inferSelect>>();
  for (const line of await tx.db.select().from(orderLines).where(inArray(orderLines.orderId, ids))) {
    oldLines.set(line.orderId, [...(oldLines.get(line.orderId) ?? []), line]);
  }
  // The first offending order in input order is reported, as when orders were written one by one.
  for (const { p, existing } of [...changed].sort((a, b) => a.p.index - b.p.index)) {
    if (!withReturns.has(existing.id)) continue;
    const old = oldLines.get(existing.id) ?? [];
    const linesChanged = old.length !== p.lines.length || p.lines.some((l) => {
      const o = old.find((x) => x.lineNumber === l.lineNumber);
      return !o || o.sku !== l.sku || o.quantity !== l.quantity || o.unitPriceMinor !== l.unitPriceMinor || o.discountMinor !== l.discountMinor;
    });
    if (linesChanged || existing.customerId !== customerIds.get(p.order.customer.externalId) || existing.currencyCode !== p.order.currencyCode) {
      throw new UserErrorAbort([{ code: 'ORDER_HAS_RETURNS', message: 'Lines, customer or currency of an order with returns cannot change', field: ['orders', String(p.index)] }]);
    }
  }
  // Every row below is already locked by this transaction: the upserts only ever take the DO UPDATE branch.
  const rows = await tx.db.insert(orders).values(changed.map((c) => orderValues(c.p, customerIds))).onConflictDoUpdate({
    target: orders.orderNumber,
    set: {
      customerId: sql`excluded.customer_id`, email: sql`excluded.email`, currencyCode: sql`excluded.currency_code`, placedAt: sql`excluded.placed_at`,
      deliveredAt: sql`excluded.delivered_at`, shippingAddress: sql`excluded.shipping_address`, importHash: sql`excluded.import_hash`, updatedAt: sql`now()`,
    },
  }).returning();
  // Re-dated to another UTC day: the analytics rows of the day it leaves are rebuilt by the next refresh.
  const leftDays = changed.filter((c) => utcDay(c.existing.placedAt) !== utcDay(c.p.order.placedAt)).map((c) => ({ day: utcDay(c.existing.placedAt) }));
  if (leftDays.length) await tx.db.insert(analyticsStaleDays).values(leftDays);
  const lines = changed.flatMap((c) => c.p.lines.map((l) => lineRow(l, c.existing.id, c.p.order.currencyCode, productIds)));
  for (const slice of batches(lines, 12)) {
    await tx.db.insert(orderLines).values(slice).onConflictDoUpdate({
      target: [orderLines.orderId, orderLines.lineNumber],
      set: {
        productId: sql`excluded.product_id`, sku: sql`excluded.sku`, name: sql`excluded.name`, category: sql`excluded.category`,
        currencyCode: sql`excluded.currency_code`, quantity: sql`excluded.quantity`, unitPriceMinor: sql`excluded.unit_price_minor`,
        discountMinor: sql`excluded.discount_minor`, weightGrams: sql`excluded.weight_grams`,
      },
    });
  }
  const removed = changed.flatMap((c) => (oldLines.get(c.existing.id) ?? []).filter((o) => o.lineNumber > c.p.lines.length).map((o) => o.id));
  for (const slice of batches(removed, 1)) await tx.db.delete(orderLines).where(inArray(orderLines.id, slice));
  return rows;
}

/** order_lines as json_to_recordset reads them (the row shape of lineRecord). */
const LINE_COLUMNS = {
  id: 'uuid', order_id: 'uuid', currency_code: 'text', line_number: 'int', product_id: 'uuid', sku: 'text', name: 'text', category: 'text',
  quantity: 'int', unit_price_minor: 'bigint', discount_minor: 'bigint', weight_grams: 'int',
};

function lineRecord(l: NormalizedLine, orderId: string, currencyCode: string, productIds: Map<string, string>) {
  return {
    id: uuidv7(), order_id: orderId, currency_code: currencyCode, line_number: l.lineNumber, product_id: productIds.get(l.sku)!, sku: l.sku,
    name: l.name, category: l.category, quantity: l.quantity, unit_price_minor: l.unitPriceMinor, discount_minor: l.discountMinor, weight_grams: l.weightGrams,
  };
}

function lineRow(l: NormalizedLine, orderId: string, currencyCode: string, productIds: Map<string, string>) {
  return {
    orderId, currencyCode, lineNumber: l.lineNumber, productId: productIds.get(l.sku)!, sku: l.sku, name: l.name, category: l.category,
    quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, discountMinor: l.discountMinor, weightGrams: l.weightGrams,
  };
}
