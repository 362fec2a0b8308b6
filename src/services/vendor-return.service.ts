import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import {
  orderLines, partners, products, returnItems, returns, vendorReturnAuthorizations, vendorReturnEvents, vendorReturnUnits,
} from '../db/schema';
import { parseAmount } from '../domain/money';
import {
  RTV_CREDIT_FRACTION, creditDifferenceMinor, expectedVendorCreditMinor, supplierKey, transitionVendorReturn, type VendorReturnStatus,
} from '../domain/vendor-return';
import { requireStaff } from './access';
import { actorLabel, isStaff, runMutation, type ServiceContext } from './context';
import { ForbiddenError, UnauthenticatedError, UserErrorAbort, type Outcome } from './errors';
import { enqueueIntegrationJob } from './integration-job.service';

export type VendorReturnRow = typeof vendorReturnAuthorizations.$inferSelect;
export type VendorReturnUnitRow = typeof vendorReturnUnits.$inferSelect;

/** Job integration type: stored in integration_jobs.type, it must not drift. */
export const VENDOR_RETURN_DISPATCH = 'vendor-return.dispatch';

/** Event types written to a VRA's history; stable strings clients may switch on. */
export type VendorReturnEventType =
  | 'VRA_CREATED' | 'NO_VENDOR_AVAILABLE' | 'UNITS_ADDED' | 'DISPATCH_REQUESTED' | 'DISPATCHED' | 'DISPATCH_FAILED'
  | 'CREDIT_CONFIRMED' | 'CLOSED';

const abort = (code: string, message: string, field: string[] | null = null): never => {
  throw new UserErrorAbort([{ code, message, field }]);
};

/** Appends one event to a VRA's history, attributed to the actor (or the system). */
export async function appendVendorReturnEvent(
  tx: ServiceContext, authorizationId: string, type: VendorReturnEventType, data: Record<string, unknown> = {}, system = false,
): Promise<void> {
  const actor = system ? { actorType: 'system', actorId: null } : actorLabel(tx.actor);
  await tx.db.insert(vendorReturnEvents).values({ authorizationId, type, at: tx.now(), ...actor, data });
}

/**
 * The vendor for a supplier: the active VENDOR partner listing it in capabilities.suppliers (case-insensitive); with
 * several, the lowest partner id, so the choice is deterministic and units of one supplier go to one vendor.
 */
async function vendorFor(tx: ServiceContext, supplier: string | null): Promise<string | null> {
  if (!supplier) return null;
  const vendors = await tx.db.select({ id: partners.id, capabilities: partners.capabilities }).from(partners)
    .where(and(eq(partners.kind, 'VENDOR'), eq(partners.status, 'ACTIVE'))).orderBy(asc(partners.id));
  return vendors.find((v) => (v.capabilities.suppliers ?? []).some((s) => supplierKey(s) === supplier))?.id ?? null;
}

/**
 * Adds a RETURN_TO_VENDOR item's received units to the OPEN vendor return authorization for (vendor, supplier,
 * currency), creating it when needed; its expected credit grows by units × unit value × the RTV credit fraction. Without
 * a vendor for the supplier the VRA waits with no partner and says why in its history. Idempotent per return item.
 */
