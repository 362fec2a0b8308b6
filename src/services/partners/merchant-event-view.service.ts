import { eq, sql, type SQL } from 'drizzle-orm';
import type { ListingMerchantEvent, ListingMerchantEventType, ReturnMerchantEvent, ReturnMerchantEventType } from '../../../integrations/merchant/types';
import { PermanentPartnerError } from '../../../integrations/errors';
import { customers, orderLines, orders, resaleListingEvents, resaleListings, returnEvents, returnItems, returns } from '../../db/schema';
import { preparedPer } from '../../db/prepared';
import { formatAmount } from '../../domain/money';
import type { ServiceContext } from '../context';

/** What `returnEventView` builds in PostgreSQL: one JSON object per return event, mapped to the merchant's view in JS. */
export interface ReturnEventViewRow {
  id: string; at: string; data: Record<string, unknown>;
  returnId: string; rmaNumber: string; status: string; refundMinor: number; currencyCode: string; refundStatus: string;
  orderNumber: string; customerExternalId: string;
  items: ReturnMerchantEvent['data']['items'];
}

/**
 * A return event with its return, order, customer and items (SKU from the order line, in id order) as one JSON object,
 * or null when the event does not exist: one scalar subquery, so the dispatch worker's claim can return it beside the
 * row it claims (`returnEventViewOf` in the claim's RETURNING) and the standalone read below sends the same SQL.
 */
export function returnEventView(eventId: SQL): SQL<ReturnEventViewRow | null> {
  // Every column qualified by its alias: drizzle leaves column references unqualified in some statements (a select
  // from one table), and this subquery must mean the same wherever it is embedded.
  return sql<ReturnEventViewRow | null>`(
    select json_build_object(
      'id', ev.id, 'at', ev.at, 'data', ev.data,
      'returnId', r.id, 'rmaNumber', r.rma_number, 'status', r.status, 'refundMinor', r.refund_minor,
      'currencyCode', r.currency_code, 'refundStatus', r.refund_status,
      'orderNumber', o.order_number, 'customerExternalId', c.external_id,
      'items', (
        select coalesce(json_agg(json_build_object(
          'sku', ol.sku, 'quantity', ri.quantity, 'receivedQuantity', ri.received_quantity,
          'reason', ri.reason, 'grade', ri.grade, 'disposition', ri.disposition
        ) order by ri.id), '[]'::json)
        from ${returnItems} ri join ${orderLines} ol on ol.id = ri.order_line_id
        where ri.return_id = r.id))
    from ${returnEvents} ev
    join ${returns} r on r.id = ev.return_id
    join ${orders} o on o.id = r.order_id
    join ${customers} c on c.id = r.customer_id
    where ev.id = ${eventId})`;
}

const returnEventViewById = preparedPer((db) => db.select({ view: returnEventView(sql`${sql.placeholder('eventId')}::uuid`) })
  .from(sql`(values (1)) as one`).prepare('merchant_return_event'));

/** The merchant's view of a return event from its `returnEventView` row. */
export function returnMerchantEventOf(row: ReturnEventViewRow, type: ReturnMerchantEventType): ReturnMerchantEvent {
  return {
    id: row.id,
    type,
    occurredAt: new Date(row.at).toISOString(),
    data: {
      returnId: row.returnId,
      rmaNumber: row.rmaNumber,
      orderNumber: row.orderNumber,
      status: row.status,
      customerExternalId: row.customerExternalId,
      refund: { amount: formatAmount(row.refundMinor, row.currencyCode), currencyCode: row.currencyCode, status: row.refundStatus },
      items: row.items,
      details: row.data,
    },
  };
}

/** Builds the merchant's view of a return event from the database (payloads carry ids, not objects). */
export async function returnMerchantEvent(ctx: ServiceContext, eventId: string, type: ReturnMerchantEventType): Promise<ReturnMerchantEvent> {
  const [row] = await returnEventViewById(ctx.db).execute({ eventId });
  if (!row?.view) throw new PermanentPartnerError('the return event no longer exists');
  return returnMerchantEventOf(row.view, type);
}

/** Builds the merchant's view of one listing change from its history row (the listing as it stood after it). */
export async function listingMerchantEvent(ctx: ServiceContext, listingEventId: string, type: ListingMerchantEventType): Promise<ListingMerchantEvent> {
  const [row] = await ctx.db.select({ event: resaleListingEvents, listing: resaleListings }).from(resaleListingEvents)
    .innerJoin(resaleListings, eq(resaleListings.id, resaleListingEvents.listingId))
    .where(eq(resaleListingEvents.id, listingEventId));
  if (!row) throw new PermanentPartnerError('the listing event no longer exists');
  const { event, listing } = row;
  const at = event.data as { status?: string; priceMinor?: number; soldPriceMinor?: number | null };
  const currency = listing.currencyCode;
  const priceMinor = typeof at.priceMinor === 'number' ? at.priceMinor : listing.priceMinor;
  const soldMinor = typeof at.soldPriceMinor === 'number' ? at.soldPriceMinor : null;
  const { status: _status, priceMinor: _price, soldPriceMinor: _sold, ...details } = event.data;
  return {
    id: event.id,
    type,
    occurredAt: event.at.toISOString(),
    data: {
      listingId: listing.id,
      returnItemId: listing.returnItemId,
      sku: listing.sku,
      category: listing.category,
      units: listing.units,
      condition: listing.conditionLabel,
      source: listing.sourceDisposition,
      status: typeof at.status === 'string' ? at.status : listing.status,
      price: { amount: formatAmount(priceMinor, currency), currencyCode: currency },
      soldPrice: soldMinor === null ? null : { amount: formatAmount(soldMinor, currency), currencyCode: currency },
      details,
    },
  };
}
