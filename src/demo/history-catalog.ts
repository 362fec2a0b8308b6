import { AliasTable, historyUuid, Rng } from './history-random';
import { HISTORY_TRUTH, type CategoryTruth, type HistoryCategory } from './history-truth';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Categories in a fixed order (JS object key order), so draws are reproducible. */
export const HISTORY_CATEGORIES = Object.keys(HISTORY_TRUTH.categories) as HistoryCategory[];

export function categoryTruth(category: HistoryCategory): CategoryTruth {
  return HISTORY_TRUTH.categories[category];
}

/** One generated product (a style in one size). */
export interface HistoryProduct {
  id: string;
  sku: string;
  name: string;
  category: HistoryCategory;
  styleIndex: number;
  /** Index into the category's sizes; -1 when not sized. */
  sizeIndex: number;
  priceMinor: number;
  /** Standard score of ln(price) within the category. */
  priceZ: number;
  weightGrams: number;
  refurbishable: boolean;
  vendorReturnable: boolean;
  recyclable: boolean;
  supplier: string;
}

/** A style: its products by size index (one product when not sized). */
export interface HistoryStyle { category: HistoryCategory; products: HistoryProduct[] }

export interface HistoryCatalog {
  products: HistoryProduct[];
  stylesByCategory: Record<HistoryCategory, HistoryStyle[]>;
  /** Popularity of a category's styles (Zipf-like). */
  styleTables: Record<HistoryCategory, AliasTable>;
  categoryTable: AliasTable;
  createdAt: Date;
}

const CATEGORY_CODES: Record<HistoryCategory, string> = { apparel: 'APP', footwear: 'FTW', electronics: 'ELE', home: 'HOM', beauty: 'BEA' };

/**
 * The generated catalog. It depends only on `createdAt` (the seed does not change it), so every history of a
 * deployment sells the same products at the same prices.
 */
export function buildCatalog(createdAt: Date): HistoryCatalog {
  const rng = new Rng(0x5eed_ca7a);
  const products: HistoryProduct[] = [];
  const stylesByCategory = {} as Record<HistoryCategory, HistoryStyle[]>;
  const styleTables = {} as Record<HistoryCategory, AliasTable>;
  for (const category of HISTORY_CATEGORIES) {
    const truth = categoryTruth(category);
    const [minEur, medianEur, maxEur] = truth.priceEur;
    const sigma = Math.log(maxEur / minEur) / 4;
    const styles: HistoryStyle[] = [];
    const lnPrices: number[] = [];
    for (let s = 0; s < truth.styles; s++) {
      const eur = Math.min(maxEur, Math.max(minEur, rng.logNormal(medianEur, sigma)));
      // Prices end in .99 or .90, as shops price.
      const priceMinor = Math.max(99, Math.round(eur) * 100 - (rng.chance(0.7) ? 1 : 10));
      const [wMin, wMax] = truth.weightGrams;
      const weightGrams = Math.round(wMin * Math.exp(rng.next() * Math.log(wMax / wMin)));
      const supplierIndex = rng.int(0, truth.suppliers.length - 1);
      const refurbishable = rng.chance(truth.refurbishableShare);
      const recyclable = rng.chance(truth.recyclableShare);
      const kind = truth.kinds[s % truth.kinds.length];
      const style = `${HISTORY_TRUTH.skuPrefix}${CATEGORY_CODES[category]}-${String(s + 1).padStart(4, '0')}`;
      const sizes = truth.sizes.length ? truth.sizes : ['OS'];
      const styleProducts = sizes.map((size, i): HistoryProduct => ({
        id: historyUuid(createdAt.getTime(), products.length + i, rng),
        sku: `${style}-${size}`,
        name: truth.sizes.length ? `${kind} ${s + 1}, size ${size}` : `${kind} ${s + 1}`,
        category, styleIndex: s, sizeIndex: truth.sizes.length ? i : -1, priceMinor, priceZ: 0, weightGrams,
        refurbishable, vendorReturnable: supplierIndex < truth.vendorReturnSuppliers, recyclable, supplier: truth.suppliers[supplierIndex],
      }));
      products.push(...styleProducts);
      styles.push({ category, products: styleProducts });
      lnPrices.push(Math.log(priceMinor));
    }
    const mean = lnPrices.reduce((a, b) => a + b, 0) / lnPrices.length;
    const sd = Math.sqrt(lnPrices.reduce((a, b) => a + (b - mean) ** 2, 0) / lnPrices.length) || 1;
    styles.forEach((style, i) => style.products.forEach((p) => { p.priceZ = (lnPrices[i] - mean) / sd; }));
    stylesByCategory[category] = styles;
    styleTables[category] = new AliasTable(styles.map((_, i) => 1 / (i + 3)));
  }
  const categoryTable = new AliasTable(HISTORY_CATEGORIES.map((c) => categoryTruth(c).lineShare));
  return { products, stylesByCategory, styleTables, categoryTable, createdAt };
}

