import DataLoader from 'dataloader';
import type { ServiceContext } from '../services/context';
import { adminOperationsByIds, riskModelsByVersions } from '../services/insight/admin-operation.service';
import { integrationJobsByIds } from '../services/partners/integration-job.service';
import { partnerApiKeysByIds, partnersByIds } from '../services/partners/partner.service';
import { custodyByItemIds } from '../services/next-life/custody.service';
import { eventsByLotIds, materialsByLotIds, recyclingLotsByIds, unitsByLotIds } from '../services/next-life/recycling.service';
import { refurbishersByIds, refurbishmentEventsByJobIds, refurbishmentJobsByIds } from '../services/next-life/refurbishment.service';
import { disposalRecordsByIds, resaleListingEventsByIds, resaleListingsByIds } from '../services/next-life/resale.service';
import { eventsByVendorReturnIds, unitsByVendorReturnIds, vendorReturnsByIds } from '../services/next-life/vendor-return.service';
import { locationsByIds } from '../services/methods/location.service';
import { latestBookings } from '../services/methods/return-method.service';
import { returnRiskByOrderIds } from '../services/insight/risk-scoring.service';
import {
  customersByIds, eventsByReturnIds, itemsByReturnIds, linesByOrderIds, orderLinesByIds, ordersByIds, returnItemsByIds, returnsByIds,
} from '../services/returns/return-query.service';

/** Per-request batch loaders: every relation resolves in one query per page, whatever the page size. */
export function createLoaders(ctx: ServiceContext) {
  return {
    returns: new DataLoader((ids: readonly string[]) => returnsByIds(ctx, ids)),
    returnItems: new DataLoader((ids: readonly string[]) => returnItemsByIds(ctx, ids)),
    itemsByReturn: new DataLoader((ids: readonly string[]) => itemsByReturnIds(ctx, ids)),
    eventsByReturn: new DataLoader((ids: readonly string[]) => eventsByReturnIds(ctx, ids)),
    orders: new DataLoader((ids: readonly string[]) => ordersByIds(ctx, ids)),
    orderLines: new DataLoader((ids: readonly string[]) => orderLinesByIds(ctx, ids)),
    linesByOrder: new DataLoader((ids: readonly string[]) => linesByOrderIds(ctx, ids)),
    customers: new DataLoader((ids: readonly string[]) => customersByIds(ctx, ids)),
    partners: new DataLoader((ids: readonly string[]) => partnersByIds(ctx, ids)),
    partnerApiKeys: new DataLoader((ids: readonly string[]) => partnerApiKeysByIds(ctx, ids)),
    integrationJobs: new DataLoader((ids: readonly string[]) => integrationJobsByIds(ctx, ids)),
    custody: new DataLoader((ids: readonly string[]) => custodyByItemIds(ctx, ids)),
    locations: new DataLoader((ids: readonly string[]) => locationsByIds(ctx, ids)),
    refurbishmentJobs: new DataLoader((ids: readonly string[]) => refurbishmentJobsByIds(ctx, ids)),
    eventsByRefurbishmentJob: new DataLoader((ids: readonly string[]) => refurbishmentEventsByJobIds(ctx, ids)),
    recyclingLots: new DataLoader((ids: readonly string[]) => recyclingLotsByIds(ctx, ids)),
    unitsByRecyclingLot: new DataLoader((ids: readonly string[]) => unitsByLotIds(ctx, ids)),
    materialsByRecyclingLot: new DataLoader((ids: readonly string[]) => materialsByLotIds(ctx, ids)),
    eventsByRecyclingLot: new DataLoader((ids: readonly string[]) => eventsByLotIds(ctx, ids)),
    resaleListings: new DataLoader((ids: readonly string[]) => resaleListingsByIds(ctx, ids)),
    eventsByResaleListing: new DataLoader((ids: readonly string[]) => resaleListingEventsByIds(ctx, ids)),
    disposals: new DataLoader((ids: readonly string[]) => disposalRecordsByIds(ctx, ids)),
    vendorReturns: new DataLoader((ids: readonly string[]) => vendorReturnsByIds(ctx, ids)),
    unitsByVendorReturn: new DataLoader((ids: readonly string[]) => unitsByVendorReturnIds(ctx, ids)),
    eventsByVendorReturn: new DataLoader((ids: readonly string[]) => eventsByVendorReturnIds(ctx, ids)),
    refurbishers: new DataLoader((ids: readonly string[]) => refurbishersByIds(ctx, ids)),
    adminOperations: new DataLoader((ids: readonly string[]) => adminOperationsByIds(ctx, ids)),
    riskModelsByVersion: new DataLoader((versions: readonly number[]) => riskModelsByVersions(ctx, versions)),
    bookingsByReturn: new DataLoader((ids: readonly string[]) => latestBookings(ctx, ids)),
    /** Return risk per order id (with its lines): one query each for the model, the lines and the customers' history. */
    returnRisk: new DataLoader((ids: readonly string[]) => returnRiskByOrderIds(ctx, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
