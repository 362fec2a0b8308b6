import type { PartnerCapabilities, PartnerKind } from '../db/schema';
import type { LocationInput } from '../services/methods/location.service';

// The demo's partners and their places, shared by the seed (which registers them in Boomerang) and the partner
// simulator (`npm run partner-sim`, scripts/partner-sim.ts), which plays them. Everything here is made up, placed
// around the demo customers' address (Keizersgracht 1, Amsterdam).

/** Path prefixes the simulator serves each partner kind under (`<PARTNER_SIM_URL>/<prefix>/`). */
export const SIM_KINDS = ['carrier', 'locker', 'store', 'pickup', 'merchant', 'refurbisher', 'recycler', 'vendor'] as const;
export type SimKind = (typeof SIM_KINDS)[number];

export interface DemoPartner {
  sim: SimKind;
  kind: PartnerKind;
  name: string;
  adapter: string;
  settings: Record<string, unknown>;
  capabilities: PartnerCapabilities;
  /** The partner's drop-off places, published with upsertDropOffLocations. */
  locations: LocationInput[];
}

/** The carrier name the simulator prints on its labels. */
export const DEMO_CARRIER_NAME = 'Demo Parcel';

/** Published locker compartment sizes (height × width × depth, cm), as common parcel lockers have them. */
const COMPARTMENTS = [
  { size: 'A', heightCm: 8, widthCm: 38, depthCm: 64, maxWeightGrams: 25_000 },
  { size: 'B', heightCm: 19, widthCm: 38, depthCm: 64, maxWeightGrams: 25_000 },
  { size: 'C', heightCm: 41, widthCm: 38, depthCm: 64, maxWeightGrams: 25_000 },
];

export const DEMO_LOCKERS: LocationInput[] = [
  { externalId: 'AMS-LCK-01', type: 'LOCKER', name: 'Locker Centraal Station', address: 'Stationsplein 15, 1012 AB Amsterdam', latitude: 52.3784, longitude: 4.9009, openingHours: '24/7', compartments: COMPARTMENTS },
  { externalId: 'AMS-LCK-02', type: 'LOCKER', name: 'Locker Westermarkt', address: 'Westermarkt 4, 1016 DK Amsterdam', latitude: 52.3746, longitude: 4.8838, openingHours: '24/7', compartments: COMPARTMENTS },
  { externalId: 'AMS-LCK-03', type: 'LOCKER', name: 'Locker Museumplein', address: 'Museumplein 10, 1071 DJ Amsterdam', latitude: 52.3580, longitude: 4.8811, openingHours: '06:00-23:00', compartments: COMPARTMENTS },
  { externalId: 'AMS-LCK-04', type: 'LOCKER', name: 'Locker Amsterdam Zuid', address: 'Zuidplein 136, 1077 XV Amsterdam', latitude: 52.3389, longitude: 4.8730, openingHours: '24/7', compartments: COMPARTMENTS },
];

export const DEMO_STORES: LocationInput[] = [
  { externalId: 'AMS-STR-01', type: 'STORE', name: 'Demo Store Kalverstraat', address: 'Kalverstraat 92, 1012 PH Amsterdam', latitude: 52.3690, longitude: 4.8916, openingHours: 'Mo-Sa 10:00-19:00, Su 12:00-18:00' },
  { externalId: 'AMS-STR-02', type: 'STORE', name: 'Demo Store De Pijp', address: 'Ferdinand Bolstraat 50, 1072 LM Amsterdam', latitude: 52.3547, longitude: 4.8925, openingHours: 'Mo-Sa 09:00-18:00' },
];

export const DEMO_CARRIER_POINTS: LocationInput[] = [
  { externalId: 'AMS-CP-01', type: 'CARRIER_POINT', name: 'Demo Parcel point Jordaan', address: 'Westerstraat 60, 1015 MN Amsterdam', latitude: 52.3776, longitude: 4.8838, openingHours: 'Mo-Sa 08:00-20:00' },
  { externalId: 'AMS-CP-02', type: 'CARRIER_POINT', name: 'Demo Parcel point Oost', address: 'Linnaeusstraat 40, 1093 EL Amsterdam', latitude: 52.3607, longitude: 4.9264, openingHours: 'Mo-Fr 09:00-18:00' },
];

