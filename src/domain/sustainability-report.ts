import type { DispositionType } from './disposition-types';
import type { Material, RecyclingLotStatus, TreatmentRoute } from './recycling-lot-status';
import {
  categoryFactor, isDiverted, REUSE_DISPOSITIONS, WASTE_ROUTES,
  type ReuseDisposition, type SustainabilityFactors, type WasteRoute,
} from './sustainability-factors';

/** A route in the report: the GRI routes plus weight a recycler has not reported on yet. */
export type ReportRoute = WasteRoute | 'PENDING_RECYCLER_REPORT';
export const REPORT_ROUTES: readonly ReportRoute[] = [...WASTE_ROUTES, 'PENDING_RECYCLER_REPORT'];

/** Whether a route's weight is diverted, directed to disposal, or not known yet. */
export type WasteOutcome = 'DIVERTED' | 'DIRECTED_TO_DISPOSAL' | 'PENDING_REPORT';

/** Received units of the period, grouped: one disposition (null: not decided yet), one category. */
export interface UnitGroup {
  disposition: DispositionType | null;
  category: string;
  units: number;
  /** Units whose product has no weight: counted, but weigh 0 and claim no CO2e. */
  unitsWithoutWeight: number;
  /** Σ units × unit weight over the units that have one. */
  grams: number;
  /** REFURBISH units whose refurbishment job is COMPLETED (only these claim avoided CO2e). */
  refurbishmentCompleted: boolean;
  /** RECYCLE units in a recycling lot: their weight comes from the lot (LotPortion), not from here. */
  inRecyclingLot: boolean;
}

/** The period's units in one recycling lot, and what the lot as a whole holds and reported. */
export interface LotPortion {
  status: RecyclingLotStatus;
  /** The lot's declared weight (all its units, any period), kg. */
  declaredKg: number;
  lotUnits: number;
  lotUnitsWithoutWeight: number;
  /** Declared weight of the period's units in the lot, kg. */
  kg: number;
  units: number;
  /** The recycler's fractions (used once the lot is CLOSED). */
  materials: ReadonlyArray<{ material: Material; route: TreatmentRoute; weightKg: number }>;
}

/** Shipped returns of the period by method, with the CO2e stored on their bookings. */
export interface MethodEmissions { method: string; returns: number; co2eKg: number }

export interface ReportInput {
  units: readonly UnitGroup[];
  lots: readonly LotPortion[];
  transport: readonly MethodEmissions[];
  packaging: { assessed: number; reusable: number };
  factors: SustainabilityFactors;
}

export interface DispositionWeight { disposition: DispositionType; kg: number; units: number | null }
export interface RouteMaterialWeight { material: Material; treatmentRoute: TreatmentRoute; kg: number }
export interface RouteWeight {
  route: ReportRoute;
  outcome: WasteOutcome;
  kg: number;
  dispositions: DispositionWeight[];
  materials: RouteMaterialWeight[];
}

/** CO2e avoided by one category's units on one reuse route. */
export interface CategoryAvoided {
  category: string;
  disposition: ReuseDisposition;
  units: number;
  /** PER_UNIT: the category has a per-unit embodied figure; PER_KG: embodied kg CO2e per kg × weight. */
  basis: 'PER_UNIT' | 'PER_KG';
  displacementRate: number;
  embodiedKgCo2e: number;
  refurbishmentKgCo2e: number;
  logisticsKgCo2e: number;
  /** displacementRate × (embodied − refurbishment − logistics): the reporting formula. */
  co2eAvoidedKg: number;
  /** displacementRate × embodied − refurbishment − logistics: refurbishing and transport counted whole. */
  co2eAvoidedConservativeKg: number;
}

export interface SustainabilityFigures {
  totalKg: number;
  divertedKg: number;
  directedToDisposalKg: number;
  pendingReportKg: number;
  landfillDiversionRate: number;
  kgByRoute: RouteWeight[];
  units: number;
  unitsWithoutWeight: number;
  unitsAwaitingDisposition: number;
  transportCo2eKg: number;
  transportByMethod: MethodEmissions[];
  co2eAvoidedKg: number;
  co2eAvoidedConservativeKg: number;
  co2eAvoidedByCategory: CategoryAvoided[];
  packagingAssessedReturns: number;
  packagingReusableReturns: number;
  packagingReuseRate: number | null;
}

const round = (value: number, places = 3): number => {
  const f = 10 ** places;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
};

/** The outcome of a route: GRI 306-4 diverted, 306-5 disposal, or pending a recycler's report. */
export function outcomeOf(route: ReportRoute): WasteOutcome {
  if (route === 'PENDING_RECYCLER_REPORT') return 'PENDING_REPORT';
  return isDiverted(route) ? 'DIVERTED' : 'DIRECTED_TO_DISPOSAL';
}

/**
 * Landfill diversion rate = diverted kg / (diverted kg + kg directed to disposal), 0 when nothing is known. Energy
 * recovery is disposal (US EPA, GRI 306-5); weight still pending a recycler's report is in neither term.
 */
