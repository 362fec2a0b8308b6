import 'reflect-metadata';
import fc from 'fast-check';
import { orderInputCheckPaths, orderInputChecker, type OrderInputCheck } from '../../src/graphql/order-input-check';
import type { OrderInput } from '../../src/graphql/types/order.inputs';

/*
 * The bulk import checks `order` lines with a compiled JSON Schema (order-input-fast.ts) and falls back to the exact
 * check (GraphQL coercion + class-validator, as importOrders) for every line the schema refuses. These tests run the
 * same good and bad lines through both paths: whatever the fast path accepts, the exact path accepts with the same
 * value, and the combined checker answers exactly as the exact one, refusal messages included.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const good = (): Record<string, Json> => ({
  orderNumber: '536365',
  currencyCode: 'GBP',
  placedAt: '2010-12-01T08:26:00Z',
  deliveredAt: '2010-12-03T10:00:00.250+01:00',
  customer: { externalId: '17850', email: '17850@example.com', name: 'Ann', trusted: true },
  shippingAddress: { name: 'Ann', line1: '1 High St', line2: null, city: 'Leeds', postalCode: 'LS1 1AA', countryCode: 'GB', phone: '+44 113', latitude: 53.8, longitude: -1.55 },
  lines: [
    { sku: '85123A', name: 'WHITE HANGING HEART T-LIGHT HOLDER', category: 'home', quantity: 6, unitPrice: '2.55', discount: '0.50', weightGrams: 120, refurbishable: false, vendorReturnable: true, supplier: 'ACME', recyclable: null },
    { sku: '71053', name: 'WHITE METAL LANTERN', category: 'home', quantity: 1, unitPrice: '3' },
  ],
});

let paths: Awaited<ReturnType<typeof orderInputCheckPaths>>;
let combined: (value: unknown) => OrderInputCheck;

beforeAll(async () => {
  paths = await orderInputCheckPaths();
  combined = await orderInputChecker();
});

/** Plain data of a checked order (class instances and Dates compared by value). */
const plain = (order: OrderInput) => JSON.parse(JSON.stringify(order)) as unknown;

/** The property every line must have: the fast path never accepts what the exact path refuses, nor differently. */
function agree(value: unknown): 'fast' | 'exact-only' | 'refused' {
  const exact = paths.exact(value);
  const fast = paths.fast(value);
  expect(combined(value)).toEqual(exact);
  if (fast) {
    expect(exact.ok).toBe(true);
    if (exact.ok) {
      expect(plain(fast)).toEqual(plain(exact.order));
      // Same key order too: the order's content hash serializes the shipping address as coerced.
      expect(JSON.stringify(fast)).toBe(JSON.stringify(exact.order));
      expect(fast.placedAt).toBeInstanceOf(Date);
    }
    return 'fast';
  }
  return exact.ok ? 'exact-only' : 'refused';
}

/** Sets `path` in a copy of the good line (undefined deletes the key). */
function withValue(path: Array<string | number>, value: Json | undefined): Record<string, Json> {
  const line = good();
  let at: Record<string | number, Json> = line;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
  return line;
}

test('good lines take the fast path and come out as the exact check makes them', () => {
  expect(agree(good())).toBe('fast');
  expect(agree(withValue(['shippingAddress'], undefined))).toBe('fast');
  expect(agree(withValue(['deliveredAt'], null))).toBe('fast');
  expect(agree(withValue(['customer', 'name'], undefined))).toBe('fast');
  expect(agree(withValue(['lines', 0, 'quantity'], 100_000))).toBe('fast');
  expect(agree(withValue(['placedAt'], '2024-02-29t23:59:59.123456z'))).toBe('fast');
  expect(agree(withValue(['orderNumber'], 'x'.repeat(100)))).toBe('fast');
  expect(agree(withValue(['orderNumber'], '😀'.repeat(100)))).toBe('fast');
  // Key order in the line does not matter: both paths rebuild objects in the input type's field order.
  const shuffled = good();
  shuffled.shippingAddress = { countryCode: 'GB', postalCode: 'LS1 1AA', city: 'Leeds', line1: '1 High St' };
  expect(agree(shuffled)).toBe('fast');
});

