import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { queryRows } from '../../src/db/rows';
import { importOrders, orderInput } from '../support/fixtures';
import { createTestDatabase, startTestApi, type TestApi } from '../support/harness';

// DATABASE_READ_URL: analytics, forecasts and reports read the replica; writes, and reads that must see them, the
// primary. The "replica" here is a second database told apart by what it holds, so the test sees which one answered.

const REPLICA_REFRESHED_AT = '2001-02-03T04:05:06.000Z';
let replicaHandle: { url: string; drop(): Promise<void> };
let replica: Database;
let api: TestApi;

beforeAll(async () => {
  replicaHandle = await createTestDatabase();
  replica = await openDatabase(replicaHandle.url, '.data', { poolMax: 2 });
  await applyMigrations(replica.db);
  await replica.db.execute(sql`insert into analytics_refresh_state (name, refreshed_at) values ('analytics', ${REPLICA_REFRESHED_AT}::timestamptz)`);
  api = await startTestApi({ DATABASE_READ_URL: replicaHandle.url });
});

afterAll(async () => {
  await api?.stop();
  await replica?.close();
  await replicaHandle?.drop();
});

test('returnAnalytics reads the replica; importOrders writes the primary and answers from it', async () => {
  const admin = await api.token('ADMIN', 'admin-1');
  const res = await api.gql(`query { returnAnalytics(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") {
    analyticsFreshness { refreshedAt } } }`, {}, admin);
  expect(res.errors).toBeUndefined();
  expect(res.data.returnAnalytics.analyticsFreshness.refreshedAt).toBe(REPLICA_REFRESHED_AT);

  const [order] = await importOrders(api, [orderInput()]);
  expect(order.lines).toHaveLength(2);
  const onPrimary = await queryRows(api.app.database.db, sql`select 1 from orders where order_number = ${order.orderNumber}`);
  const onReplica = await queryRows(replica.db, sql`select 1 from orders where order_number = ${order.orderNumber}`);
  expect([onPrimary.length, onReplica.length]).toEqual([1, 0]);
});

test('sustainabilityReport reads the replica too', async () => {
  // A factor set only the replica has: the report names its version (the primary has none: version 0).
  await replica.db.execute(sql`insert into sustainability_factor_sets (version, factors, created_by) values (41, '{}'::jsonb, 'replica-test')`);
  const res = await api.gql(`query { sustainabilityReport(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { factorVersion } }`, {},
    await api.token('ADMIN', 'admin-1'));
  expect(res.errors).toBeUndefined();
  expect(res.data.sustainabilityReport.factorVersion).toBe(41);
});

test('returnAnalytics by SKU reads the weekly SKU rollup and the daily ends on the replica', async () => {
  // Only the replica holds this week's row (and says a full refresh built its rollup).
  await replica.db.execute(sql`update analytics_refresh_state set details = '{"skuWeekly": true}'::jsonb where name = 'analytics'`);
  await replica.db.execute(sql`insert into analytics_sku_weekly (week, product_id, sku, category, currency_code, sold_units)
    values ('2026-01-05', gen_random_uuid(), 'REPLICA-SKU', 'replica', 'EUR', 7)`);
  await replica.db.execute(sql`insert into analytics_sales_daily (day, product_id, sku, category, currency_code, orders, units, gross_minor, discount_minor)
    values ('2026-01-02', gen_random_uuid(), 'REPLICA-SKU', 'replica', 'EUR', 1, 2, 100, 0)`);
  const res = await api.gql(`query { returnAnalytics(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", groupBy: SKU) {
    soldUnits groups { key soldUnits } } }`, {}, await api.token('OPERATOR', 'op-1'));
  expect(res.errors).toBeUndefined();
  expect(res.data.returnAnalytics).toEqual({ soldUnits: 9, groups: [{ key: 'REPLICA-SKU', soldUnits: 9 }] });
});
