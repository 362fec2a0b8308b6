import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import { inpostShipxLockerAdapter as adapter, parseEventTs } from '../../integrations/lockers/inpost-shipx-locker.adapter';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { adapterFor } from '../../integrations/registry';
import { FAILURE_MODES, LoopbackPartner, RETURN, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';

let server: LoopbackPartner;
let partner: PartnerEndpoint;
const SETTINGS = { token: 'shipx-token', organizationId: '1234', targetPoint: 'WAW01M', receiverEmail: 'returns@shop.test', confirmPollMs: 5, confirmPolls: 3 };

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server, { ...SETTINGS });
});
afterEach(() => server.stop());

const route = () => server.calls.map((c) => `${c.method} ${c.path}`);
const KRAKOW = { latitude: 50.0614, longitude: 19.9366 };
const item = (name: string, latitude: number, longitude: number, extra: Record<string, unknown> = {}) => ({
  href: `https://api-shipx-pl.easypack24.net/v1/points/${name}`, name, type: ['parcel_locker'], status: 'Operating',
  location: { latitude, longitude }, location_description: 'przy sklepie', opening_hours: '24/7',
  address: { line1: 'Rynek 1', line2: '31-042 Kraków' },
  address_details: { city: 'Kraków', province: 'małopolskie', post_code: '31-042', street: 'Rynek', building_number: '1', flat_number: null },
  ...extra,
});

test('is registered as the LOCKER_NETWORK adapter inpost-shipx-locker', () => {
  expect(adapterFor('LOCKER_NETWORK', 'inpost-shipx-locker')).toBe(adapter);
});

describe('searchPoints', () => {
  test('GETs /v1/points around the place with Bearer auth and maps operating lockers, nearest first', async () => {
    server.next(json({
      count: 5, page: 1, total_pages: 1,
      items: [
        item('KRA02M', 50.07, 19.95),
        item('KRA01M', 50.062, 19.937, { address_details: null, opening_hours: null }),
        item('KRA99M', 50.2, 19.9), // outside 2 km
        item('KRA03M', 50.061, 19.936, { status: 'NonOperating' }),
        item('KRA04M', 50.061, 19.936, { location: null }),
      ],
    }));
    const points = await adapter.searchPoints(partner, KRAKOW, 2);
    expect(points.map((p) => p.externalId)).toEqual(['KRA01M', 'KRA02M']);
    expect(points[0]).toMatchObject({ name: 'KRA01M, przy sklepie', address: 'Rynek 1, 31-042 Kraków', openingHours: null });
    expect(points[1]).toEqual({
      externalId: 'KRA02M', name: 'KRA02M, przy sklepie', address: 'Rynek 1, 31-042 Kraków', latitude: 50.07, longitude: 19.95, openingHours: '24/7',
      compartments: [
        { size: 'A', heightCm: 8, widthCm: 38, depthCm: 64, maxWeightGrams: 25000 },
        { size: 'B', heightCm: 19, widthCm: 38, depthCm: 64, maxWeightGrams: 25000 },
        { size: 'C', heightCm: 41, widthCm: 38, depthCm: 64, maxWeightGrams: 25000 },
      ],
    });
    const [call] = server.calls;
    expect(call.method).toBe('GET');
    const url = new URL(call.path, server.url);
    expect(url.pathname).toBe('/v1/points');
    expect(Object.fromEntries(url.searchParams)).toEqual({ relative_point: '50.0614,19.9366', max_distance: '2000', type: 'parcel_locker', per_page: '100', page: '1' });
    expect(call.headers.authorization).toBe('Bearer shipx-token');
  });

  test('walks ShipX pages up to settings.pointPages, without duplicates', async () => {
    server.next(
      json({ page: 1, total_pages: 3, items: [item('KRA01M', 50.062, 19.937)] }),
      json({ page: 2, total_pages: 3, items: [item('KRA02M', 50.07, 19.95), item('KRA01M', 50.062, 19.937)] }),
      json({ page: 3, total_pages: 3, items: [item('KRA05M', 50.065, 19.94)] }),
    );
    expect((await adapter.searchPoints(partner, KRAKOW, 2)).map((p) => p.externalId)).toEqual(['KRA01M', 'KRA05M', 'KRA02M']);
    expect(server.calls.map((c) => new URL(c.path, server.url).searchParams.get('page'))).toEqual(['1', '2', '3']);
    server.calls.length = 0;
    partner.settings.pointPages = 1;
    server.next(json({ page: 1, total_pages: 3, items: [] }));
    expect(await adapter.searchPoints(partner, KRAKOW, 2)).toEqual([]);
    expect(server.calls).toHaveLength(1);
  });

  test('a failing later page fails the search (no partial list presented as complete)', async () => {
    server.next(json({ page: 1, total_pages: 2, items: [item('KRA01M', 50.062, 19.937)] }), { status: 502 });
    await expectRejects(adapter.searchPoints(partner, KRAKOW, 2), TransientPartnerError);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.searchPoints(partner, KRAKOW, 2), errorClass);
  });

  test('an answer without items is malformed (transient)', async () => {
    server.next(json({ count: 0 }));
    await expectRejects(adapter.searchPoints(partner, KRAKOW, 2), TransientPartnerError, /items/);
  });
});

