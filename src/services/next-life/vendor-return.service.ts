import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import {
  orderLines, partners, products, returnItems, returns, vendorReturnAuthorizations, vendorReturnEvents, vendorReturnUnits,
} from '../../db/schema';
import { parseAmount } from '../../domain/money';
import {
  RTV_CREDIT_FRACTION, VENDOR_CREDIT_REFERENCE_MAX, creditDifferenceMinor, expectedVendorCreditMinor, supplierKey, transitionVendorReturn, type VendorReturnStatus,
} from '../../domain/vendor-return';
import { requireStaff, staffOrOwnRows, staffOrOwner } from '../access';
import { actorLabel, runMutation, type ServiceContext } from '../context';
import { ForbiddenError, UnauthenticatedError, abort, type Outcome } from '../errors';
import { enqueueIntegrationJob } from '../partners/integration-job.service';
import { addLaterUnits, held, lockFillingBatch, type BatchEventType, type BatchStore, type Placement } from './partner-batch.service';
import { soldUnits } from './resale.service';
import { unitValueMinor } from '../returns/unit-split.service';
import { fetchPage } from '../paging';
import { INTEGRATION_JOB } from '../partners/integration-job-types';
import { groupedByIds, inIdOrder } from '../batch-load';

export type VendorReturnRow = typeof vendorReturnAuthorizations.$inferSelect;
export type VendorReturnUnitRow = typeof vendorReturnUnits.$inferSelect;


/** Event types written to a VRA's history; stable strings clients may switch on. */
export type VendorReturnEventType = BatchEventType | 'VRA_CREATED' | 'NO_VENDOR_AVAILABLE' | 'CREDIT_CONFIRMED' | 'CLOSED' | 'VENDOR_ASSIGNED';

/** Appends one event to a VRA's history, attributed to the actor (or the system). */
export async function appendVendorReturnEvent(
  tx: ServiceContext, authorizationId: string, type: VendorReturnEventType, data: Record<string, unknown> = {}, system = false,
): Promise<void> {
  const actor = system ? { actorType: 'system', actorId: null } : actorLabel(tx.actor);
  await tx.db.insert(vendorReturnEvents).values({ authorizationId, type, at: tx.now(), ...actor, data });
}

/** VRAs as the shared batch rules see them (partner-batch.service.ts). */
export const vendorReturnStore: BatchStore = {
  noun: 'vendor return authorization',
  partnerNoun: 'vendor',
  async lock(tx, id) {
    const [vra] = await tx.db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.id, id)).for('update');
    return vra;
  },
  async save(tx, id, { reference, ...patch }) {
    await tx.db.update(vendorReturnAuthorizations)
      .set({ ...patch, ...(reference === undefined ? {} : { vendorReference: reference }), version: sql`${vendorReturnAuthorizations.version} + 1`, updatedAt: tx.now() })
      .where(eq(vendorReturnAuthorizations.id, id));
  },
  appendEvent: appendVendorReturnEvent,
  async lastDispatchRequest(tx, id) {
    const [latest] = await tx.db.select({ data: vendorReturnEvents.data }).from(vendorReturnEvents)
      .where(and(eq(vendorReturnEvents.authorizationId, id), eq(vendorReturnEvents.type, 'DISPATCH_REQUESTED'))).orderBy(desc(vendorReturnEvents.id)).limit(1);
    return latest?.data.integrationJobId;
  },
  async rowsOf(tx, returnItemId) {
    const units = await tx.db.select().from(vendorReturnUnits).where(eq(vendorReturnUnits.returnItemId, returnItemId)).orderBy(asc(vendorReturnUnits.id));
    if (units.length === 0) return [];
    const vras = await tx.db.select().from(vendorReturnAuthorizations)
      .where(inArray(vendorReturnAuthorizations.id, units.map((u) => u.authorizationId))).orderBy(asc(vendorReturnAuthorizations.id)).for('update');
    const vraOf = new Map(vras.map((v) => [v.id, v]));
    return units.map((unit) => ({
      batch: vraOf.get(unit.authorizationId)!, unitId: unit.id, units: unit.units,
      row: { sku: unit.sku, units: unit.units, unitValueMinor: unit.unitValueMinor, expectedCreditMinor: unit.expectedCreditMinor },
    }));
  },
  async deleteUnit(tx, unitId) {
    await tx.db.delete(vendorReturnUnits).where(eq(vendorReturnUnits.id, unitId));
  },
  /** The expected credit is the sum of the units' expected credits. */
  async refresh(tx, id) {
    const [totals] = await tx.db.select({ n: sql<number>`count(*)::int`, credit: sql<number>`coalesce(sum(${vendorReturnUnits.expectedCreditMinor}), 0)::bigint` })
      .from(vendorReturnUnits).where(eq(vendorReturnUnits.authorizationId, id));
    await tx.db.update(vendorReturnAuthorizations)
      .set({ expectedCreditMinor: Number(totals.credit), version: sql`${vendorReturnAuthorizations.version} + 1`, updatedAt: tx.now() })
      .where(eq(vendorReturnAuthorizations.id, id));
    return Number(totals.n);
  },
};

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
 * Puts a RETURN_TO_VENDOR item's units (received, less any sold) in the OPEN vendor return authorization for (vendor,
 * supplier, currency), created when needed; its expected credit is the sum of units × unit value × the RTV credit
 * fraction. Without a vendor for the supplier the VRA waits with no partner and says why in its history. Units that
 * arrive later join the item's VRA while it is not dispatched; once it went out (or is going) they join the VRA now
 * filling for the item, as a second row of the item there (UNITS_ADDED, `later: true`, either way). Idempotent: units
 * already in a VRA are not added twice.
 */
