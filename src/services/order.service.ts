import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { analyticsStaleDays, customers, orderLines, orders, products, returns, type StoredAddress } from '../db/schema';
import { utcDay } from '../domain/analytics';
import { MoneyError, currencyExponent, parseAmount } from '../domain/money';
import { requireAdmin } from './access';
import { runMutation, type ServiceContext } from './context';
import { BadInputError, UserErrorAbort, fail, type Outcome } from './errors';

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

/** Upserts orders by number, customers by external id and products by SKU; an unchanged re-import writes nothing. */
export async function importOrders(ctx: ServiceContext, input: OrderImport[]): Promise<Outcome<OrderRow[]>> {
  requireAdmin(ctx);
  const normalized = input.map((o, i) => ({ order: o, lines: normalize(o, i) }));
  const seen = new Set<string>();
  for (const [i, { order }] of normalized.entries()) {
    if (seen.has(order.orderNumber)) return fail('DUPLICATE_ORDER_NUMBER', 'The same order number appears twice in one import', ['orders', String(i), 'orderNumber']);
    seen.add(order.orderNumber);
  }
  return runMutation(ctx, async (tx) => {
    const result: OrderRow[] = [];
    for (const [i, { order, lines }] of normalized.entries()) result.push(await upsertOrder(tx, order, lines, i));
    return result;
  });
}

async function upsertOrder(tx: ServiceContext, order: OrderImport, lines: NormalizedLine[], index: number): Promise<OrderRow> {
  const hash = importHash(order, lines);
  const [existing] = await tx.db.select().from(orders).where(eq(orders.orderNumber, order.orderNumber)).for('update');
  if (existing && existing.importHash === hash) return existing;

  const email = order.customer.email.toLowerCase();
  const [customer] = await tx.db.insert(customers)
    .values({ externalId: order.customer.externalId, email, name: order.customer.name ?? null, trusted: order.customer.trusted ?? false })
    .onConflictDoUpdate({
      target: customers.externalId,
      set: {
        email, name: sql`coalesce(excluded.name, ${customers.name})`, updatedAt: sql`now()`,
        ...(order.customer.trusted === undefined || order.customer.trusted === null ? {} : { trusted: order.customer.trusted }),
      },
      setWhere: sql`${customers.email} is distinct from excluded.email or (excluded.name is not null and ${customers.name} is distinct from excluded.name) or ${customers.trusted} is distinct from excluded.trusted`,
    })
    .returning({ id: customers.id });
  const customerId = customer?.id ?? (await tx.db.select({ id: customers.id }).from(customers).where(eq(customers.externalId, order.customer.externalId)))[0].id;

  const productIds = await upsertProducts(tx, order.currencyCode, lines);
  const values = {
    orderNumber: order.orderNumber, customerId, email, currencyCode: order.currencyCode, placedAt: order.placedAt,
    deliveredAt: order.deliveredAt ?? null, shippingAddress: order.shippingAddress ?? null, importHash: hash,
  };

  if (!existing) {
    const [row] = await tx.db.insert(orders).values(values).returning();
    await tx.db.insert(orderLines).values(lines.map((l) => lineRow(l, row.id, order.currencyCode, productIds)));
    return row;
  }

  const [hasReturn] = await tx.db.select({ id: returns.id }).from(returns).where(eq(returns.orderId, existing.id)).limit(1);
  const oldLines = await tx.db.select().from(orderLines).where(eq(orderLines.orderId, existing.id));
  const linesChanged = oldLines.length !== lines.length || lines.some((l) => {
    const old = oldLines.find((o) => o.lineNumber === l.lineNumber);
    return !old || old.sku !== l.sku || old.quantity !== l.quantity || old.unitPriceMinor !== l.unitPriceMinor || old.discountMinor !== l.discountMinor;
  });
  if (hasReturn && (linesChanged || existing.customerId !== customerId || existing.currencyCode !== order.currencyCode)) {
    throw new UserErrorAbort([{ code: 'ORDER_HAS_RETURNS', message: 'Lines, customer or currency of an order with returns cannot change', field: ['orders', String(index)] }]);
  }
  const [row] = await tx.db.update(orders).set({ ...values, updatedAt: sql`now()` }).where(eq(orders.id, existing.id)).returning();
  // Re-dated to another UTC day: the analytics rows of the day it leaves are rebuilt by the next refresh.
  if (utcDay(existing.placedAt) !== utcDay(order.placedAt)) await tx.db.insert(analyticsStaleDays).values({ day: utcDay(existing.placedAt) });
  for (const l of lines) {
    const old = oldLines.find((o) => o.lineNumber === l.lineNumber);
    if (old) await tx.db.update(orderLines).set(lineRow(l, existing.id, order.currencyCode, productIds)).where(eq(orderLines.id, old.id));
    else await tx.db.insert(orderLines).values(lineRow(l, existing.id, order.currencyCode, productIds));
  }
  const removed = oldLines.filter((o) => o.lineNumber > lines.length).map((o) => o.id);
  if (removed.length) await tx.db.delete(orderLines).where(and(eq(orderLines.orderId, existing.id), inArray(orderLines.id, removed)));
  return row;
}

