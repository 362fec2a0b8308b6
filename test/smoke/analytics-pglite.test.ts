import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildOnce } from '../support/processes';
import { scratchDir } from '../support/scratch';

// The demo runs on embedded PGlite: the aggregate refresh (full, then incremental), returnAnalytics and the
// serial-returner ranking must work there as on PostgreSQL. PGlite cannot load inside jest's VM, so the built services
// run in a child process and report what they saw.
const CHILD = `
const [build, dataDir] = process.argv.slice(1);
const r = (m) => require(require('node:path').join(build, 'src', m));
(async () => {
  const { loadConfig } = r('config');
  const { openDatabase } = r('db/client');
  const { applyMigrations } = r('db/migrate');
  const { refreshAnalytics } = r('services/insight/analytics-refresh.service');
  const { returnAnalytics } = r('services/insight/analytics.service');
  const { importOrders } = r('services/orders/order.service');
  const { upsertReturnPolicy } = r('services/returns/policy.service');
  const { requestReturn } = r('services/returns/return.service');
  const { serialReturners } = r('services/insight/serial-returner.service');
  const database = await openDatabase(null, dataDir);
  await applyMigrations(database.db);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error' });
  const ctx = (actor) => ({ actor, requestId: 'pglite', db: database.db, database, config, now: () => new Date() });
  const admin = ctx({ kind: 'admin', subject: 'a' });
  const DAY = 86400000;
  await upsertReturnPolicy(admin, { category: null, windowDays: 60 });
  const placedAt = new Date(Date.now() - 5 * DAY);
  const imported = await importOrders(admin, [1, 2].map((n) => ({
    orderNumber: 'PG-' + n, customer: { externalId: 'pg-' + n, email: 'pg' + n + '@example.com' }, currencyCode: 'EUR', placedAt, deliveredAt: placedAt,
    lines: [{ sku: 'PG-SKU', name: 'Thing', category: 'things', quantity: 3, unitPrice: '10.00' }],
  })));
  const ask = async (n, quantity) => {
    const order = imported.value[n - 1];
    const line = await database.db.query.orderLines.findFirst({ where: (l, { eq }) => eq(l.orderId, order.id) });
    const res = await requestReturn(ctx({ kind: 'customer', externalId: 'pg-' + n }), { orderId: order.id, items: [{ orderLineId: line.id, quantity, reason: 'CHANGED_MIND' }] });
    if (!res.ok) throw new Error(JSON.stringify(res.userErrors));
  };
  const range = { from: new Date(Date.now() - 10 * DAY), to: new Date(Date.now() + DAY), groupBy: 'CATEGORY', first: 10 };
  const operator = ctx({ kind: 'operator', subject: 'o' });
  await ask(1, 2);
  const full = await refreshAnalytics(database);
  const first = await returnAnalytics(operator, range);
  await ask(2, 1);
  const incremental = await refreshAnalytics(database, { overlapMs: 0 });
  const second = await returnAnalytics(operator, range);
  // Grouped by SKU over whole weeks and the days around them (the weekly rollup and the daily rows in one statement).
  const bySku = await returnAnalytics(operator, { from: new Date(Date.now() - 30 * DAY), to: new Date(Date.now() + DAY), groupBy: 'SKU', first: 10 });
  const ranked = await serialReturners(admin, 10, null, { minScore: -10, minUnits: 0 });
  await database.close();
  process.stdout.write(JSON.stringify({
    full, incremental, ranked: ranked.rows.map((x) => [x.unitsBought, x.unitsReturned]),
    first: { sold: first.soldUnits, returned: first.returnedUnits, currency: first.currencyCode, groups: first.groups.map((g) => [g.key, g.soldUnits, g.returnedUnits, g.reasons]) },
    second: { sold: second.soldUnits, returned: second.returnedUnits, rate: second.returnRate },
    bySku: bySku.groups.map((g) => [g.key, g.soldUnits, g.returnedUnits, g.reasons]),
  }));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

let dataDir: string;

beforeAll(() => {
  dataDir = scratchDir('analytics-pglite-');
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('refresh (full, then incremental), returnAnalytics and serialReturners on PGlite', async () => {
  const build = path.dirname(path.dirname(await buildOnce()));
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['-e', CHILD, build, dataDir], { cwd: build, timeout: 150_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
  });
  const seen = JSON.parse(out);
  expect(seen.full).toMatchObject({ mode: 'FULL', orderDays: 1, salesRows: 1, returnRows: 1, customers: 2 });
  expect(seen.first).toEqual({ sold: 6, returned: 2, currency: 'EUR', groups: [['things', 6, 2, [{ code: 'CHANGED_MIND', units: 2 }]]] });
  expect(seen.incremental).toMatchObject({ mode: 'INCREMENTAL', orderDays: 1, customers: 1 });
  expect(seen.second).toEqual({ sold: 6, returned: 3, rate: 0.5 });
  expect(seen.ranked).toEqual([[3, 2], [3, 1]]);
  expect(seen.bySku).toEqual([['PG-SKU', 6, 3, [{ code: 'CHANGED_MIND', units: 3 }]]]);
}, 300_000);
