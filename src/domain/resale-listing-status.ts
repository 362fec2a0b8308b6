/** Every status a resale listing can be in. */
export const RESALE_LISTING_STATUSES = ['AVAILABLE', 'RESERVED', 'SOLD', 'WITHDRAWN'] as const;

/** The status of a resale listing. */
export type ResaleListingStatus = (typeof RESALE_LISTING_STATUSES)[number];

/** What staff can do to a listing; each maps to exactly one target status. */
export type ResaleListingAction = 'RESERVE' | 'SELL' | 'RELEASE' | 'WITHDRAW';

/** Result of asking the listing state machine for a transition. */
export type ResaleListingTransition =
  | { ok: true; to: ResaleListingStatus }
  | { ok: false; code: 'ILLEGAL_TRANSITION'; message: string };

/**
 * `AVAILABLE → RESERVED → SOLD`; a reservation can be released (`RESERVED → AVAILABLE`); an unsold listing can be
 * withdrawn (`AVAILABLE | RESERVED → WITHDRAWN`). SOLD and WITHDRAWN are final.
 */
const RULES: Readonly<Record<ResaleListingAction, { from: readonly ResaleListingStatus[]; to: ResaleListingStatus }>> = {
  RESERVE: { from: ['AVAILABLE'], to: 'RESERVED' },
  SELL: { from: ['RESERVED'], to: 'SOLD' },
  RELEASE: { from: ['RESERVED'], to: 'AVAILABLE' },
  WITHDRAW: { from: ['AVAILABLE', 'RESERVED'], to: 'WITHDRAWN' },
};

/** The one listing state machine: the target status if `action` is allowed from `from`, else ILLEGAL_TRANSITION. */
export function transitionResaleListing(from: ResaleListingStatus, action: ResaleListingAction): ResaleListingTransition {
  const rule = Object.hasOwn(RULES, action) ? RULES[action] : null;
  if (!rule || !rule.from.includes(from)) {
    return { ok: false, code: 'ILLEGAL_TRANSITION', message: `A resale listing in status ${from} cannot be ${String(action).toLowerCase()}d` };
  }
  return { ok: true, to: rule.to };
}

/** Statuses in which the listing still represents stock the merchant may sell. */
export const ACTIVE_RESALE_LISTING_STATUSES: readonly ResaleListingStatus[] = ['AVAILABLE', 'RESERVED'];
