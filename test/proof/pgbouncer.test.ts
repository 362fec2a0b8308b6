import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { MIGRATIONS_DIR } from '../../src/db/client';
import type { TestApi } from '../support/harness';
import { IMPORT, completeReturn, importOrders, orderInput, requestReturn, uniq } from '../support/fixtures';
import { eventually } from '../support/partner-server';
import { PgBouncer } from '../support/pgbouncer';
import { ROOT, buildOnce, createMerchant, integrationJobs, remoteApi, requestOneReturn, startWorld, stopWorld, type ProofWorld } from '../support/processes';
import { scratchRoot } from '../support/scratch';

// Boomerang behind a real PgBouncer in transaction mode (consecutive statements of one client land on different
// server connections) with DATABASE_PREPARE=false: migrate processes racing on an empty database, then an api and a
// worker whose pools go through PgBouncer while migrations use DATABASE_MIGRATION_URL directly. Every acknowledged
// write must be in the database. (With prepared statements on, 200 concurrent postgres.js transactions through this
// PgBouncer gave 83 "successes" and 57 rows: lost writes without an error.)

const MIGRATIONS = (JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
const CONCURRENT = 200;

let bouncer: PgBouncer | undefined;
let world: ProofWorld | undefined;
let direct: postgres.Sql | undefined;
let api: TestApi;
let main: string;

/** `node main.js migrate` until it exits (killed after 60 s: a hang fails the test). */
function migrateProcess(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [main, 'migrate'], {
    cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? scratchRoot(), TMPDIR: scratchRoot(), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

beforeAll(async () => {
  // Few server connections, so the processes' pools (10 each) share and switch backends all the time.
  bouncer = await PgBouncer.start({ poolSize: 4 });
  world = await startWorld({ DATABASE_PREPARE: 'false' });
  main = await buildOnce();
  direct = postgres(world.db.url, { max: 2, onnotice: () => undefined });
}, 180_000);

afterAll(async () => {
  await stopWorld(world);
  await direct?.end();
  await bouncer?.stop();
}, 60_000);

test('four `migrate` processes at once through PgBouncer on an empty database: all exit 0, each migration applied once', async () => {
  const env = { NODE_ENV: 'production', DATABASE_URL: bouncer!.url(world!.db.url), DATABASE_PREPARE: 'false', REDIS_URL: world!.redis.url,
    JWT_SECRET: 'pgbouncer-proof-secret-0123456789-abcdefghij', LOG_LEVEL: 'warn' };
  const runs = await Promise.all(Array.from({ length: 4 }, () => migrateProcess(env)));
  for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const applied = runs.map((r) => Number(/\((\d+) migrations? applied\)/.exec(r.stdout)?.[1])).sort((a, b) => b - a);
  expect(applied).toEqual([MIGRATIONS, 0, 0, 0]);
  const rows = await direct!`select created_at from drizzle.__drizzle_migrations`;
  expect(rows).toHaveLength(MIGRATIONS);
}, 120_000);

test('PgBouncer multiplexes: consecutive statements of one client connection run on different PostgreSQL backends', async () => {
  const url = bouncer!.url(world!.db.url);
  const client = postgres(url, { max: 1, prepare: false, onnotice: () => undefined });
  const holders = postgres(url, { max: 4, prepare: false, onnotice: () => undefined });
  const backendOf = async (sql: postgres.Sql) => (await sql`select pg_backend_pid() as pid`)[0].pid as number;
  const releases = new Map<number, () => void>();
  try {
    const first = await backendOf(client);
    // Four transactions take every server connection of the pool (default_pool_size 4), the one `client` just used too.
    const held = Array.from({ length: 4 }, () => holders.begin(async (tx) => {
      const pid = await backendOf(tx as unknown as postgres.Sql);
      await new Promise<void>((resolve) => releases.set(pid, resolve));
    }));
    await eventually(async () => (releases.size === 4 ? true : null), 10_000, 20);
    expect(releases.has(first)).toBe(true);
    // All but that one end: the client's next statement must run on another backend, on the same client connection.
    for (const [pid, release] of releases) if (pid !== first) release();
    const second = await backendOf(client);
    expect(second).not.toBe(first);
    releases.get(first)!();
    await Promise.all(held);
    // The control: a direct client connection keeps its backend, so the check above can tell the two apart.
    const lone = postgres(world!.db.url, { max: 1, onnotice: () => undefined });
    try {
      expect(await backendOf(lone)).toBe(await backendOf(lone));
    } finally {
      await lone.end();
    }
  } finally {
    for (const release of releases.values()) release();
    await client.end();
    await holders.end();
  }
}, 60_000);

describe('an api and a worker through PgBouncer (DATABASE_PREPARE=false), migrating over a direct DATABASE_MIGRATION_URL', () => {
  beforeAll(async () => {
    const through = { DATABASE_URL: bouncer!.url(world!.db.url), DATABASE_MIGRATION_URL: world!.db.url };
    await world!.procs.withDump(async () => {
      const [apiProc] = await Promise.all([world!.procs.start('api', 'api-1', through), world!.procs.start('worker', 'worker-1', through)]);
      api = remoteApi(apiProc.url);
    });
  }, 120_000);

  test(`${CONCURRENT} concurrent importOrders transactions: every acknowledged order is in the database`, () => world!.procs.withDump(async () => {
    const admin = await api.token('ADMIN', 'admin-1');
    const prefix = uniq('PGB-');
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) =>
      api.gql(IMPORT, { input: { orders: [orderInput({ orderNumber: `${prefix}-${i}` })] } }, admin)));
    const acknowledged = answers.filter((a) => !a.errors && a.data.importOrders.userErrors.length === 0)
      .map((a) => a.data.importOrders.orders[0].orderNumber as string);
    expect(answers.filter((a) => a.errors)).toEqual([]);
    expect(acknowledged).toHaveLength(CONCURRENT);
    const stored = await direct!`select order_number from orders where order_number like ${`${prefix}-%`}`;
    expect(stored.map((r) => r.order_number).sort()).toEqual([...acknowledged].sort());
    // Every order's lines committed with it.
    const [{ lines }] = await direct!`select count(*)::int as lines from order_lines l join orders o on o.id = l.order_id where o.order_number like ${`${prefix}-%`}`;
    expect(lines).toBe(CONCURRENT * 2);
  }), 120_000);

  test('a bulk import whose batches are COPYed into staging tables (temporary, inside one transaction) loads through PgBouncer', () => world!.procs.withDump(async () => {
    const admin = await api.token('ADMIN', 'admin-1');
    const prefix = uniq('PGB-BULK-');
    // 600 lines and 600 new products in one order: above STAGE_MIN_ROWS, so the worker COPYs them into temporary
    // tables, which exist only inside the batch's transaction (one PgBouncer server connection throughout).
    const big = { kind: 'order', ...orderInput({ orderNumber: `${prefix}-big` }), lines: Array.from({ length: 600 }, (_, i) => ({ sku: `${prefix}-SKU-${i}`, name: `n\t${i}`, category: 'c', quantity: 1, unitPrice: '1.00' })) };
    const small = Array.from({ length: 20 }, (_, i) => ({ kind: 'order', ...orderInput({ orderNumber: `${prefix}-${i}` }) }));
    const body = [big, ...small].map((r) => JSON.stringify(r)).join('\n');
    const res = await fetch(api.url.replace(/\/graphql$/, '/imports'), { method: 'POST', body, headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(202);
    const { id } = await res.json() as { id: string };
    const done = await eventually(async () => {
      const r = await api.gql('query($id: ID!) { bulkImport(id: $id) { status createdLines failedLines } }', { id }, admin);
      return ['SUCCEEDED', 'FAILED'].includes(r.data?.bulkImport?.status) ? r.data.bulkImport : null;
    }, 60_000, 200);
    expect(done).toEqual({ status: 'SUCCEEDED', createdLines: 21, failedLines: 0 });
    const [{ lines }] = await direct!`select count(*)::int as lines from order_lines l join orders o on o.id = l.order_id where o.order_number like ${`${prefix}-%`}`;
    expect(lines).toBe(600 + 20 * 2);
  }), 120_000);

  test('the whole return lifecycle, and the worker delivers the merchant event once', () => world!.procs.withDump(async () => {
    const partnerId = await createMerchant(api, world!.merchant.url);
    const [order, second] = await importOrders(api, [orderInput(), orderInput()]);
    const customer = await api.token('CUSTOMER', 'cust-a');
    const ret = await requestReturn(api, customer, order.id, [{ orderLineId: order.lines[0].id, quantity: 2 }]);
    const final = await completeReturn(api, ret);
    expect(final.status).toBe('COMPLETED');
    expect(final.refund).toMatchObject({ status: 'REQUESTED', amount: { amount: '169.80', currencyCode: 'EUR' } });
    await requestOneReturn(api, customer, second);

    const jobs = await eventually(async () => {
      const all = await integrationJobs(api, partnerId);
      return all.length === 2 && all.every((j) => j.status === 'SUCCEEDED') ? all : null;
    }, 30_000, 200);
    expect([...world!.merchant.bookings()].sort()).toEqual(jobs.map((j) => j.key).sort());
    // Every step the API acknowledged is in the history, in order.
    const events = await direct!`select e.type from return_events e join returns r on r.id = e.return_id where r.rma_number = ${final.rmaNumber} order by e.id`;
    expect(events.map((e) => e.type)).toEqual([
      'RETURN_REQUESTED', 'RETURN_APPROVED', 'ITEMS_RECEIVED', 'ITEM_INSPECTED', 'INSPECTION_FINISHED', 'DISPOSITION_SET', 'REFUND_REQUESTED', 'RETURN_COMPLETED',
    ]);
  }), 120_000);
});
