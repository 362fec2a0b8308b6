import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { runImportCli } from '../../scripts/import';
import { startApp, type App } from '../../src/app';
import { rowsOf } from '../../src/db/rows';
import { orderInput } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/harness';
import { holdInTransaction } from '../support/locks';
import { eventually } from '../support/partner-server';
import { scratchDir } from '../support/scratch';

// Staged uploads over HTTP as a merchant's migration script on a flaky network sends them: createStagedImport, the
// file PUT in numbered parts (any order, re-sent at will, listed back), startBulkImport, then the same worker as
// POST /imports. Parts are cut anywhere: inside a line, inside a UTF-8 character.
let api: TestApi;
let admin: string;

const PART_MAX = 4096;
const FILE_MAX = 12_000;

const CREATE = `mutation($input: CreateStagedImportInput!) { createStagedImport(input: $input) {
  bulkImport { id status filename expiresAt } partsUrl maxPartBytes maxFileBytes maxParts userErrors { code message field } } }`;
const START = `mutation($input: StartBulkImportInput!) { startBulkImport(input: $input) {
  bulkImport { id status totalLines } userErrors { code message field } } }`;
const PROGRESS = `query($id: ID!) { bulkImport(id: $id) {
  status totalLines processedLines failedLines createdLines errorCode expiresAt errors(first: 50) { line code message } } }`;

beforeAll(async () => {
  // Small batches (several chunks per file) and small limits, so the size checks are reachable with small files.
  api = await startTestApi({ BULK_IMPORT_BATCH_LINES: '2', BULK_IMPORT_PART_MAX_BYTES: String(PART_MAX), BULK_IMPORT_FILE_MAX_BYTES: String(FILE_MAX) });
  admin = await api.token('ADMIN', 'admin-1');
}, 60_000);

afterAll(() => api?.stop(), 30_000);

const origin = () => api.url.replace(/\/graphql$/, '');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const query = async <T>(text: string) => rowsOf<T>(await api.app.database.db.execute(sql.raw(text)));

