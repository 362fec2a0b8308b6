import type { MoneyValue } from '../../src/domain/money';
import type { InboundWebhook, VerifyInbound } from '../common';
import type { PartnerEndpoint } from '../partner-http';

/** Amounts exchanged with vendors: a decimal string in the currency's precision, as in the GraphQL API. */
export type VendorMoney = MoneyValue;

/** What Boomerang sends a vendor about one unit to refurbish. */
export interface RefurbishmentRequest {
  /** Boomerang's job id (a global id): the vendor reports with it, in GraphQL and webhooks alike. */
  jobId: string;
  sku: string;
  productName: string;
  category: string;
  /** The inspection grade (ConditionGrade) and notes. */
  conditionGrade: string | null;
  inspectionNotes: string | null;
  /** What the inspector found on each axis (CosmeticGrade, FunctionalGrade), when recorded. */
  cosmeticGrade?: string | null;
  functionalGrade?: string | null;
  returnReason: string;
  /** True when a data-sanitization certificate is expected with the completion report. */
  dataBearing: boolean;
  /** The currency the quote and cost are reported in (the job's: the customer's order currency). */
  currencyCode: string;
  /** When Boomerang expects the job done (the vendor's SLA). */
  dueAt: string | null;
  /** Where the unit ships from. */
  from: { name: string; line1: string; city: string; postalCode: string; countryCode: string };
}

/** The vendor's acknowledgement of a dispatched job. */
export interface RefurbishmentDispatch { vendorReference: string }

/** Boomerang's go-ahead (or not) for a diagnosed job. */
export interface RefurbishmentDecisionNotice {
  jobId: string;
  decision: 'REPAIR' | 'RETURN_AS_IS' | 'HARVEST_PARTS' | 'RECYCLE';
  approvedQuote: VendorMoney | null;
}

/** A vendor's progress report, normalized. */
export interface RefurbishmentUpdate {
  jobId: string;
  status: 'ACCEPTED' | 'REJECTED' | 'DIAGNOSED' | 'IN_REPAIR' | 'COMPLETED' | 'UNREPAIRABLE';
  occurredAt: string;
  quote?: VendorMoney | null;
  cost?: VendorMoney | null;
  cosmeticGrade?: string | null;
  functionalGrade?: string | null;
  batteryHealthPct?: number | null;
  partsReplaced?: string[] | null;
  sanitizationCertificateRef?: string | null;
  notes?: string | null;
}

/** The contract every refurbisher adapter implements. Errors: TransientPartnerError / PermanentPartnerError. */
export interface RefurbisherAdapter {
  readonly id: string;
  /** Hands a unit to the vendor; repeating the same idempotency key must not create a second job. */
  dispatchJob(partner: PartnerEndpoint, req: RefurbishmentRequest, idempotencyKey: string): Promise<RefurbishmentDispatch>;
  /** Tells the vendor whether to repair a diagnosed unit. */
  sendDecision(partner: PartnerEndpoint, notice: RefurbishmentDecisionNotice, idempotencyKey: string): Promise<void>;
  /** Translates a verified webhook into updates; throws PermanentPartnerError when the body is malformed. */
  parseWebhook(partner: PartnerEndpoint, webhook: InboundWebhook): RefurbishmentUpdate[];
  verifyWebhook?: VerifyInbound;
}
