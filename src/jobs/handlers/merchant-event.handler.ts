import { eq, inArray } from 'drizzle-orm';
import { adapterFor } from '../../../integrations/registry';
import type { MerchantEvent, MerchantEventType } from '../../../integrations/merchant/types';
import { PermanentPartnerError } from '../../../integrations/errors';
import { customers, orderLines, orders, returnEvents, returnItems, returns } from '../../db/schema';
import { formatAmount } from '../../domain/money';
import type { JobHandler } from './types';

/** Builds the merchant's view of a return event from the database (payloads carry ids, not objects). */
async function buildEvent(db: Parameters<JobHandler>[0]['db'], eventId: string, type: MerchantEventType): Promise<MerchantEvent> {
  const [row] = await db.select({ event: returnEvents, ret: returns, order: orders, customer: customers })
    .from(returnEvents)
    .innerJoin(returns, eq(returns.id, returnEvents.returnId))
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId))
    .where(eq(returnEvents.id, eventId));
  if (!row) throw new PermanentPartnerError('the return event no longer exists');
  const items = await db.select({ item: returnItems, sku: orderLines.sku }).from(returnItems)
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

/** `merchant.event`: delivers one return event to one merchant partner through its adapter. */
export const merchantEventHandler: JobHandler = async ({ db, partner, job }) => {
  const { eventId, eventType } = job.payload as { eventId: string; eventType: MerchantEventType };
  const event = await buildEvent(db, eventId, eventType);
  const adapter = adapterFor('MERCHANT', partner.adapter);
  const result = await adapter.deliverEvent(partner, event, job.id);
  return { acknowledged: result.acknowledged, eventType };
};
