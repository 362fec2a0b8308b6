import { and, eq, isNull } from 'drizzle-orm';
import { orders, partners, recyclingLots, recyclingLotUnits, returns, vendorReturnAuthorizations } from '../db/schema';
import type { ConditionGrade, DispositionType } from '../domain/disposition-types';
import type { ReturnReasonCode } from '../domain/return-reasons';
import type { Actor, ServiceContext } from '../services/context';
import type { Outcome } from '../services/errors';
import { importOrders, type OrderImport } from '../services/orders/order.service';
import { dispatchRecyclingLot } from '../services/next-life/recycling.service';
import { itemsByReturnIds } from '../services/returns/return-query.service';
import { approveReturn, requestReturn } from '../services/returns/return.service';
import { assignWaitingVendorReturns, dispatchVendorReturn } from '../services/next-life/vendor-return.service';
import { inspectReturnItem, receiveReturn, setDisposition } from '../services/returns/warehouse.service';
import { DEMO_SUPPLIER } from './demo-partners';

// The demo's units on their way to a next life, for the partner simulator's refurbisher, recycler and vendor to
// finish (docs/partners.md, "Trying it locally"): DEMO-1007's phone, smartwatch and earbuds go to refurbishment (the
// simulated workshop repairs the phone, finds the watch unrepairable and rejects the liquid-damaged earbuds), DEMO-1008's
// earbuds are recycled and their lot dispatched, and the demo vendor's open authorization is dispatched for its credit.

const DAY = 86_400_000;

/** The orders this demo adds; present means it already ran. */
export const DISPOSITION_DEMO_ORDERS = ['DEMO-1007', 'DEMO-1008'] as const;

interface DemoUnit { line: number; reason: ReturnReasonCode; grade: ConditionGrade; notes: string; disposition: DispositionType; why: string }

function dispositionOrders(now: number): OrderImport[] {
  const order = (orderNumber: string, c: number, lines: OrderImport['lines']): OrderImport => ({
    orderNumber, currencyCode: 'EUR', customer: { externalId: `demo-customer-${c}`, email: `customer${c}@example.com` },
    placedAt: new Date(now - 7 * DAY), deliveredAt: new Date(now - 5 * DAY),
    shippingAddress: { line1: 'Keizersgracht 1', city: 'Amsterdam', postalCode: '1015 CJ', countryCode: 'NL', latitude: 52.3791, longitude: 4.8980 },
    lines,
  });
  const phone = { sku: 'PHN-PIXEL-128', name: 'Smartphone 128 GB', category: 'electronics', unitPrice: '499.00', weightGrams: 200, refurbishable: true, vendorReturnable: true, supplier: DEMO_SUPPLIER };
  const earbuds = { sku: 'EAR-BUDS-2', name: 'Wireless earbuds', category: 'electronics', unitPrice: '79.00', weightGrams: 60, refurbishable: true };
  const watch = { sku: 'WATCH-FIT-2', name: 'Fitness smartwatch', category: 'electronics', unitPrice: '249.00', weightGrams: 45, refurbishable: true };
  return [
    order(DISPOSITION_DEMO_ORDERS[0], 2, [{ ...phone, quantity: 1 }, { ...watch, quantity: 1 }, { ...earbuds, quantity: 1 }]),
    order(DISPOSITION_DEMO_ORDERS[1], 3, [{ ...earbuds, quantity: 1 }]),
  ];
}

function ok<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`demo ${what} failed: ${outcome.userErrors.map((e) => e.message).join('; ')}`);
  return outcome.value;
}

