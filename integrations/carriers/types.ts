import type { InboundWebhook, ReturnRef, VerifyInbound } from '../common';
import type { PartnerEndpoint } from '../partner-http';

/** EasyPost-style normalized tracking statuses. */
export const TRACKING_STATUSES = ['pre_transit', 'in_transit', 'out_for_delivery', 'delivered', 'return_to_sender', 'failure'] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

/** A prepaid return label. */
export interface CarrierLabel {
  carrier: string;
  /** The carrier's shipment id, used to void the label. */
  shipmentId: string;
  trackingNumber: string;
  labelUrl: string | null;
  labelZplUrl: string | null;
  /** Paperless: a QR code (URL or data) the customer shows at the drop-off point. */
  qrCode: string | null;
}

/** One tracking update, normalized. */
export interface TrackingUpdate { trackingNumber: string; status: TrackingStatus; occurredAt: string; detail?: string | null }

/** The contract every carrier adapter implements. Errors: TransientPartnerError / PermanentPartnerError. */
export interface CarrierAdapter {
  readonly id: string;
  /** Books a prepaid return label (paperless adds a QR code). */
  createReturnLabel(partner: PartnerEndpoint, req: ReturnRef & { paperless: boolean; service?: string | null }, idempotencyKey: string): Promise<CarrierLabel>;
  /** Voids an unused label (compensation, expiry). Voiding an already void label succeeds. */
  voidLabel(partner: PartnerEndpoint, shipmentId: string, idempotencyKey: string): Promise<void>;
  /** Translates a verified webhook into tracking updates; throws PermanentPartnerError when the body is malformed. */
  parseWebhook(partner: PartnerEndpoint, webhook: InboundWebhook): TrackingUpdate[];
  /** Present when the partner does not sign with Standard Webhooks. */
  verifyWebhook?: VerifyInbound;
}
