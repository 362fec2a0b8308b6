import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, scratchDir } from '../support/scratch';

// The newcomer's path, as `npm start` runs it: the built entry point with no DATABASE_URL boots on embedded PGlite
// under DATA_DIR, migrates, seeds the demo, prints the URL and tokens, and answers queries with them.
let child: ChildProcess | undefined;
let dataDir: string;

beforeAll(() => {
  // `npm run build`, as prestart runs it: incremental, and waits for a build of this checkout already running.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: 'pipe' });
  dataDir = scratchDir('embedded-');
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts main.js and resolves with everything it printed once the banner is complete. */
function start(): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', QUEUE_PREFIX: `smoke_${process.pid}` };
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 90 s:\n${out}`)), 90_000);
    child!.stdout!.on('data', (d) => {
      out += d;
      if (/Guest returns:|tokens are not printed|Demo data/.test(out) && out.includes('\n\n', out.indexOf('Boomerang GraphQL API'))) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child!.stderr!.on('data', (d) => { out += d; });
    child!.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}:\n${out}`)); });
  });
}

async function gql(url: string, query: string, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

test('npm start path: embedded PostgreSQL, migrations, demo seed, printed tokens work', async () => {
  const banner = await start();
  const url = /Boomerang GraphQL API: (\S+)/.exec(banner)![1].replace('localhost', '127.0.0.1');
  expect(banner).toContain('embedded PostgreSQL (PGlite)');
  const token = (role: string) => new RegExp(`${role}\\s+Bearer (\\S+)`).exec(banner)![1];

  const reasons = await gql(url, '{ returnReasons { code } }');
  expect(reasons.status).toBe(200);
  expect(reasons.body.data.returnReasons).toHaveLength(11);

  const staff = await gql(url, '{ returns(first: 50) { totalCount edges { node { status } } } }', token('operator'));
  const statuses = new Set(staff.body.data.returns.edges.map((e: { node: { status: string } }) => e.node.status));
  expect(staff.body.data.returns.totalCount).toBeGreaterThanOrEqual(6);
  for (const s of ['REQUESTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'INSPECTED', 'COMPLETED']) expect(statuses).toContain(s);

  const mine = await gql(url, '{ viewer { role customer { externalId } } returns(first: 10) { edges { node { customer { externalId } } } } }', token('customer'));
  expect(mine.body.data.viewer).toEqual({ role: 'CUSTOMER', customer: { externalId: 'demo-customer-1' } });
  expect(mine.body.data.returns.edges.length).toBeGreaterThan(0);
  for (const e of mine.body.data.returns.edges) expect(e.node.customer.externalId).toBe('demo-customer-1');
  // A page with its items and order lines is one JSON statement on PGlite too (listReturns with items).
  const page = await gql(url, '{ returns(first: 5) { edges { node { rmaNumber createdAt items { quantity reason orderLine { sku unitPrice { amount currencyCode } } } } } } }', token('operator'));
  expect(page.body.errors).toBeUndefined();
  const nodes = page.body.data.returns.edges.map((e: { node: { createdAt: string; items: Array<{ quantity: number; orderLine: { sku: string; unitPrice: { amount: string } } }> } }) => e.node);
  expect(nodes).toHaveLength(5);
  for (const n of nodes) {
    expect(Number.isNaN(Date.parse(n.createdAt))).toBe(false);
    expect(n.items.length).toBeGreaterThan(0);
    for (const i of n.items) expect(i.quantity > 0 && i.orderLine.sku.length > 0 && Number(i.orderLine.unitPrice.amount) > 0).toBe(true);
  }
  expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);

  // The drop-off search on PGlite: its bundled cube extension carries the GiST index (migrations/0014), nearest first.
  const made = await gql(url, 'mutation { createPartner(input: { kind: LOCKER_NETWORK, name: "Smoke Lockers", adapter: "boomerang-locker-v1", endpoint: "https://lockers.example.com" }) { partner { id } userErrors { code } } }', token('admin'));
  expect(made.body.data.createPartner.userErrors).toEqual([]);
  const spots = [['FAR', 52.09, 5.12], ['NEAR', 52.3784, 4.9009], ['MID', 52.3580, 4.8811]].map(([externalId, latitude, longitude]) =>
    `{ externalId: "${externalId}", type: LOCKER, name: "Smoke ${externalId}", address: "-", latitude: ${latitude}, longitude: ${longitude} }`);
  const placed = await gql(url, `mutation { upsertDropOffLocations(input: { partnerId: "${made.body.data.createPartner.partner.id}", locations: [${spots.join(', ')}] }) { userErrors { code } } }`, token('admin'));
  expect(placed.body.data.upsertDropOffLocations.userErrors).toEqual([]);
  const near = await gql(url, '{ dropOffLocations(near: { latitude: 52.3791, longitude: 4.9003 }, radiusKm: 100, types: [LOCKER], first: 100) { name distanceKm } }', token('customer'));
  const found = (near.body.data.dropOffLocations as Array<{ name: string; distanceKm: number }>).filter((l) => l.name.startsWith('Smoke'));
  expect(found.map((l) => l.name)).toEqual(['Smoke NEAR', 'Smoke MID', 'Smoke FAR']);
  expect(found[0].distanceKm).toBe(0.09);

  // An admin operation on PGlite's single connection: the run's progress writes wait for its transaction, never block it.
  const refresh = await gql(url, 'mutation { refreshAnalytics(input: { full: true }) { operation { id } userErrors { code } } }', token('admin'));
  expect(refresh.body.data.refreshAnalytics.userErrors).toEqual([]);
  const id = refresh.body.data.refreshAnalytics.operation.id;
  let op: any;
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    op = (await gql(url, `{ adminOperation(id: "${id}") { status errorCode progress result { ... on AnalyticsRefreshSummary { mode } } } }`, token('admin'))).body.data.adminOperation;
    if (op.status === 'SUCCEEDED' || op.status === 'FAILED') break;
  }
  expect(op).toEqual({ status: 'SUCCEEDED', errorCode: null, progress: 1, result: { mode: 'FULL' } });
}, 180_000);
