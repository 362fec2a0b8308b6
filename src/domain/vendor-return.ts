import { DEFAULT_RECOVERY_FACTORS } from './recovery-factors';
import { checkTransition, statusMachine, type Transition } from './state-machine';

/** Every status a vendor return authorization (VRA) can be in, in lifecycle order. */
export const VENDOR_RETURN_STATUSES = ['OPEN', 'DISPATCHED', 'CLOSED', 'CANCELLED'] as const;

/** The status of a vendor return authorization. */
export type VendorReturnStatus = (typeof VENDOR_RETURN_STATUSES)[number];

/**
 * OPEN fills with RETURN_TO_VENDOR units until an operator dispatches it; DISPATCHED waits for the vendor to confirm the
 * credit; CLOSED is final. An OPEN VRA whose last units were taken out (their disposition changed before dispatch) is
 * CANCELLED, also final.
 */
const MACHINE = statusMachine<VendorReturnStatus>('vendor return authorization', {
  OPEN: ['DISPATCHED', 'CANCELLED'],
  DISPATCHED: ['CLOSED'],
  CLOSED: [],
  CANCELLED: [],
});

export type VendorReturnTransition = Transition<VendorReturnStatus>;

/** The one VRA state machine: `to` if a VRA in `from` may move there, else ILLEGAL_TRANSITION. */
export function transitionVendorReturn(from: VendorReturnStatus, to: VendorReturnStatus): VendorReturnTransition {
  return checkTransition(MACHINE, from, to);
}

/**
 * The documented RTV credit fraction: the RETURN_TO_VENDOR valueFraction of the default recovery factors (vendors
 * credit about 60 % of the price paid for defective units; an assumption, see src/domain/recovery-factors.ts).
 */
export const RTV_CREDIT_FRACTION = DEFAULT_RECOVERY_FACTORS.recovery.RETURN_TO_VENDOR.valueFraction;

/**
 * Expected vendor credit in minor units: units × unit value × fraction, rounded half away from zero once on the total
 * (so two units of 9.99 at 60 % expect 11.99, not 2 × 5.99). Throws RangeError on negative or non-integer input.
 */
export function expectedVendorCreditMinor(units: number, unitValueMinor: number, fraction: number = RTV_CREDIT_FRACTION): number {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError('units must be a non-negative integer');
  if (!Number.isSafeInteger(unitValueMinor) || unitValueMinor < 0) throw new RangeError('unitValueMinor must be a non-negative integer');
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) throw new RangeError('fraction must be between 0 and 1');
  // Fractions carry at most 4 decimals (recovery-factors.ts): scale to integers so 0.6 × 1998 is exact.
  const scaled = units * unitValueMinor * Math.round(fraction * 10_000);
  return Math.round(scaled / 10_000);
}

/** The credit difference (credited − expected, minor units): negative when the vendor credited less than expected. */
export function creditDifferenceMinor(expectedMinor: number, creditedMinor: number): number {
  return creditedMinor - expectedMinor;
}

/** Supplier names match case- and surrounding-space-insensitively (`Acme ` is `acme`). */
export function supplierKey(supplier: string | null | undefined): string | null {
  const key = supplier?.trim().toLowerCase();
  return key ? key : null;
}

/** Longest credit note reference a vendor may confirm with, as GraphQL input or signed webhook. */
export const VENDOR_CREDIT_REFERENCE_MAX = 200;