test('bad lines are refused with the exact check\'s message', () => {
  const bad: Array<[Array<string | number>, Json | undefined, string]> = [
    [['orderNumber'], '', 'orderNumber'],
    [['orderNumber'], 'x'.repeat(101), 'orderNumber'],
    [['orderNumber'], 12, 'orderNumber'],
    [['orderNumber'], undefined, 'orderNumber'],
    [['customer', 'email'], 'not-an-email', 'customer.email'],
    [['customer', 'externalId'], null, 'customer.externalId'],
    [['customer', 'extra'], 1, 'extra'],
    [['currencyCode'], 'gbp', 'currencyCode'],
    [['placedAt'], '2010-02-30T00:00:00Z', 'placedAt'],
    [['placedAt'], '2010-12-01', 'placedAt'],
    [['placedAt'], '0000-01-01T00:00:00Z', 'date-times'],
    [['lines'], [], 'lines'],
    [['lines', 0, 'quantity'], 0, 'lines.0.quantity'],
    [['lines', 0, 'quantity'], 1.5, 'lines.0.quantity'],
    [['lines', 0, 'quantity'], 2 ** 31, 'lines.0.quantity'],
    [['lines', 0, 'unitPrice'], '-1', 'lines.0.unitPrice'],
    [['lines', 0, 'unitPrice'], 2.55, 'lines.0.unitPrice'],
    [['lines', 1, 'sku'], 'a\u0000b', 'NUL'],
    [['shippingAddress', 'countryCode'], 'gb', 'shippingAddress.countryCode'],
    [['shippingAddress', 'latitude'], 91, 'shippingAddress.latitude'],
    [['shippingAddress', 'line1'], undefined, 'line1'],
  ];
  for (const [path, value, mentions] of bad) {
    const line = withValue(path, value);
    expect([path.join('.'), agree(line)]).toEqual([path.join('.'), 'refused']);
    const checked = combined(line);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toContain(mentions);
  }
});

test('lines the schema is stricter about still get the exact check\'s answer', () => {
  // GraphQL coerces a single object where a list is expected into a list of one; the schema leaves that to the exact path.
  const single = good();
  single.lines = (single.lines as Json[])[0];
  expect(agree(single)).toBe('exact-only');
});

test('random changes to a good line: the fast path never accepts what the exact check refuses', () => {
  const paths_: Array<Array<string | number>> = [
    ['orderNumber'], ['currencyCode'], ['placedAt'], ['deliveredAt'], ['lines'], ['shippingAddress'], ['customer'], ['unknown'],
    ['customer', 'externalId'], ['customer', 'email'], ['customer', 'name'], ['customer', 'trusted'],
    ...['sku', 'name', 'category', 'quantity', 'unitPrice', 'discount', 'weightGrams', 'refurbishable', 'vendorReturnable', 'supplier', 'recyclable', 'other']
      .map((f) => ['lines', 0, f]),
    ...['name', 'line1', 'line2', 'city', 'postalCode', 'countryCode', 'phone', 'latitude', 'longitude'].map((f) => ['shippingAddress', f]),
  ];
  const tricky = fc.oneof(
    fc.constantFrom<Json | undefined>(undefined, null, '', ' ', '\uFE0F', '\uFE0E\uFE0F', '😀', 'a\u0000', '0', '1.999', '19.99', '1e3', 'GBP', 'GB',
      '2010-12-01T08:26:00Z', '2010-12-01T08:26:00+25:00', '2010-12-01T24:00:00Z', '9999-12-31T23:59:59Z', '10000-01-01T00:00:00Z',
      'a@b.co', 'a@b', true, false, 0, -1, 1, 1.5, 90, -180.5, 100_000, 100_001, 10_000_000, 2 ** 31, 1e21, [], [1], {}, { a: 1 }),
    fc.string({ maxLength: 600 }),
    fc.string({ unit: 'grapheme', maxLength: 120 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.stringMatching(/^\d{1,16}(\.\d{0,4})?$/),
  );
  const outcomes = new Map<string, number>();
  fc.assert(fc.property(fc.constantFrom(...paths_), tricky, (path, value) => {
    const outcome = agree(withValue(path, value));
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }), { numRuns: 3000, seed: 13 });
  // The run saw all three outcomes, so it proves something about each path.
  expect(outcomes.get('fast')).toBeGreaterThan(50);
  expect(outcomes.get('refused')).toBeGreaterThan(50);
});
