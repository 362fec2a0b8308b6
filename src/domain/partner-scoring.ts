/**
 * The score shared by refurbisher and recycler routing (src/domain/refurbisher-routing.ts, recycler-routing.ts):
 * each eligible partner gets a score in [0, 1], lower is better,
 *
 *   score = (load × loadShare + cost × cost/maxCost + turnaround × turnaround/maxTurnaround) / (load + cost + turnaround)
 *
 * where maxCost and maxTurnaround are the largest among the eligible partners (so each term compares partners with
 * each other), a partner without a declared capacity counts as half loaded, and one that quotes no cost or turnaround
 * counts as the most expensive / slowest. Ties go to the lower partner id, so the choice is deterministic.
 */

/** Relative weights of the three terms; data, so they can be tuned without touching the rule. */
export interface RoutingWeights { load: number; cost: number; turnaround: number }

/** What the score needs to know about one eligible partner. */
export interface ScoringFacts {
  partnerId: string;
  /** Declared capacity (jobs or lots at once); null: not declared. */
  capacity: number | null;
  /** Work the partner holds now, in the capacity's unit. */
  load: number;
  /** Quoted cost (per unit, per kg…); null: not quoted. */
  cost: number | null;
  /** Quoted turnaround in days; null: not quoted. */
  turnaroundDays: number | null;
}

/** Load share of a partner that declared no capacity. */
export const UNDECLARED_LOAD = 0.5;

/** Scores eligible partners, best first (ties: lower partner id). */
export function rankPartners(eligible: readonly ScoringFacts[], weights: RoutingWeights): Array<{ partnerId: string; score: number }> {
  const maxOf = (values: Array<number | null>) => Math.max(0, ...values.filter((v): v is number => v !== null && v > 0));
  const maxCost = maxOf(eligible.map((c) => c.cost));
  const maxTurnaround = maxOf(eligible.map((c) => c.turnaroundDays));
  const relative = (value: number | null, max: number) => (value === null ? 1 : max > 0 ? Math.max(0, value) / max : 0);
  const total = weights.load + weights.cost + weights.turnaround || 1;
  return eligible.map((c) => {
    const load = c.capacity === null ? UNDECLARED_LOAD : c.capacity > 0 ? Math.min(1, c.load / c.capacity) : 1;
    const score = (weights.load * load + weights.cost * relative(c.cost, maxCost) + weights.turnaround * relative(c.turnaroundDays, maxTurnaround)) / total;
    return { partnerId: c.partnerId, score };
  }).sort((a, b) => (a.score !== b.score ? a.score - b.score : a.partnerId.localeCompare(b.partnerId)));
}

/** True when the partner lists the category (trimmed, case-insensitive). */
export function handlesCategory(categories: readonly string[], category: string): boolean {
  const wanted = category.trim().toLowerCase();
  return categories.some((c) => c.trim().toLowerCase() === wanted);
}
