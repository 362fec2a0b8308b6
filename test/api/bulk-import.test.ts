import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { convertOnlineRetail } from '../../scripts/convert-uci-online-retail';
import { rowsOf } from '../../src/db/rows';
import { orderInput } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/harness';
import { eventually } from '../support/partner-server';

// Bulk imports over HTTP as a merchant's migration script sends them: a JSON Lines body streamed to POST /imports
// (admin token), a worker writing it in batches, progress and per-line errors through bulkImport(id).
let api: TestApi;
let admin: string;

const PROGRESS = `query($id: ID!, $first: Int!, $after: Int) { bulkImport(id: $id) {
  id status totalLines processedLines failedLines createdLines updatedLines unchangedLines attempts errorCode
  errors(first: $first, afterLine: $after) { line code message } } }`;

beforeAll(async () => {
  // Small batches, so one file spans several transactions and checkpoints.
  api = await startTestApi({ BULK_IMPORT_BATCH_LINES: '3' });
  admin = await api.token('ADMIN', 'admin-1');
}, 60_000);

afterAll(() => api?.stop(), 30_000);

const importsUrl = () => api.url.replace(/\/graphql$/, '/imports');
const jsonl = (records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

/** Sends the body in small pieces, as a stream (lines cut across pieces). */
async function upload(body: string, token: string | null = admin): Promise<{ status: number; body: any }> {
  const bytes = Buffer.from(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 37) controller.enqueue(bytes.subarray(i, i + 37));
      controller.close();
    },
  });
  const res = await fetch(importsUrl(), {
    method: 'POST', body: stream, duplex: 'half',
    headers: { 'content-type': 'application/x-ndjson', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  } as RequestInit);
  return { status: res.status, body: await res.json() };
}

async function finished(id: string, first = 50, after: number | null = null) {
  return eventually(async () => {
    const res = await api.gql(PROGRESS, { id, first, after }, admin);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return ['SUCCEEDED', 'FAILED'].includes(res.data.bulkImport.status) ? res.data.bulkImport : null;
  }, 30_000);
}

const query = async <T>(text: string) => rowsOf<T>(await api.app.database.db.execute(sql.raw(text)));

const order = (n: string, extra: Record<string, unknown> = {}) => ({ kind: 'order', ...orderInput({ orderNumber: n }), ...extra });

test('a file of orders is loaded in batches; bad lines are reported by number and the others written', async () => {
  const good = ['BULK-1', 'BULK-2', 'BULK-3', 'BULK-4', 'BULK-5'].map((n) => order(n));
  const body = jsonl([
    good[0],
    '{"kind":"order", "orderNumber": ',                                       // 2: not JSON
    good[1],
    { kind: 'refund', orderNumber: 'X' },                                    // 4: unknown kind
    '',                                                                       // 5: blank, skipped
    { ...good[2], lines: [{ ...orderInput().lines[0], unitPrice: 'ten' }] }, // 6: invalid amount
    good[3],
    { ...good[4], currencyCode: 'ZZZ' },                                     // 8: unsupported currency
    { ...order('BULK-6'), surprise: true },                                   // 9: unknown field
    order('BULK-7', { customer: { externalId: 'c-7', email: 'not-an-email' } }), // 10: class-validator rule
    good[3],                                                                  // 11: line 7 again (same record: fixture dates are 'now'), other batch: unchanged
    '[1,2]',                                                                  // 12: not an object
  ]);
  const sent = await upload(body);
  expect(sent.status).toBe(202);
  expect(sent.body).toMatchObject({ status: 'QUEUED', totalLines: 11 });

  const done = await finished(sent.body.id);
  expect(done).toMatchObject({ status: 'SUCCEEDED', totalLines: 11, processedLines: 11, failedLines: 7, createdLines: 3, unchangedLines: 1, attempts: 1 });
  expect(done.errors.map((e: any) => [e.line, e.code])).toEqual([
    [2, 'INVALID_JSON'], [4, 'UNKNOWN_KIND'], [6, 'INVALID_LINE'], [8, 'INVALID_LINE'], [9, 'INVALID_LINE'], [10, 'INVALID_LINE'], [12, 'INVALID_JSON'],
  ]);
  expect(done.errors[1].message).toMatch(/"refund" is not known: one of "order", "return"/);
  expect(done.errors[2].message).toMatch(/^lines\.0\.unitPrice: /);
  expect(done.errors[3].message).toMatch(/currencyCode: unsupported currency/);
  expect(done.errors[4].message).toMatch(/surprise/);
  expect(done.errors[5].message).toMatch(/customer\.email/);

  // Keyset pages over the errors.
  const page = await api.gql(PROGRESS, { id: sent.body.id, first: 2, after: 4 }, admin);
  expect(page.data.bulkImport.errors.map((e: any) => e.line)).toEqual([6, 8]);

  // The good orders are there, whole; the refused ones are not.
  const orders = await query<{ order_number: string; lines: number }>(
    `select o.order_number, count(l.id)::int as lines from orders o join order_lines l on l.order_id = o.id where o.order_number like 'BULK-%' group by 1 order by 1`,
  );
  expect(orders.map((o) => [o.order_number, o.lines])).toEqual([['BULK-1', 2], ['BULK-2', 2], ['BULK-4', 2]]);
});