export function landfillDiversionRate(divertedKg: number, directedToDisposalKg: number): number {
  const known = divertedKg + directedToDisposalKg;
  return known > 0 ? round(divertedKg / known, 4) : 0;
}

/**
 * Share of a lot's reported fractions that belongs to the period's units: their declared weight over the lot's when
 * every unit in the lot has a weight, else their unit count over the lot's.
 */
export function lotShare(lot: Pick<LotPortion, 'declaredKg' | 'lotUnits' | 'lotUnitsWithoutWeight' | 'kg' | 'units'>): number {
  if (lot.lotUnitsWithoutWeight === 0 && lot.declaredKg > 0) return Math.min(1, lot.kg / lot.declaredKg);
  return lot.lotUnits > 0 ? Math.min(1, lot.units / lot.lotUnits) : 0;
}

type RouteAcc = { kg: number; dispositions: Map<DispositionType, { kg: number; units: number | null }>; materials: Map<string, RouteMaterialWeight> };

class RouteTotals {
  private readonly byRoute = new Map<ReportRoute, RouteAcc>(REPORT_ROUTES.map((r) => [r, { kg: 0, dispositions: new Map(), materials: new Map() }]));

  add(route: ReportRoute, disposition: DispositionType, kg: number, units: number | null, material?: { material: Material; treatmentRoute: TreatmentRoute }): void {
    const acc = this.byRoute.get(route)!;
    acc.kg += kg;
    const d = acc.dispositions.get(disposition) ?? { kg: 0, units: units === null ? null : 0 };
    d.kg += kg;
    if (d.units !== null && units !== null) d.units += units;
    acc.dispositions.set(disposition, d);
    if (material) {
      const key = `${material.material}|${material.treatmentRoute}`;
      const m = acc.materials.get(key) ?? { ...material, kg: 0 };
      m.kg += kg;
      acc.materials.set(key, m);
    }
  }

  kg(outcome: WasteOutcome): number {
    return [...this.byRoute].filter(([route]) => outcomeOf(route) === outcome).reduce((sum, [, acc]) => sum + acc.kg, 0);
  }

  rows(): RouteWeight[] {
    return [...this.byRoute].map(([route, acc]) => ({
      route, outcome: outcomeOf(route), kg: round(acc.kg),
      dispositions: [...acc.dispositions].map(([disposition, d]) => ({ disposition, kg: round(d.kg), units: d.units })),
      materials: [...acc.materials.values()].map((m) => ({ ...m, kg: round(m.kg) })),
    }));
  }
}

function weighRoutes(input: ReportInput): RouteTotals {
  const totals = new RouteTotals();
  const { dispositionRoutes, treatmentRoutes } = input.factors;
  for (const g of input.units) {
    if (g.disposition === null) continue;
    if (g.disposition === 'RECYCLE') {
      // Outside a lot nothing has been reported: the declared weight waits as pending.
      if (!g.inRecyclingLot) totals.add('PENDING_RECYCLER_REPORT', 'RECYCLE', g.grams / 1000, g.units);
      continue;
    }
    totals.add(dispositionRoutes[g.disposition].value, g.disposition, g.grams / 1000, g.units);
  }
  for (const lot of input.lots) {
    if (lot.status !== 'CLOSED' || lot.materials.length === 0) {
      totals.add('PENDING_RECYCLER_REPORT', 'RECYCLE', lot.kg, lot.units);
      continue;
    }
    const share = lotShare(lot);
    for (const m of lot.materials) {
      totals.add(treatmentRoutes[m.route].value, 'RECYCLE', m.weightKg * share, null, { material: m.material, treatmentRoute: m.route });
    }
  }
  return totals;
}

const isReuse = (d: DispositionType | null): d is ReuseDisposition => (REUSE_DISPOSITIONS as readonly string[]).includes(d ?? '');

/**
 * kg CO2e avoided by one group of reused units, two ways (docs/sustainability.md):
 * - reported: displacement × (embodied emissions of the new units they replace − refurbishing − extra logistics),
 *   the net saving per reused unit scaled by the share of reuse that replaces a new purchase;
 * - conservative: displacement × embodied − refurbishing − extra logistics, since refurbishing and transport happen
 *   whether or not a new unit is displaced (the form the disposition engine routes with).
 * Embodied is per unit where the category has a figure, else per kg × weight; refurbishing likewise, else a
 * fraction of embodied. Units without a weight are never claimed.
 */
