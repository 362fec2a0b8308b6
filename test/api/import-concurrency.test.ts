import postgres from 'postgres';
import { byKey } from '../../src/db/batches';
import { startTestApi, type TestApi } from '../support/harness';
import { releasedTogether } from '../support/lock-step';
import { IMPORT, lineInput, orderInput, uniq } from '../support/fixtures';

let api: TestApi;
let admin: string;
let sql: postgres.Sql;
beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token('ADMIN', 'admin-1');
  sql = postgres(api.app.config.databaseUrl!, { max: 1, onnotice: () => undefined });
});
afterAll(async () => {
  await sql?.end();
  await api?.stop();
});

/** Sends one importOrders and fails the test on any top-level error or userError. */
async function importOk(orders: unknown[]) {
  const res = await api.gql(IMPORT, { input: { orders } }, admin);
  expect(res.errors).toBeUndefined();
  expect(res.data.importOrders.userErrors).toEqual([]);
  return res.data.importOrders.orders as Array<{ id: string; orderNumber: string; lines: Array<{ id: string; sku: string }> }>;
}

/** A one-line order of `sku` for `customer`. */
const oneLine = (sku: string, customer = { externalId: uniq('cust-'), email: 'c@example.com' }) =>
  orderInput({ customer, lines: [lineInput({ sku, name: `Product ${sku}` })] });

/** Deadlocks PostgreSQL reported to this API so far: the retries hide them from the responses, not from /metrics. */
const deadlocks = () => api.metric('boomerang_transaction_retries_total{reason="deadlock"}');

async function count(table: string, column: string, values: string[]): Promise<number> {
  const [row] = await sql`select count(*)::int as n from ${sql(table)} where ${sql(column)} in ${sql(values)}`;
  return row.n as number;
}

describe('concurrent importOrders', () => {
  test('ten parallel imports of the same new order all succeed with one order', async () => {
    const before = await deadlocks();
    for (let round = 0; round < 5; round += 1) {
      const order = orderInput({ customer: { externalId: uniq('cust-'), email: 'x@example.com' }, lines: [lineInput(), lineInput(), lineInput()] });
      const results = await Promise.all(Array.from({ length: 10 }, () => importOk([order])));
      const ids = new Set(results.map(([o]) => o.id));
      expect(ids.size).toBe(1);
      expect(new Set(results.map(([o]) => o.lines.map((l) => l.id).join()))).toEqual(new Set([results[0][0].lines.map((l) => l.id).join()]));
      expect(await count('orders', 'order_number', [order.orderNumber])).toBe(1);
      const [lines] = await sql`select count(*)::int as n from order_lines l join orders o on o.id = l.order_id where o.order_number = ${order.orderNumber}`;
      expect(lines.n).toBe(3);
      expect(await count('customers', 'external_id', [order.customer.externalId])).toBe(1);
    }
    expect(await deadlocks()).toBe(before);
  });

  test('two imports sharing SKUs in opposite order never deadlock', async () => {
    const before = await deadlocks();
    for (let round = 0; round < 15; round += 1) {
      const [x, y] = [uniq('SKU-X-'), uniq('SKU-Y-')];
      const results = await Promise.all([importOk([oneLine(x), oneLine(y)]), importOk([oneLine(y), oneLine(x)])]);
      expect(results.flat()).toHaveLength(4);
      expect(await count('products', 'sku', [x, y])).toBe(2);
      expect(await count('orders', 'order_number', results.flat().map((o) => o.orderNumber))).toBe(4);
    }
    expect(await deadlocks()).toBe(before);
  });

  test('three imports of one-line orders over three shared SKUs in different orders all succeed without a deadlock', async () => {
    const before = await deadlocks();
    for (let round = 0; round < 15; round += 1) {
      const skus = [uniq('SKU-A-'), uniq('SKU-B-'), uniq('SKU-C-')];
      const rotations = [0, 1, 2].map((r) => [0, 1, 2].map((i) => skus[(i + r) % 3]));
      const imports = rotations.map((order) => order.map((sku) => oneLine(sku)));
      // Existing products are updated (new price) as well as created: both take row locks.
      if (round % 2 === 1) await importOk(skus.map((sku) => orderInput({ lines: [lineInput({ sku, unitPrice: '5.00' })] })));
      const results = await Promise.all(imports.map((orders) => importOk(orders)));
      expect(results.flat()).toHaveLength(9);
      expect(await count('products', 'sku', skus)).toBe(3);
      expect(await count('orders', 'order_number', results.flat().map((o) => o.orderNumber))).toBe(9);
    }
    expect(await deadlocks()).toBe(before);
  });

  test('imports updating the same products in opposite orders, let go at one moment, do not deadlock', async () => {
    const skus = Array.from({ length: 8 }, (_, i) => uniq(`SKU-L${i}-`)).sort(byKey);
    await importOk(skus.map((sku) => oneLine(sku)));
    const before = await deadlocks();
    // Each import has its own customer, so only the products are contended.
    const priced = (list: string[], unitPrice: string) => list.map((sku) => oneLine(sku, { externalId: `cust-${unitPrice}`, email: 'p@example.com' }))
      .map((o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, unitPrice })) }));
    const results = await releasedTogether(api.app.config.databaseUrl!, (tx) => tx`select 1 from products where sku = ${skus[4]} for update`, [
      () => importOk(priced(skus, '11.00')), () => importOk(priced([...skus].reverse(), '12.00')),
    ]);
    expect(results.flat()).toHaveLength(16);
    expect(await deadlocks()).toBe(before);
  });

  test('imports inserting the same new orders in opposite orders, let go at one moment, do not deadlock', async () => {
    const numbers = Array.from({ length: 8 }, (_, i) => uniq(`ORD-L${i}-`)).sort(byKey);
    const [held] = await importOk([orderInput({ customer: { externalId: uniq('cust-'), email: 'h@example.com' } })]);
    const before = await deadlocks();
    // Each import has its own customer and SKUs, so only the orders themselves are contended.
    const orders = (list: string[]) => {
      const customer = { externalId: uniq('cust-'), email: 'l@example.com' };
      return list.map((orderNumber) => orderInput({ orderNumber, customer, lines: [lineInput()] }));
    };
    // An uncommitted insert of the middle order number makes both imports wait for it; the rollback lets them insert it.
    const results = await releasedTogether(api.app.config.databaseUrl!, (tx) => tx`insert into orders (id, order_number, customer_id, email, currency_code, placed_at, import_hash)
      select gen_random_uuid(), ${numbers[4]}, customer_id, email, currency_code, placed_at, 'held' from orders where order_number = ${held.orderNumber}`,
    [() => importOk(orders(numbers)), () => importOk(orders([...numbers].reverse()))], 'rollback');
    expect(results.flat()).toHaveLength(16);
    expect(await count('orders', 'order_number', numbers)).toBe(8);
    expect(await deadlocks()).toBe(before);
  });

  test('re-imports of the same orders racing with changes to them stay consistent without a deadlock', async () => {
    const before = await deadlocks();
    const orders = [1, 2, 3].map(() => orderInput({ customer: { externalId: uniq('cust-'), email: 'r@example.com' }, lines: [lineInput(), lineInput()] }));
    await importOk(orders);
    for (let round = 0; round < 10; round += 1) {
      const changed = orders.map((o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, quantity: 1 + round })) }));
      const reversed = [...changed].reverse();
      const results = await Promise.all([importOk(changed), importOk(reversed), importOk(orders)]);
      expect(results.map((r) => r.length)).toEqual([3, 3, 3]);
      expect(await count('orders', 'order_number', orders.map((o) => o.orderNumber))).toBe(3);
    }
    expect(await deadlocks()).toBe(before);
  });
});