test('the same order twice in one batch: the second is refused, nothing half-written', async () => {
  const sent = await upload(jsonl([order('DUP-1'), order('DUP-1', { currencyCode: 'USD' })]));
  const done = await finished(sent.body.id);
  expect(done).toMatchObject({ processedLines: 2, failedLines: 1, createdLines: 1 });
  expect(done.errors).toEqual([expect.objectContaining({ line: 2, code: 'DUPLICATE_ORDER_NUMBER' })]);
});

test('sending the same file again changes nothing and reports every line unchanged', async () => {
  const records = Array.from({ length: 7 }, (_, i) => order(`AGAIN-${i}`));
  const first = await finished((await upload(jsonl(records))).body.id);
  expect(first).toMatchObject({ createdLines: 7, unchangedLines: 0, failedLines: 0 });
  const before = await query(`select id, updated_at from orders where order_number like 'AGAIN-%' order by id`);

  const again = await finished((await upload(jsonl(records))).body.id);
  expect(again).toMatchObject({ status: 'SUCCEEDED', processedLines: 7, createdLines: 0, updatedLines: 0, unchangedLines: 7, failedLines: 0 });
  const after = await query(`select id, updated_at from orders where order_number like 'AGAIN-%' order by id`);
  expect(after).toEqual(before);

  // A changed order in the file is an update, the rest unchanged.
  records[3] = { ...records[3], deliveredAt: new Date(Date.now() - 86_400_000).toISOString() };
  const changed = await finished((await upload(jsonl(records))).body.id);
  expect(changed).toMatchObject({ updatedLines: 1, unchangedLines: 6, failedLines: 0 });
});

