/** Return methods and the pure rules for offering them. */
export const RETURN_METHOD_TYPES = ['CARRIER_DROP_OFF', 'LOCKER', 'STORE_DROP_OFF', 'HOME_PICKUP', 'RETURNLESS'] as const;
export type ReturnMethodType = (typeof RETURN_METHOD_TYPES)[number];

/** Methods a policy offers when it says nothing: every physical method, free. */
export const DEFAULT_METHOD_FEES: Readonly<Record<Exclude<ReturnMethodType, 'RETURNLESS'>, number>> = Object.freeze({
  CARRIER_DROP_OFF: 0, LOCKER: 0, STORE_DROP_OFF: 0, HOME_PICKUP: 0,
});

/**
 * Share of a returned unit's value the merchant recovers on average across dispositions, used only to decide whether
 * shipping it back is worth it. Assumption (industry surveys put average recovery of returned goods around 50–70 %);
 * overridable per deployment.
 */
export const EXPECTED_RECOVERY_FRACTION = 0.6;

/**
 * Assumed cost of bringing a parcel back (major units of the return's currency) when the partner carrying it declares
 * none (`settings.costPerParcel`): used to decide whether "keep it" is cheaper, and as the return shipping the merchant
 * pays in analytics. Assumption, overridable per partner.
 */
export const DEFAULT_RETURN_COST_MAJOR = 6;

/** Packaging added to the goods' weight for a return parcel (assumption: a mailer or small box). */
export const PACKAGING_GRAMS = 200;

/** Weight assumed for a unit whose product has no weight (assumption). */
export const UNKNOWN_UNIT_GRAMS = 1000;

/** Parcel weight for the units on a return. */
export function parcelWeightGrams(units: Array<{ quantity: number; weightGrams: number | null }>): number {
  return PACKAGING_GRAMS + units.reduce((sum, u) => sum + u.quantity * (u.weightGrams ?? UNKNOWN_UNIT_GRAMS), 0);
}

/**
 * "Keep it" is offered when the value is at or below the policy's threshold, or when bringing the goods back is
 * expected to cost more than they would recover.
 */
export function returnlessOffered(input: { valueMinor: number; thresholdMinor: number | null; returnCostMinor: number }): boolean {
  if (input.thresholdMinor !== null && input.valueMinor <= input.thresholdMinor) return true;
  return input.returnCostMinor > Math.round(input.valueMinor * EXPECTED_RECOVERY_FRACTION);
}

/** When the customer gets the money, in words a returns portal can show. */
export function refundTiming(type: ReturnMethodType, refundAtFirstScan: boolean): string {
  if (type === 'RETURNLESS') return 'Refunded immediately; keep, donate or recycle the item.';
  if (refundAtFirstScan) return type === 'HOME_PICKUP' ? 'Refunded when the courier collects the parcel.' : 'Refunded when the parcel is scanned at drop-off.';
  return 'Refunded after the item is received and inspected at the warehouse.';
}

/** A daily slot as "HH:MM" start and end, UTC. */
export type DailySlot = [string, string];

export const DEFAULT_PICKUP_SLOTS: readonly DailySlot[] = [['09:00', '13:00'], ['13:00', '18:00']];

/**
 * Pickup windows over the next `days` days (starting tomorrow, weekdays only), from the partner's daily slots.
 * Deterministic for a given `now`, so a window chosen from one quote validates against the next.
 */
export function pickupWindows(now: Date, slots: readonly DailySlot[] = DEFAULT_PICKUP_SLOTS, days = 5): Array<{ start: string; end: string }> {
  const windows: Array<{ start: string; end: string }> = [];
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  for (let added = 0, offset = 1; added < days && offset < days * 3; offset++) {
    const d = new Date(day.getTime() + offset * 86_400_000);
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    added++;
    for (const [start, end] of slots) {
      const at = (hhmm: string) => {
        const [h, m] = hhmm.split(':').map(Number);
        return new Date(d.getTime() + (h * 60 + m) * 60_000).toISOString();
      };
      windows.push({ start: at(start), end: at(end) });
    }
  }
  return windows;
}

/** The smallest compartment (by volume) that takes the parcel's weight; null when none does. */
export function fitCompartment<C extends { size: string; heightCm: number; widthCm: number; depthCm: number; maxWeightGrams: number }>(
  compartments: readonly C[], weightGrams: number,
): C | null {
  const fitting = compartments.filter((c) => c.maxWeightGrams >= weightGrams);
  fitting.sort((a, b) => a.heightCm * a.widthCm * a.depthCm - b.heightCm * b.widthCm * b.depthCm);
  return fitting[0] ?? null;
}

/** What the worker got back from the partner: label, reservation, drop-off QR or pickup confirmation. */
export interface BookingArtefact {
  carrier?: string | null;
  trackingNumber?: string | null;
  labelUrl?: string | null;
  labelZplUrl?: string | null;
  qrCode?: string | null;
  dropOffCode?: string | null;
  shipmentId?: string | null;
  reservationId?: string | null;
  reference?: string | null;
  confirmationNumber?: string | null;
  pickupWindow?: { start: string; end: string } | null;
  compartmentSize?: string | null;
}

/** The chosen option as selected by the customer. */
export interface BookingOption { locationId?: string | null; window?: { start: string; end: string } | null; size?: string | null }
