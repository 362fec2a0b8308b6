import { eq } from 'drizzle-orm';
import { adapterFor } from '../../../integrations/registry';
import type { ReturnRef } from '../../../integrations/common';
import { PermanentPartnerError } from '../../../integrations/errors';
import type { PartnerEndpoint } from '../../../integrations/partner-http';
import { dropOffLocations, orderLines, orders, returnBookings, returnItems, returns, type BookingArtefact } from '../../db/schema';
import { parcelWeightGrams } from '../../domain/return-methods';
import type { JobHandler } from './types';
import { runMutation } from '../../services/context';
import { enqueueIntegrationJob } from '../../services/integration-job.service';
import { appendEvent } from '../../services/return-events';
import { applyAction, lockReturn } from '../../services/return-transition';

type Booking = typeof returnBookings.$inferSelect;

async function returnRef(input: Parameters<JobHandler>[0], booking: Booking): Promise<{ ref: ReturnRef; items: Array<{ sku: string; quantity: number }> }> {
  const { db } = input;
  const [ret] = await db.select().from(returns).where(eq(returns.id, booking.returnId));
  const [order] = await db.select().from(orders).where(eq(orders.id, ret.orderId));
  const address = order.shippingAddress;
  if (!address) throw new PermanentPartnerError('the order has no shipping address to collect the return from');
  const items = await db.select({ quantity: returnItems.quantity, sku: orderLines.sku, weight: orderLines.weightGrams })
    .from(returnItems).innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId)).where(eq(returnItems.returnId, ret.id));
  return {
    ref: {
      returnId: ret.id, rmaNumber: ret.rmaNumber,
      from: { name: address.name ?? null, line1: address.line1, line2: address.line2 ?? null, city: address.city, postalCode: address.postalCode, countryCode: address.countryCode, phone: address.phone ?? null },
      to: input.ctx.config.warehouseAddress,
      parcel: { weightGrams: parcelWeightGrams(items.map((i) => ({ quantity: i.quantity, weightGrams: i.weight }))) },
    },
    items: items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
  };
}

/** Calls the partner's adapter for the booking's method and normalizes what comes back. */
async function book(input: Parameters<JobHandler>[0], booking: Booking, partner: PartnerEndpoint & { adapter: string }): Promise<{ artefact: BookingArtefact; externalRef: string; expiresAt?: string }> {
  const { ref, items } = await returnRef(input, booking);
  const key = input.job.id;
  const location = booking.option.locationId
    ? (await input.db.select().from(dropOffLocations).where(eq(dropOffLocations.id, booking.option.locationId)))[0] ?? null
    : null;
  switch (booking.type) {
    case 'CARRIER_DROP_OFF': {
      const label = await adapterFor('CARRIER', partner.adapter).createReturnLabel(partner, { ...ref, paperless: partner.settings.paperless !== false }, key);
      return { artefact: { ...label }, externalRef: label.trackingNumber };
    }
    case 'LOCKER': {
      if (!location) throw new PermanentPartnerError('the chosen locker no longer exists');
      const r = await adapterFor('LOCKER_NETWORK', partner.adapter).reserve(partner, { ...ref, pointExternalId: location.externalId, size: (booking.option.size ?? 'A') as 'A' | 'B' | 'C' }, key);
      return {
        artefact: { reservationId: r.reservationId, dropOffCode: r.dropOffCode, qrCode: r.qrCode, trackingNumber: r.trackingNumber, compartmentSize: r.compartmentSize },
        externalRef: r.reservationId, expiresAt: r.expiresAt,
      };
    }
    case 'STORE_DROP_OFF': {
      const d = await adapterFor('STORE_NETWORK', partner.adapter).createDropOff(partner, { ...ref, storeExternalId: location?.externalId ?? null, items }, key);
      return { artefact: { reference: d.reference, qrCode: d.qrCode }, externalRef: d.reference, expiresAt: d.expectedBy };
    }
    case 'HOME_PICKUP': {
      if (!booking.option.window) throw new PermanentPartnerError('no pickup window was chosen');
      const p = await adapterFor('PICKUP', partner.adapter).schedule(partner, { ...ref, window: booking.option.window }, key);
      return { artefact: { confirmationNumber: p.confirmationNumber, pickupWindow: p.window, trackingNumber: p.trackingNumber }, externalRef: p.confirmationNumber };
    }
    default:
      throw new PermanentPartnerError(`nothing to book for ${booking.type}`);
  }
}

