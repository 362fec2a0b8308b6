import { DEFAULT_RULESET, recommendDisposition, type ConditionGrade } from '../domain/disposition';
import { METHOD_LEGS, transportCo2eKg } from '../domain/emissions';
import { computeItemRefund } from '../domain/refund';
import { parcelWeightGrams, type ReturnMethodType } from '../domain/return-methods';
import { isRestockingFeeExempt } from '../domain/return-reasons';
import type { ReturnStatus } from '../domain/return-status';
import { categoryTruth, DAY_MS } from './history-catalog';
import { planDownstream, type Downstream } from './history-downstream';
import { historyUuid, type Rng } from './history-random';
import { stamp, push, type RowBatch } from './history-rows';
import type { CustomerPool, ReturnedLine, SimOrder } from './history-simulate';
import { HISTORY_TRUTH } from './history-truth';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const REJECTION_REASONS = ['Outside the return window', 'Item worn or used', 'Hygiene seal broken', 'Not bought from this shop'];
const OTHER_NOTES = ['Ordered two by mistake', 'Bought a different model in store', 'Gift the recipient already had', 'Colour differs from the photo'];
const PHYSICAL = Object.keys(HISTORY_TRUTH.methods) as Array<Exclude<ReturnMethodType, 'RETURNLESS'>>;

/** What the return builder needs besides the order. */
export interface ReturnContext {
  rng: Rng;
  endMs: number;
  currency: string;
  customers: CustomerPool;
  downstream: Downstream;
}

/** What was written for one return, for the summary. */
export interface BuiltReturn { status: ReturnStatus; items: number; units: number; requestedMs: number }

interface Event { type: string; at: number; actor: 'customer' | 'operator' | 'system'; data: Record<string, unknown> }

/** When the customer asks: the category's lag after delivery, gifts after Christmas, inside the return window. */
function requestTime(order: SimOrder, returned: ReturnedLine[], rng: Rng): number {
  const delivered = order.deliveredMs!;
  const slowest = returned.reduce((a, r) => (categoryTruth(r.line.product.category).lagMedianDays > categoryTruth(a.line.product.category).lagMedianDays ? r : a));
  const truth = categoryTruth(slowest.line.product.category);
  let windowEnd = delivered + truth.windowDays * DAY_MS;
  let at = delivered + rng.logNormal(truth.lagMedianDays, truth.lagSigma) * DAY_MS;
  if (order.holiday) {
    const year = new Date(order.placedMs).getUTCFullYear();
    windowEnd = Math.max(windowEnd, Date.UTC(year + 1, 0, 31, 23));
    // Gifts are unwrapped at Christmas: most come back in the January return wave.
    if (rng.chance(0.6)) at = Math.max(at, Date.UTC(year, 11, 26) + rng.logNormal(5, 0.6) * DAY_MS);
  }
  if (at > windowEnd) at = windowEnd - rng.between(1, 48) * HOUR_MS;
  return Math.max(delivered + HOUR_MS, Math.floor(at));
}

/** How the return ends and when each step happens; steps after the history's end are cut off later. */
function timeline(rng: Rng, requested: number) {
  const approved = requested + Math.max(MINUTE_MS, rng.exponential(5 * HOUR_MS));
  const booked = approved + Math.max(MINUTE_MS, rng.exponential(1.5 * HOUR_MS));
  const scanned = booked + rng.exponential(2 * DAY_MS) + 30 * MINUTE_MS;
  const received = scanned + rng.between(1.5, 4) * DAY_MS;
  const inspected = received + rng.exponential(DAY_MS) + 30 * MINUTE_MS;
  const completed = inspected + rng.between(5, 180) * MINUTE_MS;
  return {
    requested, approved, booked, scanned, received, inspected, completed,
    rejected: requested + Math.max(MINUTE_MS, rng.exponential(8 * HOUR_MS)),
    cancelled: booked + rng.exponential(1.5 * DAY_MS) + 10 * MINUTE_MS,
    expired: booked + 14 * DAY_MS,
  };
}

/**
 * Writes the return of one order (if the customer asked for one before the history's end): the return, its items,
 * events, booking and, for completed returns, the units' downstream. Returns what was written, or null.
 */
