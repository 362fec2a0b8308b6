import type { PartnerEndpoint } from '../partner-http';

/** Return lifecycle events a merchant can subscribe to (PartnerCapabilities.events). */
export const MERCHANT_EVENT_TYPES = [
  'return.requested', 'return.approved', 'return.rejected', 'return.method_booked', 'return.in_transit',
  'return.received', 'return.inspected', 'return.refund_issued', 'return.completed', 'return.cancelled', 'return.expired',
] as const;
export type MerchantEventType = (typeof MERCHANT_EVENT_TYPES)[number];

/** What a merchant's systems receive for one return event. */
export interface MerchantEvent {
  /** Unique per delivery subject: the return event id. */
  id: string;
  type: MerchantEventType;
  occurredAt: string;
  data: {
    returnId: string;
    rmaNumber: string;
    orderNumber: string;
    status: string;
    customerExternalId: string;
    refund: { amount: string; currencyCode: string; status: string };
    items: Array<{ sku: string; quantity: number; receivedQuantity: number; reason: string; grade: string | null; disposition: string | null }>;
    details: Record<string, unknown>;
  };
}

/** The contract every merchant adapter implements. */
export interface MerchantAdapter {
  /** Identifier stored on the partner (`partner.adapter`). */
  readonly id: string;
  /** Delivers one event; throws TransientPartnerError or PermanentPartnerError. `idempotencyKey` is the job id. */
  deliverEvent(partner: PartnerEndpoint, event: MerchantEvent, idempotencyKey: string): Promise<{ acknowledged: boolean }>;
}