export function avoidedCo2e(
  factors: SustainabilityFactors, disposition: ReuseDisposition, category: string, units: number, grams: number,
): Omit<CategoryAvoided, 'category' | 'disposition' | 'units'> {
  const kg = grams / 1000;
  const perUnit = categoryFactor(factors.embodiedKgCo2ePerUnit, category);
  const perKg = categoryFactor(factors.embodiedKgCo2ePerKg, category) ?? factors.embodiedKgCo2ePerKg.default;
  const embodied = perUnit ? units * perUnit.value : kg * (perKg?.value ?? 0);
  const refurbPerUnit = categoryFactor(factors.refurbishmentKgCo2ePerUnit, category);
  const refurbishment = disposition !== 'REFURBISH' ? 0
    : refurbPerUnit ? units * refurbPerUnit.value : embodied * factors.refurbFootprintFraction.value;
  const logistics = kg * factors.extraLogisticsKgCo2ePerKg[disposition].value;
  const displacementRate = factors.displacementRate[disposition].value;
  return {
    basis: perUnit ? 'PER_UNIT' : 'PER_KG', displacementRate,
    embodiedKgCo2e: embodied, refurbishmentKgCo2e: refurbishment, logisticsKgCo2e: logistics,
    co2eAvoidedKg: displacementRate * (embodied - refurbishment - logistics),
    co2eAvoidedConservativeKg: displacementRate * embodied - refurbishment - logistics,
  };
}

function avoidedByCategory(input: ReportInput): { rows: CategoryAvoided[]; totalKg: number; conservativeKg: number } {
  const acc = new Map<string, { category: string; disposition: ReuseDisposition; units: number; grams: number }>();
  for (const g of input.units) {
    if (!isReuse(g.disposition)) continue;
    // A refurbishment still in progress (or closed without repair) has put nothing back into use yet.
    if (g.disposition === 'REFURBISH' && !g.refurbishmentCompleted) continue;
    // Nothing displaced, nothing claimed: the route's logistics then belong to whoever takes the unit.
    if (input.factors.displacementRate[g.disposition].value === 0) continue;
    const weighed = g.units - g.unitsWithoutWeight;
    if (weighed <= 0) continue;
    const key = `${g.category}|${g.disposition}`;
    const a = acc.get(key) ?? { category: g.category, disposition: g.disposition, units: 0, grams: 0 };
    a.units += weighed;
    a.grams += g.grams;
    acc.set(key, a);
  }
  let totalKg = 0;
  let conservativeKg = 0;
  const rows = [...acc.values()]
    .sort((x, y) => x.category.localeCompare(y.category) || x.disposition.localeCompare(y.disposition))
    .map((a) => {
      const f = avoidedCo2e(input.factors, a.disposition, a.category, a.units, a.grams);
      totalKg += f.co2eAvoidedKg;
      conservativeKg += f.co2eAvoidedConservativeKg;
      return {
        category: a.category, disposition: a.disposition, units: a.units, basis: f.basis, displacementRate: f.displacementRate,
        embodiedKgCo2e: round(f.embodiedKgCo2e), refurbishmentKgCo2e: round(f.refurbishmentKgCo2e),
        logisticsKgCo2e: round(f.logisticsKgCo2e), co2eAvoidedKg: round(f.co2eAvoidedKg),
        co2eAvoidedConservativeKg: round(f.co2eAvoidedConservativeKg),
      };
    });
  return { rows, totalKg, conservativeKg };
}

/** The report's figures from the period's aggregated rows and the factors in force. Pure; rounding at the end. */
export function computeSustainability(input: ReportInput): SustainabilityFigures {
  const routes = weighRoutes(input);
  const divertedKg = routes.kg('DIVERTED');
  const directedToDisposalKg = routes.kg('DIRECTED_TO_DISPOSAL');
  const pendingReportKg = routes.kg('PENDING_REPORT');
  const avoided = avoidedByCategory(input);
  const transportByMethod = [...input.transport].sort((a, b) => a.method.localeCompare(b.method))
    .map((m) => ({ method: m.method, returns: m.returns, co2eKg: round(m.co2eKg) }));
  const { assessed, reusable } = input.packaging;
  const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
  return {
    totalKg: round(divertedKg + directedToDisposalKg + pendingReportKg),
    divertedKg: round(divertedKg),
    directedToDisposalKg: round(directedToDisposalKg),
    pendingReportKg: round(pendingReportKg),
    landfillDiversionRate: landfillDiversionRate(divertedKg, directedToDisposalKg),
    kgByRoute: routes.rows(),
    units: sum(input.units.map((g) => g.units)),
    unitsWithoutWeight: sum(input.units.map((g) => g.unitsWithoutWeight)),
    unitsAwaitingDisposition: sum(input.units.filter((g) => g.disposition === null).map((g) => g.units)),
    transportCo2eKg: round(sum(input.transport.map((m) => m.co2eKg))),
    transportByMethod,
    co2eAvoidedKg: round(avoided.totalKg),
    co2eAvoidedConservativeKg: round(avoided.conservativeKg),
    co2eAvoidedByCategory: avoided.rows,
    packagingAssessedReturns: assessed,
    packagingReusableReturns: reusable,
    packagingReuseRate: assessed > 0 ? round(reusable / assessed, 4) : null,
  };
}
