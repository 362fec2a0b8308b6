import type { ReturnReasonCode } from '../domain/return-reasons';
import {
  buildCatalog, categoryTruth, DAY_MS, HISTORY_CATEGORIES, orderTimes, planDays, type HistoryCatalog, type HistoryProduct,
} from './history-catalog';
import { AliasTable, historyUuid, Rng } from './history-random';
import { HISTORY_TRUTH, type HistoryCategory } from './history-truth';

/** Options with every default filled in. */
export interface ResolvedHistoryOptions {
  orders: number;
  seed: number;
  weeks: number;
  start: Date;
  end: Date;
  customers: number;
  currencyCode: 'EUR';
}

/** One generated order line, with what decides whether it comes back. */
export interface SimLine {
  id: string;
  lineNumber: number;
  product: HistoryProduct;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
  /** Log-odds of a return from every effect but the category intercept. */
  logit: number;
  /** Part of a size bracket. */
  bracket: boolean;
  /** For a bracketed size that does not fit: which way it is off. */
  misfit: 'SMALL' | 'LARGE' | null;
}

/** One generated order. */
export interface SimOrder {
  id: string;
  index: number;
  orderNumber: string;
  customer: number;
  /** The customer's first order: the customer row is written with it. */
  isNew: boolean;
  placedMs: number;
  /** Null while still on its way at the history's end. */
  deliveredMs: number | null;
  late: boolean;
  holiday: boolean;
  lines: SimLine[];
}

const EFFECTS = HISTORY_TRUTH.effects;
const SIZED = HISTORY_CATEGORIES.filter((c) => categoryTruth(c).sizes.length > 0);

/** The customers who may order: latent propensity, sizes, activity. */
export class CustomerPool {
  readonly logit: Float64Array;
  readonly serial: Uint8Array;
  readonly trusted: Uint8Array;
  readonly orders: Int32Array;
  /** Fitting size index per sized category (SIZED order). */
  readonly sizes: Int8Array[];
  readonly ids: string[];
  private readonly table: AliasTable;

  constructor(readonly count: number, rng: Rng) {
    this.logit = new Float64Array(count);
    this.serial = new Uint8Array(count);
    this.trusted = new Uint8Array(count);
    this.orders = new Int32Array(count);
    this.ids = new Array<string>(count);
    this.sizes = SIZED.map(() => new Int8Array(count));
    const activity: number[] = new Array<number>(count);
    for (let c = 0; c < count; c++) {
      const serial = rng.chance(HISTORY_TRUTH.serialReturnerShare);
      this.serial[c] = serial ? 1 : 0;
      this.logit[c] = serial ? EFFECTS.serialReturner.logOdds : HISTORY_TRUTH.customerPropensitySd * rng.normal();
      this.trusted[c] = !serial && rng.chance(HISTORY_TRUTH.trustedShare) ? 1 : 0;
      // Heavy-tailed activity: a few customers order often, many once.
      activity[c] = rng.logNormal(1, 1);
      SIZED.forEach((category, k) => {
        const n = categoryTruth(category).sizes.length;
        // Sizes cluster in the middle of the range.
        this.sizes[k][c] = Math.max(0, Math.min(n - 1, Math.round((n - 1) / 2 + rng.normal() * (n / 4))));
      });
    }
    this.table = new AliasTable(activity);
  }

  pick(rng: Rng): number {
    return this.table.sample(rng);
  }
}

const LINE_COUNTS = HISTORY_TRUTH.linesPerOrder.map((_, i) => i + 1);
const UNIT_COUNTS = HISTORY_TRUTH.unitsPerLine.map((_, i) => i + 1);
const DISCOUNT_WEIGHTS = { normal: [3, 3, 2, 1, 0.5], sale: [1, 2, 3, 2, 1] };

/** Generates orders day by day, in placed-at order. */
export class OrderSimulator {
  readonly catalog: HistoryCatalog;
  readonly customers: CustomerPool;
  private readonly rng: Rng;

  constructor(readonly opts: ResolvedHistoryOptions, rng: Rng, catalog?: HistoryCatalog) {
    this.rng = rng;
    this.catalog = catalog ?? buildCatalog(new Date(opts.start.getTime() - 30 * DAY_MS));
    this.customers = new CustomerPool(opts.customers, rng);
  }

  /** Every order of the history, oldest first. */
  *orders(): Generator<SimOrder> {
    const { opts, rng } = this;
    let index = 0;
    for (const day of planDays(opts.orders, opts.start, opts.end)) {
      for (const placedMs of orderTimes(day, rng, opts.start.getTime())) {
        index += 1;
        yield this.order(index, placedMs, day.facts);
      }
    }
  }