function lineRow(l: NormalizedLine, orderId: string, currencyCode: string, productIds: Map<string, string>) {
  return {
    orderId, currencyCode, lineNumber: l.lineNumber, productId: productIds.get(l.sku)!, sku: l.sku, name: l.name, category: l.category,
    quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, discountMinor: l.discountMinor, weightGrams: l.weightGrams,
  };
}

/**
 * Upserts the lines' products by SKU. A new SKU takes what the line gives (flags default to not refurbishable, not
 * vendor-returnable, recyclable). For a known SKU, name, category and price follow the latest import, and every
 * product attribute the line gives (non-null weight, supplier, refurbishable, vendorReturnable, recyclable) updates the
 * product; attributes the line leaves out keep their value.
 */
async function upsertProducts(tx: ServiceContext, currencyCode: string, lines: NormalizedLine[]): Promise<Map<string, string>> {
  const bySku = new Map(lines.map((l) => [l.sku, l]));
  const rows = [...bySku.values()].map((l) => ({
    sku: l.sku, name: l.name, category: l.category, unitPriceMinor: l.unitPriceMinor, currencyCode, weightGrams: l.weightGrams,
    refurbishable: l.refurbishable ?? false, vendorReturnable: l.vendorReturnable ?? false, recyclable: l.recyclable ?? true,
    supplier: l.supplier,
  }));
  await tx.db.insert(products).values(rows).onConflictDoUpdate({
    target: products.sku,
    set: {
      name: sql`excluded.name`, category: sql`excluded.category`, unitPriceMinor: sql`excluded.unit_price_minor`,
      currencyCode: sql`excluded.currency_code`, weightGrams: sql`coalesce(excluded.weight_grams, ${products.weightGrams})`,
      supplier: sql`coalesce(excluded.supplier, ${products.supplier})`, updatedAt: sql`now()`,
    },
    setWhere: sql`(${products.name}, ${products.category}, ${products.unitPriceMinor}, ${products.currencyCode}) is distinct from (excluded.name, excluded.category, excluded.unit_price_minor, excluded.currency_code)
      or (excluded.weight_grams is not null and ${products.weightGrams} is distinct from excluded.weight_grams)
      or (excluded.supplier is not null and ${products.supplier} is distinct from excluded.supplier)`,
  });
  // The insert's defaults hide whether a flag was given: flags given explicitly are applied in one statement.
  const flagged = [...bySku.values()].filter((l) => l.refurbishable !== null || l.vendorReturnable !== null || l.recyclable !== null);
  if (flagged.length) {
    const values = sql.join(flagged.map((l) => sql`(${l.sku}, ${l.refurbishable}::boolean, ${l.vendorReturnable}::boolean, ${l.recyclable}::boolean)`), sql`, `);
    await tx.db.execute(sql`update products p set
        refurbishable = coalesce(v.refurbishable, p.refurbishable), vendor_returnable = coalesce(v.vendor_returnable, p.vendor_returnable),
        recyclable = coalesce(v.recyclable, p.recyclable), updated_at = now()
      from (values ${values}) as v(sku, refurbishable, vendor_returnable, recyclable)
      where p.sku = v.sku and (p.refurbishable, p.vendor_returnable, p.recyclable)
        is distinct from (coalesce(v.refurbishable, p.refurbishable), coalesce(v.vendor_returnable, p.vendor_returnable), coalesce(v.recyclable, p.recyclable))`);
  }
  const found = await tx.db.select({ id: products.id, sku: products.sku }).from(products).where(inArray(products.sku, [...bySku.keys()]));
  return new Map(found.map((p) => [p.sku, p.id]));
}
