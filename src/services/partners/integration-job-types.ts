import type { ListingMerchantEventType, ReturnMerchantEventType } from '../../../integrations/merchant/types';
import type { integrationJobs } from '../../db/schema';
import type { RefurbishmentDecision } from '../../domain/refurbishment-status';

/**
 * Integration job types: stored in integration_jobs.type, they must not drift. This module is the one contract between
 * the services that write outbox rows and the handlers in src/jobs that perform them (services may not import jobs;
 * the domain may not name integration types such as merchant event types, so the contract lives here).
 */
export const INTEGRATION_JOB = {
  MERCHANT_EVENT: 'merchant.event',
  MERCHANT_LISTING: 'merchant.listing',
  BOOKING_CREATE: 'booking.create',
  BOOKING_RELEASE: 'booking.release',
  LOCATIONS_SYNC: 'locations.sync',
  REFURBISHMENT_DISPATCH: 'refurbishment.dispatch',
  REFURBISHMENT_DECISION: 'refurbishment.decision',
  RECYCLING_DISPATCH: 'recycling.dispatch',
  VENDOR_RETURN_DISPATCH: 'vendor-return.dispatch',
  EXCHANGE_HOLD: 'exchange.hold',
  EXCHANGE_ORDER: 'exchange.order',
  EXCHANGE_HOLD_RELEASE: 'exchange.hold-release',
  EXCHANGE_HOLD_CAPTURE: 'exchange.hold-capture',
  REFUND_REQUESTED: 'refund.requested',
  STORE_CREDIT_REQUESTED: 'store-credit.requested',
} as const;

/** Payload per integration job type (integration_jobs.payload): ids, never objects, so a retry sees current data. */
export interface IntegrationJobPayloads {
  [INTEGRATION_JOB.MERCHANT_EVENT]: { eventId: string; eventType: ReturnMerchantEventType };
  [INTEGRATION_JOB.MERCHANT_LISTING]: { listingEventId: string; eventType: ListingMerchantEventType };
  [INTEGRATION_JOB.BOOKING_CREATE]: { bookingId: string };
  [INTEGRATION_JOB.BOOKING_RELEASE]: { bookingId: string };
  [INTEGRATION_JOB.LOCATIONS_SYNC]: Record<string, never>;
  [INTEGRATION_JOB.REFURBISHMENT_DISPATCH]: { refurbishmentJobId: string };
  [INTEGRATION_JOB.REFURBISHMENT_DECISION]: { refurbishmentJobId: string; decision: RefurbishmentDecision };
  [INTEGRATION_JOB.RECYCLING_DISPATCH]: { recyclingLotId: string };
  [INTEGRATION_JOB.VENDOR_RETURN_DISPATCH]: { vendorReturnAuthorizationId: string };
  [INTEGRATION_JOB.EXCHANGE_HOLD]: { exchangeId: string };
  [INTEGRATION_JOB.EXCHANGE_ORDER]: { exchangeId: string };
  [INTEGRATION_JOB.EXCHANGE_HOLD_RELEASE]: { exchangeId: string };
  [INTEGRATION_JOB.EXCHANGE_HOLD_CAPTURE]: { exchangeId: string };
  [INTEGRATION_JOB.REFUND_REQUESTED]: { payoutId: string; attempt: number };
  [INTEGRATION_JOB.STORE_CREDIT_REQUESTED]: { payoutId: string; attempt: number };
}

export type IntegrationJobType = keyof IntegrationJobPayloads;

/** An outbox row whose `type` and `payload` agree. */
export type IntegrationJob<K extends IntegrationJobType = IntegrationJobType> =
  Omit<typeof integrationJobs.$inferSelect, 'type' | 'payload'> & { type: K; payload: IntegrationJobPayloads[K] };

const TYPES: ReadonlySet<string> = new Set(Object.values(INTEGRATION_JOB));

/** True when a stored type is one this version knows how to perform. */
export function isIntegrationJobType(type: string): type is IntegrationJobType {
  return TYPES.has(type);
}

/**
 * Reads a stored row as its typed job, or null for an unknown type. Payloads are only written by
 * enqueueIntegrationJob, whose signature ties each payload to its type, so the row's payload is trusted here.
 */
export function asIntegrationJob(row: typeof integrationJobs.$inferSelect): IntegrationJob | null {
  return isIntegrationJobType(row.type) ? (row as IntegrationJob) : null;
}
