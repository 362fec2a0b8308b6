import type { InboundWebhook, ReturnRef, VerifyInbound } from '../common';
import type { PartnerEndpoint } from '../partner-http';

/** A box-free store drop-off: the customer shows the QR code, the store packs and ships. */
export interface StoreDropOff { reference: string; qrCode: string; expectedBy: string }

export type StoreEventStatus = 'DROPPED_OFF' | 'HANDED_TO_CARRIER' | 'CANCELLED';
export interface StoreEvent { reference: string; status: StoreEventStatus; occurredAt: string; storeExternalId?: string | null }

/** The contract every store-network adapter implements. */
export interface StoreAdapter {
  readonly id: string;
  createDropOff(partner: PartnerEndpoint, req: ReturnRef & { storeExternalId: string | null; items: Array<{ sku: string; quantity: number }> }, idempotencyKey: string): Promise<StoreDropOff>;
  cancelDropOff(partner: PartnerEndpoint, reference: string, idempotencyKey: string): Promise<void>;
  parseWebhook(partner: PartnerEndpoint, webhook: InboundWebhook): StoreEvent[];
  verifyWebhook?: VerifyInbound;
}
