import type { GeoPoint, InboundWebhook, ReturnRef, VerifyInbound } from '../common';
import type { PartnerEndpoint } from '../partner-http';

/** Compartment sizes, A smallest (InPost-style). */
export type CompartmentSize = 'A' | 'B' | 'C';

export interface Compartment { size: CompartmentSize; heightCm: number; widthCm: number; depthCm: number; maxWeightGrams: number }

/** A locker location as the network reports it. */
export interface LockerPoint {
  externalId: string;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  openingHours: string | null;
  compartments: Compartment[];
}

/** A reserved compartment and the code that opens it. */
export interface LockerReservation {
  reservationId: string;
  pointExternalId: string;
  compartmentSize: CompartmentSize;
  dropOffCode: string;
  qrCode: string | null;
  trackingNumber: string | null;
  expiresAt: string;
}

export type LockerEventStatus = 'DEPOSITED' | 'COLLECTED' | 'EXPIRED' | 'CANCELLED';

/** One normalized locker event. */
export interface LockerEvent { reservationId: string; status: LockerEventStatus; occurredAt: string }

/** The contract every locker-network adapter implements. */
export interface LockerAdapter {
  readonly id: string;
  /** Points within maxDistanceKm of near, nearest first. */
  searchPoints(partner: PartnerEndpoint, near: GeoPoint, maxDistanceKm: number): Promise<LockerPoint[]>;
  /** Reserves a compartment of `size` at a point for the return's parcel. */
  reserve(partner: PartnerEndpoint, req: ReturnRef & { pointExternalId: string; size: CompartmentSize }, idempotencyKey: string): Promise<LockerReservation>;
  /** Releases a reservation (compensation, expiry); releasing a released one succeeds. */
  release(partner: PartnerEndpoint, reservationId: string, idempotencyKey: string): Promise<void>;
  parseWebhook(partner: PartnerEndpoint, webhook: InboundWebhook): LockerEvent[];
  verifyWebhook?: VerifyInbound;
}
