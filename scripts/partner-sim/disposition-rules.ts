import { majorToMinor } from '../../src/domain/money';
import type { Material, TreatmentRoute } from '../../src/domain/recycling-lot-status';
import { expectedShares } from '../../src/domain/recycling-report-check';

// How the simulated refurbisher, recycler and vendor decide. Every rule is deterministic (a function of what Boomerang
// sent), so the demo shows every branch and a test can predict each outcome. Documented in docs/partners.md ("Trying
// it locally") and the README ("The demo with partners"). None of these numbers describes a real partner.

/** FNV-1a, 32 bits: a stable hash of a reference, for the rules that spread outcomes over references. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Numbers in [0, 1) from a seed (the hash of the seed and a counter): the same reference always gets the same "noise". */
export function seededRandom(seed: string): () => number {
  let n = 0;
  return () => {
    n += 1;
    return stableHash(`${seed}#${n}`) / 4_294_967_296;
  };
}

// --- refurbisher ---

/** What the simulated refurbisher reads from a job (`POST jobs`). */
export interface RefurbishmentFacts {
  category: string;
  conditionGrade: string | null;
  inspectionNotes: string | null;
  dataBearing: boolean;
  currencyCode: string;
}

export type RefurbishmentPlan =
  | { outcome: 'REJECTED'; reason: string }
  | { outcome: 'UNREPAIRABLE'; reason: string }
  | {
    outcome: 'COMPLETED';
    partsReplaced: string[];
    /** Parts and labour, minor units of the job's currency; the quote is their sum and the final cost equals it. */
    partsMinor: number;
    labourMinor: number;
    quoteMinor: number;
    cosmeticGrade: string;
    functionalGrade: string;
    batteryHealthPct: number | null;
    /** A data-sanitization certificate comes with the completion (the job said dataBearing). */
    sanitize: boolean;
  };

/** Parts the workshop fits, with what it charges (major units of the job's currency). */
export const PART_PRICES: Readonly<Record<string, number>> = {
  'display assembly': 55, battery: 25, 'charging port': 18, housing: 20,
};
/** Labour: a bench fee (cleaning, testing, data wipe) plus a fee per part fitted, major units. */
export const LABOUR = { base: 15, perPart: 10 } as const;

/** What the inspection notes say, as the workshop reads them. */
const LIQUID = /\b(liquid|water|wet|moisture|corrosion|corroded)\b/i;
const NO_POWER = /\b(no power|does not power on|doesn'?t power on|won'?t (turn|power) on|dead board|no signs of life)\b/i;
const PART_HINTS: ReadonlyArray<[RegExp, string]> = [
  [/\b(screen|display|crack(ed)?)\b/i, 'display assembly'],
  [/\b(battery|charge)\b/i, 'battery'],
  [/\b(port|connector|charging)\b/i, 'charging port'],
  [/\b(scratch(ed|es)?|dent(ed)?|housing|casing)\b/i, 'housing'],
];
/** Parts replaced when the notes name none: by inspection grade. */
const PARTS_BY_GRADE: Readonly<Record<string, string[]>> = { DAMAGED: ['display assembly'], FAIR: ['battery'] };
/** CTIA-style cosmetic grade after the repair, by inspection grade (unknown grade: C). */
const COSMETIC_BY_GRADE: Readonly<Record<string, string>> = { NEW_SEALED: 'A', LIKE_NEW: 'A', GOOD: 'B', FAIR: 'C', DAMAGED: 'D' };
/** Battery health reported when the battery was not replaced, by inspection grade (unknown grade: 88). */
const BATTERY_BY_GRADE: Readonly<Record<string, number>> = { NEW_SEALED: 100, LIKE_NEW: 96, GOOD: 91, FAIR: 86, DAMAGED: 84 };
/** Categories whose units run on a battery (battery health is reported for them). */
export const BATTERY_CATEGORIES: readonly string[] = ['electronics', 'phones', 'smartphones', 'mobile', 'laptops', 'tablets', 'wearables', 'cameras', 'audio'];

/**
 * The simulated refurbisher's rule, first match wins:
 * 1. the inspection notes mention liquid damage (liquid, water, wet, moisture, corrosion) → REJECTED: the workshop does
 *    not take liquid-damaged units (Boomerang re-routes the job);
 * 2. the unit was graded UNSALVAGEABLE, or the notes say it does not power on → ACCEPTED, then UNREPAIRABLE (the unit
 *    goes to recycling);
 * 3. otherwise → ACCEPTED, DIAGNOSED with a quote (parts named in the notes — screen/display/crack, battery/charge,
 *    port/connector, scratches/housing — else by grade: DAMAGED a display, FAIR a battery, better none; labour 15 +
 *    10 per part), and once Boomerang sends REPAIR: IN_REPAIR, then COMPLETED at that cost, cosmetic grade by
 *    inspection grade (LIKE_NEW A, GOOD B, FAIR C, DAMAGED D), functional grade FULLY_FUNCTIONAL, battery health for
 *    battery-powered categories (100 with a new battery) and a sanitization certificate for data-bearing units.
 */
