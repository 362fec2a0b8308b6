import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { orderInput } from '../support/fixtures';
import { eventually } from '../support/partner-server';
import { buildOnce, remoteApi, startWorld, stopWorld, type ProofWorld } from '../support/processes';
import { scratchDir } from '../support/scratch';
import type { TestApi } from '../support/harness';

// Bulk imports across real processes (`node main.js api|worker`): a worker SIGKILLed in the middle of an import is
// replaced and the import resumes at its last committed batch, with nothing written twice and no order half-written;
// and the CLI (`npm run import`) uploads a file, follows it to the end and reports the refused lines. Heartbeats and
// locks are short so that recovery takes seconds.
let world: ProofWorld | undefined;
let api: TestApi;
let admin: string;
let dir: string;

const PROGRESS = `query($id: ID!) { bulkImport(id: $id) { status totalLines processedLines failedLines createdLines unchangedLines attempts } }`;

beforeAll(async () => {
  world = await startWorld({ BULK_IMPORT_BATCH_LINES: '20', BULK_IMPORT_STALE_MS: '2000', WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '500' });
  api = remoteApi((await world.procs.start('api', 'api')).url);
  admin = await api.token('ADMIN', 'admin-1');
  dir = scratchDir('bulk-import-');
}, 600_000);

afterAll(async () => {
  await stopWorld(world);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

const progress = async (id: string) => (await api.gql(PROGRESS, { id }, admin)).data.bulkImport;

function writeFile(name: string, lines: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return file;
}

test('a worker killed mid-import: the next one resumes at the checkpoint, nothing written twice', () => world!.procs.withDump(async () => {
  const n = 200;
  // Line 150 is refused: committing its batch (lines 141–160) writes an error row, which the test holds up below.
  const records = Array.from({ length: n }, (_, i) => (i === 149 ? { kind: 'order', orderNumber: 'RESUME-BAD' } : { kind: 'order', ...orderInput({ orderNumber: `RESUME-${i}` }) }));
  const body = records.map((r) => JSON.stringify(r)).join('\n');
  const sent = await fetch(api.url.replace(/\/graphql$/, '/imports'), { method: 'POST', body, headers: { authorization: `Bearer ${admin}` } });
  expect(sent.status).toBe(202);
  const { id } = await sent.json() as { id: string };

  const sql = postgres(world!.db.url, { max: 1, onnotice: () => undefined });
  try {
    // Holding this lock stops the worker at the batch with the refused line, after 7 batches have committed.
    const held = sql.begin(async (tx) => {
      await tx`lock table bulk_import_errors in exclusive mode`;
      const worker = await world!.procs.start('worker', 'worker-1');
      await eventually(async () => (await progress(id)).processedLines === 140 || null, 60_000);
      await eventually(async () => (await tx`select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
        where c.relname = 'bulk_import_errors' and not l.granted`)[0].n > 0 || null, 30_000);
      await worker.stop('SIGKILL');
    });
    await held;
  } finally {
    await sql.end();
  }
  // RUNNING, or already QUEUED again by the sweeper (its heartbeat went stale while the lock held it up).
  const stopped = await progress(id);
  expect(stopped).toMatchObject({ processedLines: 140, attempts: 1 });
  expect(['RUNNING', 'QUEUED']).toContain(stopped.status);

  await world!.procs.start('worker', 'worker-2');
  const done = await eventually(async () => {
    const p = await progress(id);
    return p.status === 'SUCCEEDED' ? p : null;
  }, 90_000);
  expect(done).toMatchObject({ totalLines: n, processedLines: n, failedLines: 1, createdLines: n - 1 });
  expect(done.attempts).toBeGreaterThanOrEqual(2);

  const check = postgres(world!.db.url, { max: 1, onnotice: () => undefined });
  try {
    const [counts] = await check`select count(distinct o.id)::int as orders, count(l.id)::int as lines from orders o join order_lines l on l.order_id = o.id
      where o.order_number like 'RESUME-%'`;
    expect(counts).toEqual({ orders: n - 1, lines: 2 * (n - 1) });
    const errors = await check`select line, code from bulk_import_errors`;
    expect(errors.map((e) => [e.line, e.code])).toEqual([[150, 'INVALID_LINE']]);
    // The stored file is deleted once the import has finished.
    expect((await check`select count(*)::int as n from bulk_import_chunks`)[0].n).toBe(0);
  } finally {
    await check.end();
  }
}), 240_000);

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return buildOnce().then((main) => new Promise((resolve) => {
    const script = path.join(path.dirname(path.dirname(main)), 'scripts', 'import.js');
    execFile(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  }));
}

test('the CLI uploads a file, shows progress, prints the refused lines and exits non-zero for them', () => world!.procs.withDump(async () => {
  const base = api.url.replace(/\/graphql$/, '');
  const lines = [
    ...Array.from({ length: 30 }, (_, i) => ({ kind: 'order', ...orderInput({ orderNumber: `CLI-${i}` }) })),
    { kind: 'order', ...orderInput({ orderNumber: 'CLI-BAD', currencyCode: 'eur' }) },
  ];
  const file = writeFile('orders.jsonl', lines);

  const first = await cli([file, '--url', base, '--interval', '100'], { BOOMERANG_TOKEN: admin });
  expect(first.stderr).toMatch(/uploading orders\.jsonl/);
  expect(first.stderr).toMatch(/\[#+\] 100\.0% 31\/31 lines, 1 refused \(SUCCEEDED\)/);
  expect(first.stdout).toMatch(/SUCCEEDED: 31 lines processed — 30 created, 0 updated, 0 unchanged, 1 refused/);
  expect(first.stdout).toMatch(/line 31: INVALID_LINE currencyCode: currencyCode must be an ISO 4217 code/);
  expect(first.code).toBe(1);

  // The same file minus the bad line, again: every order unchanged, exit 0.
  const clean = writeFile('clean.jsonl', lines.slice(0, 30));
  const again = await cli([clean, '--url', base, '--token', admin, '--interval', '100']);
  expect(again.stdout).toMatch(/SUCCEEDED: 30 lines processed — 0 created, 0 updated, 30 unchanged, 0 refused/);
  expect(again.code).toBe(0);

  // Refused upload (not an admin) and usage mistakes: exit 2, with the reason.
  const operator = await cli([clean, '--url', base, '--token', await api.token('OPERATOR', 'op-1')]);
  expect(operator).toMatchObject({ code: 2 });
  expect(operator.stderr).toMatch(/upload refused \(HTTP 403\)/);
  const noToken = await cli([clean, '--url', base]);
  expect(noToken.code).toBe(2);
  expect(noToken.stderr).toMatch(/an admin token is needed/);
}), 240_000);
