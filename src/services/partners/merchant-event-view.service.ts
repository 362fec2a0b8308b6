import { eq, inArray } from 'drizzle-orm';
import type { ListingMerchantEvent, ListingMerchantEventType, ReturnMerchantEvent, ReturnMerchantEventType } from '../../../integrations/merchant/types';
import { PermanentPartnerError } from '../../../integrations/errors';
import { customers, orderLines, orders, resaleListingEvents, resaleListings, returnEvents, returnItems, returns } from '../../db/schema';
import { formatAmount } from '../../domain/money';
import type { ServiceContext } from '../context';

/** Builds the merchant's view of a return event from the database (payloads carry ids, not objects). */
export async function returnMerchantEvent(ctx: ServiceContext, eventId: string, type: ReturnMerchantEventType): Promise<ReturnMerchantEvent> {
  const [row] = await ctx.db.select({ event: returnEvents, ret: returns, order: orders, customer: customers })
    .from(returnEvents)
    .innerJoin(returns, eq(returns.id, returnEvents.returnId))
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId))
    .where(eq(returnEvents.id, eventId));
  if (!row) throw new PermanentPartnerError('the return event no longer exists');
  const items = await ctx.db.select({ item: returnItems, sku: orderLines.sku }).from(returnItems)
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
    .where(inArray(returnItems.returnId, [row.ret.id])).orderBy(returnItems.id);
  return {
    id: row.event.id,
    type,
    occurredAt: row.event.at.toISOString(),
    data: {
      returnId: row.ret.id,
      rmaNumber: row.ret.rmaNumber,
      orderNumber: row.order.orderNumber,
      status: row.ret.status,
      customerExternalId: row.customer.externalId,
      refund: { amount: formatAmount(row.ret.refundMinor, row.ret.currencyCode), currencyCode: row.ret.currencyCode, status: row.ret.refundStatus },
      items: items.map(({ item, sku }) => ({
        sku, quantity: item.quantity, receivedQuantity: item.receivedQuantity, reason: item.reason, grade: item.grade, disposition: item.disposition,
      })),
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
