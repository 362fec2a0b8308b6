/*
 * Return analytics: the pure rules behind `returnAnalytics`, the aggregate refresh and the serial-returner score
 * (docs/analytics.md). No I/O here; the SQL in the services computes the same quantities at scale.
 */

/** How `returnAnalytics` groups its figures. */
export const ANALYTICS_GROUP_BYS = ['CATEGORY', 'SKU', 'REASON', 'DISPOSITION', 'WEEK'] as const;
export type AnalyticsGroupBy = (typeof ANALYTICS_GROUP_BYS)[number];

/** Longest range one query may cover: three years, one of them a leap year. */
export const MAX_ANALYTICS_RANGE_DAYS = 3 * 365 + 1;

/**
 * Days from request to refund are kept as a histogram of whole days 0 … REFUND_DAYS_CAP; the last bucket holds
 * "REFUND_DAYS_CAP days or more".
 */
export const REFUND_DAYS_CAP = 90;

/** The disposition key of returned units nobody has decided on yet (in transit, awaiting inspection, returnless). */
export const UNDECIDED_DISPOSITION = 'NONE';

const DAY_MS = 86_400_000;

/** A UTC calendar day as YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The UTC day `days` after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/**
 * Sorted, distinct UTC days (YYYY-MM-DD) merged into runs of consecutive days, each [fromDay, toDay) with toDay
 * exclusive: a refresh selects the orders of each run by one range on placed_at, which the planner estimates well.
 */
export function dayRuns(days: readonly string[]): DayRange[] {
  const sorted = [...new Set(days)].sort();
  const runs: DayRange[] = [];
  for (const day of sorted) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a day: ${day}`);
    const last = runs[runs.length - 1];
    if (last && last.toDay === day) last.toDay = addDays(day, 1);
    else runs.push({ fromDay: day, toDay: addDays(day, 1) });
  }
  return runs;
}

/** The Monday (ISO week start) of a UTC day, both YYYY-MM-DD: the WEEK group key. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * Splits a day range at ISO week boundaries: the whole weeks (Monday to Monday) inside it, null when there is none, and
 * the days before and after them (at most six each), which are read day by day.
 */
export function splitAtWeeks(range: DayRange): { weeks: DayRange | null; edges: DayRange[] } {
  const first = mondayOf(range.fromDay) === range.fromDay ? range.fromDay : addDays(mondayOf(range.fromDay), 7);
  const end = mondayOf(range.toDay);
  if (first >= end) return { weeks: null, edges: [range] };
  const edges = [{ fromDay: range.fromDay, toDay: first }, { fromDay: end, toDay: range.toDay }].filter((r) => r.fromDay < r.toDay);
  return { weeks: { fromDay: first, toDay: end }, edges };
}

/** The whole UTC days an analytics query reads: every day that overlaps [from, to). `toDay` is exclusive. */
export interface DayRange { fromDay: string; toDay: string }

/**
 * Checks a query range and widens it to whole UTC days: [from, to) becomes the days from from's day up to and
 * including the day of the last instant before `to`. Throws RangeError (a message fit for the client) when the range
 * is empty, reversed, longer than MAX_ANALYTICS_RANGE_DAYS or outside the years 0001–9999.
 */
export function analyticsDayRange(from: Date, to: Date): DayRange {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new RangeError('from and to must be valid date-times');
  if (to.getTime() <= from.getTime()) throw new RangeError('to must be after from');
  if (to.getTime() - from.getTime() > MAX_ANALYTICS_RANGE_DAYS * DAY_MS) {
    throw new RangeError(`The range may cover at most ${MAX_ANALYTICS_RANGE_DAYS} days (3 years)`);
  }
  const range = { fromDay: utcDay(from), toDay: addDays(utcDay(new Date(to.getTime() - 1)), 1) };
  // PostgreSQL dates are read as YYYY-MM-DD: no year 0000, and the day after 9999-12-31 has no such spelling.
  if (range.fromDay < '0001-01-01' || !/^\d{4}-\d{2}-\d{2}$/.test(range.toDay)) {
    throw new RangeError('from and to must fall between 0001-01-01 and 9999-12-31');
  }
  return range;
}

/** Returned ÷ sold, 0 when nothing was sold. */
export function returnRate(returnedUnits: number, soldUnits: number): number {
  return soldUnits > 0 ? returnedUnits / soldUnits : 0;
}

/**
 * The median of the whole-day values a histogram counts (index = days): the middle value, or the mean of the two middle
 * values when the count is even; null for an empty histogram. The open last bucket counts as REFUND_DAYS_CAP.
 */
export function medianFromHistogram(hist: readonly number[]): number | null {
  const n = hist.reduce((s, v) => s + v, 0);
  if (n <= 0) return null;
  // 1-based order statistics: the value at rank k.
  const valueAt = (k: number): number => {
    let seen = 0;
    for (let i = 0; i < hist.length; i++) {
      seen += hist[i];
      if (seen >= k) return i;
    }
    return hist.length - 1;
  };
  return n % 2 === 1 ? valueAt((n + 1) / 2) : (valueAt(n / 2) + valueAt(n / 2 + 1)) / 2;
}

/** Units a customer bought in one category and that category's return rate over the whole history. */
export interface CategoryExposure { unitsBought: number; categoryReturnRate: number }

/** What a customer with this basket is expected to return, and the binomial variance of that count. */
export function expectedReturns(exposure: readonly CategoryExposure[]): { expected: number; variance: number } {
  let expected = 0;
  let variance = 0;
  for (const { unitsBought: n, categoryReturnRate: p } of exposure) {
    expected += n * p;
    variance += n * p * (1 - p);
  }
  return { expected, variance };
}

/**
 * How far above the cohort a customer returns, in standard deviations: (returned − expected) / √variance, each unit
 * bought being an independent Bernoulli trial with its category's return rate. 0 when the variance is 0 (nothing
 * bought, or only categories that are never or always returned).
 */
export function excessScore(returned: number, expected: number, variance: number): number {
  return variance > 0 ? (returned - expected) / Math.sqrt(variance) : 0;
}

/** Thresholds above which a customer counts as a serial returner. */
export interface SerialReturnerThresholds { minScore: number; minUnits: number }

/** Flagged: a score at or above minScore on at least minUnits units bought (a small basket proves nothing). */
export function isSerialReturner(stats: { excessScore: number; unitsBought: number }, t: SerialReturnerThresholds): boolean {
  return stats.unitsBought >= t.minUnits && stats.excessScore >= t.minScore;
}

/**
 * The currency money figures are reported in: the configured one, else the one with the most units sold in the range
 * (ties: alphabetical), else null when nothing was sold or returned.
 */
export function reportingCurrency(unitsByCurrency: ReadonlyMap<string, number>, configured: string | null): string | null {
  if (configured) return configured;
  let best: string | null = null;
  for (const [code, units] of unitsByCurrency) {
    if (best === null || units > unitsByCurrency.get(best)! || (units === unitsByCurrency.get(best)! && code < best)) best = code;
  }
  return best;
}
