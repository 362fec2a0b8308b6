import { sql } from 'drizzle-orm';
import { batches, byKey } from '../../db/batches';
import { recordsetColumns } from '../../db/json-rows';
import { withStagedRows } from '../../db/staged-rows';
import { rowsOf } from '../../db/rows';
import { customers } from '../../db/schema';
import { uuidv7 } from '../../domain/ids';
import type { ServiceContext } from '../context';

/** A customer as one imported order gives it; null leaves the stored value. */
export interface CustomerUpsert { externalId: string; email: string; name: string | null; trusted: boolean | null }

/** A product as one imported line gives it; null attributes leave the stored value. */
export interface ProductUpsert {
  sku: string; name: string; category: string; unitPriceMinor: number; currencyCode: string; weightGrams: number | null;
  refurbishable: boolean | null; vendorReturnable: boolean | null; recyclable: boolean | null; supplier: string | null;
}

/** customers as staged for the upsert. */
const CUSTOMER_COLUMNS = { id: 'uuid', external_id: 'text', email: 'text', name: 'text', trusted: 'boolean' };

/** products as staged for the upsert. */
const PRODUCT_COLUMNS = {
  id: 'uuid', sku: 'text', name: 'text', category: 'text', unit_price_minor: 'bigint', currency_code: 'text', weight_grams: 'int',
  refurbishable: 'boolean', vendor_returnable: 'boolean', recyclable: 'boolean', supplier: 'text',
};

/** Folds rows with the same key into one, later rows winning, as if each had been written in turn; sorted by key. */
function merged<T>(rows: T[], key: (row: T) => string, fold: (before: T, after: T) => T): T[] {
  const folded = new Map<string, T>();
  for (const row of rows) {
    const before = folded.get(key(row));
    folded.set(key(row), before ? fold(before, row) : row);
  }
  // One statement cannot update a row twice, and sorting by the unique key makes every writer lock rows in one order.
  return [...folded.entries()].sort(([a], [b]) => byKey(a, b)).map(([, row]) => row);
}

/** Sets a boolean column from `values` on rows this transaction already locked; a no-op where it already holds. */
async function setFlags(
  tx: ServiceContext, table: 'customers' | 'products', key: 'external_id' | 'sku', columns: string[], rows: Array<{ key: string; flags: Array<boolean | null> }>,
) {
  for (const slice of batches(rows, columns.length + 1)) {
    const values = sql.join(slice.map((r) => sql`(${r.key}, ${sql.join(r.flags.map((f) => sql`${f}::boolean`), sql`, `)})`), sql`, `);
    const target = sql.raw(table);
    const assign = sql.raw(columns.map((c) => `${c} = coalesce(v.${c}, t.${c})`).join(', '));
    const stored = sql.raw(`(${columns.map((c) => `t.${c}`).join(', ')})`);
    const wanted = sql.raw(`(${columns.map((c) => `coalesce(v.${c}, t.${c})`).join(', ')})`);
    await tx.db.execute(sql`update ${target} t set ${assign}, updated_at = now()
      from (values ${values}) as v(${sql.raw([key, ...columns].join(', '))})
      where t.${sql.raw(key)} = v.${sql.raw(key)} and ${stored} is distinct from ${wanted}`);
  }
}

/**
 * Upserts customers by external id in one statement, in external-id order, and returns their ids. Email follows the
 * latest order; a name or trust flag the order leaves out keeps the stored value.
 */
