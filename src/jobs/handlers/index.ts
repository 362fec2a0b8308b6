import { sql, type SQL } from 'drizzle-orm';
import { integrationJobs } from '../../db/schema';
import { INTEGRATION_JOB as J, type IntegrationJobType } from '../../services/partners/integration-job-types';
import { returnEventView } from '../../services/partners/merchant-event-view.service';
import { bookingCreateHandler, bookingReleaseHandler } from './booking.handler';
import { exchangeHoldCaptureHandler, exchangeHoldHandler, exchangeHoldReleaseHandler, exchangeOrderHandler } from './exchange.handler';
import { locationSyncHandler } from './location-sync.handler';
import { merchantEventHandler, merchantListingHandler } from './merchant-event.handler';
import { recyclingDispatchHandler } from './recycling.handler';
import { refurbishmentDecisionHandler, refurbishmentDispatchHandler } from './refurbishment.handler';
import { refundRequestedHandler, storeCreditRequestedHandler } from './settlement.handler';
import type { JobHandlers, JobInput } from './types';
import { vendorReturnDispatchHandler } from './vendor-return.handler';

/** Integration job types (stored in integration_jobs.type) and the handler that performs each. */
export const JOB_HANDLERS: JobHandlers = {
  [J.MERCHANT_EVENT]: merchantEventHandler,
  [J.MERCHANT_LISTING]: merchantListingHandler,
  [J.BOOKING_CREATE]: bookingCreateHandler,
  [J.BOOKING_RELEASE]: bookingReleaseHandler,
  [J.LOCATIONS_SYNC]: locationSyncHandler,
  [J.REFURBISHMENT_DISPATCH]: refurbishmentDispatchHandler,
  [J.REFURBISHMENT_DECISION]: refurbishmentDecisionHandler,
  [J.RECYCLING_DISPATCH]: recyclingDispatchHandler,
  [J.VENDOR_RETURN_DISPATCH]: vendorReturnDispatchHandler,
  [J.EXCHANGE_HOLD]: exchangeHoldHandler,
  [J.EXCHANGE_ORDER]: exchangeOrderHandler,
  [J.EXCHANGE_HOLD_RELEASE]: exchangeHoldReleaseHandler,
  [J.EXCHANGE_HOLD_CAPTURE]: exchangeHoldCaptureHandler,
  [J.REFUND_REQUESTED]: refundRequestedHandler,
  [J.STORE_CREDIT_REQUESTED]: storeCreditRequestedHandler,
};

/**
 * What the dispatch worker's claim returns beside the row it claims, per job type (a scalar subquery evaluated only for
 * that type; null for the others): a merchant.event job's return event view, so the hottest job type needs no read of
 * its own between the claim and the partner call. The handler falls back to its own read when this is null.
 */
export const claimPreload: SQL<unknown> = sql`case when ${integrationJobs}.type = ${sql.raw(`'${J.MERCHANT_EVENT}'`)}
  then ${returnEventView(sql`(${integrationJobs}.payload->>'eventId')::uuid`)} end`;

/** Runs the handler for the job's own type (the map's type ties each payload to its handler). */
export function performJob<K extends IntegrationJobType>(input: JobInput<K>): Promise<Record<string, unknown>> {
  const handler: JobHandlers[K] = JOB_HANDLERS[input.job.type];
  return handler(input);
}
