import type { BookingArtefact, BookingOption, ReturnMethodType } from '../src/domain/return-methods';
import type { ReturnRef } from './common';
import { PermanentPartnerError } from './errors';
import type { PartnerEndpoint } from './partner-http';
import { adapterFor } from './registry';

/** Everything booking any method needs: the return, its items, and the customer's choice. */
export interface MethodBookingRequest {
  ref: ReturnRef;
  items: Array<{ sku: string; quantity: number }>;
  option: BookingOption;
  /** The chosen location's id at the partner; null when none was chosen or it no longer exists. */
  locationExternalId: string | null;
}

/** What a partner gave back for a booking, normalized across method types. */
export interface MethodBooking { artefact: BookingArtefact; externalRef: string; expiresAt?: string }

type Partner = PartnerEndpoint & { adapter: string };

/** Books and releases one return method type through the partner kind that offers it. */
export interface MethodBooker {
  book(partner: Partner, req: MethodBookingRequest, idempotencyKey: string): Promise<MethodBooking>;
  /** Voids a label, frees a locker, cancels a drop-off or pickup; nothing to do when the artefact lacks its id. */
  release(partner: Partner, artefact: BookingArtefact, idempotencyKey: string): Promise<void>;
}

export type BookableMethodType = Exclude<ReturnMethodType, 'RETURNLESS'>;

/** The booker per return method type (RETURNLESS travels nowhere: nothing to book). */
export const METHOD_BOOKERS: { readonly [T in BookableMethodType]: MethodBooker } = {
  CARRIER_DROP_OFF: {
    async book(partner, { ref }, key) {
      const label = await adapterFor('CARRIER', partner.adapter).createReturnLabel(partner, { ...ref, paperless: partner.settings.paperless !== false }, key);
      return { artefact: { ...label }, externalRef: label.trackingNumber };
    },
    async release(partner, a, key) { if (a.shipmentId) await adapterFor('CARRIER', partner.adapter).voidLabel(partner, a.shipmentId, key); },
  },
  LOCKER: {
    async book(partner, { ref, option, locationExternalId }, key) {
      if (!locationExternalId) throw new PermanentPartnerError('the chosen locker no longer exists');
      const r = await adapterFor('LOCKER_NETWORK', partner.adapter).reserve(partner, { ...ref, pointExternalId: locationExternalId, size: (option.size ?? 'A') as 'A' | 'B' | 'C' }, key);
      return {
        artefact: { reservationId: r.reservationId, dropOffCode: r.dropOffCode, qrCode: r.qrCode, trackingNumber: r.trackingNumber, compartmentSize: r.compartmentSize },
        externalRef: r.reservationId, expiresAt: r.expiresAt,
      };
    },
    async release(partner, a, key) { if (a.reservationId) await adapterFor('LOCKER_NETWORK', partner.adapter).release(partner, a.reservationId, key); },
  },
  STORE_DROP_OFF: {
    async book(partner, { ref, items, locationExternalId }, key) {
      const d = await adapterFor('STORE_NETWORK', partner.adapter).createDropOff(partner, { ...ref, storeExternalId: locationExternalId, items }, key);
      return { artefact: { reference: d.reference, qrCode: d.qrCode }, externalRef: d.reference, expiresAt: d.expectedBy };
    },
    async release(partner, a, key) { if (a.reference) await adapterFor('STORE_NETWORK', partner.adapter).cancelDropOff(partner, a.reference, key); },
  },
  HOME_PICKUP: {
    async book(partner, { ref, option }, key) {
      if (!option.window) throw new PermanentPartnerError('no pickup window was chosen');
      const p = await adapterFor('PICKUP', partner.adapter).schedule(partner, { ...ref, window: option.window }, key);
      return { artefact: { confirmationNumber: p.confirmationNumber, pickupWindow: p.window, trackingNumber: p.trackingNumber }, externalRef: p.confirmationNumber };
    },
    async release(partner, a, key) { if (a.confirmationNumber) await adapterFor('PICKUP', partner.adapter).cancel(partner, a.confirmationNumber, key); },
  },
};

/** The booker for a method type, or null for one nothing is booked for. */
export function methodBooker(type: string): MethodBooker | null {
  return Object.hasOwn(METHOD_BOOKERS, type) ? METHOD_BOOKERS[type as BookableMethodType] : null;
}
