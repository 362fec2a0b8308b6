import { sql } from 'drizzle-orm';
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
    order('BULK-4'),                                                          // 11: a duplicate of line 7? other batch: unchanged
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
  expect(done.errors[1].message).toMatch(/"refund" is not known: one of "order"/);
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
