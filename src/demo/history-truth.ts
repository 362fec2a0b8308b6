import type { ConditionGrade } from '../domain/disposition-types';
import type { ReturnMethodType } from '../domain/return-methods';
import type { ReturnReasonCode } from '../domain/return-reasons';

/*
 * The ground truth of the history generator (docs/history-generator.md): what it was told to produce, so analytics,
 * forecasts and the return-risk model can be checked against it. Every number here is an assumption chosen to look
 * like a mid-size European fashion-and-electronics web shop (sources in the doc); none is a measurement.
 */

/** One product category of the generated catalog. */
export interface CategoryTruth {
  /** Share of order lines in this category (before size bracketing adds lines). */
  lineShare: number;
  /** Expected share of sold units in returns that were not rejected or cancelled (before the history's end truncates it). */
  returnRate: number;
  /** Styles (products before sizes); each size of a style is its own product and SKU. */
  styles: number;
  /** Sizes of each style, smallest first; empty when the category is not sized. */
  sizes: readonly string[];
  /** Catalog price band, EUR: min, median, max (log-normal between, clamped). */
  priceEur: readonly [number, number, number];
  /** Unit weight band, grams: min, max (log-uniform). */
  weightGrams: readonly [number, number];
  /** Share of styles that can be refurbished. */
  refurbishableShare: number;
  /** Share of styles whose materials can be recycled. */
  recyclableShare: number;
  /** Suppliers; the first `vendorReturnSuppliers` take defective units back (vendor_returnable). */
  suppliers: readonly string[];
  vendorReturnSuppliers: number;
  /** Share of this category's lines the customer orders in two or three adjacent sizes (a size bracket). */
  bracketShare: number;
  /** Days from delivery to the return request: log-normal median and sigma, truncated at the return window. */
  lagMedianDays: number;
  lagSigma: number;
  /** Return window in days from delivery. */
  windowDays: number;
  /** Product names (cycled over the styles). */
  kinds: readonly string[];
  /** Relative weights of reasons for a return that is not size bracketing. */
  reasons: Readonly<Partial<Record<ReturnReasonCode, number>>>;
}

const CATEGORIES = {
  apparel: {
    lineShare: 0.40, returnRate: 0.30, styles: 60, sizes: ['XS', 'S', 'M', 'L', 'XL'],
    priceEur: [12, 45, 180], weightGrams: [150, 900], refurbishableShare: 0, recyclableShare: 1,
    suppliers: ['Nordic Threads', 'Atelier Verde', 'Urban Loom'], vendorReturnSuppliers: 0,
    bracketShare: 0.14, lagMedianDays: 6, lagSigma: 0.6, windowDays: 30,
    kinds: ['Merino sweater', 'Linen shirt', 'Denim jeans', 'Rain jacket', 'Summer dress', 'Chino trousers', 'Wool coat', 'Hoodie', 'T-shirt', 'Blazer'],
    reasons: { SIZE_TOO_SMALL: 20, SIZE_TOO_LARGE: 18, STYLE: 18, QUALITY: 10, NOT_AS_DESCRIBED: 10, CHANGED_MIND: 12, DEFECTIVE: 3, DAMAGED_IN_TRANSIT: 2, WRONG_ITEM: 3, OTHER: 4 },
  },
  footwear: {
    lineShare: 0.15, returnRate: 0.25, styles: 30, sizes: ['38', '39', '40', '41', '42', '43', '44', '45'],
    priceEur: [35, 90, 240], weightGrams: [500, 1500], refurbishableShare: 0, recyclableShare: 1,
    suppliers: ['Stride Works', 'Peak Footwear'], vendorReturnSuppliers: 1,
    bracketShare: 0.12, lagMedianDays: 7, lagSigma: 0.6, windowDays: 30,
    kinds: ['Trail running shoe', 'Leather sneaker', 'Chelsea boot', 'Sandal', 'Hiking boot', 'Loafer'],
    reasons: { SIZE_TOO_SMALL: 24, SIZE_TOO_LARGE: 20, STYLE: 14, QUALITY: 10, NOT_AS_DESCRIBED: 8, CHANGED_MIND: 12, DEFECTIVE: 5, DAMAGED_IN_TRANSIT: 2, WRONG_ITEM: 3, OTHER: 2 },
  },
  electronics: {
    lineShare: 0.12, returnRate: 0.08, styles: 80, sizes: [],
    priceEur: [15, 120, 1400], weightGrams: [40, 4000], refurbishableShare: 0.85, recyclableShare: 1,
    suppliers: ['Voltix', 'Sonara Audio', 'Kelvin Devices'], vendorReturnSuppliers: 2,
    bracketShare: 0, lagMedianDays: 9, lagSigma: 0.7, windowDays: 30,
    kinds: ['Smartphone', 'Laptop', 'Tablet', 'Wireless earbuds', 'Smartwatch', 'Bluetooth speaker', 'Camera', 'Headphones', 'E-reader', 'Keyboard'],
    reasons: { DEFECTIVE: 34, NOT_AS_DESCRIBED: 14, CHANGED_MIND: 20, QUALITY: 10, DAMAGED_IN_TRANSIT: 8, WRONG_ITEM: 5, OTHER: 9 },
  },
  home: {
    lineShare: 0.18, returnRate: 0.06, styles: 80, sizes: [],
    priceEur: [8, 40, 450], weightGrams: [200, 9000], refurbishableShare: 0.2, recyclableShare: 0.9,
    suppliers: ['Casa Nord', 'Hearth & Oak', 'Lumen Living'], vendorReturnSuppliers: 1,
    bracketShare: 0, lagMedianDays: 8, lagSigma: 0.7, windowDays: 30,
    kinds: ['Table lamp', 'Ceramic vase', 'Cotton bedding set', 'Cast-iron pan', 'Coffee grinder', 'Wool throw', 'Storage basket', 'Kettle'],
    reasons: { DAMAGED_IN_TRANSIT: 20, NOT_AS_DESCRIBED: 20, STYLE: 20, QUALITY: 14, CHANGED_MIND: 14, DEFECTIVE: 8, WRONG_ITEM: 4 },
  },
  beauty: {
    lineShare: 0.15, returnRate: 0.04, styles: 80, sizes: [],
    priceEur: [4, 18, 90], weightGrams: [40, 500], refurbishableShare: 0, recyclableShare: 0.5,
    suppliers: ['Flora Lab', 'Dermaline'], vendorReturnSuppliers: 0,
    bracketShare: 0, lagMedianDays: 5, lagSigma: 0.6, windowDays: 30,
    kinds: ['Face serum', 'Shampoo', 'Eau de parfum', 'Day cream', 'Lipstick', 'Body lotion'],
    reasons: { CHANGED_MIND: 30, QUALITY: 20, NOT_AS_DESCRIBED: 15, DAMAGED_IN_TRANSIT: 15, WRONG_ITEM: 10, DEFECTIVE: 10 },
  },
} as const satisfies Record<string, CategoryTruth>;

