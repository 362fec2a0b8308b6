import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  customers, dropOffLocations, orderLines, orders, partners, products, returnBookings, returnItems, returnPolicies,
  type BookingOption, type PartnerKind,
} from '../../db/schema';
import { transportCo2eKg, METHOD_LEGS } from '../../domain/emissions';
import { majorToMinor } from '../../domain/money';
import { shippingFeeWaived, resolvePolicy } from '../../domain/return-policy';
import {
  DEFAULT_METHOD_FEES, DEFAULT_RETURN_COST_MAJOR, fitCompartment, parcelWeightGrams, pickupWindows, refundTiming, returnlessOffered, type DailySlot, type ReturnMethodType,
} from '../../domain/return-methods';
import { adapterIds } from '../../../integrations/registry';
import { type ServiceContext } from '../context';
import { UserErrorAbort } from '../errors';
import { nearbyLocations, type NearbyLocation } from './location.service';
import type { ReturnRow } from '../returns/return-transition';

export type BookingRow = typeof returnBookings.$inferSelect;
type PartnerRow = typeof partners.$inferSelect;

const KIND_FOR_METHOD: Record<Exclude<ReturnMethodType, 'RETURNLESS'>, PartnerKind> = {
  CARRIER_DROP_OFF: 'CARRIER', LOCKER: 'LOCKER_NETWORK', STORE_DROP_OFF: 'STORE_NETWORK', HOME_PICKUP: 'PICKUP',
};
const LOCATION_TYPE = { CARRIER_DROP_OFF: 'CARRIER_POINT', LOCKER: 'LOCKER', STORE_DROP_OFF: 'STORE' } as const;
const SEARCH_RADIUS_KM = 15;

/** One way to send a return back, as quoted. */
export interface MethodOption {
  id: string;
  type: ReturnMethodType;
  partner: PartnerRow | null;
  feeMinor: number;
  currencyCode: string;
  co2eKg: number;
  refundTiming: string;
  carrier: string | null;
  locations: NearbyLocation[];
  pickupWindows: Array<{ start: string; end: string }>;
}

/** Option ids are opaque to clients: the method and the partner that would perform it. */
export function encodeOptionId(type: ReturnMethodType, partnerId: string | null): string {
  return Buffer.from(JSON.stringify({ t: type, p: partnerId })).toString('base64url');
}

export function decodeOptionId(id: string): { type: ReturnMethodType; partnerId: string | null } | null {
  try {
    const v = JSON.parse(Buffer.from(id, 'base64url').toString()) as { t?: unknown; p?: unknown };
    const types: readonly string[] = ['CARRIER_DROP_OFF', 'LOCKER', 'STORE_DROP_OFF', 'HOME_PICKUP', 'RETURNLESS'];
    if (typeof v.t !== 'string' || !types.includes(v.t)) return null;
    if (v.p !== null && (typeof v.p !== 'string' || !/^[0-9a-f-]{36}$/.test(v.p))) return null;
    return { type: v.t as ReturnMethodType, partnerId: v.p as string | null };
  } catch {
    return null;
  }
}

/** Everything option quoting needs about one return, loaded in a handful of queries. */
export async function quoteContext(tx: ServiceContext, ret: ReturnRow) {
  const [order] = await tx.db.select().from(orders).where(eq(orders.id, ret.orderId));
  const [customer] = await tx.db.select().from(customers).where(eq(customers.id, ret.customerId));
  const items = await tx.db.select({ item: returnItems, lineWeight: orderLines.weightGrams, productWeight: products.weightGrams, sku: orderLines.sku })
    .from(returnItems).innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId)).innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(returnItems.returnId, ret.id));
  const [policyRow] = await tx.db.select().from(returnPolicies).where(isNull(returnPolicies.category));
  const policy = resolvePolicy(policyRow ? { ...policyRow, category: null } : null, null);
  const activePartners = await tx.db.select().from(partners)
    .where(and(eq(partners.status, 'ACTIVE'), inArray(partners.kind, ['CARRIER', 'LOCKER_NETWORK', 'STORE_NETWORK', 'PICKUP'])));
  const weight = parcelWeightGrams(items.map((i) => ({ quantity: i.item.quantity, weightGrams: i.lineWeight ?? i.productWeight })));
  return {
    order, customer, items, weight, policy,
    methodFees: policyRow?.methodFees ?? DEFAULT_METHOD_FEES,
    returnlessThreshold: policyRow?.returnlessThreshold ?? null,
    refundAtFirstScan: Boolean(policyRow?.refundAtFirstScan) && customer.trusted,
    dropOffDays: policyRow?.dropOffDays ?? 14,
    partners: activePartners.filter((p) => adapterIds(p.kind).includes(p.adapter)),
  };
}

export type QuoteContext = Awaited<ReturnType<typeof quoteContext>>;

