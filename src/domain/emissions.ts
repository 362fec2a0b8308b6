/**
 * Transport emissions of a return, as tonne-km × an emission intensity per mode (the GLEC Framework / ISO 14083
 * method: emissions = transported mass × distance × mode intensity, well-to-wheel). Intensities are GLEC Framework v3
 * default values rounded; distances are stated assumptions per return method. Every table is exported so a deployment
 * can override it with its carriers' own figures.
 */

/** kg CO2e per tonne-km, well-to-wheel. */
export const MODE_INTENSITY_KG_PER_TKM = {
  // GLEC Framework v3, Table "road – light commercial vehicle < 3.5 t, diesel, average load" (~0.6–0.9); rounded.
  van: 0.75,
  // GLEC Framework v3, rigid truck 7.5–12 t, diesel, average load; rounded.
  rigidTruck: 0.22,
  // GLEC Framework v3, articulated truck 34–40 t, diesel, average load; rounded.
  articulatedTruck: 0.08,
} as const;

export type Mode = keyof typeof MODE_INTENSITY_KG_PER_TKM;

/** One leg of a return journey. */
export interface Leg { mode: Mode; km: number }

/**
 * Assumed legs per method (documented assumptions, not measurements): a home pickup is a dedicated van detour;
 * drop-off points are collected in consolidated van rounds (shorter share per parcel); lockers and stores are in
 * between; all then travel a line-haul to the returns warehouse. The customer's own trip to a drop-off point is
 * excluded (it is usually combined with other trips and is not the merchant's scope 3 transport).
 */
export const METHOD_LEGS: Record<'CARRIER_DROP_OFF' | 'LOCKER' | 'STORE_DROP_OFF' | 'HOME_PICKUP' | 'RETURNLESS', Leg[]> = {
  HOME_PICKUP: [{ mode: 'van', km: 25 }, { mode: 'rigidTruck', km: 50 }, { mode: 'articulatedTruck', km: 300 }],
  CARRIER_DROP_OFF: [{ mode: 'van', km: 8 }, { mode: 'rigidTruck', km: 50 }, { mode: 'articulatedTruck', km: 300 }],
  LOCKER: [{ mode: 'van', km: 6 }, { mode: 'rigidTruck', km: 50 }, { mode: 'articulatedTruck', km: 300 }],
  STORE_DROP_OFF: [{ mode: 'van', km: 5 }, { mode: 'articulatedTruck', km: 300 }],
  RETURNLESS: [],
};

/** kg CO2e to move `weightGrams` along `legs`, rounded to 0.001 kg. */
export function transportCo2eKg(weightGrams: number, legs: readonly Leg[], intensity: Record<Mode, number> = MODE_INTENSITY_KG_PER_TKM): number {
  if (!Number.isFinite(weightGrams) || weightGrams < 0) throw new RangeError('weightGrams must be a non-negative number');
  const tonnes = weightGrams / 1_000_000;
  const kg = legs.reduce((sum, leg) => sum + tonnes * leg.km * intensity[leg.mode], 0);
  return Math.round(kg * 1000) / 1000;
}
