import { deepFreeze } from './deep-freeze';
import { transportCo2eKg, type Leg } from './emissions';
import { DEFAULT_RECOVERY_FACTORS } from './recovery-factors';
import type { TreatmentRoute } from './recycling-lot-status';

/**
 * Where returned weight ends up, in the terms of GRI 306-4 (waste diverted from disposal: preparation for reuse,
 * recycling, other recovery operations) and GRI 306-5 (waste directed to disposal: incineration with and without
 * energy recovery, landfilling, other disposal operations).
 */
export const WASTE_ROUTES = [
  'PREPARATION_FOR_REUSE', 'RECYCLING', 'OTHER_RECOVERY',
  'INCINERATION_WITH_ENERGY_RECOVERY', 'INCINERATION_WITHOUT_ENERGY_RECOVERY', 'LANDFILL', 'OTHER_DISPOSAL',
] as const;
export type WasteRoute = (typeof WASTE_ROUTES)[number];

/**
 * Routes that divert weight from disposal. Energy recovery is not among them: GRI 306-5 lists incineration with
 * energy recovery under disposal, and the US EPA's diversion rate does not count combustion with energy recovery.
 */
export const DIVERTED_ROUTES: readonly WasteRoute[] = ['PREPARATION_FOR_REUSE', 'RECYCLING', 'OTHER_RECOVERY'];

/** True when weight on this route counts as diverted from disposal (and from landfill). */
export function isDiverted(route: WasteRoute): boolean {
  return DIVERTED_ROUTES.includes(route);
}

/** Dispositions whose route the disposition itself decides; RECYCLE's comes from the recycler's report. */
export const ROUTED_DISPOSITIONS = ['RESTOCK', 'RESELL_OPEN_BOX', 'REFURBISH', 'RETURN_TO_VENDOR', 'LIQUIDATE', 'DONATE', 'DISPOSE'] as const;
export type RoutedDisposition = (typeof ROUTED_DISPOSITIONS)[number];

/** Dispositions that put the unit back into use, for which CO2e avoided by displacing new production is claimed. */
export const REUSE_DISPOSITIONS = ['RESTOCK', 'RESELL_OPEN_BOX', 'REFURBISH', 'RETURN_TO_VENDOR', 'LIQUIDATE', 'DONATE'] as const;
export type ReuseDisposition = (typeof REUSE_DISPOSITIONS)[number];

/** A number (or route) with the source it comes from. */
export interface Factor<T = number> {
  readonly value: T;
  readonly source: string;
}

/** Factors per product category (lower-case keys). */
export type CategoryFactors = Readonly<Record<string, Factor>>;

/** Every factor the sustainability report uses, each with its source. */
export interface SustainabilityFactors {
  /** GRI route of a disposition's units. */
  readonly dispositionRoutes: Readonly<Record<RoutedDisposition, Factor<WasteRoute>>>;
  /** GRI route of a material fraction a recycler reports, by the recycler's treatment route. */
  readonly treatmentRoutes: Readonly<Record<TreatmentRoute, Factor<WasteRoute>>>;
  /** Share of new production a reused unit displaces, 0–1. */
  readonly displacementRate: Readonly<Record<ReuseDisposition, Factor>>;
  /** Embodied (cradle-to-gate plus distribution) emissions of a new unit, kg CO2e per unit, by category. */
  readonly embodiedKgCo2ePerUnit: CategoryFactors;
  /** Fallback for categories without a per-unit figure: kg CO2e per kg of product ("default" for any other). */
  readonly embodiedKgCo2ePerKg: CategoryFactors;
  /** Emissions of refurbishing one unit (parts, labour, packaging, transport), kg CO2e per unit, by category. */
  readonly refurbishmentKgCo2ePerUnit: CategoryFactors;
  /** Fallback refurbishment emissions as a fraction of the new unit's embodied emissions, 0–1. */
  readonly refurbFootprintFraction: Factor;
  /** Transport a reuse route adds beyond the return itself, kg CO2e per kg of product. */
  readonly extraLogisticsKgCo2ePerKg: Readonly<Record<ReuseDisposition, Factor>>;
}

