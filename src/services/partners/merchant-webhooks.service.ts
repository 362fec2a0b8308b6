import { and, eq } from 'drizzle-orm';
import type { ListingMerchantEventType, MerchantEventType, ReturnMerchantEventType } from '../../../integrations/merchant/types';
import { partners } from '../../db/schema';
import type { AppendedEvent, ListingEventType, ReturnEventType } from '../../domain/history-events';
import type { ServiceContext } from '../context';
import { enqueueIntegrationJob } from './integration-job.service';

/** Which internal return history entries merchants hear about, under which public name. */
const PUBLIC_RETURN_EVENT: Partial<Record<ReturnEventType, ReturnMerchantEventType>> = {
  RETURN_REQUESTED: 'return.requested',
  RETURN_APPROVED: 'return.approved',
  RETURN_REJECTED: 'return.rejected',
  RETURN_CANCELLED: 'return.cancelled',
  RETURN_EXPIRED: 'return.expired',
  ITEMS_RECEIVED: 'return.received',
  INSPECTION_FINISHED: 'return.inspected',
  REFUND_ISSUED: 'return.refund_issued',
  RETURN_COMPLETED: 'return.completed',
  METHOD_BOOKED: 'return.method_booked',
  PARCEL_IN_TRANSIT: 'return.in_transit',
};

/** Every listing history entry is announced, under its public name. */
const PUBLIC_LISTING_EVENT: Record<ListingEventType, ListingMerchantEventType> = {
  CREATED: 'listing.created', RESERVED: 'listing.reserved', SOLD: 'listing.sold', RELEASED: 'listing.released', WITHDRAWN: 'listing.withdrawn',
};

/**
 * Event subscriber: writes one outbox job per subscribed MERCHANT partner for a history event, in the transaction that
 * appended it (`merchant.event` for a return, `merchant.listing` for a listing). The payload carries ids only; the
 * handler builds the body. A merchant with no `capabilities.events` list receives every event.
 */
export async function notifyMerchants(tx: ServiceContext, event: AppendedEvent): Promise<void> {
  if (event.stream === 'return') {
    const eventType = PUBLIC_RETURN_EVENT[event.type];
    if (!eventType) return;
    for (const partnerId of await subscribers(tx, eventType)) {
      await enqueueIntegrationJob(tx, { partnerId, type: 'merchant.event', payload: { eventId: event.id, eventType }, returnId: event.returnId });
    }
    return;
  }
  const eventType = PUBLIC_LISTING_EVENT[event.type];
  for (const partnerId of await subscribers(tx, eventType)) {
    await enqueueIntegrationJob(tx, { partnerId, type: 'merchant.listing', payload: { listingEventId: event.id, eventType }, returnId: event.returnId });
  }
}

/** Active MERCHANT partners subscribed to eventType (no `capabilities.events` list: every event). */
async function subscribers(tx: ServiceContext, eventType: MerchantEventType): Promise<string[]> {
  const merchants = await tx.db.select({ id: partners.id, capabilities: partners.capabilities }).from(partners)
    .where(and(eq(partners.kind, 'MERCHANT'), eq(partners.status, 'ACTIVE')));
  return merchants.filter((m) => {
    const wanted = m.capabilities.events;
    return !wanted || !wanted.length || wanted.includes(eventType);
  }).map((m) => m.id);
}