  private order(index: number, placedMs: number, facts: { sale: boolean; peak: boolean; holiday: boolean }): SimOrder {
    const { rng, customers, opts } = this;
    const customer = customers.pick(rng);
    const isNew = customers.orders[customer] === 0;
    customers.orders[customer] += 1;
    const late = rng.chance(facts.peak ? HISTORY_TRUTH.lateShare.peak : HISTORY_TRUTH.lateShare.normal);
    const days = late ? HISTORY_TRUTH.promisedDeliveryDays + rng.int(1, 5) : rng.pick([1, 2, 3], [0.25, 0.45, 0.3]);
    const placedDay = Math.floor(placedMs / DAY_MS) * DAY_MS;
    const deliveredMs = placedDay + days * DAY_MS + Math.floor(rng.between(8, 19) * 3_600_000);
    const order: SimOrder = {
      id: historyUuid(placedMs, 0, rng), index, orderNumber: `${HISTORY_TRUTH.orderNumberPrefix}${String(index).padStart(8, '0')}`,
      customer, isNew, placedMs, deliveredMs: deliveredMs <= opts.end.getTime() ? deliveredMs : null, late, holiday: facts.holiday, lines: [],
    };
    const base = (late ? EFFECTS.lateDelivery.logOdds : 0) + (isNew ? EFFECTS.newCustomer.logOdds : 0)
      + (facts.holiday ? EFFECTS.holidayGift.logOdds : 0) + customers.logit[customer];
    const wanted = rng.pick(LINE_COUNTS, HISTORY_TRUTH.linesPerOrder);
    const usedStyles = new Set<string>();
    for (let n = 0; n < wanted; n++) {
      const category = HISTORY_CATEGORIES[this.catalog.categoryTable.sample(rng)];
      let styleIndex = this.catalog.styleTables[category].sample(rng);
      if (usedStyles.has(`${category}:${styleIndex}`)) styleIndex = this.catalog.styleTables[category].sample(rng);
      if (usedStyles.has(`${category}:${styleIndex}`)) continue;
      usedStyles.add(`${category}:${styleIndex}`);
      const style = this.catalog.stylesByCategory[category][styleIndex];
      const truth = categoryTruth(category);
      const discount = rng.chance(facts.sale ? HISTORY_TRUTH.discounts.saleShare : HISTORY_TRUTH.discounts.normalShare)
        ? rng.pick(HISTORY_TRUTH.discounts.levels, facts.sale ? DISCOUNT_WEIGHTS.sale : DISCOUNT_WEIGHTS.normal) : 0;
      const addLine = (product: HistoryProduct, quantity: number, bracket: boolean, misfit: SimLine['misfit']) => {
        const gross = quantity * product.priceMinor;
        order.lines.push({
          id: historyUuid(placedMs, order.lines.length + 1, rng), lineNumber: order.lines.length + 1, product, quantity,
          unitPriceMinor: product.priceMinor, discountMinor: Math.round(gross * discount),
          logit: base + EFFECTS.discount.logOdds * discount + EFFECTS.priceWithinCategory.logOdds * product.priceZ, bracket, misfit,
        });
      };
      if (truth.sizes.length === 0) {
        addLine(style.products[0], rng.pick(UNIT_COUNTS, HISTORY_TRUTH.unitsPerLine), false, null);
        continue;
      }
      const fit = customers.sizes[SIZED.indexOf(category)][customer];
      if (rng.chance(truth.bracketShare)) {
        const last = truth.sizes.length - 1;
        const three = rng.chance(0.3);
        let from = three ? fit - 1 : fit - (rng.chance(0.5) ? 1 : 0);
        from = Math.max(0, Math.min(last - (three ? 2 : 1), from));
        for (let s = from; s <= from + (three ? 2 : 1); s++) {
          addLine(style.products[s], 1, true, s === fit ? null : s < fit ? 'SMALL' : 'LARGE');
        }
      } else {
        // Usually the customer's own size; sometimes one off, which shows up as size reasons among normal returns.
        const size = rng.chance(0.8) ? fit : Math.max(0, Math.min(truth.sizes.length - 1, fit + (rng.chance(0.5) ? 1 : -1)));
        addLine(style.products[size], rng.pick(UNIT_COUNTS, HISTORY_TRUTH.unitsPerLine), false, null);
      }
    }
    if (order.lines.length === 0) {
      // Both style draws collided: fall back to a one-size line so every order has one.
      const style = this.catalog.stylesByCategory.beauty[0];
      order.lines.push({
        id: historyUuid(placedMs, 1, rng), lineNumber: 1, product: style.products[0], quantity: 1, unitPriceMinor: style.products[0].priceMinor,
        discountMinor: 0, logit: base + EFFECTS.priceWithinCategory.logOdds * style.products[0].priceZ, bracket: false, misfit: null,
      });
    }
    return order;
  }
}

