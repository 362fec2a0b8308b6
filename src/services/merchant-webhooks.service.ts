import { and, eq } from 'drizzle-orm';
import type { ListingMerchantEventType, MerchantEventType, ReturnMerchantEventType } from '../../integrations/merchant/types';
import { partners } from '../db/schema';
import type { ServiceContext } from './context';
import { enqueueIntegrationJob } from './integration-job.service';
import type { ReturnEventType } from './return-events';

/** Which internal history entries merchants hear about, under which public name. */
const PUBLIC_EVENT: Partial<Record<ReturnEventType, ReturnMerchantEventType>> = {
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

/**
 * Writes one outbox job per subscribed MERCHANT partner for a return event, in the caller's transaction.
 * A merchant with no `capabilities.events` list receives every event.
 */
export async function notifyMerchants(tx: ServiceContext, returnId: string, eventId: string, type: ReturnEventType): Promise<void> {
  const eventType = PUBLIC_EVENT[type];
  if (!eventType) return;
  for (const partnerId of await subscribers(tx, eventType)) {
    await enqueueIntegrationJob(tx, { partnerId, type: 'merchant.event', payload: { eventId, eventType }, returnId });
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

/**
 * Writes one `merchant.listing` outbox job per subscribed MERCHANT partner for a listing history row, in the caller's
 * transaction; the payload carries ids only, the handler builds the body.
 */
export async function notifyListing(
  tx: ServiceContext, listingEventId: string, eventType: ListingMerchantEventType, returnId: string | null,
): Promise<void> {
  for (const partnerId of await subscribers(tx, eventType)) {
    await enqueueIntegrationJob(tx, { partnerId, type: 'merchant.listing', payload: { listingEventId, eventType }, returnId });
  }
}