/** The tables of SustainabilityFactors, in the order they are shown. */
export const FACTOR_TABLES = [
  'dispositionRoutes', 'treatmentRoutes', 'displacementRate', 'embodiedKgCo2ePerUnit', 'embodiedKgCo2ePerKg',
  'refurbishmentKgCo2ePerUnit', 'refurbFootprintFraction', 'extraLogisticsKgCo2ePerKg',
] as const;
export type FactorTableName = (typeof FACTOR_TABLES)[number];

/** What a table holds: its keys, what its values are and their unit. */
export interface FactorTableSpec {
  /** Fixed key set, `category` (any product category) or `scalar` (one value, no keys). */
  readonly keys: readonly string[] | 'category' | 'scalar';
  /** `route` values are WASTE_ROUTES; `rate` numbers are 0–1; `amount` numbers are ≥ 0. */
  readonly kind: 'route' | 'rate' | 'amount';
  readonly unit: string;
}

export const FACTOR_TABLE_SPECS: Readonly<Record<FactorTableName, FactorTableSpec>> = {
  dispositionRoutes: { keys: ROUTED_DISPOSITIONS, kind: 'route', unit: 'GRI 306 route' },
  treatmentRoutes: { keys: ['REUSE', 'RECYCLING', 'ENERGY_RECOVERY', 'DISPOSAL'], kind: 'route', unit: 'GRI 306 route' },
  displacementRate: { keys: REUSE_DISPOSITIONS, kind: 'rate', unit: 'fraction' },
  embodiedKgCo2ePerUnit: { keys: 'category', kind: 'amount', unit: 'kg CO2e per unit' },
  embodiedKgCo2ePerKg: { keys: 'category', kind: 'amount', unit: 'kg CO2e per kg' },
  refurbishmentKgCo2ePerUnit: { keys: 'category', kind: 'amount', unit: 'kg CO2e per unit' },
  refurbFootprintFraction: { keys: 'scalar', kind: 'rate', unit: 'fraction' },
  extraLogisticsKgCo2ePerKg: { keys: REUSE_DISPOSITIONS, kind: 'amount', unit: 'kg CO2e per kg' },
};

/** The key under which a single-number table (refurbFootprintFraction) is listed. */
export const SCALAR_KEY = 'value';

const GRI_REUSE = 'GRI 306-4 (2020): checking, cleaning or repairing so a product can be reused without other pre-processing';

const same = <T>(values: readonly string[], factor: Factor<T>): Record<string, Factor<T>> =>
  Object.fromEntries(values.map((key) => [key, factor]));

/**
 * Legs a reuse route adds after the unit reaches the returns warehouse (the return journey itself is the booking's
 * transport CO2e). Assumptions, valued with the GLEC intensities of emissions.ts.
 */
export const REUSE_LEGS: Readonly<Record<ReuseDisposition, readonly Leg[]>> = {
  // Back on the warehouse shelf; the onward sale ships as a new unit would.
  RESTOCK: [],
  RESELL_OPEN_BOX: [],
  // To the refurbisher and back by linehaul.
  REFURBISH: [{ mode: 'articulatedTruck', km: 300 }, { mode: 'articulatedTruck', km: 300 }],
  // To the supplier by linehaul.
  RETURN_TO_VENDOR: [{ mode: 'articulatedTruck', km: 300 }],
  // To the liquidator by linehaul.
  LIQUIDATE: [{ mode: 'articulatedTruck', km: 300 }],
  // A van run to a local charity.
  DONATE: [{ mode: 'van', km: 30 }],
};

// Per kg of product: the CO2e of moving one tonne, divided by 1000 (transportCo2eKg rounds to 0.001 kg).
const perKgOfLegs = (legs: readonly Leg[]): number => transportCo2eKg(1_000_000, legs) / 1000;

