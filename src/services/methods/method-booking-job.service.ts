import { eq } from 'drizzle-orm';
import { PermanentPartnerError } from '../../../integrations/errors';
import type { MethodBooking, MethodBookingRequest } from '../../../integrations/method-booking';
import { dropOffLocations, orderLines, orders, returnBookings, returnItems, returns } from '../../db/schema';
import { parcelWeightGrams } from '../../domain/return-methods';
import { runMutation, type ServiceContext } from '../context';
import type { Outcome } from '../errors';
import { enqueueIntegrationJob } from '../partners/integration-job.service';
import { INTEGRATION_JOB } from '../partners/integration-job-types';
import { appendEvent } from '../returns/return-events';
import { applyAction, lockReturn } from '../returns/return-transition';

// The booking jobs' reads and writes (booking.create / booking.release); the partner calls are integrations/method-booking.ts.

/** A return_bookings row. */
export type BookingRow = typeof returnBookings.$inferSelect;

/** One booking by id, or null. */
export async function bookingById(ctx: ServiceContext, bookingId: string): Promise<BookingRow | null> {
  const [booking] = await ctx.db.select().from(returnBookings).where(eq(returnBookings.id, bookingId));
  return booking ?? null;
}

/** Reads what the partner needs to book `booking`: collect from the order's address, deliver to the warehouse. */
export async function bookingRequest(ctx: ServiceContext, booking: BookingRow): Promise<MethodBookingRequest> {
  const [ret] = await ctx.db.select().from(returns).where(eq(returns.id, booking.returnId));
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, ret.orderId));
  const address = order.shippingAddress;
  if (!address) throw new PermanentPartnerError('the order has no shipping address to collect the return from');
  const items = await ctx.db.select({ quantity: returnItems.quantity, sku: orderLines.sku, weight: orderLines.weightGrams })
    .from(returnItems).innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId)).where(eq(returnItems.returnId, ret.id));
  const location = booking.option.locationId
    ? (await ctx.db.select().from(dropOffLocations).where(eq(dropOffLocations.id, booking.option.locationId)))[0] ?? null
    : null;
  return {
    ref: {
      returnId: ret.id, rmaNumber: ret.rmaNumber,
      from: { name: address.name ?? null, line1: address.line1, line2: address.line2 ?? null, city: address.city, postalCode: address.postalCode, countryCode: address.countryCode, phone: address.phone ?? null },
      to: ctx.config.warehouseAddress,
      parcel: { weightGrams: parcelWeightGrams(items.map((i) => ({ quantity: i.quantity, weightGrams: i.weight }))) },
    },
    items: items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    option: booking.option,
    locationExternalId: location?.externalId ?? null,
  };
}

/** The partner refused (or the last attempt failed): the booking is FAILED and the customer is told to choose again. */
export async function recordBookingFailed(ctx: ServiceContext, booking: BookingRow, reason: string): Promise<void> {
  await runMutation(ctx, async (tx) => {
    const ret = await lockReturn(tx, booking.returnId);
    await tx.db.update(returnBookings).set({ status: 'FAILED', failureReason: reason.slice(0, 500), updatedAt: tx.now() }).where(eq(returnBookings.id, booking.id));
    await appendEvent(tx, ret.id, 'METHOD_BOOKING_FAILED', { bookingId: booking.id, type: booking.type, reason: 'The partner could not book this method; please choose another option.' }, true);
  });
}

/**
 * Records a partner's booking: if the return is still APPROVED, the artefact is stored and the return moves to
 * AWAITING_DROP_OFF; if it was cancelled or expired meanwhile, the booking is released again at the partner.
 */
export async function recordBooked(ctx: ServiceContext, booking: BookingRow, partnerId: string, result: MethodBooking): Promise<Outcome<'BOOKED' | 'RELEASED'>> {
  return runMutation(ctx, async (tx) => {
    const ret = await lockReturn(tx, booking.returnId);
    if (ret.status !== 'APPROVED') {
      // Cancelled or expired while we were booking: undo at the partner.
      await tx.db.update(returnBookings).set({ status: 'RELEASED', artefact: result.artefact, externalRef: result.externalRef, updatedAt: tx.now() }).where(eq(returnBookings.id, booking.id));
      await enqueueIntegrationJob(tx, { partnerId, type: INTEGRATION_JOB.BOOKING_RELEASE, payload: { bookingId: booking.id }, returnId: ret.id });
      return 'RELEASED' as const;
    }
    await tx.db.update(returnBookings).set({
      status: 'BOOKED', artefact: result.artefact, externalRef: result.externalRef, updatedAt: tx.now(),
      ...(result.expiresAt ? { expiresAt: new Date(result.expiresAt) } : {}),
    }).where(eq(returnBookings.id, booking.id));
    await applyAction(tx, ret, 'BOOK_METHOD', 'METHOD_BOOKED', { bookingId: booking.id, type: booking.type, trackingNumber: result.artefact.trackingNumber ?? null }, {}, true);
    return 'BOOKED' as const;
  });
}

/** The partner released the booking (label voided, locker freed, drop-off or pickup cancelled). */
export async function markBookingReleased(ctx: ServiceContext, bookingId: string): Promise<void> {
  await ctx.db.update(returnBookings).set({ status: 'RELEASED', updatedAt: ctx.now() }).where(eq(returnBookings.id, bookingId));
}