/** One return of these lines walked from request to disposition: approved, received, inspected, dispositioned. */
async function walk(ctxFor: (a: Actor) => ServiceContext, orderId: string, customer: number, units: DemoUnit[]): Promise<string[]> {
  const admin = ctxFor({ kind: 'admin', subject: 'demo-admin' });
  const operator = ctxFor({ kind: 'operator', subject: 'demo-operator' });
  const lines = await admin.db.query.orderLines.findMany({ where: (l, { eq: is }) => is(l.orderId, orderId), orderBy: (l, { asc }) => asc(l.lineNumber) });
  const ret = ok(await requestReturn(ctxFor({ kind: 'customer', externalId: `demo-customer-${customer}` }), {
    orderId, items: units.map((u) => ({ orderLineId: lines[u.line].id, quantity: 1, reason: u.reason })),
  }), 'return');
  ok(await approveReturn(operator, ret.id), 'approval');
  const items = (await itemsByReturnIds(admin, [ret.id]))[0];
  const itemOf = (u: DemoUnit) => items.find((i) => i.orderLineId === lines[u.line].id)!;
  ok(await receiveReturn(operator, ret.id, items.map((i) => ({ returnItemId: i.id, quantity: 1 })), true), 'receipt');
  for (const unit of units) {
    ok(await inspectReturnItem(operator, itemOf(unit).id, unit.grade, unit.notes), 'inspection');
    ok(await setDisposition(operator, itemOf(unit).id, unit.disposition, unit.why), 'disposition');
  }
  return units.map((u) => itemOf(u).id);
}

/**
 * Adds the disposition demo once (DEMO-1007 and DEMO-1008 with their returns), through the services the API uses,
 * then dispatches the recycled earbuds' lot and the demo vendor's open authorization when their partners exist.
 * Returns false when the demo was already there.
 */
export async function seedDispositionDemo(ctxFor: (a: Actor) => ServiceContext, now = Date.now()): Promise<boolean> {
  const admin = ctxFor({ kind: 'admin', subject: 'demo-admin' });
  const operator = ctxFor({ kind: 'operator', subject: 'demo-operator' });
  const [seeded] = await admin.db.select({ id: returns.id }).from(returns).innerJoin(orders, eq(orders.id, returns.orderId))
    .where(eq(orders.orderNumber, DISPOSITION_DEMO_ORDERS[0])).limit(1);
  if (seeded) return false;
  const [refurbished, recycled] = ok(await importOrders(admin, dispositionOrders(now)), 'import');
  // To refurbishment: the simulated workshop's rule (scripts/partner-sim/disposition-rules.ts) reads grade and notes.
  await walk(ctxFor, refurbished.id, 2, [
    { line: 0, reason: 'DAMAGED_IN_TRANSIT', grade: 'DAMAGED', notes: 'Screen cracked, powers on', disposition: 'REFURBISH', why: 'Screen repair is worth it' },
    { line: 1, reason: 'DEFECTIVE', grade: 'DAMAGED', notes: 'Does not power on after a fall', disposition: 'REFURBISH', why: 'Let the workshop diagnose it' },
    { line: 2, reason: 'DEFECTIVE', grade: 'FAIR', notes: 'Liquid damage in the charging case', disposition: 'REFURBISH', why: 'Try a repair first' },
  ]);
  // To recycling, and the lot handed to the recycler now, so its report and certificates come back.
  const [earbuds] = await walk(ctxFor, recycled.id, 3, [
    { line: 0, reason: 'DEFECTIVE', grade: 'UNSALVAGEABLE', notes: 'Battery swollen, casing split', disposition: 'RECYCLE', why: 'Unsafe battery' },
  ]);
  const [lot] = await admin.db.select({ id: recyclingLots.id, partnerId: recyclingLots.partnerId }).from(recyclingLotUnits)
    .innerJoin(recyclingLots, eq(recyclingLots.id, recyclingLotUnits.lotId)).where(eq(recyclingLotUnits.returnItemId, earbuds));
  // Without a recycler (no simulator) the lot waits, as the demo without partners shows.
  if (lot?.partnerId) ok(await dispatchRecyclingLot(operator, lot.id), 'recycling lot dispatch');
  // The demo vendor's open authorization (DEMO-1002's defective phone) goes out for its credit; in a demo database from
  // before the phone had a supplier, the sweep that hands waiting authorizations to vendors runs once first.
  await assignWaitingVendorReturns(admin);
  const open = await admin.db.select({ id: vendorReturnAuthorizations.id }).from(vendorReturnAuthorizations)
    .innerJoin(partners, eq(partners.id, vendorReturnAuthorizations.partnerId))
    .where(and(eq(vendorReturnAuthorizations.status, 'OPEN'), isNull(vendorReturnAuthorizations.dispatchRequestedAt), eq(partners.kind, 'VENDOR')));
  for (const vra of open) ok(await dispatchVendorReturn(operator, vra.id), 'vendor return dispatch');
  return true;
}