export async function addToVendorReturn(tx: ServiceContext, returnItemId: string): Promise<VendorReturnRow | null> {
  const [already] = await tx.db.select({ id: vendorReturnUnits.authorizationId }).from(vendorReturnUnits).where(eq(vendorReturnUnits.returnItemId, returnItemId));
  if (already) return null;
  const [row] = await tx.db.select({ item: returnItems, currency: returns.currencyCode, sku: orderLines.sku, supplier: products.supplier }).from(returnItems)
    .innerJoin(returns, eq(returns.id, returnItems.returnId))
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId)).innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(returnItems.id, returnItemId));
  const units = row.item.receivedQuantity;
  if (units <= 0) return null;
  // The unit value the disposition engine used: what the customer paid per unit (gross / quantity).
  const unitValueMinor = Math.round((row.item.grossMinor ?? 0) / row.item.quantity);
  const expectedCreditMinor = expectedVendorCreditMinor(units, unitValueMinor, RTV_CREDIT_FRACTION);
  const key = supplierKey(row.supplier);
  const partnerId = await vendorFor(tx, key);
  const fillKey = `${partnerId ?? 'none'}|${key ?? '-'}|${row.currency}`;
  const [created] = await tx.db.insert(vendorReturnAuthorizations)
    .values({ partnerId, supplier: row.supplier?.trim() || null, currencyCode: row.currency, fillKey })
    .onConflictDoNothing({ target: vendorReturnAuthorizations.fillKey }).returning();
  if (created) {
    await appendVendorReturnEvent(tx, created.id, 'VRA_CREATED', { partnerId, supplier: created.supplier, currencyCode: row.currency }, true);
    if (!partnerId) {
      await appendVendorReturnEvent(tx, created.id, 'NO_VENDOR_AVAILABLE', {
        reason: key ? `No active vendor takes returns for supplier ${row.supplier}` : 'The product has no supplier',
      }, true);
    }
  }
  const [vra] = await tx.db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.fillKey, fillKey)).for('update');
  await tx.db.insert(vendorReturnUnits).values({ authorizationId: vra.id, returnItemId, sku: row.sku, units, unitValueMinor, expectedCreditMinor });
  const [updated] = await tx.db.update(vendorReturnAuthorizations)
    .set({ expectedCreditMinor: sql`${vendorReturnAuthorizations.expectedCreditMinor} + ${expectedCreditMinor}`, version: vra.version + 1, updatedAt: tx.now() })
    .where(eq(vendorReturnAuthorizations.id, vra.id)).returning();
  await appendVendorReturnEvent(tx, vra.id, 'UNITS_ADDED', { returnItemId, sku: row.sku, units, unitValueMinor, expectedCreditMinor, fraction: RTV_CREDIT_FRACTION }, true);
  return updated;
}

/** Locks a VRA the actor may touch: staff any, a vendor only its own; anything else is NOT_FOUND. */
async function lockVra(tx: ServiceContext, authorizationId: string): Promise<VendorReturnRow> {
  const [vra] = await tx.db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.id, authorizationId)).for('update');
  const visible = vra && (isStaff(tx.actor) || tx.actor.kind === 'system' || (tx.actor.kind === 'partner' && vra.partnerId === tx.actor.partnerId));
  if (!visible) abort('NOT_FOUND', 'Vendor return authorization not found', ['authorizationId']);
  return vra;
}

async function save(tx: ServiceContext, vra: VendorReturnRow, patch: Partial<VendorReturnRow>): Promise<VendorReturnRow> {
  const [updated] = await tx.db.update(vendorReturnAuthorizations).set({ ...patch, version: vra.version + 1, updatedAt: tx.now() })
    .where(eq(vendorReturnAuthorizations.id, vra.id)).returning();
  return updated;
}

function step(from: VendorReturnStatus, to: VendorReturnStatus): void {
  const t = transitionVendorReturn(from, to);
  if (!t.ok) abort(t.code, t.message, ['authorizationId']);
}

/**
 * An operator closes an OPEN VRA for filling and has it handed to its vendor: the `vendor-return.dispatch` job is
 * written in the same transaction (the worker moves the VRA to DISPATCHED with the vendor's RMA reference).
 */
export async function dispatchVendorReturn(ctx: ServiceContext, authorizationId: string): Promise<Outcome<VendorReturnRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const vra = await lockVra(tx, authorizationId);
    step(vra.status, 'DISPATCHED');
    if (vra.dispatchRequestedAt) abort('DISPATCH_PENDING', 'This authorization is already being dispatched', ['authorizationId']);
    if (!vra.partnerId) abort('NO_VENDOR', 'No vendor takes returns for this supplier yet', ['authorizationId']);
    const jobId = await enqueueIntegrationJob(tx, { partnerId: vra.partnerId!, type: VENDOR_RETURN_DISPATCH, payload: { vendorReturnAuthorizationId: vra.id } });
    await appendVendorReturnEvent(tx, vra.id, 'DISPATCH_REQUESTED', { partnerId: vra.partnerId, integrationJobId: jobId });
    return save(tx, vra, { fillKey: null, dispatchRequestedAt: tx.now() });
  });
}

/** What a vendor confirms (GraphQL `confirmVendorCredit` or an `authorization.credited` webhook). */
export interface VendorCreditInput {
  authorizationId: string;
  creditedAmount: { amount: string; currencyCode: string };
  reference: string;
  occurredAt?: string | null;
}

/**
 * A vendor confirms the credit for its own DISPATCHED VRA: the VRA closes with the credited amount, and the difference
 * against the expected credit is recorded (on the VRA and in its history).
 */
