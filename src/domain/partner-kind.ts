/** The kinds of partner Boomerang integrates with; the adapter registry is keyed by these. */
export type PartnerKind = 'CARRIER' | 'LOCKER_NETWORK' | 'STORE_NETWORK' | 'PICKUP' | 'REFURBISHER' | 'RECYCLER' | 'VENDOR' | 'MERCHANT';
