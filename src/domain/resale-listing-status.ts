import { actionMachine, applyAction, type Transition } from './state-machine';

/** Every status a resale listing can be in. */
export const RESALE_LISTING_STATUSES = ['AVAILABLE', 'RESERVED', 'SOLD', 'WITHDRAWN'] as const;

/** The status of a resale listing. */
export type ResaleListingStatus = (typeof RESALE_LISTING_STATUSES)[number];

/** What staff can do to a listing; each maps to exactly one target status. */
export type ResaleListingAction = 'RESERVE' | 'SELL' | 'RELEASE' | 'WITHDRAW';

/** Result of asking the listing state machine for a transition. */
export type ResaleListingTransition = Transition<ResaleListingStatus>;

/**
 * `AVAILABLE → RESERVED → SOLD`; a reservation can be released (`RESERVED → AVAILABLE`); an unsold listing can be
 * withdrawn (`AVAILABLE | RESERVED → WITHDRAWN`). SOLD and WITHDRAWN are final.
 */
const MACHINE = actionMachine<ResaleListingStatus, ResaleListingAction>('resale listing', {
  RESERVE: { from: ['AVAILABLE'], to: 'RESERVED', verb: 'reserved' },
  SELL: { from: ['RESERVED'], to: 'SOLD', verb: 'sold' },
  RELEASE: { from: ['RESERVED'], to: 'AVAILABLE', verb: 'released' },
  WITHDRAW: { from: ['AVAILABLE', 'RESERVED'], to: 'WITHDRAWN', verb: 'withdrawn' },
});

/** The one listing state machine: the target status if `action` is allowed from `from`, else ILLEGAL_TRANSITION. */
export function transitionResaleListing(from: ResaleListingStatus, action: ResaleListingAction): ResaleListingTransition {
  return applyAction(MACHINE, from, action);
}

/** Statuses in which the listing still represents stock the merchant may sell. */
export const ACTIVE_RESALE_LISTING_STATUSES: readonly ResaleListingStatus[] = ['AVAILABLE', 'RESERVED'];