export async function confirmVendorCredit(ctx: ServiceContext, input: VendorCreditInput): Promise<Outcome<VendorReturnRow>> {
  if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (ctx.actor.kind !== 'partner') throw new ForbiddenError('Only the vendor holding the authorization confirms its credit');
  return runMutation(ctx, async (tx) => {
    const vra = await lockVra(tx, input.authorizationId);
    step(vra.status, 'CLOSED');
    if (!input.reference?.trim()) abort('REFERENCE_REQUIRED', 'A credit confirmation carries the vendor\'s credit reference', ['reference']);
    if (input.creditedAmount.currencyCode !== vra.currencyCode) abort('CURRENCY_MISMATCH', `This authorization is in ${vra.currencyCode}`, ['creditedAmount', 'currencyCode']);
    let creditedMinor = 0;
    try {
      creditedMinor = parseAmount(input.creditedAmount.amount, vra.currencyCode);
    } catch {
      abort('INVALID_AMOUNT', `Not a valid ${vra.currencyCode} amount`, ['creditedAmount', 'amount']);
    }
    const difference = creditDifferenceMinor(vra.expectedCreditMinor, creditedMinor);
    await appendVendorReturnEvent(tx, vra.id, 'CREDIT_CONFIRMED', {
      creditedMinor, expectedCreditMinor: vra.expectedCreditMinor, differenceMinor: difference, currencyCode: vra.currencyCode,
      reference: input.reference.trim(), occurredAt: input.occurredAt ?? null,
    });
    await appendVendorReturnEvent(tx, vra.id, 'CLOSED', { differenceMinor: difference }, true);
    return save(tx, vra, {
      status: 'CLOSED', creditedMinor, creditDifferenceMinor: difference, creditReference: input.reference.trim(), closedAt: tx.now(),
    });
  });
}

/** Filters offered by `vendorReturnAuthorizations`. */
export interface VendorReturnFilter { status?: VendorReturnStatus[] | null; partnerId?: string | null; supplier?: string | null }

/** Newest first, keyset on id: staff see every VRA, a vendor only its own. */
export async function listVendorReturns(ctx: ServiceContext, first: number, after: string | null, filter: VendorReturnFilter = {}) {
  const where: SQL[] = [];
  if (ctx.actor.kind === 'partner') where.push(eq(vendorReturnAuthorizations.partnerId, ctx.actor.partnerId));
  else requireStaff(ctx);
  if (filter.status?.length) where.push(inArray(vendorReturnAuthorizations.status, filter.status));
  if (filter.partnerId) where.push(eq(vendorReturnAuthorizations.partnerId, filter.partnerId));
  const supplier = supplierKey(filter.supplier);
  if (supplier) where.push(sql`lower(trim(${vendorReturnAuthorizations.supplier})) = ${supplier}`);
  if (after) where.push(lt(vendorReturnAuthorizations.id, after));
  const rows = await ctx.db.select().from(vendorReturnAuthorizations).where(and(...where)).orderBy(desc(vendorReturnAuthorizations.id)).limit(first + 1);
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

function visibleTo(ctx: ServiceContext, vra: VendorReturnRow): boolean {
  return isStaff(ctx.actor) || (ctx.actor.kind === 'partner' && vra.partnerId === ctx.actor.partnerId);
}

/** VRAs by id, visible ones only (node loader). */
export async function vendorReturnsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(VendorReturnRow | null)[]> {
  const rows = ids.length ? await ctx.db.select().from(vendorReturnAuthorizations).where(inArray(vendorReturnAuthorizations.id, [...ids])) : [];
  const byId = new Map(rows.filter((r) => visibleTo(ctx, r)).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

const childrenOf = <R extends { authorizationId: string }>(ids: readonly string[], rows: R[]) => ids.map((id) => rows.filter((r) => r.authorizationId === id));

/** Units of VRAs already checked for visibility. */
export async function unitsByVendorReturnIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(vendorReturnUnits).where(inArray(vendorReturnUnits.authorizationId, [...ids])).orderBy(asc(vendorReturnUnits.id)) : [];
  return childrenOf(ids, rows);
}

/** Events of VRAs already checked for visibility, oldest first. */
export async function eventsByVendorReturnIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(vendorReturnEvents).where(inArray(vendorReturnEvents.authorizationId, [...ids])).orderBy(asc(vendorReturnEvents.id)) : [];
  return childrenOf(ids, rows);
}
