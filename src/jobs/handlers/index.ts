import { bookingCreateHandler, bookingReleaseHandler } from './booking.handler';
import { locationSyncHandler } from './location-sync.handler';
import { merchantEventHandler, merchantListingHandler } from './merchant-event.handler';
import { recyclingDispatchHandler } from './recycling.handler';
import { refurbishmentDecisionHandler, refurbishmentDispatchHandler } from './refurbishment.handler';
import type { JobHandler } from './types';
import { vendorReturnDispatchHandler } from './vendor-return.handler';

/** Integration job types (stored in integration_jobs.type) and the handler that performs each. */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  'merchant.event': merchantEventHandler,
  'merchant.listing': merchantListingHandler,
  'booking.create': bookingCreateHandler,
  'booking.release': bookingReleaseHandler,
  'locations.sync': locationSyncHandler,
  'refurbishment.dispatch': refurbishmentDispatchHandler,
  'refurbishment.decision': refurbishmentDecisionHandler,
  'recycling.dispatch': recyclingDispatchHandler,
  'vendor-return.dispatch': vendorReturnDispatchHandler,
};