export async function upsertCustomers(tx: ServiceContext, given: CustomerUpsert[]): Promise<Map<string, string>> {
  const rows = merged(given, (c) => c.externalId, (before, after) => ({
    ...after, name: after.name ?? before.name, trusted: after.trusted ?? before.trusted,
  }));
  if (!rows.length) return new Map();
  // Staged in one go (a bulk import upserts a thousand customers a batch), in external-id order.
  const records = rows.map((c) => ({ id: uuidv7(), external_id: c.externalId, email: c.email, name: c.name, trusted: c.trusted ?? false }));
  await withStagedRows(tx.db, records, CUSTOMER_COLUMNS, (from) => tx.db.execute(sql`insert into customers as c (${recordsetColumns(CUSTOMER_COLUMNS)})
    select ${recordsetColumns(CUSTOMER_COLUMNS)} from ${from} order by r.external_id collate "C"
    on conflict (external_id) do update set email = excluded.email, name = coalesce(excluded.name, c.name), updated_at = now()
    where c.email is distinct from excluded.email or (excluded.name is not null and c.name is distinct from excluded.name)`));
  // The insert's default hides whether trust was given; the rows are locked by the upsert above, so no new lock order.
  const trusted = rows.filter((c) => c.trusted !== null).map((c) => ({ key: c.externalId, flags: [c.trusted] }));
  if (trusted.length) await setFlags(tx, 'customers', 'external_id', ['trusted'], trusted);
  const found = await tx.db.select({ id: customers.id, externalId: customers.externalId }).from(customers)
    .where(sql`${customers.externalId} in (select value from json_array_elements_text(${JSON.stringify(rows.map((c) => c.externalId))}::json))`);
  return new Map(found.map((c) => [c.externalId, c.id]));
}

/**
 * Upserts products by SKU, in SKU order, and returns their ids. A new SKU takes what the line gives (flags default to
 * not refurbishable, not vendor-returnable, recyclable). For a known SKU, name, category, price and currency follow the
 * latest line, and every attribute a line gives (non-null weight, supplier, refurbishable, vendorReturnable,
 * recyclable) updates the product; attributes left out keep their value.
 */
export async function upsertProducts(tx: ServiceContext, given: ProductUpsert[]): Promise<Map<string, string>> {
  const rows = merged(given, (p) => p.sku, (before, after) => ({
    ...after, weightGrams: after.weightGrams ?? before.weightGrams, supplier: after.supplier ?? before.supplier,
    refurbishable: after.refurbishable ?? before.refurbishable, vendorReturnable: after.vendorReturnable ?? before.vendorReturnable,
    recyclable: after.recyclable ?? before.recyclable,
  }));
  if (!rows.length) return new Map();
  // Staged in one go (a bulk import upserts thousands of products a batch), in SKU order as before.
  const records = rows.map((p) => ({
    id: uuidv7(), sku: p.sku, name: p.name, category: p.category, unit_price_minor: p.unitPriceMinor, currency_code: p.currencyCode,
    weight_grams: p.weightGrams, refurbishable: p.refurbishable ?? false, vendor_returnable: p.vendorReturnable ?? false,
    recyclable: p.recyclable ?? true, supplier: p.supplier,
  }));
  await withStagedRows(tx.db, records, PRODUCT_COLUMNS, (from) => tx.db.execute(sql`insert into products as p (${recordsetColumns(PRODUCT_COLUMNS)})
    select ${recordsetColumns(PRODUCT_COLUMNS)} from ${from} order by r.sku collate "C"
    on conflict (sku) do update set name = excluded.name, category = excluded.category, unit_price_minor = excluded.unit_price_minor,
      currency_code = excluded.currency_code, weight_grams = coalesce(excluded.weight_grams, p.weight_grams),
      supplier = coalesce(excluded.supplier, p.supplier), updated_at = now()
    where (p.name, p.category, p.unit_price_minor, p.currency_code) is distinct from (excluded.name, excluded.category, excluded.unit_price_minor, excluded.currency_code)
      or (excluded.weight_grams is not null and p.weight_grams is distinct from excluded.weight_grams)
      or (excluded.supplier is not null and p.supplier is distinct from excluded.supplier)`));
  // The insert's defaults hide whether a flag was given: flags given explicitly are applied to the rows locked above.
  const flagged = rows.filter((p) => p.refurbishable !== null || p.vendorReturnable !== null || p.recyclable !== null)
    .map((p) => ({ key: p.sku, flags: [p.refurbishable, p.vendorReturnable, p.recyclable] }));
  if (flagged.length) await setFlags(tx, 'products', 'sku', ['refurbishable', 'vendor_returnable', 'recyclable'], flagged);
  const found = rowsOf<{ id: string; sku: string }>(await tx.db.execute(sql`select p.id, p.sku from products p
    where p.sku in (select value from json_array_elements_text(${JSON.stringify(rows.map((r) => r.sku))}::json))`));
  return new Map(found.map((p) => [p.sku, p.id]));
}
