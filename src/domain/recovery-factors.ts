import type { DispositionType } from './disposition-types';
import { deepFreeze } from './deep-freeze';
import { scaledFromEur, type MajorAmount } from './major-amount';

/** Numbers per product category (lower-case keys) with a required fallback. */
export type CategoryTable = Readonly<Record<string, number>> & { readonly default: number };

/** How money comes back (or goes out) for one disposition. */
export type DispositionRecovery = {
  /** Fraction of the unit value recovered (resale price, vendor credit); ≤ 4 decimals used. */
  readonly valueFraction: number;
  /** Signed money per kg of product: scrap value (+) or disposal cost (−). */
  readonly perKg?: MajorAmount;
  /** Signed money per unit: e.g. refurbishment handling (−). */
  readonly perUnit?: MajorAmount;
};

/** Every factor the recovery and CO2e estimates use; pass your own to override. */
export type RecoveryFactors = {
  readonly recovery: Readonly<Record<DispositionType, DispositionRecovery>>;
  /** Refurbishment cost as a fraction of unit value, subtracted from REFURBISH. */
  readonly refurbCostFraction: CategoryTable;
  /** Weight assumed for money estimates when a product has none (CO2e uses 0 instead). */
  readonly defaultWeightGrams: number;
  /** Embodied (production) emissions per kg of product, kg CO2e / kg. */
  readonly embodiedKgCo2ePerKg: CategoryTable;
  /** Share of a new unit's production avoided when a unit takes this route. */
  readonly displacementRate: Readonly<Record<DispositionType, number>>;
  /** Emissions of refurbishing, as a fraction of the new unit's embodied emissions. */
  readonly refurbFootprintFraction: number;
  /** Avoided emissions from recovered materials, kg CO2e per kg of product. */
  readonly materialCreditKgCo2ePerKg: Readonly<Record<DispositionType, number>>;
};

/** The default recovery and emission factors. Each number names its source or says it is an assumption. */
export const DEFAULT_RECOVERY_FACTORS: RecoveryFactors = deepFreeze({
  recovery: {
    // Assumption: a restocked unit sells again at the price the customer paid.
    RESTOCK: { valueFraction: 1 },
    // Assumption: open-box stock typically sells about 20 % below new.
    RESELL_OPEN_BOX: { valueFraction: 0.8 },
    REFURBISH: {
      // Assumption: refurbished units resell at about 70 % of new.
      valueFraction: 0.7,
      // Assumption: ~10 EUR per unit of triage, testing, cleaning and re-listing, which is
      // what makes refurbishing cheap items lose money.
      perUnit: scaledFromEur(-10),
    },
    // Assumption: vendors credit about 60 % of the price paid for defective units.
    RETURN_TO_VENDOR: { valueFraction: 0.6 },
    // Assumption: liquidation lots sell for a small fraction of retail, ~15 %.
    LIQUIDATE: { valueFraction: 0.15 },
    // Nothing comes back in money; the tax benefit of a donation is not modelled.
    DONATE: { valueFraction: 0 },
    // Assumption: ~0.05 EUR/kg net scrap value for mixed consumer goods after sorting.
    RECYCLE: { valueFraction: 0, perKg: scaledFromEur(0.05) },
    // England's landfill tax is £103.70/t from 1 April 2024 (HM Treasury) and WRAP's 2017
    // gate-fee report gives a ~£20/t median landfill gate fee: ~£0.125/kg ≈ 0.15 EUR/kg.
    DISPOSE: { valueFraction: 0, perKg: scaledFromEur(-0.15) },
  },
  refurbCostFraction: {
    // Assumption: parts and labour for electronics run about a quarter of value.
    electronics: 0.25,
    smartphones: 0.25,
    computers: 0.25,
    // Assumption: cleaning and small repairs for clothing, about a tenth of value.
    apparel: 0.1,
    clothing: 0.1,
    // Assumption: anything else, a fifth of value.
    default: 0.2,
  },
  // Assumption: 1 kg when a product has no weight, so costs per kg are not silently zero.
  defaultWeightGrams: 1000,
  embodiedKgCo2ePerKg: {
    // Apple's iPhone Product Environmental Reports give ~64–79 kg CO2e per phone over its
    // life with ~80 % from production (~55–63 kg) for a ~0.17–0.2 kg device: ~300 kg/kg.
    smartphones: 300,
    phones: 300,
    // Dell Latitude E6400 carbon footprint (O'Connell & Stutz, 2010): 300–400 kg CO2e over
    // four years, about half from manufacturing, for a ~2.5 kg laptop (assumed weight):
    // ~70 kg/kg. Broad "electronics" varies widely (TVs, appliances are far lower per kg).
    electronics: 70,
    computers: 70,
    laptops: 70,
    // WRAP (2012, Clothing Knowledge Hub): ~26 kg CO2e saved per kg of cotton not used in
    // t-shirt manufacture; rounded down to 25 because synthetic garments are lower.
    apparel: 25,
    clothing: 25,
    // ~90 kg CO2e for a sofa (My Tool Shed study, reported by futurenetzero.com, 2019) over
    // an assumed ~45 kg sofa: ~2 kg/kg.
    furniture: 2,
    // Assumption: deliberately low for unknown categories so avoided emissions are not overstated.
    default: 5,
  },
  displacementRate: {
    // Assumption: a restocked unit is sold instead of a new one from production.
    RESTOCK: 1,
    // WRAP "Displacement Rates Untangled" (2025): 64.6 % average displacement for resale
    // (UK clothing, online second-hand platforms).
    RESELL_OPEN_BOX: 0.646,
    // Same resale displacement (WRAP 2025); the refurbishment's own footprint is subtracted
    // separately through refurbFootprintFraction.
    REFURBISH: 0.646,
    // Assumption: not claimed; what the vendor does with the unit is outside our boundary.
    RETURN_TO_VENDOR: 0,
    // WRAP Clothing Knowledge Hub: ~28 % displacement for clothing re-used in the UK; used
    // for less targeted reuse channels (assumption that it carries over to other goods).
    LIQUIDATE: 0.28,
    DONATE: 0.28,
    // Not reused, so nothing displaced; recycling is credited by materialCreditKgCo2ePerKg.
    RECYCLE: 0,
    DISPOSE: 0,
  },
  // Assumption: refurbishing emits ~20 % of a new unit's embodied emissions (commonly quoted
  // 20–25 %; not yet tied to a source).
  refurbFootprintFraction: 0.2,
  materialCreditKgCo2ePerKg: {
    RESTOCK: 0,
    RESELL_OPEN_BOX: 0,
    REFURBISH: 0,
    RETURN_TO_VENDOR: 0,
    LIQUIDATE: 0,
    DONATE: 0,
    // Assumption: ~1 kg CO2e per kg for mixed materials; for scale, Dell's OptiPlex 780
    // desktop footprint (2010) credits recycling with about 20 kg CO2e per machine.
    RECYCLE: 1,
    DISPOSE: 0,
  },
});

/** The category's entry of a table (case-insensitive), else its default. */
export function lookupCategory(table: CategoryTable, category: string): number {
  const key = category.trim().toLowerCase();
  // Object.hasOwn: a category named "constructor" must not read Object.prototype.
  return Object.hasOwn(table, key) ? table[key] : table.default;
}
