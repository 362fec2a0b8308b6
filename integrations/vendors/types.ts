import type { InboundWebhook, VerifyInbound } from '../common';
import type { PartnerEndpoint } from '../partner-http';

/** An amount as exchanged with partners: a decimal string in the currency's minor-unit precision. */
export interface VendorMoney { amount: string; currencyCode: string }

/** What Boomerang sends a vendor about one vendor return authorization (VRA). */
export interface VendorAuthorizationRequest {
  /** Boomerang's VRA id (a global id): the vendor confirms the credit with it, in GraphQL and webhooks alike. */
  authorizationId: string;
  /** The supplier as on the products. */
  supplier: string | null;
  /** units × unit value × the RTV credit fraction, summed. */
  expectedCredit: VendorMoney;
  units: Array<{ sku: string; units: number; unitValue: VendorMoney; expectedCredit: VendorMoney }>;
  /** Where the units ship from. */
  from: { name: string; line1: string; city: string; postalCode: string; countryCode: string };
}

/** The vendor's acknowledgement: its RMA reference for the authorization. */
export interface VendorAuthorizationDispatch { vendorReference: string }

/** A vendor's credit confirmation, normalized (the same fields as `confirmVendorCredit`). */
export interface VendorCreditConfirmation {
  authorizationId: string;
  occurredAt: string;
  creditedAmount: VendorMoney;
  /** The vendor's credit note reference. */
  reference: string;
}

/** The contract every vendor adapter implements. Errors: TransientPartnerError / PermanentPartnerError. */
export interface VendorAdapter {
  readonly id: string;
  /** Hands an authorization to the vendor; repeating the same idempotency key must not create a second one. */
  dispatchAuthorization(partner: PartnerEndpoint, req: VendorAuthorizationRequest, idempotencyKey: string): Promise<VendorAuthorizationDispatch>;
  /** Translates a verified webhook into credit confirmations; throws PermanentPartnerError when the body is malformed. */
  parseWebhook(partner: PartnerEndpoint, webhook: InboundWebhook): VendorCreditConfirmation[];
  verifyWebhook?: VerifyInbound;
}