export type HistoryCategory = keyof typeof CATEGORIES;

/** Effects on a line's return probability, on the log-odds scale; the sign is the direction a model must find. */
export interface EffectTruth {
  /** Added to the log-odds per unit of the feature (absent when the effect is a fixed probability). */
  logOdds?: number;
  /** The return probability the feature sets outright, when it does. */
  probability?: number;
  /** +1: more returns as the feature grows; −1: fewer. */
  direction: 1 | -1;
  /** The feature as the data shows it (SQL-ish, so a model can compute it). */
  feature: string;
}

/** An effect that adds to the log-odds; every effect of the generator raises returns. */
const raises = (logOdds: number, feature: string) => ({ logOdds, direction: 1 as const, feature });

const EFFECTS = {
  discount: raises(1.5, 'order_lines.discount_minor / (quantity × unit_price_minor): the discount fraction, 0–0.5'),
  priceWithinCategory: raises(0.3, 'standard score of ln(unit_price_minor) within the line\'s category (catalog SD)'),
  sizeBracketing: {
    probability: 0.9, direction: 1,
    feature: 'another line of the same order has the same style (SKU up to the last "-") in another size; '
      + 'every size but the one that fits is returned with this probability (SIZE_TOO_SMALL / SIZE_TOO_LARGE); the one that fits as any line',
  },
  lateDelivery: raises(0.7, '(delivered_at at time zone \'UTC\')::date − (placed_at at time zone \'UTC\')::date > promisedDeliveryDays'),
  serialReturner: raises(1.8, 'the customer is one of the serialReturnerShare of customers with a personal propensity of +1.8 log-odds '
    + '(odds × 6); visible in data as their past return rate'),
  newCustomer: raises(0.35, 'the order is the customer\'s first order (no earlier order of the customer)'),
  holidayGift: raises(0.3, 'placed between 20 November and 24 December (UTC); the return window then runs to 31 January'),
} as const satisfies Record<string, EffectTruth>;

