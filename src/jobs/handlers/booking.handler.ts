import { PermanentPartnerError } from '../../../integrations/errors';
import { methodBooker, type MethodBooking } from '../../../integrations/method-booking';
import { bookingById, bookingRequest, markBookingReleased, recordBooked, recordBookingFailed } from '../../services/methods/method-booking-job.service';
import type { JobHandler } from './types';

/**
 * `booking.create`: books the method with the partner, then — if the return is still APPROVED — records the artefact
 * and moves the return to AWAITING_DROP_OFF. If the return was cancelled meanwhile, the booking is released again
 * (compensation). A permanent refusal, or the last failed attempt, marks the booking FAILED and tells the customer to
 * choose again; the return stays APPROVED.
 */
export const bookingCreateHandler: JobHandler<'booking.create'> = async ({ ctx, job, partner, finalAttempt }) => {
  const booking = await bookingById(ctx, job.payload.bookingId);
  if (!booking || booking.status !== 'PENDING') return { skipped: true, status: booking?.status ?? 'MISSING' };
  let result: MethodBooking;
  try {
    const request = await bookingRequest(ctx, booking);
    const booker = methodBooker(booking.type);
    if (!booker) throw new PermanentPartnerError(`nothing to book for ${booking.type}`);
    result = await booker.book(partner, request, job.id);
  } catch (e) {
    if (e instanceof PermanentPartnerError || finalAttempt) await recordBookingFailed(ctx, booking, (e as Error).message);
    throw e;
  }
  const outcome = await recordBooked(ctx, booking, partner.id, result);
  if (!outcome.ok) throw new Error(`booking could not be recorded: ${outcome.userErrors.map((u) => u.code).join(', ')}`);
  return { status: outcome.value, externalRef: result.externalRef };
};

/** `booking.release`: voids a label, releases a locker, cancels a drop-off or a pickup (compensation and expiry). */
export const bookingReleaseHandler: JobHandler<'booking.release'> = async ({ ctx, job, partner }) => {
  const booking = await bookingById(ctx, job.payload.bookingId);
  if (!booking) return { skipped: true };
  await methodBooker(booking.type)?.release(partner, booking.artefact, job.id);
  await markBookingReleased(ctx, booking.id);
  return { released: true };
};