export function planRefurbishment(job: RefurbishmentFacts): RefurbishmentPlan {
  const notes = job.inspectionNotes ?? '';
  const grade = job.conditionGrade ?? '';
  if (LIQUID.test(notes)) return { outcome: 'REJECTED', reason: 'We do not take liquid-damaged units' };
  if (grade === 'UNSALVAGEABLE' || NO_POWER.test(notes)) return { outcome: 'UNREPAIRABLE', reason: 'Main board failure: beyond economic repair' };
  const named = PART_HINTS.filter(([pattern]) => pattern.test(notes)).map(([, part]) => part);
  const partsReplaced = [...new Set(named.length ? named : PARTS_BY_GRADE[grade] ?? [])];
  const minor = (major: number) => majorToMinor(major, job.currencyCode);
  const partsMinor = partsReplaced.reduce((sum, part) => sum + minor(PART_PRICES[part]), 0);
  const labourMinor = minor(LABOUR.base + LABOUR.perPart * partsReplaced.length);
  const batteryPowered = BATTERY_CATEGORIES.includes(job.category.trim().toLowerCase());
  return {
    outcome: 'COMPLETED', partsReplaced, partsMinor, labourMinor, quoteMinor: partsMinor + labourMinor,
    cosmeticGrade: COSMETIC_BY_GRADE[grade] ?? 'C', functionalGrade: 'FULLY_FUNCTIONAL',
    batteryHealthPct: !batteryPowered ? null : partsReplaced.includes('battery') ? 100 : BATTERY_BY_GRADE[grade] ?? 88,
    sanitize: job.dataBearing,
  };
}

// --- recycler ---

/** What the simulated recycler reads from a lot (`POST lots`). */
export interface LotFacts {
  lotId: string;
  declaredWeightKg: number;
  units: ReadonlyArray<{ category: string; units: number; weightKg: number | null }>;
}

export interface LotReportPlan {
  /** True for the lots the recycler weighs well off the declared weight (Boomerang flags them: NEEDS_REVIEW). */
  offWeight: boolean;
  totalKg: number;
  materials: Array<{ material: Material; weightKg: number; route: TreatmentRoute }>;
}

/** One lot in this many (by the hash of its id) is reported 15–25 % over its declared weight. */
export const OFF_WEIGHT_ONE_IN = 4;
/** A unit of unknown weight is assumed to weigh this much (kg) when the lot declares no weight. */
export const ASSUMED_UNIT_KG = 0.5;
/**
 * How each fraction is treated (shares per route; an assumption, roughly what WEEE and textile sorters report):
 * plastics partly go to energy recovery, sorted textiles partly to reuse, the mixed rest mostly to energy recovery.
 */
export const ROUTE_SPLIT: Readonly<Partial<Record<Material, ReadonlyArray<[TreatmentRoute, number]>>>> = {
  PLASTICS: [['RECYCLING', 0.75], ['ENERGY_RECOVERY', 0.25]],
  TEXTILES: [['REUSE', 0.4], ['RECYCLING', 0.6]],
  OTHER: [['ENERGY_RECOVERY', 0.7], ['DISPOSAL', 0.3]],
};

/**
 * The simulated recycler's report: the lot's expected composition (the table Boomerang's plausibility check uses,
 * src/domain/recycling-report-check.ts, weighted by the units' declared weights) with ±10 % noise per fraction, split
 * over treatment routes (ROUTE_SPLIT, else all RECYCLING), totalling the declared weight ±4 % — except one lot in
 * OFF_WEIGHT_ONE_IN, weighed 15–25 % heavy. The noise is seeded by the lot id, so a lot always gets the same report.
 */
export function planRecyclingReport(lot: LotFacts): LotReportPlan {
  const random = seededRandom(lot.lotId);
  const offWeight = stableHash(lot.lotId) % OFF_WEIGHT_ONE_IN === 0;
  const declared = lot.declaredWeightKg > 0 ? lot.declaredWeightKg : lot.units.reduce((n, u) => n + u.units, 0) * ASSUMED_UNIT_KG;
  const totalKg = declared * (offWeight ? 1.15 + random() * 0.1 : 0.96 + random() * 0.08);
  const noisy = (Object.entries(expectedShares(lot.units)) as Array<[Material, number]>).map(([material, share]) => [material, share * (0.9 + random() * 0.2)] as const);
  const sum = noisy.reduce((s, [, share]) => s + share, 0) || 1;
  const materials: LotReportPlan['materials'] = [];
  for (const [material, share] of noisy) {
    for (const [route, part] of ROUTE_SPLIT[material] ?? [['RECYCLING', 1] as const]) {
      const weightKg = Number(((totalKg * share * part) / sum).toFixed(3));
      if (weightKg > 0) materials.push({ material, weightKg, route });
    }
  }
  return { offWeight, totalKg: Number(totalKg.toFixed(3)), materials };
}

// --- vendor ---

/** One authorization in this many (by the hash of its id) is credited short. */
export const SHORT_CREDIT_ONE_IN = 3;
/** What a short credit pays of the expected amount (a unit judged out of warranty, say). */
export const SHORT_CREDIT_FRACTION = 0.95;

/**
 * The simulated vendor's credit: the expected credit in full, except one authorization in SHORT_CREDIT_ONE_IN (by the
 * hash of its id), credited 95 % of it, rounded down to the minor unit.
 */
export function planVendorCredit(authorizationId: string, expectedMinor: number): { creditedMinor: number; short: boolean } {
  const short = stableHash(authorizationId) % SHORT_CREDIT_ONE_IN === 0;
  return { creditedMinor: short ? Math.floor(expectedMinor * SHORT_CREDIT_FRACTION) : expectedMinor, short };
}
