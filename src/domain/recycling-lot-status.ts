import { checkTransition, isTerminalStatus, statusMachine, type Transition } from './state-machine';

/** Every status a recycling lot can be in, in lifecycle order. */
export const RECYCLING_LOT_STATUSES = ['OPEN', 'DISPATCHED', 'REPORTED', 'NEEDS_REVIEW', 'CLOSED', 'CANCELLED'] as const;

/** The status of a recycling lot. */
export type RecyclingLotStatus = (typeof RECYCLING_LOT_STATUSES)[number];

/** Result of asking the recycling-lot state machine for a transition. */
export type RecyclingLotTransition = Transition<RecyclingLotStatus>;

/**
 * Where each status may go. OPEN fills with units until an operator dispatches it; DISPATCHED waits for the recycler's
 * report; REPORTED is the moment the report is checked (a passing report closes the lot, a failing one needs review, in
 * the same transaction, so REPORTED is seen in the lot's history rather than at rest). An operator reviewing a flagged
 * report either accepts it (NEEDS_REVIEW → CLOSED) or sends it back for the recycler to report again
 * (NEEDS_REVIEW → DISPATCHED). A closed lot is final. An OPEN lot whose last units were taken out (their disposition
 * changed before dispatch) is CANCELLED, also final.
 */
const MACHINE = statusMachine<RecyclingLotStatus>('recycling lot', {
  OPEN: ['DISPATCHED', 'CANCELLED'],
  DISPATCHED: ['REPORTED'],
  REPORTED: ['CLOSED', 'NEEDS_REVIEW'],
  NEEDS_REVIEW: ['CLOSED', 'DISPATCHED'],
  CLOSED: [],
  CANCELLED: [],
});

/** The one recycling-lot state machine: `to` if a lot in `from` may move there, else ILLEGAL_TRANSITION. */
export function transitionRecyclingLot(from: RecyclingLotStatus, to: RecyclingLotStatus): RecyclingLotTransition {
  return checkTransition(MACHINE, from, to);
}

/** True when no transition leaves the status. */
export function isRecyclingLotTerminal(status: RecyclingLotStatus): boolean {
  return isTerminalStatus(MACHINE, status);
}

/** Material fractions a recycler reports (API.md `Material`). */
export const MATERIALS = [
  'FERROUS', 'NON_FERROUS', 'PLASTICS', 'GLASS', 'PAPER_CARDBOARD', 'TEXTILES', 'BATTERIES', 'CIRCUIT_BOARDS', 'OTHER',
] as const;
export type Material = (typeof MATERIALS)[number];

/** What happened to a fraction (API.md `TreatmentRoute`), best (waste hierarchy) first. */
export const TREATMENT_ROUTES = ['REUSE', 'RECYCLING', 'ENERGY_RECOVERY', 'DISPOSAL'] as const;
export type TreatmentRoute = (typeof TREATMENT_ROUTES)[number];

/** Material streams units are grouped by; a lot holds one stream only. */
export const MATERIAL_STREAMS = ['WEEE', 'TEXTILES', 'MIXED'] as const;
export type MaterialStream = (typeof MATERIAL_STREAMS)[number];

/**
 * WEEE categories of Directive 2012/19/EU, Annex III (from 15 August 2018): 1 temperature exchange equipment,
 * 2 screens and monitors and equipment with screens larger than 100 cm², 3 lamps, 4 large equipment (an external
 * dimension over 50 cm), 5 small equipment, 6 small IT and telecommunication equipment. Only categories Boomerang's
 * catalog sells are mapped; the choice for a product category is an assumption about its typical product:
 * laptops, tablets, monitors and TVs have screens > 100 cm² (2); phones, wearables, storage and computers' small
 * peripherals are small IT (6); cameras and generic consumer electronics are small equipment (5).
 */
const WEEE_CATEGORY: Readonly<Record<string, number>> = {
  laptops: 2, tablets: 2, monitors: 2, tvs: 2, televisions: 2,
  phones: 6, smartphones: 6, mobile: 6, wearables: 6, storage: 6, computers: 6,
  electronics: 5, cameras: 5, audio: 5, appliances: 5,
};

/** Categories collected with textiles (clothing, household textiles and footwear, as in textile EPR schemes). */
const TEXTILE_CATEGORIES: readonly string[] = ['apparel', 'clothing', 'footwear', 'shoes', 'home textiles', 'bedding', 'accessories'];

/** The WEEE category (1–6) of a product category, or null when it is not electrical or electronic equipment. */
export function weeeCategoryOf(category: string): number | null {
  const key = category.trim().toLowerCase();
  return Object.hasOwn(WEEE_CATEGORY, key) ? WEEE_CATEGORY[key] : null;
}

/** The material stream a unit of this category is recycled in. */
export function materialStreamOf(category: string): MaterialStream {
  if (weeeCategoryOf(category) !== null) return 'WEEE';
  return TEXTILE_CATEGORIES.includes(category.trim().toLowerCase()) ? 'TEXTILES' : 'MIXED';
}

/** True when value is one of RECYCLING_LOT_STATUSES. */
export function isRecyclingLotStatus(value: unknown): value is RecyclingLotStatus {
  return typeof value === 'string' && (RECYCLING_LOT_STATUSES as readonly string[]).includes(value);
}

/** Longest certificate numbers and most fractions a recycler's report may carry, as GraphQL input or signed webhook. */
export const RECYCLING_REPORT_LIMITS = { reference: 200, fractions: 50 } as const;
