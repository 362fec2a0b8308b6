import type { InboundWebhook, PostalAddress, ReturnRef, TimeWindow, VerifyInbound } from '../common';
import type { PartnerEndpoint } from '../partner-http';

export interface PickupBooking { confirmationNumber: string; window: TimeWindow; trackingNumber: string | null }

export type PickupEventStatus = 'PICKED_UP' | 'FAILED' | 'CANCELLED';
export interface PickupEvent { confirmationNumber: string; status: PickupEventStatus; occurredAt: string; detail?: string | null }

/** The contract every home-pickup adapter implements. */
export interface PickupAdapter {
  readonly id: string;
  /** Windows offered for an address over the next `days` days. */
  availableWindows(partner: PartnerEndpoint, address: PostalAddress, days: number): Promise<TimeWindow[]>;
  schedule(partner: PartnerEndpoint, req: ReturnRef & { window: TimeWindow }, idempotencyKey: string): Promise<PickupBooking>;
  cancel(partner: PartnerEndpoint, confirmationNumber: string, idempotencyKey: string): Promise<void>;
  parseWebhook(partner: PartnerEndpoint, webhook: InboundWebhook): PickupEvent[];
  verifyWebhook?: VerifyInbound;
}
