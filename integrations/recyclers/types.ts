import type { InboundWebhook, VerifyInbound } from '../common';
import type { PartnerEndpoint } from '../partner-http';

/** Material fractions and treatment routes, as in the GraphQL API (`Material`, `TreatmentRoute`). */
export type RecyclerMaterial = 'FERROUS' | 'NON_FERROUS' | 'PLASTICS' | 'GLASS' | 'PAPER_CARDBOARD' | 'TEXTILES' | 'BATTERIES' | 'CIRCUIT_BOARDS' | 'OTHER';
export type RecyclerRoute = 'REUSE' | 'RECYCLING' | 'ENERGY_RECOVERY' | 'DISPOSAL';

/** What Boomerang sends a recycler about one lot. */
export interface RecyclingLotRequest {
  /** Boomerang's lot id (a global id): the recycler reports with it, in GraphQL and webhooks alike. */
  lotId: string;
  materialStream: string;
  /** WEEE category 1–6 for electronics; null otherwise. */
  weeeCategory: number | null;
  declaredWeightKg: number;
  /** True when a data-destruction certificate is expected with the report. */
  dataBearing: boolean;
  units: Array<{ sku: string; category: string; units: number; weightKg: number | null }>;
  /** Where the lot ships from. */
  from: { name: string; line1: string; city: string; postalCode: string; countryCode: string };
}

/** The recycler's acknowledgement of a dispatched lot. */
export interface RecyclingLotDispatch { recyclerReference: string }

/** A recycler's report on a lot, normalized (the same fields as `reportRecyclingLot`). */
export interface RecyclingLotReport {
  lotId: string;
  occurredAt: string;
  certificateNumber: string;
  dataDestructionCertificate: string | null;
  materials: Array<{ material: RecyclerMaterial; weightKg: number; route: RecyclerRoute }>;
}

/** The contract every recycler adapter implements. Errors: TransientPartnerError / PermanentPartnerError. */
export interface RecyclerAdapter {
  readonly id: string;
  /** Hands a lot to the recycler; repeating the same idempotency key must not create a second lot. */
  dispatchLot(partner: PartnerEndpoint, req: RecyclingLotRequest, idempotencyKey: string): Promise<RecyclingLotDispatch>;
  /** Translates a verified webhook into reports; throws PermanentPartnerError when the body is malformed. */
  parseWebhook(partner: PartnerEndpoint, webhook: InboundWebhook): RecyclingLotReport[];
  verifyWebhook?: VerifyInbound;
}