/** The options the policy allows for an approved return, each with fee, locations or windows, CO2e and refund timing. */
export async function quoteOptions(tx: ServiceContext, ret: ReturnRow, q: QuoteContext, near: { latitude: number; longitude: number } | null): Promise<MethodOption[]> {
  const currency = ret.currencyCode;
  const free = shippingFeeWaived(q.policy, q.items.map((i) => i.item.reason));
  const point = near ?? (q.order.shippingAddress?.latitude != null && q.order.shippingAddress.longitude != null
    ? { latitude: q.order.shippingAddress.latitude, longitude: q.order.shippingAddress.longitude } : null);
  const options: MethodOption[] = [];
  for (const [type, feeMajor] of Object.entries(q.methodFees) as Array<[ReturnMethodType, number]>) {
    if (type === 'RETURNLESS') continue;
    for (const partner of q.partners.filter((p) => p.kind === KIND_FOR_METHOD[type])) {
      const base = {
        id: encodeOptionId(type, partner.id), type, partner, currencyCode: currency,
        feeMinor: free ? 0 : majorToMinor(feeMajor, currency),
        co2eKg: transportCo2eKg(q.weight, METHOD_LEGS[type]),
        refundTiming: refundTiming(type, q.refundAtFirstScan),
        carrier: type === 'CARRIER_DROP_OFF' || type === 'HOME_PICKUP' ? partner.name : null,
        locations: [] as MethodOption['locations'], pickupWindows: [] as MethodOption['pickupWindows'],
      };
      if (type === 'HOME_PICKUP') {
        base.pickupWindows = pickupWindows(tx.now(), (partner.settings.pickupSlots as DailySlot[] | undefined) ?? undefined);
      } else if (point) {
        base.locations = await nearbyLocations(tx, point, SEARCH_RADIUS_KM, [LOCATION_TYPE[type]], type === 'LOCKER' ? 20 : 5, [partner.id]);
        if (type === 'LOCKER') base.locations = base.locations.filter((l) => fitCompartment(l.compartments, q.weight)).slice(0, 5);
      }
      if (type === 'LOCKER' && base.locations.length === 0) continue;
      options.push(base);
    }
  }
  const carrierCosts = q.partners.filter((p) => p.kind === 'CARRIER').map((p) => Number(p.settings.costPerParcel ?? DEFAULT_RETURN_COST_MAJOR));
  const returnCostMinor = majorToMinor(carrierCosts.length ? Math.min(...carrierCosts) : DEFAULT_RETURN_COST_MAJOR, currency);
  const valueMinor = q.items.reduce((s, i) => s + (i.item.grossMinor ?? 0), 0);
  const thresholdMinor = q.returnlessThreshold === null ? null : majorToMinor(q.returnlessThreshold, currency);
  // "Keep it" is not offered with an exchange: the replacement ships against the return (or a hold on its payment).
  const exchanging = q.items.some((i) => i.item.resolution === 'EXCHANGE');
  if (!exchanging && returnlessOffered({ valueMinor, thresholdMinor, returnCostMinor })) {
    options.push({
      id: encodeOptionId('RETURNLESS', null), type: 'RETURNLESS', partner: null, feeMinor: 0, currencyCode: currency, co2eKg: 0,
      refundTiming: refundTiming('RETURNLESS', false), carrier: null, locations: [], pickupWindows: [],
    });
  }
  return options;
}

/** Checks a selection against a fresh quote; returns the option and the booking option to store. */
export async function validateSelection(
  tx: ServiceContext, ret: ReturnRow, q: QuoteContext, optionId: string, locationId: string | null, window: { start: string; end: string } | null,
): Promise<{ option: MethodOption; booking: BookingOption }> {
  const decoded = decodeOptionId(optionId);
  if (!decoded) throw new UserErrorAbort([{ code: 'INVALID_OPTION', message: 'Unknown return method option', field: ['optionId'] }]);
  const options = await quoteOptions(tx, ret, q, null);
  const option = options.find((o) => o.id === optionId);
  if (!option) throw new UserErrorAbort([{ code: 'OPTION_NOT_AVAILABLE', message: 'This option is not available for this return any more; ask for the options again', field: ['optionId'] }]);
  const booking: BookingOption = {};
  if (option.type === 'LOCKER') {
    if (!locationId) throw new UserErrorAbort([{ code: 'LOCATION_REQUIRED', message: 'Choose a locker', field: ['locationId'] }]);
    const [loc] = await tx.db.select().from(dropOffLocations).where(and(eq(dropOffLocations.id, locationId), eq(dropOffLocations.partnerId, option.partner!.id)));
    const compartment = loc ? fitCompartment(loc.compartments, q.weight) : null;
    if (!loc || loc.type !== 'LOCKER' || !compartment) throw new UserErrorAbort([{ code: 'LOCATION_NOT_AVAILABLE', message: 'This locker cannot take the parcel', field: ['locationId'] }]);
    booking.locationId = loc.id;
    booking.size = compartment.size;
  } else if (locationId) {
    const [loc] = await tx.db.select().from(dropOffLocations).where(and(eq(dropOffLocations.id, locationId), eq(dropOffLocations.partnerId, option.partner?.id ?? '00000000-0000-0000-0000-000000000000')));
    if (!loc) throw new UserErrorAbort([{ code: 'LOCATION_NOT_AVAILABLE', message: 'This location does not belong to the chosen option', field: ['locationId'] }]);
    booking.locationId = loc.id;
  }
  if (option.type === 'HOME_PICKUP') {
    if (!window || !option.pickupWindows.some((w) => w.start === window.start && w.end === window.end)) {
      throw new UserErrorAbort([{ code: 'PICKUP_WINDOW_NOT_AVAILABLE', message: 'Choose one of the offered pickup windows', field: ['pickupWindow'] }]);
    }
    booking.window = window;
  }
  return { option, booking };
}

/** The newest booking of each return, in one query (for Return.method). */
export async function latestBookings(ctx: ServiceContext, returnIds: readonly string[]): Promise<(BookingRow | null)[]> {
  const rows = returnIds.length
    ? await ctx.db.selectDistinctOn([returnBookings.returnId]).from(returnBookings)
      .where(inArray(returnBookings.returnId, [...returnIds])).orderBy(returnBookings.returnId, desc(returnBookings.id))
    : [];
  const byReturn = new Map(rows.map((r) => [r.returnId, r]));
  return returnIds.map((id) => byReturn.get(id) ?? null);
}
