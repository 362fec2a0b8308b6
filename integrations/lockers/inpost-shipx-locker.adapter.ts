import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InboundWebhook, PostalAddress } from '../common';
import { PermanentPartnerError, TransientPartnerError } from '../errors';
import { JsonReader, malformedAnswer, malformedWebhook, parseInstant } from '../json-reader';
import { numberSetting, optionalSetting, requiredSetting } from '../partner-settings';
import { callPartner, type PartnerCall, type PartnerEndpoint } from '../partner-http';
import { isOnGlobe, nearestFirst } from './geo';
import type { Compartment, CompartmentSize, LockerAdapter, LockerEvent, LockerEventStatus, LockerPoint } from './types';

/** ShipX's published parcel-locker compartments (height × width × depth, 25 kg each); ShipX lists no per-point sizes. */
const COMPARTMENTS: readonly Compartment[] = [
  { size: 'A', heightCm: 8, widthCm: 38, depthCm: 64, maxWeightGrams: 25_000 },
  { size: 'B', heightCm: 19, widthCm: 38, depthCm: 64, maxWeightGrams: 25_000 },
  { size: 'C', heightCm: 41, widthCm: 38, depthCm: 64, maxWeightGrams: 25_000 },
];
const TEMPLATE: Record<CompartmentSize, string> = { A: 'small', B: 'medium', C: 'large' };

/** ShipX shipment status → locker event; every other status (in transit, delivered to the warehouse, …) is ignored. */
const STATUS: Record<string, LockerEventStatus> = {
  dispatched_by_sender: 'DEPOSITED',
  dispatched_by_sender_to_pok: 'DEPOSITED',
  collected_from_sender: 'COLLECTED',
  taken_by_courier: 'COLLECTED',
  expired: 'EXPIRED',
  canceled: 'CANCELLED',
};

/** Sends one ShipX call with the organization's Bearer token; returns the parsed answer (null when empty). */
function send(partner: PartnerEndpoint, call: PartnerCall): Promise<unknown> {
  return callPartner(partner, { ...call, headers: { ...call.headers, authorization: `Bearer ${requiredSetting(partner, 'token')}` } });
}

/** One ShipX call whose answer must be a JSON object. */
async function shipx(partner: PartnerEndpoint, call: PartnerCall): Promise<JsonReader> {
  return JsonReader.object(await send(partner, call), malformedAnswer(`ShipX ${call.method ?? 'POST'} ${call.path?.split('?')[0]}`));
}

/** ShipX wants street and building number apart; "Kapelanka 14/2" splits, anything else goes whole as the street. */
function party(a: PostalAddress, email: string | null): Record<string, unknown> {
  const m = /^(.*\S)\s+(\d+[a-zA-Z]?(?:\/\d+[a-zA-Z]?)?)$/.exec(a.line1.trim());
  const address = {
    street: m ? m[1] : a.line1, building_number: m ? m[2] : undefined, line2: a.line2 ?? undefined,
    city: a.city, post_code: a.postalCode, country_code: a.countryCode,
  };
  return { name: a.name ?? undefined, company_name: a.name ?? undefined, phone: a.phone ?? undefined, email: email ?? undefined, address };
}

function pointAddress(p: JsonReader): string {
  const d = p.optionalChild('address_details');
  const street = [d?.optionalString('street'), d?.optionalString('building_number')].filter(Boolean).join(' ');
  const town = [d?.optionalString('post_code'), d?.optionalString('city')].filter(Boolean).join(' ');
  const detailed = [street, town].filter(Boolean).join(', ');
  if (detailed) return detailed;
  const a = p.optionalChild('address');
  return [a?.optionalString('line1'), a?.optionalString('line2')].filter(Boolean).join(', ');
}

/** A usable parcel locker, or null: ShipX's directory holds points not operating or with incomplete data. */
function readPoint(p: JsonReader): LockerPoint | null {
  try {
    const status = p.optionalString('status');
    if (status && status !== 'Operating') return null;
    const location = p.child('location');
    const name = p.string('name');
    const description = p.optionalString('location_description');
    const point: LockerPoint = {
      externalId: name,
      name: description ? `${name}, ${description}` : name,
      address: pointAddress(p),
      latitude: location.number('latitude'),
      longitude: location.number('longitude'),
      openingHours: p.optionalString('opening_hours'),
      compartments: COMPARTMENTS.map((c) => ({ ...c })),
    };
    return isOnGlobe(point) && point.address ? point : null;
  } catch {
    return null;
  }
}

/** `2026-11-27 21:14:27.123 +0100` (ShipX event_ts) → ISO-8601 UTC; ISO input passes through; null otherwise. */
export function parseEventTs(ts: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) ?([+-]\d{2}):?(\d{2})$/.exec(ts.trim());
  return m ? parseInstant(`${m[1]}T${m[2]}${m[3]}:${m[4]}`) : parseInstant(ts);
}

/**
 * ShipX buys and confirms a shipment asynchronously: the tracking number appears some time after the POST. Polls
 * briefly; when it does not come, cancels the unconfirmed shipment (nothing is charged before confirmation) so the
 * retried job does not leave a second one behind.
 */
