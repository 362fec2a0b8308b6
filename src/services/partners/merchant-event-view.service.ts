import { eq, sql } from 'drizzle-orm';
import type { ListingMerchantEvent, ListingMerchantEventType, ReturnMerchantEvent, ReturnMerchantEventType } from '../../../integrations/merchant/types';
import { PermanentPartnerError } from '../../../integrations/errors';
import { customers, orderLines, orders, resaleListingEvents, resaleListings, returnEvents, returnItems, returns } from '../../db/schema';
import { preparedPer } from '../../db/prepared';
import { formatAmount } from '../../domain/money';
import type { ServiceContext } from '../context';

/** A return event with its return, order, customer and items (SKU from the order line, in id order): one statement. */
const returnEventView = preparedPer((db) => db.select({
  event: returnEvents, ret: returns, orderNumber: orders.orderNumber, customerExternalId: customers.externalId,
  items: sql<ReturnMerchantEvent['data']['items']>`(
    select coalesce(json_agg(json_build_object(
      'sku', ${orderLines.sku}, 'quantity', ${returnItems.quantity}, 'receivedQuantity', ${returnItems.receivedQuantity},
      'reason', ${returnItems.reason}, 'grade', ${returnItems.grade}, 'disposition', ${returnItems.disposition}
    ) order by ${returnItems.id}), '[]'::json)
    from ${returnItems} join ${orderLines} on ${orderLines.id} = ${returnItems.orderLineId}
    where ${returnItems.returnId} = ${returns.id})`,
})
  .from(returnEvents)
  .innerJoin(returns, eq(returns.id, returnEvents.returnId))
  .innerJoin(orders, eq(orders.id, returns.orderId))
  .innerJoin(customers, eq(customers.id, returns.customerId))
  .where(eq(returnEvents.id, sql.placeholder('eventId')))
  .prepare('merchant_return_event'));

/** Builds the merchant's view of a return event from the database (payloads carry ids, not objects). */
export async function returnMerchantEvent(ctx: ServiceContext, eventId: string, type: ReturnMerchantEventType): Promise<ReturnMerchantEvent> {
  const [row] = await returnEventView(ctx.db).execute({ eventId });
  if (!row) throw new PermanentPartnerError('the return event no longer exists');
  return {
    id: row.event.id,
    type,
    occurredAt: row.event.at.toISOString(),
    data: {
      returnId: row.ret.id,
      rmaNumber: row.ret.rmaNumber,
      orderNumber: row.orderNumber,
      status: row.ret.status,
      customerExternalId: row.customerExternalId,
      refund: { amount: formatAmount(row.ret.refundMinor, row.ret.currencyCode), currencyCode: row.ret.currencyCode, status: row.ret.refundStatus },
      items: row.items,
      details: row.event.data,
    },
  };
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