async function gqlOk(q: string, variables: Record<string, unknown>, token = admin) {
  const res = await api.gql(q, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

async function create(input: Record<string, unknown> = {}) {
  const res = (await gqlOk(CREATE, { input })).createStagedImport;
  expect(res.userErrors).toEqual([]);
  return res as { bulkImport: { id: string; status: string; expiresAt: string }; partsUrl: string };
}

async function put(partsUrl: string, part: number | string, body: Buffer, token: string | null = admin) {
  const res = await fetch(`${origin()}${partsUrl}/${part}`, {
    method: 'PUT', body, headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.status, etag: res.headers.get('etag'), body: await res.json() as any };
}

async function list(partsUrl: string, token: string | null = admin) {
  const res = await fetch(`${origin()}${partsUrl}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json() as any };
}

const start = async (id: string, partCount?: number, token = admin) => (await gqlOk(START, { input: { id, partCount } }, token)).startBulkImport;

async function finished(id: string) {
  return eventually(async () => {
    const b = (await gqlOk(PROGRESS, { id })).bulkImport;
    return ['SUCCEEDED', 'FAILED'].includes(b.status) ? b : null;
  }, 30_000);
}

const order = (n: string, name = 'Running shoe') => JSON.stringify({
  kind: 'order', ...orderInput({ orderNumber: n, lines: [{ sku: `SKU-${n}`, name, category: 'footwear', quantity: 1, unitPrice: '10.00' }] }),
});

test('a file sent in parts out of order, one re-sent, lines and a character split across parts, is loaded whole', async () => {
  const file = Buffer.from([order('ST-1'), order('ST-2'), order('ST-3', 'Bottes en cuir — 75 €'), order('ST-4'), order('ST-5')].join('\n') + '\n');
  const euro = file.indexOf(Buffer.from('€'));
  // Cut inside line 2, and inside the three bytes of "€" on line 3.
  const cuts = [Math.floor(file.indexOf(Buffer.from('ST-2')) + 20), euro + 1];
  const parts = [file.subarray(0, cuts[0]), file.subarray(cuts[0], cuts[1]), file.subarray(cuts[1])];
  expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(PART_MAX);

  const staged = await create({ filename: 'orders.jsonl', idempotencyKey: 'migration-1' });
  expect(staged.bulkImport).toMatchObject({ status: 'STAGED', filename: 'orders.jsonl' });
  expect(staged.partsUrl).toBe(`/imports/${staged.bulkImport.id}/parts`);
  // A retried create answers the same import; the same key for another file is refused.
  expect((await create({ filename: 'orders.jsonl', idempotencyKey: 'migration-1' })).bulkImport.id).toBe(staged.bulkImport.id);
  const reused = (await gqlOk(CREATE, { input: { filename: 'other.jsonl', idempotencyKey: 'migration-1' } })).createStagedImport;
  expect(reused).toMatchObject({ bulkImport: null, userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] }] });

  // Out of order, and part 2 first sent damaged (as a retry after a broken connection might), then again whole.
  const third = await put(staged.partsUrl, 3, parts[2]);
  expect(third).toMatchObject({ status: 200, etag: `"${sha256(parts[2])}"`, body: { partNumber: 3, bytes: parts[2].length, sha256: sha256(parts[2]) } });
  expect((await put(staged.partsUrl, 1, parts[0])).status).toBe(200);
  expect((await put(staged.partsUrl, 2, parts[1].subarray(0, 10))).status).toBe(200);
  const resent = await put(staged.partsUrl, 2, parts[1]);
  expect(resent.body).toMatchObject({ partNumber: 2, bytes: parts[1].length, fileBytes: file.length });

  const listed = await list(staged.partsUrl);
  expect(listed.status).toBe(200);
  expect(listed.body).toMatchObject({ status: 'STAGED', bytes: file.length });
  expect(listed.body.parts.map((p: any) => [p.partNumber, p.bytes, p.sha256])).toEqual(parts.map((p, i) => [i + 1, p.length, sha256(p)]));

  const started = await start(staged.bulkImport.id, 3);
  // Queued, not cut: the worker counts the lines.
  expect(started).toEqual({ bulkImport: { id: staged.bulkImport.id, status: 'QUEUED', totalLines: null }, userErrors: [] });
  const done = await finished(staged.bulkImport.id);
  expect(done).toMatchObject({ status: 'SUCCEEDED', totalLines: 5, processedLines: 5, createdLines: 5, failedLines: 0, errors: [] });

  const stored = await query<{ order_number: string; name: string }>(
    `select o.order_number, p.name from orders o join order_lines l on l.order_id = o.id join products p on p.id = l.product_id
     where o.order_number like 'ST-%' order by 1`,
  );
  expect(stored).toEqual([
    { order_number: 'ST-1', name: 'Running shoe' }, { order_number: 'ST-2', name: 'Running shoe' },
    { order_number: 'ST-3', name: 'Bottes en cuir — 75 €' }, { order_number: 'ST-4', name: 'Running shoe' }, { order_number: 'ST-5', name: 'Running shoe' },
  ]);
  // The raw parts are gone once the worker has cut them.
  expect((await list(staged.partsUrl)).body.parts).toEqual([]);
});

test('a missing part refuses the start and changes nothing; sent, the import starts', async () => {
  const staged = await create();
  const id = staged.bulkImport.id;
  expect(await start(id)).toMatchObject({ bulkImport: { status: 'STAGED' }, userErrors: [{ code: 'PARTS_INCOMPLETE', message: 'No part has arrived yet' }] });

  const lines = [order('GAP-1'), order('GAP-2'), order('GAP-3')].map((l) => Buffer.from(`${l}\n`));
  await put(staged.partsUrl, 1, lines[0]);
  await put(staged.partsUrl, 3, lines[2]);
  const gap = await start(id);
  expect(gap).toMatchObject({ bulkImport: { id, status: 'STAGED' }, userErrors: [{ code: 'PARTS_INCOMPLETE', field: ['id'] }] });
  expect(gap.userErrors[0].message).toBe('part(s) 2 of 1–3 did not arrive');
  const short = await start(id, 4);
  expect(short.userErrors).toEqual([{ code: 'PARTS_INCOMPLETE', message: 'part(s) 2, 4 of 1–4 did not arrive', field: ['partCount'] }]);
  const over = await start(id, 1);
  expect(over.userErrors[0].message).toBe('part(s) 3 are beyond partCount 1');
  // Nothing changed: still staged, both parts kept, no chunk cut.
  expect((await list(staged.partsUrl)).body).toMatchObject({ status: 'STAGED', parts: [{ partNumber: 1 }, { partNumber: 3 }] });
  expect(await query(`select seq from bulk_import_chunks where import_id = '${importRowId(id)}'`)).toEqual([]);

  await put(staged.partsUrl, 2, lines[1]);
  expect((await start(id, 3)).userErrors).toEqual([]);
  expect(await finished(id)).toMatchObject({ status: 'SUCCEEDED', createdLines: 3 });
});

test('an import is started once; parts are refused after', async () => {
  const staged = await create();
  const id = staged.bulkImport.id;
  await put(staged.partsUrl, 1, Buffer.from(order('TWICE-1')));
  expect((await start(id)).userErrors).toEqual([]);
  const again = await start(id);
  expect(again.userErrors).toEqual([{ code: 'IMPORT_ALREADY_STARTED', message: expect.stringMatching(/started already/), field: ['id'] }]);
  expect(again.bulkImport.id).toBe(id);
  const late = await put(staged.partsUrl, 2, Buffer.from(order('TWICE-2')));
  expect(late).toMatchObject({ status: 409, body: { errors: [{ extensions: { code: 'IMPORT_ALREADY_STARTED' } }] } });
  expect(await finished(id)).toMatchObject({ status: 'SUCCEEDED', totalLines: 1, createdLines: 1 });
  expect(await query(`select order_number from orders where order_number like 'TWICE-%'`)).toEqual([{ order_number: 'TWICE-1' }]);
});

test('only admins may stage, send parts, list them or start', async () => {
  const operator = await api.token('OPERATOR', 'op-1');
  const customer = await api.token('CUSTOMER', 'cust-a');
  const denied = await api.gql(CREATE, { input: {} }, operator);
  expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');

  const staged = await create();
  const body = Buffer.from(order('AUTH-1'));
  expect((await put(staged.partsUrl, 1, body, null))).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
  expect((await put(staged.partsUrl, 1, body, operator))).toMatchObject({ status: 403, body: { errors: [{ extensions: { code: 'FORBIDDEN' } }] } });
  expect((await put(staged.partsUrl, 1, body, customer)).status).toBe(403);
  expect((await list(staged.partsUrl, operator)).status).toBe(403);
  expect((await list(staged.partsUrl, null)).status).toBe(401);
  const startDenied = await api.gql(START, { input: { id: staged.bulkImport.id } }, operator);
  expect(startDenied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  // Nothing stored by any of them.
  expect((await list(staged.partsUrl)).body).toMatchObject({ status: 'STAGED', bytes: 0, parts: [] });
});

test('bad parts are refused with a code and store nothing', async () => {
  const staged = await create();
  const small = Buffer.from(order('BAD-1'));
  for (const n of ['0', '10001', 'x', '1.5']) {
    expect(await put(staged.partsUrl, n, small)).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'INVALID_PART_NUMBER' } }] } });
  }
  expect(await put(staged.partsUrl, 1, Buffer.alloc(0))).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'EMPTY_PART' } }] } });
  expect(await put(staged.partsUrl, 1, Buffer.alloc(PART_MAX + 1, 'a'))).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: 'PART_TOO_LARGE' } }] } });
  // Two near-full parts fit in FILE_MAX, a third does not: it is refused, the first two kept.
  const full = Buffer.alloc(PART_MAX - 10, 'b');
  expect(3 * full.length).toBeGreaterThan(FILE_MAX);
  expect((await put(staged.partsUrl, 1, full)).status).toBe(200);
  expect((await put(staged.partsUrl, 2, full)).status).toBe(200);
  expect(await put(staged.partsUrl, 3, full)).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: 'FILE_TOO_LARGE' } }] } });
  // Replacing a part counts its new size, not both.
  expect((await put(staged.partsUrl, 2, small)).status).toBe(200);
  expect((await list(staged.partsUrl)).body).toMatchObject({ bytes: full.length + small.length, parts: [{ partNumber: 1, bytes: full.length }, { partNumber: 2, bytes: small.length }] });
  const unknown = staged.partsUrl.replace(staged.bulkImport.id, Buffer.from('BulkImport:00000000-0000-7000-8000-000000000000').toString('base64url'));
  expect(await put(unknown, 1, small)).toMatchObject({ status: 404, body: { errors: [{ extensions: { code: 'NOT_FOUND' } }] } });
  expect((await put('/imports/not-an-id/parts', 1, small)).status).toBe(404);
  const notStaged = await api.gql(START, { input: { id: 'not-an-id' } }, admin);
  expect(notStaged.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

test('a staged upload left without parts expires: FAILED (UPLOAD_EXPIRED), parts deleted, no more parts or start', async () => {
  const staged = await create();
  const id = staged.bulkImport.id;
  const before = Date.parse(staged.bulkImport.expiresAt);
  await put(staged.partsUrl, 1, Buffer.from(order('EXP-1')));
  // Each part pushes the expiry back (a day by default).
  const pushed = Date.parse((await gqlOk(PROGRESS, { id })).bulkImport.expiresAt);
  expect(pushed).toBeGreaterThanOrEqual(before);
  expect(pushed).toBeGreaterThan(Date.now() + 86_000_000);

  // As if a day had passed without a part: the sweeper (every OUTBOX_SWEEP_MS) expires it.
  const rowId = importRowId(id);
  await query(`update bulk_imports set expires_at = now() - interval '1 minute' where id = '${rowId}'`);
  const expired = await eventually(async () => {
    const b = (await gqlOk(PROGRESS, { id })).bulkImport;
    return b.status === 'FAILED' ? b : null;
  }, 20_000);
  expect(expired).toMatchObject({ status: 'FAILED', errorCode: 'UPLOAD_EXPIRED', processedLines: 0 });
  expect(await query(`select part_number from bulk_import_parts where import_id = '${rowId}'`)).toEqual([]);
  expect(await put(staged.partsUrl, 2, Buffer.from(order('EXP-2')))).toMatchObject({ status: 410, body: { errors: [{ extensions: { code: 'IMPORT_EXPIRED' } }] } });
  expect(await start(id)).toMatchObject({ bulkImport: { status: 'FAILED' }, userErrors: [{ code: 'IMPORT_EXPIRED' }] });
  expect(await query(`select order_number from orders where order_number like 'EXP-%'`)).toEqual([]);
});

test('npm run import -- --staged sends the file in parts and follows the import to the end', async () => {
  const dir = scratchDir('staged-cli-');
  try {
    const file = path.join(dir, 'orders.jsonl');
    fs.writeFileSync(file, `${Array.from({ length: 6 }, (_, i) => order(`CLI-${i}`)).join('\n')}\n${JSON.stringify({ kind: 'refund' })}\n`);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runImportCli([file, '--staged', '--part-size', '256', '--url', origin(), '--token', admin, '--interval', '100'], {}, {
      out: (t) => out.push(t), err: (t) => err.push(t), tty: false,
    });
    // Seven lines in 256-byte parts: every line is longer than a part, so each crosses a cut.
    expect(fs.statSync(file).size).toBeGreaterThan(6 * 256);
    expect(err.join('')).toMatch(/in parts/);
    expect(out.join('')).toMatch(/^SUCCEEDED: 7 lines processed — 6 created, 0 updated, 0 unchanged, 1 refused\nrefused lines:\n {2}line 7: UNKNOWN_KIND /);
    expect(code).toBe(1);
    expect((await query<{ n: number }>(`select count(*)::int as n from orders where order_number like 'CLI-%'`))[0].n).toBe(6);
    const operator = await runImportCli([file, '--staged', '--url', origin(), '--token', await api.token('OPERATOR', 'op-1')], {}, {
      out: () => undefined, err: (t) => err.push(t), tty: false,
    });
    expect(operator).toBe(2);
    expect(err.join('')).toMatch(/refused/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Last in the file: it stops this API's workers, so that nothing runs the import until the test starts a worker.
test('startBulkImport only checks and queues; the worker cuts the parts, RUNNING with totalLines null meanwhile, and a cut taken over commits nothing', async () => {
  await api.app.jobs.stopWorkers();
  const file = Buffer.from(`${[order('CUT-1'), order('CUT-2'), '', order('CUT-3')].join('\n')}\n`);
  const half = Math.floor(file.length / 2); // inside line 2
  const staged = await create();
  const id = staged.bulkImport.id;
  const rowId = importRowId(id);
  await put(staged.partsUrl, 2, file.subarray(half));
  await put(staged.partsUrl, 1, file.subarray(0, half));

  expect(await start(id, 2)).toEqual({ bulkImport: { id, status: 'QUEUED', totalLines: null }, userErrors: [] });
  // The mutation read no part: both are still stored, no chunk exists, nothing is counted.
  expect(await query(`select part_number, bytes from bulk_import_parts where import_id = '${rowId}' order by 1`))
    .toEqual([{ part_number: 1, bytes: half }, { part_number: 2, bytes: file.length - half }]);
  expect(await query(`select seq from bulk_import_chunks where import_id = '${rowId}'`)).toEqual([]);
  expect(await query(`select status, total_lines, chunk_count, attempts from bulk_imports where id = '${rowId}'`))
    .toEqual([{ status: 'QUEUED', total_lines: null, chunk_count: 0, attempts: 0 }]);

  // A worker (another app on the same database and queues) cuts; the lock held here stops it where it drops the parts.
  const lockSql = postgres(api.app.config.databaseUrl!, { max: 1, onnotice: () => undefined });
  let worker: App | null = null;
  let release: (() => Promise<void>) | null = null;
  try {
    release = await holdInTransaction(lockSql, (t) => t`lock table bulk_import_parts in exclusive mode`);
    worker = await startApp(api.app.config, 'worker');
    await eventually(async () => (await query<{ n: number }>(`select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
      where c.relname = 'bulk_import_parts' and not l.granted`))[0].n > 0 || null, 30_000);
    const cutting = (await gqlOk(PROGRESS, { id })).bulkImport;
    expect(cutting).toMatchObject({ status: 'RUNNING', totalLines: null, processedLines: 0 });
    // As a run that took this one for dead would: the next attempt. The cut, let go, must commit nothing.
    await query(`update bulk_imports set attempts = attempts + 1 where id = '${rowId}'`);
    await release();
    release = null;
    await eventually(async () => (await api.app.jobs.bulkImportQueue.getJob(rowId)) === undefined || null, 30_000); // the run ended
    expect(await query(`select part_number from bulk_import_parts where import_id = '${rowId}' order by 1`)).toEqual([{ part_number: 1 }, { part_number: 2 }]);
    expect(await query(`select seq from bulk_import_chunks where import_id = '${rowId}'`)).toEqual([]);
    expect((await gqlOk(PROGRESS, { id })).bulkImport).toMatchObject({ status: 'RUNNING', totalLines: null, processedLines: 0 });
    // That other run died too: once its heartbeat is stale the sweeper queues the import again, and the next run cuts
    // the parts and loads every line once.
    await query(`update bulk_imports set heartbeat_at = now() - interval '1 hour' where id = '${rowId}'`);
    const done = await finished(id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', totalLines: 3, processedLines: 3, createdLines: 3, failedLines: 0 });
    expect(await query(`select attempts, chunk_count from bulk_imports where id = '${rowId}'`)).toEqual([{ attempts: 3, chunk_count: 2 }]);
  } finally {
    await release?.();
    await lockSql.end();
    await worker?.stop();
  }
  expect(await query(`select order_number from orders where order_number like 'CUT-%' order by 1`))
    .toEqual([{ order_number: 'CUT-1' }, { order_number: 'CUT-2' }, { order_number: 'CUT-3' }]);
  expect(await query(`select count(*)::int as n from bulk_import_parts where import_id = '${rowId}'`)).toEqual([{ n: 0 }]);
  expect(await query(`select count(*)::int as n from bulk_import_chunks where import_id = '${rowId}'`)).toEqual([{ n: 0 }]);
}, 90_000);

/** The bulk_imports row id inside a BulkImport global id. */
function importRowId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}