async function untilConfirmed(partner: PartnerEndpoint, created: JsonReader, idempotencyKey: string): Promise<JsonReader> {
  const path = `v1/shipments/${encodeURIComponent(created.id('id'))}`;
  const polls = numberSetting(partner, 'confirmPolls', 5);
  let shipment = created;
  for (let i = 0; !shipment.has('tracking_number') && i < polls; i++) {
    await sleep(numberSetting(partner, 'confirmPollMs', 1000));
    shipment = await shipx(partner, { method: 'GET', path, idempotencyKey: `${idempotencyKey}:poll-${i + 1}` });
  }
  if (shipment.has('tracking_number')) return shipment;
  await send(partner, { method: 'DELETE', path, idempotencyKey: `${idempotencyKey}:undo` }).catch(() => undefined);
  throw new TransientPartnerError(`ShipX did not confirm shipment ${created.id('id')} in time; cancelled it`);
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

/**
 * A locker adapter shaped on InPost's ShipX API (docs/partner-protocol.md, "InPost ShipX"): points from `/v1/points`,
 * a reservation is a return shipment sent from the chosen locker, release cancels it; status webhooks become locker
 * events. ShipX webhooks are not signed, see verifyWebhook.
 */
export const inpostShipxLockerAdapter: LockerAdapter = {
  id: 'inpost-shipx-locker',

  async searchPoints(partner, near, maxDistanceKm) {
    const q = {
      relative_point: `${near.latitude},${near.longitude}`, max_distance: String(Math.round(maxDistanceKm * 1000)),
      type: 'parcel_locker', per_page: '100',
    };
    // A city-wide radius (the location sync) spans many pages; settings.pointPages caps the walk.
    const points = new Map<string, LockerPoint>();
    const maxPages = numberSetting(partner, 'pointPages', 10);
    for (let page = 1; page <= maxPages; page++) {
      const path = `v1/points?${new URLSearchParams({ ...q, page: String(page) })}`;
      const answer = await shipx(partner, { method: 'GET', path, idempotencyKey: randomUUID() });
      for (const point of answer.objects('items').map(readPoint)) if (point) points.set(point.externalId, point);
      if (page >= (answer.has('total_pages') ? answer.number('total_pages') : 1)) break;
    }
    return nearestFirst([...points.values()], near, maxDistanceKm);
  },

  async reserve(partner, req, idempotencyKey) {
    const service = optionalSetting(partner, 'service') ?? 'inpost_locker_standard';
    const targetPoint = optionalSetting(partner, 'targetPoint');
    // Locker services deliver to a locker: the merchant's receiving locker must be configured.
    if (service.startsWith('inpost_locker') && !targetPoint) throw new PermanentPartnerError(`partner ${partner.id}: settings.targetPoint is required for ${service}`);
    const body = {
      receiver: party(req.to, optionalSetting(partner, 'receiverEmail')),
      sender: party(req.from, null),
      parcels: { template: TEMPLATE[req.size] },
      service,
      custom_attributes: { sending_method: 'parcel_locker', dropoff_point: req.pointExternalId, target_point: targetPoint ?? undefined },
      reference: req.rmaNumber,
      is_return: true,
    };
    const org = encodeURIComponent(requiredSetting(partner, 'organizationId'));
    const created = await shipx(partner, { path: `v1/organizations/${org}/shipments`, body, idempotencyKey });
    const shipment = await untilConfirmed(partner, created, idempotencyKey);
    const trackingNumber = shipment.string('tracking_number');
    const sendingCode = shipment.optionalString('sending_code') ?? shipment.optionalChild('custom_attributes')?.optionalString('sending_code') ?? null;
    const createdAt = (shipment.has('created_at') && parseInstant(shipment.string('created_at'))) || new Date().toISOString();
    return {
      reservationId: shipment.id('id'),
      pointExternalId: req.pointExternalId,
      compartmentSize: req.size,
      dropOffCode: sendingCode ?? trackingNumber,
      qrCode: trackingNumber,
      trackingNumber,
      expiresAt: addDays(createdAt, numberSetting(partner, 'reservationDays', 7)),
    };
  },

  async release(partner, reservationId, idempotencyKey) {
    try {
      await send(partner, { method: 'DELETE', path: `v1/shipments/${encodeURIComponent(reservationId)}`, idempotencyKey });
    } catch (e) {
      // Releasing a released reservation succeeds: a deleted shipment is gone.
      if (!(e instanceof PermanentPartnerError && e.status === 404)) throw e;
    }
  },

  parseWebhook(_partner, webhook): LockerEvent[] {
    const body = JsonReader.parse(webhook.rawBody, malformedWebhook);
    // shipment_confirmed, offers_prepared, … share the URL and say nothing about the locker.
    if (body.string('event') !== 'shipment_status_changed') return [];
    const payload = body.child('payload');
    const reservationId = payload.id('shipment_id');
    const status = payload.string('status');
    const occurredAt = parseEventTs(body.string('event_ts'));
    if (!occurredAt) throw malformedWebhook(`body.event_ts is not a time: "${body.string('event_ts').slice(0, 40)}"`);
    const mapped = STATUS[status];
    return mapped ? [{ reservationId, status: mapped, occurredAt }] : [];
  },

  /**
   * ShipX does not sign webhooks (InPost sends them from 91.216.25.0/24). This accepts a body whose organization_id is
   * ours and, when settings.webhookToken is set, a matching token header (settings.webhookTokenHeader, default
   * x-api-key), compared in constant time. Delivery id: a hash of the body (events carry no id; event_ts differs).
   */
  verifyWebhook(partner: PartnerEndpoint, webhook: InboundWebhook) {
    const token = optionalSetting(partner, 'webhookToken');
    if (token) {
      const given = Buffer.from(webhook.headers[(optionalSetting(partner, 'webhookTokenHeader') ?? 'x-api-key').toLowerCase()] ?? '');
      const expected = Buffer.from(token);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    }
    let organizationId: unknown;
    try {
      organizationId = (JSON.parse(webhook.rawBody) as { organization_id?: unknown }).organization_id;
    } catch {
      return null;
    }
    if (String(organizationId) !== optionalSetting(partner, 'organizationId')) return null;
    return { id: `sha256:${createHash('sha256').update(webhook.rawBody).digest('hex')}` };
  },
};