/**
 * `booking.create`: books the method with the partner, then — if the return is still APPROVED — records the artefact
 * and moves the return to AWAITING_DROP_OFF. If the return was cancelled meanwhile, the booking is released again
 * (compensation). A permanent refusal, or the last failed attempt, marks the booking FAILED and tells the customer to
 * choose again; the return stays APPROVED.
 */
export const bookingCreateHandler: JobHandler = async (input) => {
  const { db, job, partner } = input;
  const [booking] = await db.select().from(returnBookings).where(eq(returnBookings.id, job.payload.bookingId as string));
  if (!booking || booking.status !== 'PENDING') return { skipped: true, status: booking?.status ?? 'MISSING' };
  let result: Awaited<ReturnType<typeof book>>;
  try {
    result = await book(input, booking, partner);
  } catch (e) {
    if (e instanceof PermanentPartnerError || input.finalAttempt) {
      await runMutation(input.ctx, async (tx) => {
        const ret = await lockReturn(tx, booking.returnId);
        await tx.db.update(returnBookings).set({ status: 'FAILED', failureReason: (e as Error).message.slice(0, 500), updatedAt: tx.now() }).where(eq(returnBookings.id, booking.id));
        await appendEvent(tx, ret.id, 'METHOD_BOOKING_FAILED', { bookingId: booking.id, type: booking.type, reason: 'The partner could not book this method; please choose another option.' }, true);
      });
    }
    throw e;
  }
  const outcome = await runMutation(input.ctx, async (tx) => {
    const ret = await lockReturn(tx, booking.returnId);
    if (ret.status !== 'APPROVED') {
      // Cancelled or expired while we were booking: undo at the partner.
      await tx.db.update(returnBookings).set({ status: 'RELEASED', artefact: result.artefact, externalRef: result.externalRef, updatedAt: tx.now() }).where(eq(returnBookings.id, booking.id));
      await enqueueIntegrationJob(tx, { partnerId: partner.id, type: 'booking.release', payload: { bookingId: booking.id }, returnId: ret.id });
      return 'RELEASED' as const;
    }
    await tx.db.update(returnBookings).set({
      status: 'BOOKED', artefact: result.artefact, externalRef: result.externalRef, updatedAt: tx.now(),
      ...(result.expiresAt ? { expiresAt: new Date(result.expiresAt) } : {}),
    }).where(eq(returnBookings.id, booking.id));
    await applyAction(tx, ret, 'BOOK_METHOD', 'METHOD_BOOKED', { bookingId: booking.id, type: booking.type, trackingNumber: result.artefact.trackingNumber ?? null }, {}, true);
    return 'BOOKED' as const;
  });
  if (!outcome.ok) throw new Error(`booking could not be recorded: ${outcome.userErrors.map((u) => u.code).join(', ')}`);
  return { status: outcome.value, externalRef: result.externalRef };
};

/** `booking.release`: voids a label, releases a locker, cancels a drop-off or a pickup (compensation and expiry). */
export const bookingReleaseHandler: JobHandler = async ({ db, job, partner }) => {
  const [booking] = await db.select().from(returnBookings).where(eq(returnBookings.id, job.payload.bookingId as string));
  if (!booking) return { skipped: true };
  const a = booking.artefact;
  const key = job.id;
  switch (booking.type) {
    case 'CARRIER_DROP_OFF': if (a.shipmentId) await adapterFor('CARRIER', partner.adapter).voidLabel(partner, a.shipmentId, key); break;
    case 'LOCKER': if (a.reservationId) await adapterFor('LOCKER_NETWORK', partner.adapter).release(partner, a.reservationId, key); break;
    case 'STORE_DROP_OFF': if (a.reference) await adapterFor('STORE_NETWORK', partner.adapter).cancelDropOff(partner, a.reference, key); break;
    case 'HOME_PICKUP': if (a.confirmationNumber) await adapterFor('PICKUP', partner.adapter).cancel(partner, a.confirmationNumber, key); break;
    default: break;
  }
  await db.update(returnBookings).set({ status: 'RELEASED', updatedAt: new Date() }).where(eq(returnBookings.id, booking.id));
  return { released: true };
};