const LEG_SOURCE: Readonly<Record<ReuseDisposition, string>> = {
  RESTOCK: 'Assumption: no extra leg, the unit goes back on the warehouse shelf',
  RESELL_OPEN_BOX: 'Assumption: no extra leg, the unit is sold from the warehouse like new stock',
  REFURBISH: 'Assumption: 2 × 300 km articulated truck to the refurbisher and back × GLEC Framework v3 0.08 kg CO2e/tkm',
  RETURN_TO_VENDOR: 'Assumption: 300 km articulated truck to the supplier × GLEC Framework v3 0.08 kg CO2e/tkm',
  LIQUIDATE: 'Assumption: 300 km articulated truck to the liquidator × GLEC Framework v3 0.08 kg CO2e/tkm',
  DONATE: 'Assumption: 30 km van run to a charity × GLEC Framework v3 0.75 kg CO2e/tkm',
};

const DISPLACEMENT_SOURCE: Readonly<Record<ReuseDisposition, string>> = {
  RESTOCK: 'Assumption (recovery-factors.ts): a restocked unit is sold instead of a new one',
  RESELL_OPEN_BOX: 'WRAP, Displacement Rates Untangled (2025): 64.6 % average displacement for resale',
  REFURBISH: 'WRAP, Displacement Rates Untangled (2025): 64.6 % for resale; refurbishing emissions subtracted separately',
  RETURN_TO_VENDOR: 'Assumption (recovery-factors.ts): not claimed, the supplier\'s use of the unit is outside the boundary',
  LIQUIDATE: 'WRAP Clothing Knowledge Hub: ~28 % displacement for less targeted reuse (assumed to carry over to other goods)',
  DONATE: 'WRAP Clothing Knowledge Hub: ~28 % displacement for clothing reused in the UK (assumed to carry over to other goods)',
};

const PER_KG_SOURCE: Readonly<Record<string, string>> = {
  smartphones: 'Apple iPhone Product Environmental Reports: ~55–63 kg production for a ~0.17–0.2 kg phone, ~300 kg/kg',
  phones: 'Apple iPhone Product Environmental Reports: ~55–63 kg production for a ~0.17–0.2 kg phone, ~300 kg/kg',
  electronics: 'Dell Latitude E6400 footprint (O\'Connell & Stutz, 2010): ~half of 300–400 kg from manufacturing, ~2.5 kg laptop',
  computers: 'Dell Latitude E6400 footprint (O\'Connell & Stutz, 2010): ~half of 300–400 kg from manufacturing, ~2.5 kg laptop',
  laptops: 'Dell Latitude E6400 footprint (O\'Connell & Stutz, 2010): ~half of 300–400 kg from manufacturing, ~2.5 kg laptop',
  apparel: 'WRAP (2012), Clothing Knowledge Hub: ~26 kg CO2e per kg of cotton garment, rounded down for synthetics',
  clothing: 'WRAP (2012), Clothing Knowledge Hub: ~26 kg CO2e per kg of cotton garment, rounded down for synthetics',
  furniture: '~90 kg CO2e for a sofa (My Tool Shed study via futurenetzero.com, 2019) over an assumed ~45 kg sofa',
  default: 'Assumption: deliberately low for categories without data, so avoided emissions are not overstated',
};

function perKgDefaults(): CategoryFactors {
  return Object.fromEntries(Object.entries(DEFAULT_RECOVERY_FACTORS.embodiedKgCo2ePerKg).map(([key, value]) => {
    const source = PER_KG_SOURCE[key];
    if (source === undefined) throw new Error(`embodiedKgCo2ePerKg.${key} has no source`);
    return [key, { value, source }];
  }));
}