describe('reserve', () => {
  const CREATED = { id: 777, status: 'created', tracking_number: null, created_at: '2026-11-27T21:14:27.000+01:00', custom_attributes: {} };
  const CONFIRMED = { ...CREATED, status: 'confirmed', tracking_number: '520000011395200025754311', sending_code: '841226' };
  const reserve = (size: 'A' | 'B' | 'C' = 'B') => adapter.reserve(partner, { ...RETURN, pointExternalId: 'KRA01M', size }, 'job-r');

  test('POSTs a return shipment from the chosen locker, waits for confirmation, maps code and tracking', async () => {
    server.next(json(CREATED, 201), json(CREATED), json(CONFIRMED));
    expect(await reserve()).toEqual({
      reservationId: '777', pointExternalId: 'KRA01M', compartmentSize: 'B', dropOffCode: '841226',
      qrCode: '520000011395200025754311', trackingNumber: '520000011395200025754311', expiresAt: '2026-12-04T20:14:27.000Z',
    });
    expect(route()).toEqual(['POST /v1/organizations/1234/shipments', 'GET /v1/shipments/777', 'GET /v1/shipments/777']);
    expect(server.calls.every((c) => c.headers.authorization === 'Bearer shipx-token')).toBe(true);
    expectSignedCall(server.calls[0], partner.signingSecret, 'job-r');
    expect(bodyOf(server.calls[0])).toEqual({
      receiver: {
        name: 'Boomerang Returns', company_name: 'Boomerang Returns', phone: '+48221234567', email: 'returns@shop.test',
        address: { street: 'Magazynowa', building_number: '5/2', line2: 'Hala B', city: 'Warszawa', post_code: '02-652', country_code: 'PL' },
      },
      sender: {
        name: 'Ada Nowak', company_name: 'Ada Nowak', phone: '+48500100200',
        address: { street: 'Kapelanka', building_number: '14', city: 'Kraków', post_code: '30-347', country_code: 'PL' },
      },
      parcels: { template: 'medium' },
      service: 'inpost_locker_standard',
      custom_attributes: { sending_method: 'parcel_locker', dropoff_point: 'KRA01M', target_point: 'WAW01M' },
      reference: 'RMA-00100007',
      is_return: true,
    });
  });

  test('an immediately confirmed shipment needs no polling; without a sending code the tracking number is the code', async () => {
    partner.settings.reservationDays = 3;
    server.next(json({ ...CONFIRMED, sending_code: undefined }));
    expect(await reserve('A')).toMatchObject({ dropOffCode: '520000011395200025754311', expiresAt: '2026-11-30T20:14:27.000Z' });
    expect(bodyOf(server.calls[0]).parcels).toEqual({ template: 'small' });
    expect(server.calls).toHaveLength(1);
    server.next(json({ ...CONFIRMED, sending_code: null, custom_attributes: { sending_code: '113355' } }));
    expect((await reserve('C')).dropOffCode).toBe('113355');
    expect(bodyOf(server.calls[1]).parcels).toEqual({ template: 'large' });
  });

  test('a shipment never confirmed is cancelled and the reservation retried later', async () => {
    server.next(json(CREATED), json(CREATED), json(CREATED), json(CREATED), { status: 204 });
    await expectRejects(reserve(), TransientPartnerError, /did not confirm/);
    expect(route()).toEqual([
      'POST /v1/organizations/1234/shipments', 'GET /v1/shipments/777', 'GET /v1/shipments/777', 'GET /v1/shipments/777', 'DELETE /v1/shipments/777',
    ]);
  });

  test('configuration: a locker service needs settings.targetPoint; a courier service does not', async () => {
    delete partner.settings.targetPoint;
    await expectRejects(reserve(), PermanentPartnerError, /targetPoint/);
    expect(server.calls).toEqual([]);
    partner.settings.service = 'inpost_courier_standard';
    server.next(json(CONFIRMED));
    await reserve();
    expect(bodyOf(server.calls[0])).toMatchObject({ service: 'inpost_courier_standard', custom_attributes: { sending_method: 'parcel_locker', dropoff_point: 'KRA01M' } });
    expect(bodyOf(server.calls[0]).custom_attributes).not.toHaveProperty('target_point');
    await expectRejects(adapter.reserve({ ...partner, settings: { token: 't', targetPoint: 'WAW01M' } }, { ...RETURN, pointExternalId: 'KRA01M', size: 'A' }, 'k'), PermanentPartnerError, /organizationId/);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(reserve(), errorClass);
  });

  test('a created shipment without id is malformed (transient)', async () => {
    server.next(json({ ...CREATED, id: null }));
    await expectRejects(reserve(), TransientPartnerError, /malformed answer/);
  });
});

