import { and, eq, inArray, sql } from 'drizzle-orm';
import { returnBookings, returnItems, returns } from '../../db/schema';
import { splitSettlement } from '../../domain/settlement';
import { inScope, scopeOf } from '../access';
import { runMutation, type ServiceContext } from '../context';
import { NotFoundError, UserErrorAbort, type Outcome } from '../errors';
import { enqueueIntegrationJob } from '../partners/integration-job.service';
import { requestSettlement } from '../returns/settlement.service';
import { quoteContext, quoteOptions, validateSelection, type MethodOption } from './return-method.service';
import { applyAction, lockReturn, type ReturnRow } from '../returns/return-transition';
import { INTEGRATION_JOB } from '../partners/integration-job-types';

const OPEN_BOOKINGS = ['PENDING', 'BOOKED'] as const;

/** `returnMethodOptions`: the ways the customer may send an APPROVED return back. */
export async function returnMethodOptions(ctx: ServiceContext, returnId: string, near: { latitude: number; longitude: number } | null): Promise<MethodOption[]> {
  const [ret] = await ctx.db.select().from(returns).where(eq(returns.id, returnId));
  if (!ret || !inScope(await scopeOf(ctx), ret)) throw new NotFoundError('Return');
  if (ret.status !== 'APPROVED') return [];
  return quoteOptions(ctx, ret, await quoteContext(ctx, ret), near);
}

export interface MethodSelection {
  returnId: string;
  optionId: string;
  locationId?: string | null;
  pickupWindow?: { start: string; end: string } | null;
}

/**
 * Books the chosen method: the booking row and its outbox job in one transaction (the worker calls the partner and
 * moves the return to AWAITING_DROP_OFF). RETURNLESS settles at once: refund issued, nothing travels.
 */
export async function selectReturnMethod(ctx: ServiceContext, sel: MethodSelection): Promise<Outcome<ReturnRow>> {
  return runMutation(ctx, async (tx) => {
    const ret = await lockReturn(tx, sel.returnId);
    if (ret.status !== 'APPROVED') {
      throw new UserErrorAbort([{ code: 'ILLEGAL_TRANSITION', message: `A return in status ${ret.status} cannot be given a new return method`, field: null }]);
    }
    const [open] = await tx.db.select({ id: returnBookings.id }).from(returnBookings)
      .where(and(eq(returnBookings.returnId, ret.id), inArray(returnBookings.status, [...OPEN_BOOKINGS])));
    if (open) throw new UserErrorAbort([{ code: 'BOOKING_IN_PROGRESS', message: 'A return method is already being booked', field: ['optionId'] }]);
    const q = await quoteContext(tx, ret);
    const { option, booking } = await validateSelection(tx, ret, q, sel.optionId, sel.locationId ?? null, sel.pickupWindow ?? null);
    if (option.type === 'RETURNLESS') return settleReturnless(tx, ret);

    const expiresAt = new Date(tx.now().getTime() + q.dropOffDays * 86_400_000);
    const [row] = await tx.db.insert(returnBookings).values({
      returnId: ret.id, partnerId: option.partner!.id, type: option.type, option: booking, feeMinor: option.feeMinor,
      co2eKg: option.co2eKg, expiresAt,
    }).returning();
    const quoteWithoutFee = ret.refundMinor + ret.shippingFeeMinor;
    const updated = await applyAction(tx, ret, 'SELECT_METHOD', 'METHOD_SELECTED', {
      bookingId: row.id, type: option.type, partnerId: option.partner!.id, feeMinor: option.feeMinor, ...booking,
    }, { shippingFeeMinor: option.feeMinor, refundMinor: Math.max(0, quoteWithoutFee - option.feeMinor) });
    await enqueueIntegrationJob(tx, { partnerId: option.partner!.id, type: INTEGRATION_JOB.BOOKING_CREATE, payload: { bookingId: row.id }, returnId: ret.id });
    return updated;
  });
}

/** "Keep it": every requested unit is refunded (no restocking fee) and the return completes without travelling. */
async function settleReturnless(tx: ServiceContext, ret: ReturnRow): Promise<ReturnRow> {
  const items = await tx.db.select().from(returnItems).where(eq(returnItems.returnId, ret.id));
  await tx.db.update(returnItems).set({ restockingFeeMinor: 0, refundMinor: sql`${returnItems.grossMinor}` }).where(eq(returnItems.returnId, ret.id));
  const settlement = splitSettlement(items.map((i) => ({ resolution: i.resolution, refundMinor: i.grossMinor ?? 0, storeCreditBonusPercent: i.storeCreditBonusPercent })), 0);
  const patch = await requestSettlement(tx, ret, settlement, { returnless: true });
  return applyAction(tx, ret, 'SETTLE_RETURNLESS', 'RETURN_COMPLETED', { returnless: true }, { ...patch, restockingFeeMinor: 0, shippingFeeMinor: 0 });
}