const PHONE_NEW: Factor = {
  value: 58,
  source: 'Fraunhofer Austria for refurbed (2023): 56.9 kg to produce an iPhone 11; Carbon Trust (2024), Smart phones, smart choices: ~60 kg to make, pack and ship a phone',
};
const PHONE_REFURB: Factor = {
  value: 13,
  source: 'Fraunhofer Austria for refurbed (2024): 13.1 kg for a refurbished iPhone 15; Carbon Trust (2024): ~15 kg for inspection, repair, packaging and transport',
};
const GARMENT_NEW: Factor = {
  value: 7,
  source: '~6.75–7 kg CO2e to produce and sell a ~250 g cotton T-shirt (commonly cited Carbon Trust figure); a low garment average',
};
const SHOE_NEW: Factor = {
  value: 14,
  source: 'MIT Materials Systems Laboratory (Cheah et al., J. Cleaner Production, 2013): 14 kg CO2e for a pair of running shoes',
};
const CLEANING: Factor = { value: 0.5, source: 'Assumption: cleaning, steaming and repackaging one item of clothing or footwear' };

/** The built-in factors: the report uses these where no override is in force. */
export const DEFAULT_SUSTAINABILITY_FACTORS: SustainabilityFactors = deepFreeze({
  dispositionRoutes: {
    RESTOCK: { value: 'PREPARATION_FOR_REUSE', source: `${GRI_REUSE}; the unit is checked and sold again as new` },
    RESELL_OPEN_BOX: { value: 'PREPARATION_FOR_REUSE', source: `${GRI_REUSE}; the unit is checked and resold as open box` },
    REFURBISH: { value: 'PREPARATION_FOR_REUSE', source: `${GRI_REUSE}; the unit is repaired and resold` },
    DONATE: { value: 'PREPARATION_FOR_REUSE', source: `${GRI_REUSE}; the unit is checked and given away for use` },
    LIQUIDATE: { value: 'PREPARATION_FOR_REUSE', source: `${GRI_REUSE}; sold on for resale, the buyer's outcome is outside the boundary` },
    RETURN_TO_VENDOR: {
      value: 'OTHER_RECOVERY',
      source: 'Decision: the supplier repairs, refurbishes or strips the unit but does not report which, so it is other recovery (GRI 306-4), not claimed as reuse',
    },
    DISPOSE: {
      value: 'LANDFILL',
      source: 'Assumption: the disposal contractor\'s route is unknown, so the worst case (landfill, GRI 306-5) is reported; override with your contractor\'s route',
    },
  },
  treatmentRoutes: {
    REUSE: { value: 'PREPARATION_FOR_REUSE', source: `${GRI_REUSE}; components recovered for reuse by the recycler` },
    RECYCLING: { value: 'RECYCLING', source: 'GRI 306-4 (2020): reprocessing a material into new products or materials' },
    ENERGY_RECOVERY: {
      value: 'INCINERATION_WITH_ENERGY_RECOVERY',
      source: 'GRI 306-5 (2020) lists incineration with energy recovery under disposal; the US EPA does not count it as diversion',
    },
    DISPOSAL: {
      value: 'LANDFILL',
      source: 'Assumption: a recycler\'s DISPOSAL fraction does not say landfill or incineration, so landfill (the worst case) is reported',
    },
  },
  displacementRate: Object.fromEntries(REUSE_DISPOSITIONS.map((d) => [
    d, { value: DEFAULT_RECOVERY_FACTORS.displacementRate[d], source: DISPLACEMENT_SOURCE[d] },
  ])) as Record<ReuseDisposition, Factor>,
  embodiedKgCo2ePerUnit: {
    ...same(['smartphones', 'phones', 'mobile'], PHONE_NEW),
    ...same(['laptops'], {
      value: 210,
      source: 'Apple MacBook Pro 14-inch (2021) Product Environmental Report: ~209 kg for production and transport; EY for 3stepIT (2018): ~225 kg to make a laptop',
    }),
    ...same(['tablets'], {
      value: 90,
      source: 'Assumption between Apple\'s iPad 2 report (2011: 105 kg life cycle, 60 % production) and iPad Pro 12.9-inch (2020: 140 kg life cycle)',
    }),
    ...same(['apparel', 'clothing'], GARMENT_NEW),
    ...same(['footwear', 'shoes'], SHOE_NEW),
  },
  embodiedKgCo2ePerKg: perKgDefaults(),
  refurbishmentKgCo2ePerUnit: {
    ...same(['smartphones', 'phones', 'mobile'], PHONE_REFURB),
    ...same(['laptops'], {
      value: 45,
      source: 'Fraunhofer Austria for refurbed (2023): refurbished laptops save 69–83 % against new; ~21 % of 210 kg, inside that range',
    }),
    ...same(['tablets'], {
      value: 15,
      source: 'Assumption: the smartphone figure rounded up; Fraunhofer Austria for refurbed (2024) reports 70–90 % savings for tablets',
    }),
    ...same(['apparel', 'clothing', 'footwear', 'shoes'], CLEANING),
  },
  refurbFootprintFraction: {
    value: DEFAULT_RECOVERY_FACTORS.refurbFootprintFraction,
    source: 'Assumption (recovery-factors.ts): refurbishing emits ~20 % of a new unit\'s embodied emissions (20–25 % commonly quoted)',
  },
  extraLogisticsKgCo2ePerKg: Object.fromEntries(REUSE_DISPOSITIONS.map((d) => [
    d, { value: perKgOfLegs(REUSE_LEGS[d]), source: LEG_SOURCE[d] },
  ])) as Record<ReuseDisposition, Factor>,
});

