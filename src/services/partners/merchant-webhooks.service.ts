import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { ListingMerchantEventType, MerchantEventType, ReturnMerchantEventType } from '../../../integrations/merchant/types';
import { partners } from '../../db/schema';
import type { ActiveMerchant, AppendedEvent, ListingEventType, ReturnEventType } from '../../domain/history-events';
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
  EXCHANGE_ORDERED: 'return.exchange_ordered',
  EXCHANGE_FAILED: 'return.exchange_failed',
  EXCHANGE_HOLD_PLACED: 'return.exchange_hold_placed',
  EXCHANGE_HOLD_FAILED: 'return.exchange_hold_failed',
  EXCHANGE_HOLD_RELEASED: 'return.exchange_hold_released',
  EXCHANGE_HOLD_CHARGED: 'return.exchange_hold_charged',
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
    for (const partnerId of subscribed(event.merchants ?? await activeMerchants(tx), eventType)) {
      await enqueueIntegrationJob(tx, { partnerId, type: 'merchant.event', payload: { eventId: event.id, eventType }, returnId: event.returnId });
    }
    return;
  }
  const eventType = PUBLIC_LISTING_EVENT[event.type];
  for (const partnerId of subscribed(await activeMerchants(tx), eventType)) {
    await enqueueIntegrationJob(tx, { partnerId, type: 'merchant.listing', payload: { listingEventId: event.id, eventType }, returnId: event.returnId });
  }
}

/** True when merchants hear about this return event type (the ones notifyMerchants needs the active merchants for). */
export function announcesReturnEvent(type: ReturnEventType): boolean {
  return PUBLIC_RETURN_EVENT[type] !== undefined;
}

let activeMerchantsSql: SQL<unknown> | null = null;

/**
 * The active MERCHANT partners as a json array of `{ id, capabilities }`, for the statement that appends a return
 * event to carry in its RETURNING (appendEvent): notifyMerchants then needs no query of its own. It reads the
 * partners table in the appending transaction, as the query it saves did, so a merchant registered or disabled is
 * seen by the next event as before (no cache, nothing to go stale across processes).
 */
export function activeMerchantsColumn(): SQL<unknown> {
  // Nested, so drizzle keeps the table name on the columns inside the INSERT's RETURNING.
  activeMerchantsSql ??= sql`(${sql`select coalesce(json_agg(json_build_object('id', ${partners.id}, 'capabilities', ${partners.capabilities})), '[]'::json)
    from ${partners} where ${partners.kind} = 'MERCHANT' and ${partners.status} = 'ACTIVE'`})`;
  return activeMerchantsSql;
}

/** activeMerchantsColumn's value as read back (postgres.js parses json; a driver that does not gives the text). */
export function parseActiveMerchants(value: unknown): ActiveMerchant[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as ActiveMerchant[];
}

/** Active MERCHANT partners and what they subscribe to. */
async function activeMerchants(tx: ServiceContext): Promise<ActiveMerchant[]> {
  return tx.db.select({ id: partners.id, capabilities: partners.capabilities }).from(partners)
    .where(and(eq(partners.kind, 'MERCHANT'), eq(partners.status, 'ACTIVE')));
}

/** The merchants subscribed to eventType (no `capabilities.events` list: every event). */
function subscribed(merchants: readonly ActiveMerchant[], eventType: MerchantEventType): string[] {
  return merchants.filter((m) => {
    const wanted = m.capabilities.events;
    return !wanted || !wanted.length || wanted.includes(eventType);
  }).map((m) => m.id);
}
