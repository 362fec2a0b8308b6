import { and, eq, isNull } from 'drizzle-orm';
import type { ParcelEvent } from '../../../integrations/inbound-events';
import { customers, returnBookings, returnItems, returnPolicies } from '../../db/schema';
import { splitSettlement } from '../../domain/settlement';
import { canTransition } from '../../domain/return-status';
import { runMutation, type ServiceContext } from '../context';
import type { Outcome } from '../errors';
import { appendEvent } from '../returns/return-events';
import { requestSettlement } from '../returns/settlement.service';
import { applyAction, lockReturn, type ReturnRow } from '../returns/return-transition';

async function refundEarly(tx: ServiceContext, ret: ReturnRow): Promise<Partial<ReturnRow>> {
  if (ret.refundStatus !== 'QUOTED') return {};
  const [policy] = await tx.db.select({ early: returnPolicies.refundAtFirstScan }).from(returnPolicies).where(isNull(returnPolicies.category));
  const [customer] = await tx.db.select({ trusted: customers.trusted }).from(customers).where(eq(customers.id, ret.customerId));
  if (!policy?.early || !customer?.trusted) return {};
  const items = await tx.db.select().from(returnItems).where(eq(returnItems.returnId, ret.id));
  // An exchange's refund depends on its order's outcome (a failed one falls back to a full refund): settled at completion.
  if (items.some((i) => i.resolution === 'EXCHANGE')) return {};
  const settlement = splitSettlement(items.map((i) => ({ resolution: i.resolution, refundMinor: i.refundMinor ?? 0, storeCreditBonusPercent: i.storeCreditBonusPercent })), ret.shippingFeeMinor);
  return requestSettlement(tx, ret, settlement, { atFirstScan: true });
}

/**
 * Applies a partner's events to the returns they concern (found through the partner's own bookings, so a partner can
 * only move its own returns). Each event runs in its own transaction; events for unknown references are reported, not
 * applied. The first SHIPPED scan moves AWAITING_DROP_OFF → IN_TRANSIT (and refunds trusted customers early when the
 * policy says so); other scans are recorded in the history.
 */
export async function applyPartnerEvents(
  ctx: ServiceContext, partner: { id: string }, events: ParcelEvent[],
): Promise<Array<{ ref: string; applied: boolean; reason?: string }>> {
  const results: Array<{ ref: string; applied: boolean; reason?: string }> = [];
  for (const event of events) {
    const outcome: Outcome<string> = await runMutation(ctx, async (tx) => {
      const [booking] = await tx.db.select().from(returnBookings)
        .where(and(eq(returnBookings.partnerId, partner.id), eq(returnBookings.externalRef, event.ref)));
      if (!booking) return 'UNKNOWN_REFERENCE';
      const ret = await lockReturn(tx, booking.returnId);
      const data = { bookingId: booking.id, partnerStatus: event.status, occurredAt: event.occurredAt, detail: event.detail };
      if (event.movement === 'BOOKING_ENDED') {
        await tx.db.update(returnBookings).set({ status: 'CANCELLED', updatedAt: tx.now() }).where(eq(returnBookings.id, booking.id));
        await appendEvent(tx, ret.id, 'PARCEL_SCANNED', data);
        return 'BOOKING_ENDED';
      }
      if (event.movement === 'SHIPPED' && ret.status === 'AWAITING_DROP_OFF') {
        await tx.db.update(returnBookings).set({ status: 'USED', updatedAt: tx.now() }).where(eq(returnBookings.id, booking.id));
        const patch = await refundEarly(tx, ret);
        await applyAction(tx, ret, 'SHIP', 'PARCEL_IN_TRANSIT', data, patch);
        return 'SHIPPED';
      }
      if (!canTransition(ret.status, 'RECORD_SCAN')) return `IGNORED_IN_${ret.status}`;
      await applyAction(tx, ret, 'RECORD_SCAN', event.movement === 'DELIVERED' ? 'PARCEL_DELIVERED' : 'PARCEL_SCANNED', data);
      return event.movement;
    });
    results.push(outcome.ok
      ? { ref: event.ref, applied: !outcome.value.startsWith('UNKNOWN') && !outcome.value.startsWith('IGNORED'), reason: outcome.value }
      : { ref: event.ref, applied: false, reason: outcome.userErrors[0]?.code });
  }
  return results;
}

