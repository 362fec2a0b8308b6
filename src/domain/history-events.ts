/** Event types written to a return's history; stable strings clients may switch on. */
export type ReturnEventType =
  | 'RETURN_REQUESTED' | 'RETURN_APPROVED' | 'RETURN_REJECTED' | 'RETURN_CANCELLED' | 'RETURN_EXPIRED'
  | 'ITEMS_RECEIVED' | 'ITEMS_MARKED_MISSING' | 'ITEM_SPLIT' | 'ITEM_INSPECTED' | 'INSPECTION_FINISHED'
  | 'DISPOSITION_SET' | 'REFUND_ISSUED' | 'RETURN_COMPLETED'
  | 'METHOD_SELECTED' | 'METHOD_BOOKED' | 'METHOD_BOOKING_FAILED' | 'PARCEL_SCANNED' | 'PARCEL_IN_TRANSIT' | 'PARCEL_DELIVERED'
  | 'MANUAL_REVIEW_REQUIRED' | 'RETURN_IMPORTED'
  | 'EXCHANGE_ORDERED' | 'EXCHANGE_FAILED' | 'EXCHANGE_HOLD_PLACED' | 'EXCHANGE_HOLD_FAILED' | 'EXCHANGE_HOLD_RELEASED' | 'EXCHANGE_HOLD_CHARGED'
  | 'REFUND_REQUESTED' | 'PAYOUT_CONFIRMED' | 'PAYOUT_FAILED' | 'PAYOUT_RETRIED';

/** History entries only staff see: they carry scores and evidence about the customer (never shown to customers). */
export const STAFF_ONLY_EVENTS: ReadonlySet<string> = new Set<ReturnEventType>(['MANUAL_REVIEW_REQUIRED']);

/** Event types written to a resale listing's history (the listing's status right after the change). */
export type ListingEventType = 'CREATED' | 'RESERVED' | 'SOLD' | 'RELEASED' | 'WITHDRAWN';

/**
 * An active MERCHANT partner and its capabilities (`events`: what it subscribes to), as the statement that appended a
 * return event read them in the same transaction; absent when that statement did not read them.
 */
export interface ActiveMerchant {
  id: string;
  capabilities: { events?: readonly string[] | null };
}

/**
 * A history row just appended, as subscribers see it: ids and the type only, so a subscriber that writes an outbox
 * row carries ids, and the worker reads the row as committed.
 */
export type AppendedEvent =
  | { stream: 'return'; id: string; returnId: string; type: ReturnEventType; merchants?: readonly ActiveMerchant[] }
  | { stream: 'listing'; id: string; listingId: string; returnId: string | null; type: ListingEventType };
