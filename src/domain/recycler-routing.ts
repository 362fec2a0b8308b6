/**
 * Which recycler gets a recycling unit (or a lot that waited without one). Documented in docs/partner-protocol.md
 * ("Recyclers") and docs/dispositions.md ("Recycling").
 *
 * Eligible: an active RECYCLER that lists every category concerned (case-insensitive) in capabilities.categories and
 * has room: fewer lots in its hands (DISPATCHED, REPORTED or NEEDS_REVIEW: handed over, not yet closed) than its
 * declared capabilities.capacity (no capacity: no limit). Lots still OPEN at the warehouse do not count, so units keep
 * filling the same lot rather than alternating between recyclers. Each eligible recycler gets a score in [0, 1], lower
 * is better (src/domain/partner-scoring.ts):
 *
 *   score = 0.4 × lotsInHand/capacity + 0.4 × costPerKg/maxCostPerKg + 0.2 × turnaroundDays/maxTurnaround
 *
 * with costPerKg from settings.costPerKg (major units of the merchant's currency per kg) and turnaroundDays from
 * capabilities.turnaroundDays (else settings.turnaroundDays). An undeclared capacity counts as half loaded; an
 * unquoted cost or turnaround as the most expensive / slowest. Ties go to the lower partner id.
 */
import { handlesCategory, rankPartners, type RoutingWeights } from './partner-scoring';

/** What routing knows about one recycler. */
export interface RecyclerCandidate {
  partnerId: string;
  categories: readonly string[];
  /** Declared number of lots it processes at once; null: not declared. */
  capacity: number | null;
  /** Its lots handed over and not yet closed (DISPATCHED, REPORTED, NEEDS_REVIEW). */
  lotsInHand: number;
  /** Quoted cost per kg in major units (settings.costPerKg); null: not quoted. */
  costPerKg: number | null;
  /** Declared turnaround in days from dispatch to report; null: not declared. */
  turnaroundDays: number | null;
}

export const DEFAULT_RECYCLER_WEIGHTS: Readonly<RoutingWeights> = Object.freeze({ load: 0.4, cost: 0.4, turnaround: 0.2 });

/** One recycler's score, or why it was excluded. */
export type RecyclerScore =
  | { partnerId: string; eligible: true; score: number }
  | { partnerId: string; eligible: false; reason: 'CATEGORY_NOT_HANDLED' | 'AT_CAPACITY' };

/** Scores every candidate for units of `categories` (all must be handled); eligible ones first, best first. */
export function scoreRecyclers(
  candidates: readonly RecyclerCandidate[], categories: readonly string[], weights: RoutingWeights = DEFAULT_RECYCLER_WEIGHTS,
): RecyclerScore[] {
  const excluded: RecyclerScore[] = [];
  const eligible: RecyclerCandidate[] = [];
  for (const c of candidates) {
    if (categories.length === 0 || !categories.every((category) => handlesCategory(c.categories, category))) {
      excluded.push({ partnerId: c.partnerId, eligible: false, reason: 'CATEGORY_NOT_HANDLED' });
    } else if (c.capacity !== null && c.lotsInHand >= c.capacity) {
      excluded.push({ partnerId: c.partnerId, eligible: false, reason: 'AT_CAPACITY' });
    } else {
      eligible.push(c);
    }
  }
  const ranked = rankPartners(eligible.map((c) => ({
    partnerId: c.partnerId, capacity: c.capacity, load: c.lotsInHand, cost: c.costPerKg, turnaroundDays: c.turnaroundDays,
  })), weights);
  return [...ranked.map((r): RecyclerScore => ({ ...r, eligible: true })), ...excluded];
}

/** The best recycler for units of these categories, or null when none is eligible. */
export function chooseRecycler(
  candidates: readonly RecyclerCandidate[], categories: readonly string[], weights: RoutingWeights = DEFAULT_RECYCLER_WEIGHTS,
): string | null {
  const [best] = scoreRecyclers(candidates, categories, weights);
  return best?.eligible ? best.partnerId : null;
}