test('only admins may upload or follow an import', async () => {
  const body = jsonl([order('AUTH-1')]);
  expect((await upload(body, null)).status).toBe(401);
  const operator = await upload(body, await api.token('OPERATOR', 'op-1'));
  expect(operator.status).toBe(403);
  expect(operator.body.errors[0].extensions.code).toBe('FORBIDDEN');
  expect((await upload(body, await api.token('CUSTOMER', 'cust-a'))).status).toBe(403);

  const sent = await upload(body);
  await finished(sent.body.id);
  const asOperator = await api.gql(PROGRESS, { id: sent.body.id, first: 1 }, await api.token('OPERATOR', 'op-1'));
  expect(asOperator.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const rows = await query<{ n: number }>(`select count(*)::int as n from orders where order_number = 'AUTH-1'`);
  expect(rows[0].n).toBe(1);
});

test('orders and returns in one file: the UCI converter\'s output loads, returns with their real dates, bad return lines refused, re-sent unchanged', async () => {
  // A MERCHANT partner subscribed to everything: an announced return would leave an outbox row for it.
  const partner = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code } } }`,
    { input: { kind: 'MERCHANT', name: 'Shop', adapter: 'boomerang-merchant-v1', endpoint: 'http://127.0.0.1:9/hooks' } }, admin);
  expect(partner.data.createPartner.userErrors).toEqual([]);
  const converted: string[] = [];
  await convertOnlineRetail(fs.createReadStream(path.join(__dirname, '..', 'fixtures', 'uci-online-retail-sample.csv')), (l) => converted.push(l));
  // Lines 1–5: orders 536365 and 536366, the return C536400 of 536365 (same batch as its order), orders 536414, 536415.
  expect(converted.map((l) => JSON.parse(l).kind)).toEqual(['order', 'order', 'return', 'order', 'order']);
  const ret = (extra: Record<string, unknown>) => ({
    kind: 'return', externalId: 'R-X', orderNumber: '536365', status: 'COMPLETED', requestedAt: '2010-12-02T09:00:00.000Z',
    items: [{ lineNumber: 1, quantity: 1, reasonCode: 'DEFECTIVE' }], ...extra,
  });
  const body = jsonl([
    ...converted,
    ret({ externalId: 'R-6', items: [{ lineNumber: 1, quantity: 7, reasonCode: 'DEFECTIVE' }] }), // 6: more than the line has
    ret({ externalId: 'R-7', status: 'LOST' }),                                                // 7: not a ReturnStatus
    ret({ externalId: 'R-8', orderNumber: 'NO-SUCH' }),                                        // 8: no such order
    ret({ externalId: 'R-9', merchant: '   ' }),                                               // 9: blank merchant
    ret({                                                                                      // 10: another merchant's C536400, order of an earlier batch
      externalId: 'C536400', merchant: 'shop-b', orderNumber: '536415', status: 'RECEIVED', requestedAt: '2010-12-05T10:00:00.000Z',
      receivedAt: '2010-12-08T15:30:00.000Z', items: [{ lineNumber: 1, quantity: 2, reasonCode: 'too-big' }],
    }),
    ret({ externalId: 'C536400' }),                                                            // 11: C536400 again, other content
    ret({ externalId: 'R-12', items: [{ lineNumber: 2, quantity: 5, reasonCode: 'DEFECTIVE' }] }), // 12: C536400 holds 2 of 6
  ]);
  const expectedErrors = [
    [6, 'QUANTITY_EXCEEDS_RETURNABLE'], [7, 'INVALID_LINE'], [8, 'ORDER_NOT_FOUND'], [9, 'INVALID_LINE'], [11, 'RETURN_ALREADY_IMPORTED'], [12, 'QUANTITY_EXCEEDS_RETURNABLE'],
  ];
  const jobs = async () => (await query<{ n: number }>('select count(*)::int as n from integration_jobs'))[0].n;
  const jobsBefore = await jobs();

  const done = await finished((await upload(body)).body.id);
  expect(done).toMatchObject({ status: 'SUCCEEDED', totalLines: 12, processedLines: 12, createdLines: 6, unchangedLines: 0, failedLines: 6 });
  expect(done.errors.map((e: any) => [e.line, e.code])).toEqual(expectedErrors);
  const messages = done.errors.map((e: any) => e.message);
  expect(messages[0]).toMatch(/^items\.0\.quantity: At most 6 unit\(s\) of line 1 can be returned/);
  expect(messages[1]).toMatch(/^status: .*LOST/);
  expect(messages[2]).toMatch(/^orderNumber: No imported order NO-SUCH/);
  expect(messages[3]).toMatch(/^merchant: merchant must be 1 to 100 characters/);
  expect(messages[4]).toMatch(/^externalId: Return C536400 was imported before with other content/);
  expect(messages[5]).toMatch(/^items\.0\.quantity: At most 4 unit\(s\) of line 2/);

  const returnsNow = () => query<Record<string, unknown>>(`select r.id, r.external_id, r.merchant, r.imported, r.status, o.order_number, r.refund_minor::int as refund,
    r.refund_status, to_json(r.created_at) as created_at, to_json(r.refunded_at) as refunded_at, to_json(r.updated_at) as updated_at,
    (select json_agg(json_build_array(e.type, to_json(e.at)) order by e.at, e.type) from return_events e where e.return_id = r.id and e.type <> 'RETURN_IMPORTED') as history
    from returns r join orders o on o.id = r.order_id order by r.merchant, r.external_id`);
  const created = await returnsNow();
  const iso = (v: unknown) => new Date(v as string).toISOString();
  expect(created.map((r) => ({ ...r, created_at: iso(r.created_at), refunded_at: r.refunded_at && iso(r.refunded_at), history: (r.history as string[][]).map(([t, at]) => [t, iso(at)]) })))
    .toEqual([
      expect.objectContaining({
        external_id: 'C536400', merchant: 'default', imported: true, status: 'COMPLETED', order_number: '536365', refund: 953, refund_status: 'ISSUED',
        created_at: '2010-12-01T12:00:00.000Z', refunded_at: '2010-12-01T12:00:00.000Z',
        history: [['ITEMS_RECEIVED', '2010-12-01T12:00:00.000Z'], ['REFUND_ISSUED', '2010-12-01T12:00:00.000Z'], ['RETURN_REQUESTED', '2010-12-01T12:00:00.000Z']],
      }),
      expect.objectContaining({
        external_id: 'C536400', merchant: 'shop-b', imported: true, status: 'RECEIVED', order_number: '536415', refund: 0, refund_status: 'NONE',
        created_at: '2010-12-05T10:00:00.000Z', refunded_at: null,
        history: [['RETURN_REQUESTED', '2010-12-05T10:00:00.000Z'], ['ITEMS_RECEIVED', '2010-12-08T15:30:00.000Z']],
      }),
    ]);
  // The merchant's unmapped reason code is kept beside OTHER, as importReturns keeps it.
  const items = await query<{ reason: string; merchant_reason_code: string }>(
    `select i.reason, i.merchant_reason_code from return_items i join returns r on r.id = i.return_id where r.merchant = 'shop-b'`);
  expect(items).toEqual([{ reason: 'OTHER', merchant_reason_code: 'too-big' }]);
  expect(await jobs()).toBe(jobsBefore);
  expect(jobsBefore).toBe(0);

  // The same file again: orders and returns unchanged, the same lines refused, nothing written.
  const events = await query<{ n: number }>('select count(*)::int as n from return_events');
  const again = await finished((await upload(body)).body.id);
  expect(again).toMatchObject({ status: 'SUCCEEDED', processedLines: 12, createdLines: 0, updatedLines: 0, unchangedLines: 6, failedLines: 6 });
  expect(again.errors.map((e: any) => [e.line, e.code])).toEqual(expectedErrors);
  expect(await returnsNow()).toEqual(created);
  expect(await query('select count(*)::int as n from return_events')).toEqual(events);
  expect(await jobs()).toBe(0);
});

test('a return id twice in one batch: the second is refused; the same id of another merchant is its own return', async () => {
  const placedAt = '2024-05-01T10:00:00.000Z';
  const ret = (merchant: string | undefined, quantity: number) => ({
    kind: 'return', ...(merchant ? { merchant } : {}), externalId: 'TWICE-1', orderNumber: 'TWICE-ORDER', status: 'REQUESTED',
    requestedAt: '2024-05-03T10:00:00.000Z', items: [{ lineNumber: 1, quantity, reasonCode: 'DEFECTIVE' }],
  });
  const done = await finished((await upload(jsonl([order('TWICE-ORDER', { placedAt, deliveredAt: undefined }), ret(undefined, 1), ret(undefined, 1), ret('shop-c', 1)]))).body.id);
  expect(done).toMatchObject({ processedLines: 4, createdLines: 3, failedLines: 1 });
  expect(done.errors).toEqual([{ line: 3, code: 'DUPLICATE_EXTERNAL_ID', message: 'externalId TWICE-1 appears earlier in the same batch; a return goes once in a file' }]);
  const rows = await query<{ merchant: string; status: string }>(`select merchant, status from returns where external_id = 'TWICE-1' order by merchant`);
  expect(rows).toEqual([{ merchant: 'default', status: 'REQUESTED' }, { merchant: 'shop-c', status: 'REQUESTED' }]);
});

test('a big order goes through the COPY path whole, with tabs, newlines, backslashes and non-Latin text kept', async () => {
  // 600 lines (and 600 new products) in one batch: more rows than STAGE_MIN_ROWS, so they are COPYed into staging tables.
  const odd = ['tab\there', 'new\nline', 'back\\slash \\N', 'carriage\rreturn', 'ünïcödé 😀 中文', '\\.'];
  const lines = Array.from({ length: 600 }, (_, i) => ({
    sku: `COPY-${i}-${odd[i % odd.length]}`, name: odd[i % odd.length], category: 'copy', quantity: 1 + (i % 7), unitPrice: `${i}.99`,
    ...(i % 2 ? { discount: '0.50', weightGrams: i, supplier: `sup\t${i}` } : {}),
  }));
  const shippingAddress = { line1: 'a\tb\\c', city: 'Z', postalCode: '1', countryCode: 'NL', latitude: 52.1 };
  const big = order('COPY-BIG', { lines, shippingAddress });
  const done = await finished((await upload(jsonl([big]))).body.id);
  expect(done).toMatchObject({ status: 'SUCCEEDED', createdLines: 1, failedLines: 0 });
  const stored = await query<{ sku: string; name: string; quantity: number; unit_price_minor: string; discount_minor: string; weight_grams: number | null; supplier: string | null }>(
    `select l.sku, l.name, l.quantity, l.unit_price_minor::text, l.discount_minor::text, l.weight_grams, p.supplier from order_lines l
       join orders o on o.id = l.order_id join products p on p.id = l.product_id where o.order_number = 'COPY-BIG' order by l.line_number`);
  expect(stored).toEqual(lines.map((l) => ({
    sku: l.sku, name: l.name, quantity: l.quantity, unit_price_minor: String(Math.round(Number(l.unitPrice) * 100)),
    discount_minor: l.discount ? '50' : '0', weight_grams: l.weightGrams ?? null, supplier: l.supplier ?? null,
  })));
  const [address] = await query<{ shipping_address: unknown }>(`select shipping_address from orders where order_number = 'COPY-BIG'`);
  expect(address.shipping_address).toEqual(shippingAddress);
  // The same order again is recognised as unchanged: the hash of what was COPYed matches.
  const again = await finished((await upload(jsonl([big]))).body.id);
  expect(again).toMatchObject({ unchangedLines: 1, failedLines: 0 });
});

test('a line PostgreSQL refuses is found by halving the batch and reported; every other line is written', async () => {
  // Validation covers what the tables hold, so no real order line is refused by the database today. To make one, this
  // test adds a check constraint to its own test database (never to a real one): quantity 13 is refused by PostgreSQL
  // although the line checks pass, as a value a future column rule or a missed check would refuse.
  await query(`alter table order_lines add constraint test_no_thirteen check (quantity <> 13)`);
  try {
    const unlucky = (n: string) => order(n, { lines: [{ ...orderInput().lines[0] }, { ...orderInput().lines[1], quantity: 13 }] });
    const big = order('REFUSED-BIG', { lines: Array.from({ length: 600 }, (_, i) => ({ sku: `REFUSED-SKU-${i}`, name: 'x', category: 'c', quantity: i === 599 ? 13 : 1, unitPrice: '1.00' })) });
    const body = jsonl([
      order('REFUSED-1'), unlucky('REFUSED-2'), order('REFUSED-3'), // batch 1: the middle line refused
      unlucky('REFUSED-4'), unlucky('REFUSED-5'), order('REFUSED-6'), // batch 2: two refused
      big, order('REFUSED-7'), '{"kind":"order"}',                     // batch 3: a COPYed order refused, a bad line beside it
    ]);
    const done = await finished((await upload(body)).body.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', processedLines: 9, createdLines: 4, failedLines: 5, errorCode: null });
    expect(done.errors.map((e: any) => [e.line, e.code])).toEqual([
      [2, 'LINE_REFUSED_BY_DATABASE'], [4, 'LINE_REFUSED_BY_DATABASE'], [5, 'LINE_REFUSED_BY_DATABASE'], [7, 'LINE_REFUSED_BY_DATABASE'], [9, 'INVALID_LINE'],
    ]);
    for (const e of done.errors.slice(0, 4)) {
      expect(e.message).toBe('the database refused the line (check_violation: constraint test_no_thirteen, table order_lines); nothing of it was written');
    }
    // Nothing of a refused order, all of the others.
    const orders = await query<{ order_number: string; lines: number }>(
      `select o.order_number, count(l.id)::int as lines from orders o join order_lines l on l.order_id = o.id where o.order_number like 'REFUSED-%' group by 1 order by 1`,
    );
    expect(orders).toEqual([['REFUSED-1', 2], ['REFUSED-3', 2], ['REFUSED-6', 2], ['REFUSED-7', 2]].map(([order_number, lines]) => ({ order_number, lines })));
    const products = await query<{ n: number }>(`select count(*)::int as n from products where sku like 'REFUSED-SKU-%'`);
    expect(products[0].n).toBe(0);
  } finally {
    await query(`alter table order_lines drop constraint test_no_thirteen`);
  }
});