export async function addToVendorReturn(tx: ServiceContext, returnItemId: string): Promise<Placement> {
  const [row] = await tx.db.select({ item: returnItems, currency: returns.currencyCode, sku: orderLines.sku, supplier: products.supplier }).from(returnItems)
    .innerJoin(returns, eq(returns.id, returnItems.returnId))
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId)).innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(returnItems.id, returnItemId));
  const units = row.item.receivedQuantity - await soldUnits(tx, returnItemId);
  // The unit value the disposition engine used: what the customer paid per unit (gross / quantity, over splits).
  const unitValue = await unitValueMinor(tx, row.item);
  const credit = (n: number) => expectedVendorCreditMinor(n, unitValue, RTV_CREDIT_FRACTION);
  const place = async (n: number, later: boolean): Promise<Placement> => {
    const vra = await fillingVra(tx, row.supplier, row.currency);
    const expectedCreditMinor = credit(n);
    await tx.db.insert(vendorReturnUnits).values({ authorizationId: vra.id, returnItemId, sku: row.sku, units: n, unitValueMinor: unitValue, expectedCreditMinor });
    await vendorReturnStore.refresh(tx, vra.id);
    await appendVendorReturnEvent(tx, vra.id, 'UNITS_ADDED', {
      returnItemId, sku: row.sku, units: n, unitValueMinor: unitValue, expectedCreditMinor, fraction: RTV_CREDIT_FRACTION, ...(later ? { later } : {}),
    }, true);
    return { batchId: vra.id };
  };
  const holding = await held(tx, vendorReturnStore, returnItemId);
  if (holding.rows.length > 0) {
    return addLaterUnits(tx, vendorReturnStore, holding, units, async (open, more) => {
      await tx.db.update(vendorReturnUnits).set({ units: open.units + more, expectedCreditMinor: credit(open.units + more) }).where(eq(vendorReturnUnits.id, open.unitId));
      return { returnItemId, sku: row.sku, unitValueMinor: unitValue, expectedCreditMinor: credit(open.units + more) - credit(open.units), fraction: RTV_CREDIT_FRACTION };
    }, (more) => place(more, true));
  }
  if (units <= 0) return { batchId: null };
  return place(units, false);
}

/** The VRA filling for units of this supplier in this currency — (vendor, supplier, currency) — created when needed, locked. */
async function fillingVra(tx: ServiceContext, supplier: string | null, currency: string): Promise<VendorReturnRow> {
  const key = supplierKey(supplier);
  const partnerId = await vendorFor(tx, key);
  const fillKey = `${partnerId ?? 'none'}|${key ?? '-'}|${currency}`;
  return lockFillingBatch(async () => {
    const [created] = await tx.db.insert(vendorReturnAuthorizations)
      .values({ partnerId, supplier: supplier?.trim() || null, currencyCode: currency, fillKey })
      .onConflictDoNothing({ target: vendorReturnAuthorizations.fillKey }).returning();
    if (created) {
      await appendVendorReturnEvent(tx, created.id, 'VRA_CREATED', { partnerId, supplier: created.supplier, currencyCode: currency }, true);
      if (!partnerId) {
        await appendVendorReturnEvent(tx, created.id, 'NO_VENDOR_AVAILABLE', {
          reason: key ? `No active vendor takes returns for supplier ${supplier}` : 'The product has no supplier',
        }, true);
      }
    }
  }, async () => (await tx.db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.fillKey, fillKey)).for('update'))[0]);
}

/**
 * The supplier a waiting VRA can be handed over for: its own, or, for a VRA of units whose products had no supplier,
 * the one supplier their products have now (a later import may have given it); null while there is none or several.
 */
async function supplierOfWaiting(tx: ServiceContext, vra: VendorReturnRow): Promise<string | null> {
  if (supplierKey(vra.supplier)) return vra.supplier;
  const rows = await tx.db.selectDistinct({ supplier: products.supplier }).from(vendorReturnUnits)
    .innerJoin(returnItems, eq(returnItems.id, vendorReturnUnits.returnItemId)).innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(vendorReturnUnits.authorizationId, vra.id));
  const keys = new Set(rows.map((r) => supplierKey(r.supplier)));
  if (keys.size !== 1 || keys.has(null)) return null;
  return rows[0].supplier!.trim();
}