/** The supplier of the demo's phone: the demo vendor takes its defective units back for credit. */
export const DEMO_SUPPLIER = 'Demo Devices Ltd';

/** The demo policy's refurbishment auto-approve limit (EUR): the simulated workshop's quotes stay below it. */
export const DEMO_REFURB_AUTO_APPROVE_LIMIT = 150;

/** The eight demo partners, one per kind of Boomerang's own protocol. */
export const DEMO_PARTNERS: readonly DemoPartner[] = [
  { sim: 'carrier', kind: 'CARRIER', name: DEMO_CARRIER_NAME, adapter: 'boomerang-carrier-v1', settings: { costPerParcel: 4.5 }, capabilities: {}, locations: DEMO_CARRIER_POINTS },
  {
    sim: 'locker', kind: 'LOCKER_NETWORK', name: 'Demo Lockers', adapter: 'boomerang-locker-v1',
    // syncDropOffLocations pulls the same lockers from the simulator's GET points.
    settings: { syncAreas: [{ latitude: 52.3676, longitude: 4.9041, radiusKm: 15 }] }, capabilities: {}, locations: DEMO_LOCKERS,
  },
  { sim: 'store', kind: 'STORE_NETWORK', name: 'Demo Stores', adapter: 'boomerang-store-v1', settings: {}, capabilities: {}, locations: DEMO_STORES },
  { sim: 'pickup', kind: 'PICKUP', name: 'Demo Pickup', adapter: 'boomerang-pickup-v1', settings: {}, capabilities: {}, locations: [] },
  { sim: 'merchant', kind: 'MERCHANT', name: 'Demo Merchant', adapter: 'boomerang-merchant-v1', settings: {}, capabilities: { refunds: true, storeCredit: true }, locations: [] },
  {
    sim: 'refurbisher', kind: 'REFURBISHER', name: 'Demo Refurb', adapter: 'boomerang-refurbisher-v1',
    settings: { costPerUnit: 40, turnaroundDays: 5, slaDays: 10 }, capabilities: { categories: ['electronics', 'phones', 'tablets', 'wearables'], capacity: 25 }, locations: [],
  },
  {
    sim: 'recycler', kind: 'RECYCLER', name: 'Demo Recycling', adapter: 'boomerang-recycler-v1', settings: { costPerKg: 0.35 },
    capabilities: { categories: ['electronics', 'phones', 'tablets', 'wearables', 'apparel', 'footwear'], capacity: 10, turnaroundDays: 7 }, locations: [],
  },
  { sim: 'vendor', kind: 'VENDOR', name: 'Demo Vendor', adapter: 'boomerang-vendor-v1', settings: {}, capabilities: { suppliers: [DEMO_SUPPLIER] }, locations: [] },
];

/** Fees (major units) the demo policy charges per method; the simulator's partners perform them. */
export const DEMO_METHOD_FEES = [
  { type: 'CARRIER_DROP_OFF' as const, fee: 3.95 },
  { type: 'LOCKER' as const, fee: 2.95 },
  { type: 'STORE_DROP_OFF' as const, fee: 0 },
  { type: 'HOME_PICKUP' as const, fee: 6.95 },
];

/** What the seed tells the simulator about one partner (`POST /_sim/partners`). */
export interface SimRegistration {
  kind: SimKind;
  /** The partner's GraphQL (global) id: the last segment of its Boomerang webhook URL. */
  partnerId: string;
  signingSecret: string;
  name?: string;
  /** Where to POST this partner's webhooks; the simulator defaults to `${BOOMERANG_URL}/webhooks/<partnerId>`. */
  webhookUrl?: string;
}