/** How a returned unit is graded, by reason (weights over CONDITION_GRADES). */
const GRADES_BY_REASON: Readonly<Record<ReturnReasonCode, Readonly<Partial<Record<ConditionGrade, number>>>>> = {
  SIZE_TOO_SMALL: { NEW_SEALED: 25, LIKE_NEW: 45, GOOD: 24, FAIR: 5, DAMAGED: 1 },
  SIZE_TOO_LARGE: { NEW_SEALED: 25, LIKE_NEW: 45, GOOD: 24, FAIR: 5, DAMAGED: 1 },
  STYLE: { NEW_SEALED: 20, LIKE_NEW: 45, GOOD: 27, FAIR: 7, DAMAGED: 1 },
  CHANGED_MIND: { NEW_SEALED: 35, LIKE_NEW: 40, GOOD: 20, FAIR: 4, DAMAGED: 1 },
  ARRIVED_LATE: { NEW_SEALED: 45, LIKE_NEW: 40, GOOD: 13, FAIR: 2 },
  NOT_AS_DESCRIBED: { NEW_SEALED: 15, LIKE_NEW: 40, GOOD: 30, FAIR: 12, DAMAGED: 3 },
  QUALITY: { LIKE_NEW: 20, GOOD: 40, FAIR: 30, DAMAGED: 10 },
  OTHER: { NEW_SEALED: 15, LIKE_NEW: 35, GOOD: 30, FAIR: 15, DAMAGED: 5 },
  WRONG_ITEM: { NEW_SEALED: 60, LIKE_NEW: 35, GOOD: 5 },
  DEFECTIVE: { GOOD: 10, FAIR: 35, DAMAGED: 40, UNSALVAGEABLE: 15 },
  DAMAGED_IN_TRANSIT: { FAIR: 20, DAMAGED: 55, UNSALVAGEABLE: 25 },
};

/** Return-method mix for physical returns, with the fee (EUR) charged when the reason is not the merchant's fault. */
const METHODS: Readonly<Record<Exclude<ReturnMethodType, 'RETURNLESS'>, { share: number; feeEur: number }>> = {
  CARRIER_DROP_OFF: { share: 0.44, feeEur: 3.95 },
  LOCKER: { share: 0.22, feeEur: 2.95 },
  STORE_DROP_OFF: { share: 0.26, feeEur: 0 },
  HOME_PICKUP: { share: 0.08, feeEur: 6.95 },
};

/**
 * The generator's ground truth as data. `categories[c].returnRate` is the expected share of units sold that customers
 * ask to return (all return statuses, before the history's end truncates the last weeks); `effects` are the
 * log-odds effects on a line being returned.
 */
export const HISTORY_TRUTH = {
  /** Order numbers, customer external ids and SKUs the generator owns. */
  orderNumberPrefix: 'HIST-',
  customerExternalIdPrefix: 'hist-customer-',
  skuPrefix: 'HIST-',
  currencyCode: 'EUR',
  categories: CATEGORIES,
  effects: EFFECTS,
  /** Share of customers who are serial returners. */
  serialReturnerShare: 0.04,
  /** Spread (SD, log-odds) of the personal propensity of the other customers. */
  customerPropensitySd: 0.3,
  /** Delivery is promised within this many calendar days (UTC) of the order. */
  promisedDeliveryDays: 3,
  /** Share of orders delivered late, outside and inside the peak (Black Friday week to 24 December). */
  lateShare: { normal: 0.08, peak: 0.3 },
  /** Lines per order: 1, 2, 3, 4, 5 (before size bracketing). */
  linesPerOrder: [0.5, 0.28, 0.13, 0.06, 0.03],
  /** Units on a line: 1, 2, 3 (bracketed lines are always 1). */
  unitsPerLine: [0.88, 0.09, 0.03],
  /** Share of lines discounted and the discount levels offered, outside and inside sales (Black Friday week, January and July sales). */
  discounts: { levels: [0.1, 0.2, 0.3, 0.4, 0.5], normalShare: 0.2, saleShare: 0.6 },
  /** Seasonality of orders per day, multiplied together (see docs). */
  seasonality: {
    /** Yearly cycle: 1 + amplitude × cos(2π (dayOfYear − peakDay) / 365). */
    yearlyAmplitude: 0.2, yearlyPeakDayOfYear: 340,
    /** Growth per year of the shop (multiplicative, continuous). */
    yearlyGrowth: 0.15,
    /** Monday..Sunday. */
    weekday: [1.05, 1.0, 1.0, 0.98, 0.95, 0.9, 1.12],
    blackFridayWeek: 2.6, cyberMonday: 2.2, decemberToChristmas: 1.5, christmasToNewYear: 0.8, januarySale: 1.25, julySale: 1.15,
  },
  grades: GRADES_BY_REASON,
  methods: METHODS,
  /** Returns worth less than this (EUR) are usually settled returnless ("keep it"). */
  returnlessBelowEur: 12, returnlessShare: 0.7,
  /** Parcels heavier than this usually go by home pickup. */
  heavyParcelGrams: 5000, heavyPickupShare: 0.6,
  /** How returns end (once enough time has passed). */
  outcomes: { REJECTED: 0.02, CANCELLED: 0.04, EXPIRED: 0.02, COMPLETED: 0.92 },
  /** Share of customers trusted (refunded at the drop-off scan). */
  trustedShare: 0.08,
  /** Share of late deliveries whose returns give ARRIVED_LATE as the reason. */
  arrivedLateReasonShare: 0.35,
} as const;

/** The style of a SKU: the generator's SKUs are `<style>-<size>` (`-OS`, one size, when not sized), so the style is the SKU up to the last "-". */
export function styleOfSku(sku: string): string {
  const i = sku.lastIndexOf('-');
  return i > 0 ? sku.slice(0, i) : sku;
}
