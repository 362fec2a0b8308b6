import type { PartnerKind } from '../src/domain/partner-kind';
import { boomerangCarrierAdapter } from './carriers/boomerang-carrier.adapter';
import { easypostCarrierAdapter } from './carriers/easypost-carrier.adapter';
import type { CarrierAdapter } from './carriers/types';
import { boomerangLockerAdapter } from './lockers/boomerang-locker.adapter';
import { inpostShipxLockerAdapter } from './lockers/inpost-shipx-locker.adapter';
import type { LockerAdapter } from './lockers/types';
import { boomerangMerchantAdapter } from './merchant/boomerang-merchant.adapter';
import type { MerchantAdapter } from './merchant/types';
import { boomerangPickupAdapter } from './pickups/boomerang-pickup.adapter';
import type { PickupAdapter } from './pickups/types';
import { boomerangRecyclerAdapter } from './recyclers/boomerang-recycler.adapter';
import type { RecyclerAdapter } from './recyclers/types';
import { boomerangRefurbisherAdapter } from './refurbishers/boomerang-refurbisher.adapter';
import type { RefurbisherAdapter } from './refurbishers/types';
import { boomerangStoreAdapter } from './stores/boomerang-store.adapter';
import type { StoreAdapter } from './stores/types';
import { boomerangVendorAdapter } from './vendors/boomerang-vendor.adapter';
import type { VendorAdapter } from './vendors/types';

/** Adapter contracts per partner kind; a kind without adapters yet is absent. */
interface AdapterByKind {
  CARRIER: CarrierAdapter;
  LOCKER_NETWORK: LockerAdapter;
  STORE_NETWORK: StoreAdapter;
  PICKUP: PickupAdapter;
  MERCHANT: MerchantAdapter;
  REFURBISHER: RefurbisherAdapter;
  RECYCLER: RecyclerAdapter;
  VENDOR: VendorAdapter;
}

const byId = <A extends { readonly id: string }>(...adapters: A[]): ReadonlyMap<string, A> => new Map(adapters.map((a) => [a.id, a]));

const REGISTRY: { [K in keyof AdapterByKind]: ReadonlyMap<string, AdapterByKind[K]> } = {
  CARRIER: byId(boomerangCarrierAdapter, easypostCarrierAdapter),
  LOCKER_NETWORK: byId(boomerangLockerAdapter, inpostShipxLockerAdapter),
  STORE_NETWORK: byId(boomerangStoreAdapter),
  PICKUP: byId(boomerangPickupAdapter),
  MERCHANT: byId(boomerangMerchantAdapter),
  REFURBISHER: byId(boomerangRefurbisherAdapter),
  RECYCLER: byId(boomerangRecyclerAdapter),
  VENDOR: byId(boomerangVendorAdapter),
};

/** Adapter identifiers available for a partner kind (used to validate createPartner). */
export function adapterIds(kind: PartnerKind): string[] {
  const map = (REGISTRY as Partial<Record<PartnerKind, ReadonlyMap<string, unknown>>>)[kind];
  return map ? [...map.keys()] : [];
}

/** The adapter registered for a kind under an identifier; domain code asks here, never imports a vendor folder. */
export function adapterFor<K extends keyof AdapterByKind>(kind: K, id: string): AdapterByKind[K] {
  const adapter = REGISTRY[kind].get(id);
  if (!adapter) throw new Error(`no ${kind} adapter "${id}"`);
  return adapter;
}
