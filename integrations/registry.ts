import type { PartnerKind } from '../src/db/schema';
import { boomerangMerchantAdapter } from './merchant/boomerang-merchant.adapter';
import type { MerchantAdapter } from './merchant/types';

/** Adapter contracts per partner kind; a kind without adapters yet maps to never. */
interface AdapterByKind {
  MERCHANT: MerchantAdapter;
}

const REGISTRY: { [K in keyof AdapterByKind]: ReadonlyMap<string, AdapterByKind[K]> } = {
  MERCHANT: new Map([[boomerangMerchantAdapter.id, boomerangMerchantAdapter]]),
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
