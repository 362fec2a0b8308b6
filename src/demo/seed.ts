import { count, sql } from 'drizzle-orm';
import type { App } from '../app';
import { onMigrationConnection } from '../db/migrate';
import { rowsOf } from '../db/rows';
import { orders } from '../db/schema';
import { refreshAnalytics } from '../services/insight/analytics-refresh.service';
import { Authenticator } from '../services/auth.service';
import type { Actor, ServiceContext } from '../services/context';
import { importOrders, type OrderImport } from '../services/orders/order.service';
import { upsertReturnPolicy } from '../services/returns/policy.service';
import { approveReturn, cancelReturn, rejectReturn, requestReturn } from '../services/returns/return.service';
import { inspectReturnItem, receiveReturn, setDisposition } from '../services/returns/warehouse.service';
import { itemsByReturnIds } from '../services/returns/return-query.service';
import { DEMO_METHOD_FEES, DEMO_REFURB_AUTO_APPROVE_LIMIT, DEMO_SUPPLIER } from './demo-partners';
import { seedDispositionDemo } from './disposition-demo';
import { generateHistory } from './history';
import { probePartnerSim, type SimProbe } from './partner-sim-client';
import { approvedDemoReturn, demoPartnerBanner, ensureDemoMethodFees, ensureDemoPartners, isDemoDatabase, type DemoPartnerSetup } from './partners';

const DAY = 86_400_000;

/** Advisory lock key of the demo seed: one process at a time decides whether to seed, and seeds. */
export const DEMO_SEED_LOCK = 7_311_043;

/**
 * Runs fn(true) while this process holds the demo seed claim, or fn(false) at once when another process holds it.
 * The claim is a transaction-scoped advisory lock in a transaction held open on a connection of its own (the
 * migration connection), so it works through PgBouncer in transaction mode, and a seeder that crashes or loses its
 * connection releases it with its transaction.
 */
