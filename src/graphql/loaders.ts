import DataLoader from 'dataloader';
import type { ServiceContext } from '../services/context';
import { bulkImportsByIds } from '../services/imports/bulk-import.service';
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
import { exchangesByItemIds } from '../services/returns/exchange-query.service';
import { payoutsByReturnIds } from '../services/returns/settlement.service';
import {
  customersByIds, eventsByReturnIds, itemsAndLinesByReturnIds, linesByOrderIds, orderLinesByIds, ordersByIds, returnItemsByIds, returnsByIds,
} from '../services/returns/return-query.service';

type OrderLine = NonNullable<Awaited<ReturnType<typeof orderLinesByIds>>[number]>;
type ReturnItem = Awaited<ReturnType<typeof itemsAndLinesByReturnIds>>['items'][number][number];

/** How each of a request's loaders is made. */
const FACTORIES = {
  returns: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => returnsByIds(ctx, ids)),
  returnItems: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => returnItemsByIds(ctx, ids)),
  // Items come with their order lines (one statement), which wait in the orderLines loader for `ReturnItem.orderLine`.
  itemsByReturn: (ctx: ServiceContext, loaders: { orderLines: DataLoader<string, OrderLine | null> }) => new DataLoader(async (ids: readonly string[]) => {
    const { items, lines } = await itemsAndLinesByReturnIds(ctx, ids);
    for (const line of lines) loaders.orderLines.prime(line.id, line);
    return items;
  }),
  eventsByReturn: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => eventsByReturnIds(ctx, ids)),
  payoutsByReturn: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => payoutsByReturnIds(ctx, ids)),
  orders: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => ordersByIds(ctx, ids)),
  orderLines: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => orderLinesByIds(ctx, ids)),
  linesByOrder: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => linesByOrderIds(ctx, ids)),
  customers: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => customersByIds(ctx, ids)),
  partners: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => partnersByIds(ctx, ids)),
  partnerApiKeys: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => partnerApiKeysByIds(ctx, ids)),
  integrationJobs: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => integrationJobsByIds(ctx, ids)),
  custody: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => custodyByItemIds(ctx, ids)),
  locations: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => locationsByIds(ctx, ids)),
  refurbishmentJobs: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => refurbishmentJobsByIds(ctx, ids)),
  eventsByRefurbishmentJob: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => refurbishmentEventsByJobIds(ctx, ids)),
  recyclingLots: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => recyclingLotsByIds(ctx, ids)),
  unitsByRecyclingLot: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => unitsByLotIds(ctx, ids)),
  materialsByRecyclingLot: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => materialsByLotIds(ctx, ids)),
  eventsByRecyclingLot: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => eventsByLotIds(ctx, ids)),
  resaleListings: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => resaleListingsByIds(ctx, ids)),
  eventsByResaleListing: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => resaleListingEventsByIds(ctx, ids)),
  disposals: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => disposalRecordsByIds(ctx, ids)),
  vendorReturns: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => vendorReturnsByIds(ctx, ids)),
  unitsByVendorReturn: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => unitsByVendorReturnIds(ctx, ids)),
  eventsByVendorReturn: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => eventsByVendorReturnIds(ctx, ids)),
  refurbishers: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => refurbishersByIds(ctx, ids)),
  adminOperations: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => adminOperationsByIds(ctx, ids)),
  bulkImports: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => bulkImportsByIds(ctx, ids)),
  riskModelsByVersion: (ctx: ServiceContext) => new DataLoader((versions: readonly number[]) => riskModelsByVersions(ctx, versions)),
  bookingsByReturn: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => latestBookings(ctx, ids)),
  /** Return risk per order id (with its lines): one query each for the model, the lines and the customers' history. */
  returnRisk: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => returnRiskByOrderIds(ctx, ids)),
  /** The exchange of each return item (by the original item's id). */
  exchangesByItem: (ctx: ServiceContext) => new DataLoader((ids: readonly string[]) => exchangesByItemIds(ctx, ids)),
};

type Factories = typeof FACTORIES;
export type Loaders = { readonly [K in keyof Factories]: ReturnType<Factories[K]> };

/**
 * Per-request batch loaders: every relation resolves in one query per page, whatever the page size. Each loader is
 * created when first read (a request with a read snapshot makes two sets, and a page reads three of thirty loaders).
 */
export function createLoaders(ctx: ServiceContext): Loaders {
  const loaders: Partial<Record<keyof Factories, unknown>> = {};
  const proxy: Loaders = new Proxy(loaders, {
    get(made, key) {
      if (typeof key !== 'string' || !Object.hasOwn(FACTORIES, key)) return undefined;
      return made[key as keyof Factories] ??= FACTORIES[key as keyof Factories](ctx, proxy);
    },
  }) as Loaders;
  return proxy;
}

/** Items and order lines read by a page statement with its returns (listReturns with `withItems`), for the loaders they primed. */
export interface Prefetched { loaders: Loaders; items: Map<string, ReturnItem[]>; lines: Map<string, OrderLine> }

/**
 * Keeps what a page statement read: `Return.items` and `ReturnItem.orderLine` answer from it without a promise per
 * field, while the request reads through the same loaders (a snapshot opened later makes new loaders, and then the
 * loaders answer). With `prime`, the loaders get the rows too, for any other field that reads items or lines; never
 * with partial rows.
 */
export function keepPrefetched(
  ctx: { loaders: Loaders; prefetched?: Prefetched }, items: ReadonlyMap<string, ReturnItem[]>, lines: OrderLine[], prime: boolean,
): void {
  if (ctx.prefetched?.loaders !== ctx.loaders) ctx.prefetched = { loaders: ctx.loaders, items: new Map(), lines: new Map() };
  const kept = ctx.prefetched;
  for (const [id, list] of items) {
    kept.items.set(id, list);
    if (prime) ctx.loaders.itemsByReturn.prime(id, list);
  }
  for (const line of lines) {
    kept.lines.set(line.id, line);
    if (prime) ctx.loaders.orderLines.prime(line.id, line);
  }
}

const current = (ctx: { loaders: Loaders; prefetched?: Prefetched }) => (ctx.prefetched?.loaders === ctx.loaders ? ctx.prefetched : undefined);

/** A return's items as the page read them, or the loader's promise. */
export function itemsOf(ctx: { loaders: Loaders; prefetched?: Prefetched }, returnId: string): ReturnItem[] | Promise<ReturnItem[]> {
  return current(ctx)?.items.get(returnId) ?? ctx.loaders.itemsByReturn.load(returnId);
}

/** An order line as the page read it, or the loader's promise (null when the actor may not see it). */
export function orderLineOf(ctx: { loaders: Loaders; prefetched?: Prefetched }, lineId: string): OrderLine | null | Promise<OrderLine | null> {
  return current(ctx)?.lines.get(lineId) ?? ctx.loaders.orderLines.load(lineId);
}