/** Overrides of some rows of some tables (what an admin stores); absent rows keep their default. */
export type FactorOverrides = {
  readonly [T in FactorTableName]?: T extends 'refurbFootprintFraction' ? Factor : Readonly<Record<string, Factor<number | string>>>;
};

/** The factors in force: the defaults with the override's rows laid over them. */
export function applyOverrides(overrides: FactorOverrides | null, defaults: SustainabilityFactors = DEFAULT_SUSTAINABILITY_FACTORS): SustainabilityFactors {
  if (!overrides) return defaults;
  const merged: Record<string, unknown> = {};
  for (const table of FACTOR_TABLES) {
    const rows = overrides[table];
    if (FACTOR_TABLE_SPECS[table].keys === 'scalar') merged[table] = rows ?? defaults[table];
    else merged[table] = { ...(defaults[table] as Record<string, Factor<unknown>>), ...rows };
  }
  return deepFreeze(merged as unknown as SustainabilityFactors);
}

/** The category's row of a per-category table (case-insensitive), or undefined. */
export function categoryFactor(table: CategoryFactors, category: string): Factor | undefined {
  const key = category.trim().toLowerCase();
  // Object.hasOwn: a category named "constructor" must not read Object.prototype.
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** One row of a factor table as listed to people: table, key, value or route, unit, source. */
export interface FactorRow {
  table: FactorTableName;
  key: string;
  value: number | null;
  route: WasteRoute | null;
  unit: string;
  source: string;
  overridden: boolean;
}

/** Every row of the factors in force, table by table, keys in table order; overridden rows are flagged. */
export function listFactors(factors: SustainabilityFactors, overrides: FactorOverrides | null): FactorRow[] {
  return FACTOR_TABLES.flatMap((table) => {
    const spec = FACTOR_TABLE_SPECS[table];
    const entries: Array<[string, Factor<number | string>]> = spec.keys === 'scalar'
      ? [[SCALAR_KEY, factors[table] as Factor]]
      : Object.entries(factors[table] as Record<string, Factor<number | string>>);
    return entries.map(([key, factor]) => ({
      table, key, unit: spec.unit, source: factor.source,
      value: typeof factor.value === 'number' ? factor.value : null,
      route: typeof factor.value === 'string' ? factor.value as WasteRoute : null,
      overridden: overrides?.[table] !== undefined && (spec.keys === 'scalar' || Object.hasOwn(overrides[table]!, key)),
    }));
  });
}