async function withSeedClaim<T>(app: App, fn: (claimed: boolean) => Promise<T>): Promise<T> {
  // The embedded database belongs to one process.
  if (app.database.kind === 'pglite') return fn(true);
  return onMigrationConnection(app.config, app.database, (db) => db.transaction(async (tx) => {
    const [{ claimed }] = rowsOf<{ claimed: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${DEMO_SEED_LOCK}) as claimed`));
    return fn(claimed);
  }));
}

function demoOrders(now: number): OrderImport[] {
  const customer = (n: number) => ({ externalId: `demo-customer-${n}`, email: `customer${n}@example.com`, name: ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'][n - 1] });
  const order = (num: number, c: number, daysAgo: number, lines: OrderImport['lines'], currencyCode = 'EUR'): OrderImport => ({
    orderNumber: `DEMO-${1000 + num}`, customer: customer(c), currencyCode,
    placedAt: new Date(now - daysAgo * DAY), deliveredAt: new Date(now - (daysAgo - 2) * DAY),
    shippingAddress: { line1: 'Keizersgracht 1', city: 'Amsterdam', postalCode: '1015 CJ', countryCode: 'NL', latitude: 52.3791, longitude: 4.8980 },
    lines,
  });
  const shoe = { sku: 'SHOE-RUN-42', name: 'Trail running shoe, size 42', category: 'footwear', unitPrice: '89.90', weightGrams: 850 };
  const jacket = { sku: 'JKT-RAIN-M', name: 'Rain jacket, M', category: 'apparel', unitPrice: '129.00', weightGrams: 600 };
  const phone = { sku: 'PHN-PIXEL-128', name: 'Smartphone 128 GB', category: 'electronics', unitPrice: '499.00', weightGrams: 200, refurbishable: true, vendorReturnable: true, supplier: DEMO_SUPPLIER };
  const earbuds = { sku: 'EAR-BUDS-2', name: 'Wireless earbuds', category: 'electronics', unitPrice: '79.00', weightGrams: 60, refurbishable: true };
  const gift = { sku: 'GIFT-CARD-50', name: 'Gift card 50 EUR', category: 'gift-cards', unitPrice: '50.00' };
  return [
    order(1, 1, 6, [{ ...shoe, quantity: 2, discount: '10.00' }, { ...jacket, quantity: 1 }]),
    order(2, 1, 10, [{ ...phone, quantity: 1 }, { ...earbuds, quantity: 1 }]),
    order(3, 2, 12, [{ ...jacket, quantity: 2 }, { ...gift, quantity: 1 }]),
    order(4, 2, 9, [{ ...earbuds, quantity: 3, discount: '7.00' }]),
    order(5, 3, 45, [{ ...shoe, quantity: 1 }]),
    order(6, 3, 8, [{ ...phone, quantity: 1 }, { ...shoe, quantity: 1 }]),
  ];
}

/**
 * On an empty database, seeds a demo catalog, customers, orders, a default policy with overrides and returns in
 * several states, all through the same services the API uses. When the partner simulator answers (PARTNER_SIM_URL,
 * in development by default on 127.0.0.1:4010), it also registers the demo partners, which the simulator then plays.
 * Returns lines for the start-up banner.
 */
export async function seedDemoIfEmpty(app: App): Promise<string[]> {
  const auth = new Authenticator(app.config);
  const ctxFor = (actor: Actor): ServiceContext => ({
    actor, requestId: 'demo-seed', db: app.database.db, database: app.database, config: app.config, now: () => new Date(), outbox: app.jobs.relay,
  });
  const admin = ctxFor({ kind: 'admin', subject: 'demo-admin' });
  // The partner simulator (`npm run partner-sim`) plays carriers, lockers, stores, pickups and a merchant when it runs.
  const sim = await probePartnerSim(app.config);
  const simUrl = sim?.up ? sim.url : null;
  const boomerangUrl = `http://127.0.0.1:${app.http?.port ?? app.config.port}`;
  const outcome: { partners: DemoPartnerSetup | null; problem: string | null } = { partners: null, problem: null };
  const setUpPartners = async (create: boolean) => {
    if (!simUrl) return;
    try {
      outcome.partners = await ensureDemoPartners(admin, simUrl, boomerangUrl, create);
    } catch (e) {
      outcome.problem = `Demo partners: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  let historyLine: string | null = null;
  // Several processes starting at once on an empty database: one seeds (and registers partners), the others skip.
  const state = await withSeedClaim(app, async (claimed) => {
    if (!claimed) return 'elsewhere' as const;
    const [{ n }] = await app.database.db.select({ n: count() }).from(orders);
    const empty = Number(n) === 0;
    if (empty) {
      await seed(admin, ctxFor, simUrl ? () => setUpPartners(true) : null);
      // A generated order history (docs/history-generator.md), so analytics, forecasts and the risk model have data.
      const historyOrders = app.config.demoHistoryOrders;
      if (historyOrders > 0) {
        const h = await generateHistory(app.database, { orders: historyOrders, refresh: false });
        historyLine = `Generated ${h.orders} orders of history (${h.returns} returns, 2 years) as HIST-… orders; \`npm run seed:history -- --orders N --replace\` for more.`;
      }
      // Analytics show the demo at once instead of after the first scheduled refresh.
      await refreshAnalytics(app.database);
    } else if (simUrl) {
      // An existing demo database seeded without the simulator gets its partners now; otherwise they are re-announced.
      await setUpPartners(await isDemoDatabase(admin));
      if (outcome.partners?.created) {
        await ensureDemoMethodFees(admin);
        await seedDispositionDemo(ctxFor);
      }
    }
    return empty ? 'seeded' as const : 'present' as const;
  });
  // The seeding process announces the partners it registers.
  const partnerLines = state === 'elsewhere' ? [] : await partnerBanner(admin, sim, outcome.partners, outcome.problem);
  const tokens = await Promise.all([
    auth.issuePersonToken('demo-admin', 'ADMIN'), auth.issuePersonToken('demo-operator', 'OPERATOR'), auth.issuePersonToken('demo-customer-1', 'CUSTOMER'),
  ]);
  if (tokens.some((t) => t === null)) return ['Demo data is loaded; tokens are not printed because JWT_JWKS_URL is set (sign your own).', ...partnerLines];
  return [
    state === 'seeded' ? `Seeded demo data: 3 customers, ${simUrl ? 8 : 6} orders, a default return policy and returns in several states.`
      : state === 'present' ? 'Demo data already present.' : 'Another Boomerang process is seeding the demo data (its banner says what it added).',
    ...(historyLine ? [historyLine] : []),
    `Paste one of these into the Authorization header (valid ${validFor(app.config.jwtMaxTtlSeconds)}, JWT_MAX_TTL_SECONDS; restart for new ones):`,
    `  admin     Bearer ${tokens[0]}`,
    `  operator  Bearer ${tokens[1]}`,
    `  customer  Bearer ${tokens[2]}   (demo-customer-1, orders DEMO-1001 and DEMO-1002)`,
    'Guest returns: startGuestReturn(input: { orderNumber: "DEMO-1003", email: "customer2@example.com" })',
    ...partnerLines,
  ];
}

/** A token lifetime as the banner says it: "24 hours", "90 minutes". */
function validFor(seconds: number): string {
  if (seconds % 86_400 === 0 && seconds > 86_400) return `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`;
}

/** What the banner says about partners: who plays them, or one line on how to get the simulator. */
async function partnerBanner(admin: ServiceContext, sim: SimProbe | null, partners: DemoPartnerSetup | null, problem: string | null): Promise<string[]> {
  if (problem) return [problem];
  if (!sim) return [];
  if (!sim.up) {
    return [sim.explicit
      ? `Partner simulator: nothing answers at PARTNER_SIM_URL=${sim.url}; start it with \`npm run partner-sim\` and restart Boomerang to get demo partners.`
      : 'No partner simulator: run `npm run partner-sim` in another terminal and restart Boomerang for demo carriers, lockers, stores and pickups.'];
  }
  if (!partners) return [`Partner simulator at ${sim.url}: this database is not the demo's, so no demo partners were registered.`];
  return demoPartnerBanner(sim.url, partners, await approvedDemoReturn(admin));
}

async function seed(admin: ServiceContext, ctxFor: (a: Actor) => ServiceContext, setUpPartners: (() => Promise<void>) | null): Promise<void> {
  // With partners, the default policy charges the demo's method fees; without, it stays as it always was.
  await upsertReturnPolicy(admin, {
    category: null, windowDays: 30, restockingFeePercent: 10, freeShippingReasons: ['DEFECTIVE', 'WRONG_ITEM', 'DAMAGED_IN_TRANSIT'], autoApprove: false,
    methodFees: setUpPartners ? DEMO_METHOD_FEES : null, refurbAutoApproveLimit: setUpPartners ? DEMO_REFURB_AUTO_APPROVE_LIMIT : null,
  });
  // Partners first, so the merchant hears about the demo returns below as they are made.
  if (setUpPartners) await setUpPartners();
  await upsertReturnPolicy(admin, { category: 'electronics', windowDays: 14, restockingFeePercent: 15 });
  await upsertReturnPolicy(admin, { category: 'gift-cards', windowDays: 0, nonReturnable: true });
  await upsertReturnPolicy(admin, { category: 'footwear', windowDays: 60, autoApprove: true });
  const imported = await importOrders(admin, demoOrders(Date.now()));
  if (!imported.ok) throw new Error(`demo import failed: ${imported.userErrors.map((e) => e.message).join('; ')}`);
  const operator = ctxFor({ kind: 'operator', subject: 'demo-operator' });
  const lineIds = async (orderId: string) => (await admin.db.query.orderLines.findMany({ where: (l, { eq }) => eq(l.orderId, orderId), orderBy: (l, { asc }) => asc(l.lineNumber) })).map((l) => l.id);
  const open = async (c: number, orderIdx: number, items: Array<[number, number, 'SIZE_TOO_SMALL' | 'DEFECTIVE' | 'CHANGED_MIND' | 'STYLE']>) => {
    const order = imported.value[orderIdx];
    const ids = await lineIds(order.id);
    const r = await requestReturn(ctxFor({ kind: 'customer', externalId: `demo-customer-${c}` }), {
      orderId: order.id, items: items.map(([line, quantity, reason]) => ({ orderLineId: ids[line], quantity, reason })),
    });
    if (!r.ok) throw new Error(`demo return failed: ${r.userErrors.map((e) => e.message).join('; ')}`);
    return r.value;
  };
  // Footwear auto-approves: an APPROVED return waiting for the parcel.
  await open(1, 0, [[0, 1, 'SIZE_TOO_SMALL']]);
  // REQUESTED, waiting for an operator.
  await open(2, 2, [[0, 1, 'STYLE']]);
  // REJECTED.
  const rejected = await open(2, 3, [[0, 1, 'CHANGED_MIND']]);
  await rejectReturn(operator, rejected.id, 'Opened hygiene product');
  // CANCELLED by the customer.
  const cancelled = await open(1, 1, [[1, 1, 'CHANGED_MIND']]);
  await cancelReturn(ctxFor({ kind: 'customer', externalId: 'demo-customer-1' }), cancelled.id);
  // RECEIVED and inspected, waiting for the disposition decision.
  const received = await open(3, 5, [[0, 1, 'DEFECTIVE']]);
  await approveReturn(operator, received.id);
  const [recItem] = (await itemsByReturnIds(admin, [received.id]))[0];
  await receiveReturn(operator, received.id, [{ returnItemId: recItem.id, quantity: 1 }], true);
  await inspectReturnItem(operator, recItem.id, 'DAMAGED', 'Screen cracked, powers on');
  // COMPLETED with a refund.
  const done = await open(1, 1, [[0, 1, 'DEFECTIVE']]);
  await approveReturn(operator, done.id);
  const [doneItem] = (await itemsByReturnIds(admin, [done.id]))[0];
  await receiveReturn(operator, done.id, [{ returnItemId: doneItem.id, quantity: 1 }], true);
  const inspected = await inspectReturnItem(operator, doneItem.id, 'FAIR', 'Battery does not hold charge');
  if (inspected.ok) await setDisposition(operator, doneItem.id, inspected.value.recommendation!.disposition);
  // With partners: units on their way to refurbishment, recycling and the vendor, for the simulator to finish.
  if (setUpPartners) await seedDispositionDemo(ctxFor);
}
