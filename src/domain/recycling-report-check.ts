import type { Material, TreatmentRoute } from './recycling-lot-status';
import { isDataBearing } from './refurbishment-status';

/**
 * A recycler's report is checked, not trusted. Documented in docs/partner-protocol.md ("Recyclers").
 *
 * 1. Weight: the reported total must be within `tolerance` (default ±10 %) of the lot's declared weight, which comes
 *    from product data (order line, else product, weight × units). A lot with units of unknown weight cannot be
 *    checked this way and is flagged.
 * 2. Composition: each unit category has expected material fractions (EXPECTED_COMPOSITION); the lot's expectation is
 *    their average weighted by declared weight. A reported fraction is implausible when its share of the reported
 *    total exceeds 2 × expected + 5 points, or when it is not expected at all (share 0) yet above 5 % of the weight.
 * 3. Data: a lot holding data-bearing devices (the refurbishment rule, `isDataBearing`) needs a data-destruction
 *    certificate.
 */

/** Expected material shares (by weight, summing to 1) per product category. */
export type Composition = Readonly<Partial<Record<Material, number>>>;

/**
 * Sources and assumptions. Electronics: the split of small IT and consumer equipment (phones, tablets, laptops) in
 * WEEE treatment studies — roughly a fifth ferrous metal, a tenth non-ferrous, a third plastics, a tenth each circuit
 * boards, batteries and glass (display), the rest other (UNU / WEEE Forum composition data, rounded; an assumption, not
 * a measurement of our SKUs). Apparel: garments are textile, with a few percent of trims (buttons, zips: plastics and
 * metal). Footwear: roughly half plastics and rubber (soles, foams — reported as PLASTICS), a third textiles, the rest
 * leather and adhesives (OTHER). Unknown categories get a broad mixed profile, so only gross misreports stand out.
 */
export const EXPECTED_COMPOSITION: Readonly<Record<string, Composition>> = {
  electronics: { FERROUS: 0.2, NON_FERROUS: 0.12, PLASTICS: 0.3, CIRCUIT_BOARDS: 0.1, BATTERIES: 0.1, GLASS: 0.1, OTHER: 0.08 },
  apparel: { TEXTILES: 0.92, PLASTICS: 0.03, NON_FERROUS: 0.02, OTHER: 0.03 },
  footwear: { PLASTICS: 0.5, TEXTILES: 0.35, OTHER: 0.15 },
  mixed: { FERROUS: 0.15, NON_FERROUS: 0.05, PLASTICS: 0.3, GLASS: 0.05, PAPER_CARDBOARD: 0.15, TEXTILES: 0.15, OTHER: 0.15 },
};

const ALIASES: Readonly<Record<string, string>> = { clothing: 'apparel', shoes: 'footwear' };

/** The expected composition of a product category (data-bearing devices count as electronics). */
export function compositionOf(category: string): Composition {
  const key = category.trim().toLowerCase();
  if (Object.hasOwn(EXPECTED_COMPOSITION, key)) return EXPECTED_COMPOSITION[key];
  if (Object.hasOwn(ALIASES, key)) return EXPECTED_COMPOSITION[ALIASES[key]];
  if (isDataBearing(key) || ['monitors', 'tvs', 'televisions', 'audio', 'appliances'].includes(key)) return EXPECTED_COMPOSITION.electronics;
  return EXPECTED_COMPOSITION.mixed;
}

export const DEFAULT_WEIGHT_TOLERANCE = 0.1;
/** A fraction above factor × expected + slack (shares of 1) is implausible. */
export const IMPLAUSIBLE_FACTOR = 2;
export const IMPLAUSIBLE_SLACK = 0.05;
/** An unexpected fraction (expected share 0) above this share is implausible. */
export const UNEXPECTED_SHARE = 0.05;

/** One unit line of the lot as the check sees it. */
export interface LotUnitFacts { category: string; units: number; weightKg: number | null }

/** The lot being reported on. */
export interface LotFacts { declaredWeightKg: number; units: readonly LotUnitFacts[] }

/** What the recycler reported. */
export interface RecyclingReport {
  materials: ReadonlyArray<{ material: Material; weightKg: number; route: TreatmentRoute }>;
  certificateNumber: string;
  dataDestructionCertificate?: string | null;
}

export interface ReportCheck { ok: boolean; reasons: string[] }

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const kg = (value: number) => `${Number(value.toFixed(3))} kg`;

/** The lot's expected material shares: category compositions weighted by declared weight (by units when unknown). */
export function expectedShares(units: readonly LotUnitFacts[]): Partial<Record<Material, number>> {
  const known = units.some((u) => (u.weightKg ?? 0) > 0);
  const weights = units.map((u) => (known ? u.weightKg ?? 0 : u.units));
  const total = weights.reduce((a, b) => a + b, 0);
  const shares: Partial<Record<Material, number>> = {};
  if (total <= 0) return shares;
  units.forEach((u, i) => {
    for (const [material, share] of Object.entries(compositionOf(u.category)) as Array<[Material, number]>) {
      shares[material] = (shares[material] ?? 0) + (share * weights[i]) / total;
    }
  });
  return shares;
}

/** Checks a report against its lot; `ok` only when there is no reason to doubt it. */
export function checkRecyclingReport(lot: LotFacts, report: RecyclingReport, tolerance = DEFAULT_WEIGHT_TOLERANCE): ReportCheck {
  const reasons: string[] = [];
  const reported = report.materials.reduce((sum, m) => sum + m.weightKg, 0);
  const unknown = lot.units.filter((u) => u.weightKg === null).reduce((n, u) => n + u.units, 0);
  if (unknown > 0) reasons.push(`${unknown} unit(s) have no product weight: the declared weight cannot be checked`);
  if (lot.declaredWeightKg > 0) {
    const deviation = (reported - lot.declaredWeightKg) / lot.declaredWeightKg;
    if (Math.abs(deviation) > tolerance + 1e-9) {
      reasons.push(`Reported ${kg(reported)} is ${deviation > 0 ? '+' : ''}${pct(deviation)} off the declared ${kg(lot.declaredWeightKg)} (tolerance ±${pct(tolerance)})`);
    }
  } else if (unknown === 0) {
    reasons.push('The lot has no declared weight to check the report against');
  }
  if (reported > 0) {
    const expected = expectedShares(lot.units);
    const byMaterial = new Map<Material, number>();
    for (const m of report.materials) byMaterial.set(m.material, (byMaterial.get(m.material) ?? 0) + m.weightKg);
    for (const [material, weight] of byMaterial) {
      const share = weight / reported;
      const exp = expected[material] ?? 0;
      if (exp === 0 && share > UNEXPECTED_SHARE) {
        reasons.push(`${material} is ${pct(share)} of the reported weight but not expected in these products`);
      } else if (exp > 0 && share > IMPLAUSIBLE_FACTOR * exp + IMPLAUSIBLE_SLACK) {
        reasons.push(`${material} is ${pct(share)} of the reported weight; about ${pct(exp)} is expected for these products`);
      }
    }
  }
  if (lot.units.some((u) => isDataBearing(u.category)) && !report.dataDestructionCertificate?.trim()) {
    reasons.push('The lot holds data-bearing devices: a data-destruction certificate is required');
  }
  return { ok: reasons.length === 0, reasons };
}
