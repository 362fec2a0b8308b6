import { callForObject, query, readEnvelope, readKey, returnPayload, segment } from '../boomerang-protocol';
import { malformedAnswer, type JsonReader } from '../json-reader';
import { callPartner } from '../partner-http';
import { isOnGlobe, nearestFirst } from './geo';
import type { Compartment, CompartmentSize, LockerAdapter, LockerEventStatus, LockerPoint } from './types';

const SIZES: readonly CompartmentSize[] = ['A', 'B', 'C'];

const EVENT_STATUS = {
  'reservation.deposited': 'DEPOSITED',
  'reservation.collected': 'COLLECTED',
  'reservation.expired': 'EXPIRED',
  'reservation.cancelled': 'CANCELLED',
} as const satisfies Record<string, LockerEventStatus>;
const WEBHOOK_TYPES = Object.keys(EVENT_STATUS) as Array<keyof typeof EVENT_STATUS>;

function readCompartment(c: JsonReader): Compartment {
  return { size: c.oneOf('size', SIZES), heightCm: c.number('heightCm'), widthCm: c.number('widthCm'), depthCm: c.number('depthCm'), maxWeightGrams: c.number('maxWeightGrams') };
}

function readPoint(p: JsonReader): LockerPoint {
  const point: LockerPoint = {
    externalId: p.id('externalId'),
    name: p.string('name'),
    address: p.string('address'),
    latitude: p.number('latitude'),
    longitude: p.number('longitude'),
    openingHours: p.optionalString('openingHours'),
    compartments: p.objects('compartments').map(readCompartment),
  };
  if (!isOnGlobe(point)) throw malformedAnswer('GET points')(`point ${point.externalId} has coordinates off the globe`);
  return point;
}

/**
 * Boomerang's own locker-network protocol (docs/partner-protocol.md, "Locker networks"): `GET points`,
 * `POST reservations`, `POST reservations/{id}/release`; deposits and collections arrive as `reservation.*` webhooks.
 */
export const boomerangLockerAdapter: LockerAdapter = {
  id: 'boomerang-locker-v1',

  async searchPoints(partner, near, maxDistanceKm) {
    const q = query({ lat: near.latitude, lng: near.longitude, radiusKm: maxDistanceKm });
    const answer = await callForObject(partner, { method: 'GET', path: `points?${q}`, idempotencyKey: readKey() });
    return nearestFirst(answer.objects('points').map(readPoint), near, maxDistanceKm);
  },

  async reserve(partner, req, idempotencyKey) {
    const body = { ...returnPayload(req), pointExternalId: req.pointExternalId, size: req.size };
    const answer = await callForObject(partner, { path: 'reservations', body, idempotencyKey });
    return {
      reservationId: answer.id('reservationId'),
      pointExternalId: answer.id('pointExternalId'),
      compartmentSize: answer.oneOf('compartmentSize', SIZES),
      dropOffCode: answer.string('dropOffCode'),
      qrCode: answer.optionalString('qrCode'),
      trackingNumber: answer.optionalString('trackingNumber'),
      expiresAt: answer.instant('expiresAt'),
    };
  },

  async release(partner, reservationId, idempotencyKey) {
    await callPartner(partner, { path: `reservations/${segment(reservationId)}/release`, idempotencyKey });
  },

  parseWebhook(_partner, webhook) {
    const { type, data } = readEnvelope(webhook, WEBHOOK_TYPES);
    return [{ reservationId: data.id('reservationId'), status: EVENT_STATUS[type], occurredAt: data.instant('occurredAt') }];
  },
};
