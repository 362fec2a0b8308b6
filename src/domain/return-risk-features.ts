import { smoothedRate } from './risk-model';

/*
 * The features of the return-risk model, computed the same way for training and for scoring.
 * docs/return-risk.md explains each one and the leakage rules behind it.
 */

/** Feature names in model order, with what each means (shown with its coefficient in the API). */
export const RISK_FEATURES = [
  { name: 'sku_return_rate', description: 'Share of the SKU\'s lines returned in the training window, smoothed toward the global rate.' },
  { name: 'category_return_rate', description: 'Share of the category\'s lines returned in the training window, smoothed toward the global rate.' },
  { name: 'log_unit_price', description: 'ln(1 + unit price in major units).' },
  { name: 'price_vs_category_median', description: 'ln(unit price / the category\'s median unit price in the training window).' },
  { name: 'discount_fraction', description: 'Line discount / (unit price × quantity), 0–1.' },
  { name: 'customer_past_return_rate', description: 'Units the customer returned / bought on earlier orders whose outcome was known when this order was placed, smoothed toward the global unit rate.' },
  { name: 'new_customer', description: '1 when this is the customer\'s first order (no order placed before it).' },
  { name: 'size_bracketing', description: '1 when the order holds another size/variant of the same product (same SKU stem, different SKU).' },
  { name: 'log_quantity', description: 'ln(units on the line).' },
  { name: 'delivery_delay_days', description: 'Days from order to delivery (the training mean when not delivered).' },
] as const;

export type RiskFeatureName = typeof RISK_FEATURES[number]['name'];
export const RISK_FEATURE_NAMES: readonly RiskFeatureName[] = RISK_FEATURES.map((f) => f.name);

/** How strongly each encoding is pulled toward its prior (in lines, or units for customers). */
export const RISK_SMOOTHING = { sku: 20, category: 50, customer: 10 } as const;

/** L2 penalty λ of the fit (on standardised features: with thousands of rows it only tames rare-feature noise). */
export const RISK_L2 = 1;

/** Least history a model is trained on: lines in each set, and returned / kept lines in each. */
export const RISK_MIN_ROWS = { train: 200, holdout: 50, perClass: 10 } as const;

/** What scoring needs besides the weights: the training window's rates and medians. */
export interface RiskEncodings {
  /** Share of training lines with a return (the prior for SKU and category rates). */
  globalLineRate: number;
  /** Units returned / units bought in the training window (the prior for customers). */
  globalUnitRate: number;
  skuRates: Record<string, number>;
  categoryRates: Record<string, number>;
  /** Median unit price (major units) per category in the training window. */
  categoryMedianPrice: Record<string, number>;
  globalMedianPrice: number;
  /** Mean order → delivery days in the training window, used when a line is not delivered. */
  meanDeliveryDelayDays: number;
  smoothing: { sku: number; category: number; customer: number };
}

/** One order line as the features see it. */
export interface RiskLineInput {
  sku: string;
  category: string;
  unitPriceMajor: number;
  quantity: number;
  discountMajor: number;
  /** Units the customer bought / returned on earlier orders whose outcome was known when this one was placed. */
  customerBoughtUnits: number;
  customerReturnedUnits: number;
  /** Orders the customer placed before this one (known at once, outcome or not). */
  customerPriorOrders: number;
  /** Another line of the same order is a different size/variant of this product. */
  bracketed: boolean;
  deliveryDelayDays: number | null;
}

/**
 * The product a SKU is a size or variant of: the SKU without its last dash-separated segment
 * ("TEE-BLU-M" → "TEE-BLU"). A SKU with no dash is its own stem. Case-insensitive.
 */
export function skuStem(sku: string): string {
  const upper = sku.trim().toUpperCase();
  const cut = upper.lastIndexOf('-');
  return cut > 0 ? upper.slice(0, cut) : upper;
}

/** For the lines of one order: which are bracketed (another line has the same stem and a different SKU). */
export function bracketedLines(skus: ReadonlyArray<string>): boolean[] {
  const skusByStem = new Map<string, Set<string>>();
  for (const sku of skus) {
    const stem = skuStem(sku);
    if (!skusByStem.has(stem)) skusByStem.set(stem, new Set());
    skusByStem.get(stem)!.add(sku.trim().toUpperCase());
  }
  return skus.map((sku) => skusByStem.get(skuStem(sku))!.size > 1);
}

/** The customer's past unit return rate, smoothed toward the global unit rate (returned capped at bought). */
export function customerPastRate(bought: number, returned: number, enc: Pick<RiskEncodings, 'globalUnitRate' | 'smoothing'>): number {
  const safeReturned = Math.min(Math.max(returned, 0), Math.max(bought, 0));
  return smoothedRate(safeReturned, Math.max(bought, 0), enc.globalUnitRate, enc.smoothing.customer);
}

/**
 * The raw (unstandardised) feature vector of a line, in RISK_FEATURES order. `rates` overrides the
 * SKU and category rates: training rows use out-of-fold rates so no row sees its own label.
 */
export function riskFeatureRow(
  line: RiskLineInput, enc: RiskEncodings, rates?: { sku: number; category: number },
): number[] {
  const price = Math.max(line.unitPriceMajor, 0);
  const median = enc.categoryMedianPrice[line.category] ?? enc.globalMedianPrice;
  const gross = price * line.quantity;
  return [
    rates?.sku ?? enc.skuRates[line.sku] ?? enc.globalLineRate,
    rates?.category ?? enc.categoryRates[line.category] ?? enc.globalLineRate,
    Math.log1p(price),
    // Prices of 0 (free gifts) are compared as one cent so the log stays finite.
    Math.log(Math.max(price, 0.01) / Math.max(median, 0.01)),
    gross > 0 ? Math.min(Math.max(line.discountMajor / gross, 0), 1) : 0,
    customerPastRate(line.customerBoughtUnits, line.customerReturnedUnits, enc),
    line.customerPriorOrders > 0 ? 0 : 1,
    line.bracketed ? 1 : 0,
    Math.log(Math.max(line.quantity, 1)),
    line.deliveryDelayDays ?? enc.meanDeliveryDelayDays,
  ];
}

/** Probability that at least one line comes back, treating lines as independent: 1 − Π(1 − pᵢ). */
export function orderRisk(lineRisks: ReadonlyArray<number>): number {
  return 1 - lineRisks.reduce((keep, p) => keep * (1 - Math.min(Math.max(p, 0), 1)), 1);
}