test('order numbers sort in JavaScript as `collate "C"` sorts them in PostgreSQL, so inserts and row locks agree', async () => {
  const keys = ['ORD-\u{1F600}', 'ORD-\uFF5E', 'ORD-z', 'ORD-Z', 'ORD-\u00E9', 'ORD-', 'ORD-\u{20000}', 'ORD-\uFFFD'];
  const rows = await sql`select k from unnest(${keys}::text[]) as k order by k collate "C"`;
  expect([...keys].sort(byKey)).toEqual(rows.map((r) => r.k));
});

describe('one import writing many orders at once', () => {
  test('orders sharing a customer and SKUs: later orders win, attributes left out keep their value', async () => {
    const externalId = uniq('cust-');
    const [sku, other] = [uniq('SKU-M-'), uniq('SKU-N-')];
    await importOk([orderInput({ customer: { externalId, email: 'old@example.com', name: 'Old', trusted: true }, lines: [lineInput({ sku: other })] })]);
    const line = (o: Record<string, unknown>) => lineInput({ sku, category: 'general', ...o });
    const imported = await importOk([
      orderInput({ customer: { externalId, email: 'First@Example.com', name: 'Named' }, lines: [line({ name: 'A', unitPrice: '1.00', weightGrams: 500, supplier: 'S1', refurbishable: true })] }),
      orderInput({ customer: { externalId, email: 'second@example.com', name: null, trusted: false }, lines: [line({ name: 'B', unitPrice: '2.00', recyclable: false }), lineInput({ sku: other, name: 'Other' })] }),
      orderInput({ customer: { externalId, email: 'third@example.com' }, currencyCode: 'USD', lines: [line({ name: 'C', unitPrice: '3.00', vendorReturnable: true })] }),
    ]);
    expect(imported).toHaveLength(3);
    const [customer] = await sql`select email, name, trusted from customers where external_id = ${externalId}`;
    expect(customer).toEqual({ email: 'third@example.com', name: 'Named', trusted: false });
    const [product] = await sql`select name, unit_price_minor::int as price, currency_code, weight_grams, supplier, refurbishable, vendor_returnable, recyclable
      from products where sku = ${sku}`;
    expect(product).toEqual({
      name: 'C', price: 300, currency_code: 'USD', weight_grams: 500, supplier: 'S1', refurbishable: true, vendor_returnable: true, recyclable: false,
    });
    const emails = await sql`select o.email from orders o where o.order_number in ${sql(imported.map((o) => o.orderNumber))} order by o.order_number`;
    expect(emails.map((e) => e.email).sort()).toEqual(['first@example.com', 'second@example.com', 'third@example.com']);
  });
});
