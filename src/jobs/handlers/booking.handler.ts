import { adapterFor } from '../../../integrations/registry';
import { PermanentPartnerError } from '../../../integrations/errors';
import type { PartnerEndpoint } from '../../../integrations/partner-http';
import {
  bookingById, bookingRequest, markBookingReleased, recordBooked, recordBookingFailed, type BookingResult, type BookingRow,
} from '../../services/method-booking-job.service';
import type { JobHandler } from './types';

/** Calls the partner's adapter for the booking's method and normalizes what comes back. */
async function book(ctx: Parameters<JobHandler>[0]['ctx'], booking: BookingRow, partner: PartnerEndpoint & { adapter: string }, key: string): Promise<BookingResult> {
  const { ref, items, location } = await bookingRequest(ctx, booking);
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
export const bookingCreateHandler: JobHandler<'booking.create'> = async ({ ctx, job, partner, finalAttempt }) => {
  const booking = await bookingById(ctx, job.payload.bookingId);
  if (!booking || booking.status !== 'PENDING') return { skipped: true, status: booking?.status ?? 'MISSING' };
  let result: BookingResult;
  try {
    result = await book(ctx, booking, partner, job.id);
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
  const a = booking.artefact;
  const key = job.id;
  switch (booking.type) {
    case 'CARRIER_DROP_OFF': if (a.shipmentId) await adapterFor('CARRIER', partner.adapter).voidLabel(partner, a.shipmentId, key); break;
    case 'LOCKER': if (a.reservationId) await adapterFor('LOCKER_NETWORK', partner.adapter).release(partner, a.reservationId, key); break;
    case 'STORE_DROP_OFF': if (a.reference) await adapterFor('STORE_NETWORK', partner.adapter).cancelDropOff(partner, a.reference, key); break;
    case 'HOME_PICKUP': if (a.confirmationNumber) await adapterFor('PICKUP', partner.adapter).cancel(partner, a.confirmationNumber, key); break;
    default: break;
  }
  await markBookingReleased(ctx, booking.id);
  return { released: true };
};