export function buildReturn(order: SimOrder, returned: ReturnedLine[], ctx: ReturnContext, batch: RowBatch): BuiltReturn | null {
  const { rng, endMs } = ctx;
  if (returned.length === 0 || order.deliveredMs === null) return null;
  const requested = requestTime(order, returned, rng);
  if (requested > endMs) return null;
  const t = timeline(rng, requested);
  const draw = rng.next();
  const o = HISTORY_TRUTH.outcomes;
  let outcome: 'REJECTED' | 'CANCELLED' | 'EXPIRED' | 'COMPLETED' = draw < o.REJECTED ? 'REJECTED'
    : draw < o.REJECTED + o.CANCELLED ? 'CANCELLED' : draw < o.REJECTED + o.CANCELLED + o.EXPIRED ? 'EXPIRED' : 'COMPLETED';

  const quotes = returned.map((r) => computeItemRefund({
    line: { quantity: r.line.quantity, unitPriceMinor: r.line.unitPriceMinor, discountMinor: r.line.discountMinor },
    alreadyRefundedUnits: 0, units: r.units, restockingFeePercent: 0, reason: r.reason,
  }));
  const gross = quotes.reduce((s, q) => s + q.grossMinor, 0);
  const freeShipping = returned.some((r) => isRestockingFeeExempt(r.reason));
  const weight = parcelWeightGrams(returned.map((r) => ({ quantity: r.units, weightGrams: r.line.product.weightGrams })));
  let method: ReturnMethodType;
  if (outcome !== 'REJECTED' && gross < HISTORY_TRUTH.returnlessBelowEur * 100 && rng.chance(HISTORY_TRUTH.returnlessShare)) {
    method = 'RETURNLESS';
    outcome = 'COMPLETED';
  } else if (weight > HISTORY_TRUTH.heavyParcelGrams && rng.chance(HISTORY_TRUTH.heavyPickupShare)) {
    method = 'HOME_PICKUP';
  } else {
    method = rng.pick(PHYSICAL, PHYSICAL.map((m) => HISTORY_TRUTH.methods[m].share));
  }
  if (method === 'RETURNLESS') t.completed = t.approved + rng.between(1, 10) * MINUTE_MS;
  const fee = method === 'RETURNLESS' || freeShipping ? 0 : Math.round(HISTORY_TRUTH.methods[method].feeEur * 100);
  const trusted = ctx.customers.trusted[order.customer] === 1 && method !== 'RETURNLESS';

  const returnId = historyUuid(requested, 0, rng);
  const customerRef = `${HISTORY_TRUTH.customerExternalIdPrefix}${order.customer + 1}`;
  const operator = `hist-operator-${rng.int(1, 6)}`;
  let status = 'REQUESTED' as ReturnStatus;
  const events: Event[] = [{
    type: 'RETURN_REQUESTED', at: requested, actor: 'customer',
    data: { items: returned.map((r) => ({ orderLineId: r.line.id, quantity: r.units, reason: r.reason })), freeShipping },
  }];
  const step = (type: string, at: number, actor: Event['actor'], from: ReturnStatus, to: ReturnStatus, data: Record<string, unknown> = {}): boolean => {
    if (at > endMs) return false;
    events.push({ type, at, actor, data: { from, to, ...data } });
    status = to;
    return true;
  };
  let refundedAt: number | null = null;
  const bookingId = historyUuid(t.booked, 0, rng);
  let bookingStatus: string | null = null;
  const refund = Math.max(0, gross - fee);
  const issueRefund = (at: number, data: Record<string, unknown>) => {
    events.push({ type: 'REFUND_ISSUED', at: at + 1, actor: 'system', data: { amountMinor: refund, currency: ctx.currency, ...data } });
    refundedAt = at + 1;
  };

  if (outcome === 'REJECTED') {
    step('RETURN_REJECTED', t.rejected, 'operator', 'REQUESTED', 'REJECTED', { reason: rng.pick(REJECTION_REASONS, [4, 3, 2, 1]) });
  } else if (step('RETURN_APPROVED', t.approved, 'operator', 'REQUESTED', 'APPROVED', { auto: false })) {
    if (method === 'RETURNLESS') {
      if (t.completed <= endMs) {
        issueRefund(t.completed - 2, { returnless: true });
        step('RETURN_COMPLETED', t.completed, 'system', 'APPROVED', 'COMPLETED', { returnless: true });
        bookingStatus = 'USED';
      }
    } else if (step('METHOD_BOOKED', t.booked, 'system', 'APPROVED', 'AWAITING_DROP_OFF', { bookingId, type: method, feeMinor: fee })) {
      bookingStatus = 'BOOKED';
      if (outcome === 'CANCELLED') {
        if (step('RETURN_CANCELLED', t.cancelled, 'customer', 'AWAITING_DROP_OFF', 'CANCELLED')) bookingStatus = 'CANCELLED';
      } else if (outcome === 'EXPIRED') {
        if (step('RETURN_EXPIRED', t.expired, 'system', 'AWAITING_DROP_OFF', 'EXPIRED', { releasedBookings: 1 })) bookingStatus = 'RELEASED';
      } else if (step('PARCEL_SCANNED', t.scanned, 'system', 'AWAITING_DROP_OFF', 'IN_TRANSIT', { scan: 'DROPPED_OFF' })) {
        bookingStatus = 'USED';
        if (trusted) issueRefund(t.scanned, { atFirstScan: true });
        if (step('ITEMS_RECEIVED', t.received, 'operator', 'IN_TRANSIT', 'RECEIVED')
          && step('INSPECTION_FINISHED', t.inspected, 'system', 'RECEIVED', 'INSPECTED')
          && t.completed <= endMs) {
          if (!trusted) issueRefund(t.completed - 2, { shippingFeeMinor: fee });
          step('RETURN_COMPLETED', t.completed, 'system', 'INSPECTED', 'COMPLETED');
        }
      }
    }
  }
  // ---- the return row
  const released = status === 'REJECTED' || status === 'CANCELLED' || status === 'EXPIRED';
  const refunded = refundedAt !== null;
  const reachedReceipt = ['RECEIVED', 'INSPECTED', 'COMPLETED'].includes(status) && method !== 'RETURNLESS';
  const chosen = bookingStatus !== null;
  push(batch, 'returns', {
    id: returnId, customer_id: ctx.customers.ids[order.customer], order_id: order.id, status, currency_code: ctx.currency,
    version: events.length, shipping_fee_minor: chosen ? fee : 0, restocking_fee_minor: 0,
    refund_minor: released ? 0 : chosen ? refund : gross,
    refund_status: released ? 'NONE' : refunded ? (refund > 0 ? 'ISSUED' : 'NONE') : 'QUOTED',
    refunded_at: stamp(refundedAt), packaging_reusable: reachedReceipt ? rng.chance(0.6) : null,
    rejection_reason: status === 'REJECTED' ? (events[1].data.reason as string) : null,
    created_at: stamp(requested), updated_at: stamp(events[events.length - 1].at),
  });
  events.forEach((e, i) => push(batch, 'return_events', {
    id: historyUuid(e.at, i, rng), return_id: returnId, type: e.type, at: stamp(e.at), actor_type: e.actor,
    actor_id: e.actor === 'customer' ? customerRef : e.actor === 'operator' ? operator : null, data: e.data,
  }));
  if (bookingStatus !== null) {
    const at = method === 'RETURNLESS' ? t.completed - 3 : t.booked;
    const tracking = method === 'RETURNLESS' ? null : `HIST${rng.hex16().slice(0, 12).toUpperCase()}`;
    push(batch, 'return_bookings', {
      id: method === 'RETURNLESS' ? historyUuid(at, 0, rng) : bookingId, return_id: returnId, type: method, status: bookingStatus,
      option: {}, artefact: tracking ? { carrier: 'Hist Parcel', trackingNumber: tracking } : {}, external_ref: tracking,
      fee_minor: fee, co2e_kg: transportCo2eKg(weight, METHOD_LEGS[method]),
      expires_at: method === 'RETURNLESS' ? null : stamp(t.booked + 14 * DAY_MS), created_at: stamp(at), updated_at: stamp(events[events.length - 1].at),
    });
  }
  // ---- the items, graded and dispositioned as far as the return got
  const inspected = status === 'INSPECTED' || (status === 'COMPLETED' && method !== 'RETURNLESS');
  let units = 0;
  returned.forEach((r, i) => {
    const quote = quotes[i];
    units += r.units;
    const itemId = historyUuid(requested, i + 1, rng);
    const product = r.line.product;
    let grade: ConditionGrade | null = null;
    let recommendation: ReturnType<typeof recommendDisposition> | null = null;
    if (inspected) {
      const weights = HISTORY_TRUTH.grades[r.reason] as Partial<Record<ConditionGrade, number>>;
      const codes = Object.keys(weights) as ConditionGrade[];
      grade = rng.pick(codes, codes.map((c) => weights[c]!));
      recommendation = recommendDisposition({
        grade, reason: r.reason, category: product.category, currency: ctx.currency,
        unitValueMinor: Math.round(quote.grossMinor / r.units), weightGrams: product.weightGrams,
        refurbishable: product.refurbishable, vendorReturnable: product.vendorReturnable, recyclable: product.recyclable,
      });
    }
    const done = status === 'COMPLETED' && recommendation !== null;
    push(batch, 'return_items', {
      id: itemId, return_id: returnId, order_line_id: r.line.id, quantity: r.units, received_quantity: reachedReceipt ? r.units : 0,
      missing_quantity: 0, reason: r.reason, note: r.reason === 'OTHER' ? rng.pick(OTHER_NOTES, [1, 1, 1, 1]) : null,
      resolution: rng.chance(0.08) ? 'STORE_CREDIT' : 'REFUND', restocking_fee_percent: 0, grade,
      inspected_at: inspected ? stamp(t.inspected - rng.between(1, 20) * MINUTE_MS) : null,
      recommendation: recommendation ? { ...recommendation, ruleSetVersion: DEFAULT_RULESET.version } : null,
      disposition: done ? recommendation!.disposition : null, dispositioned_at: done ? stamp(t.completed - MINUTE_MS) : null,
      gross_minor: quote.grossMinor, restocking_fee_minor: quote.restockingFeeMinor, refund_minor: quote.refundMinor,
    });
    if (done) {
      planDownstream(ctx.downstream, batch, {
        returnItemId: itemId, product, units: r.units, grade: grade!, unitValueMinor: Math.round(quote.grossMinor / r.units),
        disposition: recommendation!.disposition, at: t.completed - MINUTE_MS,
      });
    }
  });
  return { status, items: returned.length, units, requestedMs: requested };
}