/** Fourth Thursday of November + 1: Black Friday of a year (UTC midnight). */
function blackFriday(year: number): number {
  const nov1 = Date.UTC(year, 10, 1);
  const dow = new Date(nov1).getUTCDay();
  const firstThursday = 1 + ((4 - dow + 7) % 7);
  return Date.UTC(year, 10, firstThursday + 21 + 1);
}

/** What the calendar says about one day. */
export interface DayFacts {
  /** Relative order volume. */
  weight: number;
  /** A sale runs (more and deeper discounts). */
  sale: boolean;
  /** Peak delivery season: more late deliveries. */
  peak: boolean;
  /** Gift season: returns wait for after Christmas and the window runs to 31 January. */
  holiday: boolean;
}

/** Seasonality of one UTC day (midnight `dayMs`); `yearsFromStart` drives the growth trend. */
export function dayFacts(dayMs: number, yearsFromStart: number): DayFacts {
  const s = HISTORY_TRUTH.seasonality;
  const d = new Date(dayMs);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const date = d.getUTCDate();
  const dayOfYear = Math.floor((dayMs - Date.UTC(year, 0, 1)) / DAY_MS) + 1;
  let weight = Math.exp(Math.log(1 + s.yearlyGrowth) * yearsFromStart)
    * (1 + s.yearlyAmplitude * Math.cos((2 * Math.PI * (dayOfYear - s.yearlyPeakDayOfYear)) / 365))
    * s.weekday[(d.getUTCDay() + 6) % 7];
  const bf = blackFriday(year);
  const bfWeek = dayMs >= bf - 4 * DAY_MS && dayMs <= bf + 2 * DAY_MS;
  const cyberMonday = dayMs === bf + 3 * DAY_MS;
  const toChristmas = month === 11 && date <= 24;
  if (bfWeek) weight *= s.blackFridayWeek;
  else if (cyberMonday) weight *= s.cyberMonday;
  else if (toChristmas) weight *= s.decemberToChristmas;
  else if (month === 11) weight *= s.christmasToNewYear;
  else if (month === 0 && date >= 2) weight *= s.januarySale;
  else if (month === 6) weight *= s.julySale;
  const holiday = (month === 10 && date >= 20) || toChristmas;
  return {
    weight,
    sale: bfWeek || cyberMonday || (month === 0 && date >= 2) || month === 6,
    peak: dayMs >= bf - 4 * DAY_MS && (month === 10 || toChristmas),
    holiday,
  };
}

/** Relative order volume per hour of day (UTC), evening peak. */
export const HOUR_WEIGHTS = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1, 1.1, 1.2, 1.3, 1.2, 1.1, 1.1, 1.2, 1.3, 1.5, 1.7, 1.9, 1.8, 1.3, 0.7];

/** One day of the history with the number of orders placed on it. */
export interface PlannedDay { dayMs: number; orders: number; facts: DayFacts; /** Share of the day inside the history (the last day is cut at `end`). */ open: number }

/**
 * Spreads `orders` over the UTC days from `start` to `end` by the seasonality weights, rounding cumulatively so the
 * days add up to exactly `orders`.
 */
export function planDays(orders: number, start: Date, end: Date): PlannedDay[] {
  const first = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  const days: PlannedDay[] = [];
  for (let dayMs = first; dayMs < end.getTime(); dayMs += DAY_MS) {
    const open = Math.min(1, (end.getTime() - dayMs) / DAY_MS) - Math.max(0, (start.getTime() - dayMs) / DAY_MS);
    const facts = dayFacts(dayMs, (dayMs - first) / (365 * DAY_MS));
    days.push({ dayMs, orders: 0, facts, open: Math.max(0, open) });
  }
  const total = days.reduce((sum, d) => sum + d.facts.weight * d.open, 0);
  let cumulative = 0;
  let assigned = 0;
  for (const d of days) {
    cumulative += (d.facts.weight * d.open) / total;
    const upTo = Math.round(cumulative * orders);
    d.orders = upTo - assigned;
    assigned = upTo;
  }
  return days;
}

/** Sorted order times within one day: hours by HOUR_WEIGHTS, limited to the open part of the day. */
export function orderTimes(day: PlannedDay, rng: Rng, startMs: number): number[] {
  const times: number[] = [];
  const from = Math.max(day.dayMs, startMs);
  const span = day.open * DAY_MS;
  for (let i = 0; i < day.orders; i++) {
    const hour = rng.pick(HOUR_INDEXES, HOUR_WEIGHTS);
    const inDay = (hour * HOUR_MS + rng.next() * HOUR_MS) / DAY_MS;
    times.push(Math.floor(from + inDay * span));
  }
  return times.sort((a, b) => a - b);
}

const HOUR_INDEXES = HOUR_WEIGHTS.map((_, i) => i);
