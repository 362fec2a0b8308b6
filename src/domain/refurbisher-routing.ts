/**
 * Which refurbishment vendor gets a unit. Documented in docs/partner-protocol.md ("Refurbishers").
 *
 * Eligible: an active REFURBISHER that lists the unit's category (case-insensitive) in capabilities.categories, has
 * not already rejected this job, and has free capacity (open jobs < capabilities.capacity; no declared capacity means
 * no limit). Each eligible vendor gets a score in [0, 1], lower is better:
 *
 *   score = load × openJobs/capacity + cost × costPerUnit/maxCost + turnaround × turnaroundDays/maxTurnaround
 *
 * where maxCost and maxTurnaround are the largest among the eligible vendors (so each term compares vendors with each
 * other), a vendor without a declared capacity counts as half loaded, and one that quotes no cost or turnaround counts
 * as the most expensive / slowest. Ties go to the lower partner id, so the choice is deterministic. The score itself is
 * shared with recycler routing (src/domain/partner-scoring.ts).
 */

import { handlesCategory, rankPartners, type RoutingWeights } from './partner-scoring';

/** What routing knows about one vendor. */
export interface RefurbisherCandidate {
  partnerId: string;
  categories: readonly string[];
  /** Declared concurrent job capacity; null: not declared. */
  capacity: number | null;
  openJobs: number;
  /** Quoted cost per unit in major units (settings.costPerUnit); null: not quoted. */
  costPerUnit: number | null;
  /** Quoted turnaround in days (settings.turnaroundDays); null: not quoted. */
  turnaroundDays: number | null;
}

export type { RoutingWeights } from './partner-scoring';

export const DEFAULT_ROUTING_WEIGHTS: Readonly<RoutingWeights> = Object.freeze({ load: 0.4, cost: 0.4, turnaround: 0.2 });

/** One vendor's score, or why it was excluded. */
export type RoutingScore =
  | { partnerId: string; eligible: true; score: number }
  | { partnerId: string; eligible: false; reason: 'CATEGORY_NOT_HANDLED' | 'ALREADY_REJECTED' | 'AT_CAPACITY' };

/** Scores every candidate for a unit of `category`; eligible ones first, best first, then the excluded. */
export function scoreRefurbishers(
  candidates: readonly RefurbisherCandidate[], category: string, rejectedPartnerIds: readonly string[] = [],
  weights: RoutingWeights = DEFAULT_ROUTING_WEIGHTS,
): RoutingScore[] {
  const excluded: RoutingScore[] = [];
  const eligible: RefurbisherCandidate[] = [];
  for (const c of candidates) {
    if (!handlesCategory(c.categories, category)) excluded.push({ partnerId: c.partnerId, eligible: false, reason: 'CATEGORY_NOT_HANDLED' });
    else if (rejectedPartnerIds.includes(c.partnerId)) excluded.push({ partnerId: c.partnerId, eligible: false, reason: 'ALREADY_REJECTED' });
    else if (c.capacity !== null && c.openJobs >= c.capacity) excluded.push({ partnerId: c.partnerId, eligible: false, reason: 'AT_CAPACITY' });
    else eligible.push(c);
  }
  const ranked = rankPartners(eligible.map((c) => ({
    partnerId: c.partnerId, capacity: c.capacity, load: c.openJobs, cost: c.costPerUnit, turnaroundDays: c.turnaroundDays,
  })), weights);
  return [...ranked.map((r): RoutingScore => ({ ...r, eligible: true })), ...excluded];
}

/** The best vendor for the unit, or null when none is eligible. */
export function chooseRefurbisher(
  candidates: readonly RefurbisherCandidate[], category: string, rejectedPartnerIds: readonly string[] = [],
  weights: RoutingWeights = DEFAULT_ROUTING_WEIGHTS,
): string | null {
  const [best] = scoreRefurbishers(candidates, category, rejectedPartnerIds, weights);
  return best?.eligible ? best.partnerId : null;
}