describe('release', () => {
  test('DELETEs the shipment with Bearer auth; an already deleted one (404) counts as released', async () => {
    server.next({ status: 204 }, { status: 404 });
    await adapter.release(partner, '777', 'job-rel');
    await adapter.release(partner, '777', 'job-rel');
    expect(route()).toEqual(['DELETE /v1/shipments/777', 'DELETE /v1/shipments/777']);
    expect(server.calls[0].headers.authorization).toBe('Bearer shipx-token');
    expect(server.calls[0].headers['idempotency-key']).toBe('job-rel');
  });

  test.each(FAILURE_MODES.filter(([name]) => name !== '404'))('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.release(partner, '777', 'job-rel'), errorClass);
  });
});

describe('webhooks', () => {
  const statusChanged = (status: string, eventTs = '2026-11-27 21:14:27.123 +0100') => ({
    event: 'shipment_status_changed', event_ts: eventTs, organization_id: 1234, payload: { shipment_id: 777, status, tracking_number: '520000011395200025754311' },
  });

  test('event_ts is parsed into ISO-8601 UTC', () => {
    expect(parseEventTs('2026-11-27 21:14:27.123 +0100')).toBe('2026-11-27T20:14:27.123Z');
    expect(parseEventTs('2020-03-20 15:08:42 +0100')).toBe('2020-03-20T14:08:42.000Z');
    expect(parseEventTs('2026-06-01 00:30:00 -0230')).toBe('2026-06-01T03:00:00.000Z');
    expect(parseEventTs('2026-11-27T21:14:27Z')).toBe('2026-11-27T21:14:27.000Z');
    for (const bad of ['2026-11-27 21:14:27', '2026-13-27 21:14:27 +0100', '2026-02-30 10:00:00 +0100', '27.11.2026 21:14', '']) expect(parseEventTs(bad)).toBeNull();
  });

  test.each([
    ['dispatched_by_sender', 'DEPOSITED'], ['dispatched_by_sender_to_pok', 'DEPOSITED'],
    ['collected_from_sender', 'COLLECTED'], ['taken_by_courier', 'COLLECTED'],
    ['expired', 'EXPIRED'], ['canceled', 'CANCELLED'],
  ])('status %s → %s', (status, expected) => {
    expect(adapter.parseWebhook(partner, webhook(statusChanged(status)))).toEqual([{ reservationId: '777', status: expected, occurredAt: '2026-11-27T20:14:27.123Z' }]);
  });

  test('other statuses and other events yield no events', () => {
    for (const status of ['confirmed', 'adopted_at_sorting_center', 'delivered', 'pickup_time_expired', 'avizo']) {
      expect(adapter.parseWebhook(partner, webhook(statusChanged(status)))).toEqual([]);
    }
    const confirmed = { event: 'shipment_confirmed', event_ts: '2020-03-20 15:08:06 +0100', organization_id: 1234, payload: { shipment_id: 777, tracking_number: null } };
    expect(adapter.parseWebhook(partner, webhook(confirmed))).toEqual([]);
  });

  test.each([
    ['not JSON', 'shipment_status_changed'],
    ['no event', { ...statusChanged('expired'), event: undefined }],
    ['no payload', { ...statusChanged('expired'), payload: undefined }],
    ['no shipment id', { ...statusChanged('expired'), payload: { status: 'expired' } }],
    ['a negative shipment id', { ...statusChanged('expired'), payload: { shipment_id: -1, status: 'expired' } }],
    ['no status', { ...statusChanged('expired'), payload: { shipment_id: 777 } }],
    ['an unreadable event_ts', statusChanged('expired', 'yesterday')],
    ['an impossible event_ts', statusChanged('expired', '2026-02-30 10:00:00 +0100')],
  ])('refuses %s with PermanentPartnerError', (_name, body) => {
    expect(() => adapter.parseWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });

  test('verifyWebhook (ShipX does not sign): our organization only, a body hash as delivery id', () => {
    const verify = adapter.verifyWebhook!;
    const raw = JSON.stringify(statusChanged('expired'));
    const now = new Date();
    expect(verify(partner, webhook(raw), now)?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(verify(partner, webhook(raw), now)).toEqual(verify(partner, webhook(raw), now));
    expect(verify(partner, webhook(JSON.stringify({ ...statusChanged('expired'), organization_id: 99 })), now)).toBeNull();
    expect(verify(partner, webhook('{"organization_id":'), now)).toBeNull();
    expect(verify(partner, webhook('null'), now)).toBeNull();
  });

  test('verifyWebhook with settings.webhookToken also requires the token header, compared in constant time', () => {
    const verify = adapter.verifyWebhook!;
    const raw = JSON.stringify(statusChanged('expired'));
    const now = new Date();
    partner.settings.webhookToken = 's3cr3t-token';
    expect(verify(partner, webhook(raw), now)).toBeNull();
    expect(verify(partner, webhook(raw, { 'x-api-key': 'wrong-token!' }), now)).toBeNull();
    expect(verify(partner, webhook(raw, { 'x-api-key': 's3cr3t-token' }), now)).not.toBeNull();
    partner.settings.webhookTokenHeader = 'X-InPost-Token';
    expect(verify(partner, webhook(raw, { 'x-api-key': 's3cr3t-token' }), now)).toBeNull();
    expect(verify(partner, webhook(raw, { 'x-inpost-token': 's3cr3t-token' }), now)).not.toBeNull();
  });
});