/**
 * Gives VRAs waiting without a vendor to the VENDOR partner that now takes their supplier (registered, enabled or
 * given the supplier after the units arrived; or the products got a supplier since). The VRA keeps its units and gets
 * its own fill key, so it is dispatched as it is; new units of that supplier fill the vendor's regular VRA. Run by a
 * scheduled job, like assignWaitingLots for recycling.
 */
export async function assignWaitingVendorReturns(ctx: ServiceContext, batch = 100): Promise<number> {
  const waiting = await ctx.db.select({ id: vendorReturnAuthorizations.id }).from(vendorReturnAuthorizations)
    .where(and(eq(vendorReturnAuthorizations.status, 'OPEN'), isNull(vendorReturnAuthorizations.partnerId)))
    .orderBy(asc(vendorReturnAuthorizations.id)).limit(batch);
  let assigned = 0;
  for (const { id } of waiting) {
    const done = await runMutation(ctx, async (tx) => {
      const [vra] = await tx.db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.id, id)).for('update');
      if (!vra || vra.status !== 'OPEN' || vra.partnerId) return false;
      const supplier = await supplierOfWaiting(tx, vra);
      const key = supplierKey(supplier);
      const partnerId = await vendorFor(tx, key);
      if (!partnerId) return false;
      await tx.db.update(vendorReturnAuthorizations).set({
        partnerId, supplier, fillKey: vra.fillKey === null ? null : `${partnerId}|${key}|${vra.currencyCode}|${vra.id}`, version: vra.version + 1, updatedAt: tx.now(),
      }).where(eq(vendorReturnAuthorizations.id, id));
      await appendVendorReturnEvent(tx, id, 'VENDOR_ASSIGNED', { partnerId, supplier }, true);
      return true;
    });
    if (done.ok && done.value) assigned += 1;
  }
  return assigned;
}

/** Locks a VRA the actor may touch: staff any, a vendor only its own; anything else is NOT_FOUND. */
async function lockVra(tx: ServiceContext, authorizationId: string): Promise<VendorReturnRow> {
  const [vra] = await tx.db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.id, authorizationId)).for('update');
  const visible = vra && (tx.actor.kind === 'system' || staffOrOwner(tx, vra));
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
    const jobId = await enqueueIntegrationJob(tx, { partnerId: vra.partnerId!, type: INTEGRATION_JOB.VENDOR_RETURN_DISPATCH, payload: { vendorReturnAuthorizationId: vra.id } });
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
    // The GraphQL input's limit, applied to webhook confirmations too.
    if (input.reference.length > VENDOR_CREDIT_REFERENCE_MAX) {
      abort('INVALID_REFERENCE', `The credit reference has at most ${VENDOR_CREDIT_REFERENCE_MAX} characters`, ['reference']);
    }
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
  const where = staffOrOwnRows(ctx, vendorReturnAuthorizations.partnerId);
  if (filter.status?.length) where.push(inArray(vendorReturnAuthorizations.status, filter.status));
  if (filter.partnerId) where.push(eq(vendorReturnAuthorizations.partnerId, filter.partnerId));
  const supplier = supplierKey(filter.supplier);
  if (supplier) where.push(sql`lower(trim(${vendorReturnAuthorizations.supplier})) = ${supplier}`);
  if (after) where.push(lt(vendorReturnAuthorizations.id, after));
  return fetchPage(first, (limit) => ctx.db.select().from(vendorReturnAuthorizations).where(and(...where)).orderBy(desc(vendorReturnAuthorizations.id)).limit(limit));
}

/** VRAs by id, visible ones only (node loader). */
export async function vendorReturnsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(VendorReturnRow | null)[]> {
  const rows = ids.length ? await ctx.db.select().from(vendorReturnAuthorizations).where(inArray(vendorReturnAuthorizations.id, [...ids])) : [];
  return inIdOrder(ids, rows.filter((r) => staffOrOwner(ctx, r)));
}

/** Units of VRAs already checked for visibility. */
export async function unitsByVendorReturnIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(vendorReturnUnits).where(inArray(vendorReturnUnits.authorizationId, [...ids])).orderBy(asc(vendorReturnUnits.id)) : [];
  return groupedByIds(ids, rows, (r) => r.authorizationId);
}

/** Events of VRAs already checked for visibility, oldest first. */
export async function eventsByVendorReturnIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(vendorReturnEvents).where(inArray(vendorReturnEvents.authorizationId, [...ids])).orderBy(asc(vendorReturnEvents.id)) : [];
  return groupedByIds(ids, rows, (r) => r.authorizationId);
}

/** An authorization and its units, as the vendor is told about them on dispatch. */
export async function vendorReturnWithUnits(ctx: ServiceContext, authorizationId: string): Promise<{ vra: VendorReturnRow; units: VendorReturnUnitRow[] }> {
  const [vra] = await ctx.db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.id, authorizationId));
  const units = await ctx.db.select().from(vendorReturnUnits).where(eq(vendorReturnUnits.authorizationId, authorizationId));
  return { vra, units };
}