/** Expected share of a returned line's units that come back: all of one, all of several 60 %, else some. */
export function returnedUnitShare(quantity: number): number {
  return quantity === 1 ? 1 : 0.6 + 0.4 * (quantity / 2) / quantity;
}

/** Probability that a line is asked back, given the category intercepts. */
export function lineReturnProbability(line: SimLine, intercepts: Readonly<Record<HistoryCategory, number>>): number {
  if (line.misfit) return EFFECTS.sizeBracketing.probability;
  return 1 / (1 + Math.exp(-(intercepts[line.product.category] + line.logit)));
}

/** Share of requested returns that end rejected or cancelled: the truth's rates exclude them, so requests run higher. */
const REQUEST_FACTOR = 1 / (1 - HISTORY_TRUTH.outcomes.REJECTED - HISTORY_TRUTH.outcomes.CANCELLED);

/**
 * The category intercepts that make each category's expected returned-unit share equal its truth, found by bisection
 * on a sample of orders simulated with the same options (a separate seed stream), so every effect and the size
 * bracketing are accounted for.
 */
export function calibrateIntercepts(opts: ResolvedHistoryOptions, maxSample = 30_000): Record<HistoryCategory, number> {
  // At least 10,000 orders, so a small history still gets stable intercepts; customers scale with the orders.
  const sample = Math.min(maxSample, Math.max(opts.orders, 10_000));
  const sim = new OrderSimulator(
    { ...opts, orders: sample, customers: Math.max(1, Math.round((opts.customers * sample) / opts.orders)) },
    new Rng(opts.seed ^ 0x0ca1_1b7a),
  );
  const lines = new Map<HistoryCategory, Array<{ weight: number; logit: number; forced: number | null }>>(HISTORY_CATEGORIES.map((c) => [c, []]));
  const sold = new Map<HistoryCategory, number>(HISTORY_CATEGORIES.map((c) => [c, 0]));
  for (const order of sim.orders()) {
    for (const line of order.lines) {
      const c = line.product.category;
      sold.set(c, sold.get(c)! + line.quantity);
      lines.get(c)!.push({
        weight: line.quantity * returnedUnitShare(line.quantity), logit: line.logit,
        forced: line.misfit ? EFFECTS.sizeBracketing.probability : null,
      });
    }
  }
  const intercepts = {} as Record<HistoryCategory, number>;
  for (const category of HISTORY_CATEGORIES) {
    const target = Math.min(0.95, categoryTruth(category).returnRate * REQUEST_FACTOR);
    const rows = lines.get(category)!;
    const units = sold.get(category)! || 1;
    const rate = (a: number) => rows.reduce((sum, r) => sum + r.weight * (r.forced ?? 1 / (1 + Math.exp(-(a + r.logit)))), 0) / units;
    let lo = -12;
    let hi = 6;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (rate(mid) < target) lo = mid; else hi = mid;
    }
    intercepts[category] = (lo + hi) / 2;
  }
  return intercepts;
}

/** A line the customer asks back, with how many units and why. */
export interface ReturnedLine { line: SimLine; units: number; reason: ReturnReasonCode }

/** Decides which lines of a delivered order are asked back, how many units, and the reason for each. */
export function decideReturns(order: SimOrder, intercepts: Readonly<Record<HistoryCategory, number>>, rng: Rng): ReturnedLine[] {
  const returned: ReturnedLine[] = [];
  for (const line of order.lines) {
    if (!rng.chance(lineReturnProbability(line, intercepts))) continue;
    const units = line.quantity === 1 || rng.chance(0.6) ? line.quantity : rng.int(1, line.quantity - 1);
    let reason: ReturnReasonCode;
    if (line.misfit) reason = line.misfit === 'SMALL' ? 'SIZE_TOO_SMALL' : 'SIZE_TOO_LARGE';
    else if (order.late && rng.chance(HISTORY_TRUTH.arrivedLateReasonShare)) reason = 'ARRIVED_LATE';
    else {
      const weights = categoryTruth(line.product.category).reasons as Partial<Record<ReturnReasonCode, number>>;
      const codes = Object.keys(weights) as ReturnReasonCode[];
      reason = rng.pick(codes, codes.map((c) => weights[c]!));
    }
    returned.push({ line, units, reason });
  }
  return returned;
}
