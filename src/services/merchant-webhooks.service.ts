import { and, eq } from 'drizzle-orm';
import type { MerchantEventType } from '../../integrations/merchant/types';
import { partners } from '../db/schema';
import type { ServiceContext } from './context';
import { enqueueIntegrationJob } from './integration-job.service';
import type { ReturnEventType } from './return-events';

/** Which internal history entries merchants hear about, under which public name. */
const PUBLIC_EVENT: Partial<Record<ReturnEventType, MerchantEventType>> = {
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
  const merchants = await tx.db.select({ id: partners.id, capabilities: partners.capabilities }).from(partners)
    .where(and(eq(partners.kind, 'MERCHANT'), eq(partners.status, 'ACTIVE')));
  for (const m of merchants) {
    const wanted = m.capabilities.events;
    if (wanted && wanted.length && !wanted.includes(eventType)) continue;
    await enqueueIntegrationJob(tx, { partnerId: m.id, type: 'merchant.event', payload: { eventId, eventType }, returnId });
  }
}
