import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import { boomerangLockerAdapter as adapter } from '../../integrations/lockers/boomerang-locker.adapter';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { adapterFor } from '../../integrations/registry';
import { FAILURE_MODES, LoopbackPartner, RETURN, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';

let server: LoopbackPartner;
let partner: PartnerEndpoint;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server);
});
afterEach(() => server.stop());

const KRAKOW = { latitude: 50.0614, longitude: 19.9366 };
const compartments = [{ size: 'A', heightCm: 8, widthCm: 38, depthCm: 64, maxWeightGrams: 25000 }];
const point = (externalId: string, latitude: number, longitude: number) => ({
  externalId, name: `Locker ${externalId}`, address: 'Rynek 1, 31-042 Kraków', latitude, longitude, openingHours: '24/7', compartments,
});
const RESERVATION = {
  reservationId: 'res-1', pointExternalId: 'KRA010', compartmentSize: 'B', dropOffCode: '482913', qrCode: 'data:image/png;base64,AAA',
  trackingNumber: '6800123', expiresAt: '2026-12-04T21:00:00Z',
};
const reserve = (key = 'job-r') => adapter.reserve(partner, { ...RETURN, pointExternalId: 'KRA010', size: 'B' }, key);

test('is registered as the LOCKER_NETWORK adapter boomerang-locker-v1', () => {
  expect(adapterFor('LOCKER_NETWORK', 'boomerang-locker-v1')).toBe(adapter);
});

describe('searchPoints', () => {
  test('GETs points near a place, signed, and returns those within the radius, nearest first', async () => {
    const far = point('FAR', 50.2, 19.9); // ~15 km north
    const near = point('NEAR', 50.062, 19.937);
    const mid = point('MID', 50.07, 19.95);
    server.next(json({ points: [far, mid, near] }));
    const found = await adapter.searchPoints(partner, KRAKOW, 5);
    expect(found.map((p) => p.externalId)).toEqual(['NEAR', 'MID']);
    expect(found[0]).toEqual(near);
    const [call] = server.calls;
    expect(call.method).toBe('GET');
    expect(call.path).toBe('/points?lat=50.0614&lng=19.9366&radiusKm=5');
    expect(call.body).toBe('');
    expectSignedCall(call, partner.signingSecret);
  });

  test('an empty list is an answer, not an error', async () => {
    server.next(json({ points: [] }));
    expect(await adapter.searchPoints(partner, KRAKOW, 2)).toEqual([]);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.searchPoints(partner, KRAKOW, 2), errorClass);
  });

  test.each([
    ['no points key', {}],
    ['a point without coordinates', { points: [{ ...point('X', 0, 0), latitude: undefined }] }],
    ['coordinates off the globe', { points: [point('X', 95, 0)] }],
    ['an unknown compartment size', { points: [{ ...point('X', 50, 19), compartments: [{ ...compartments[0], size: 'XL' }] }] }],
  ])('a 2xx with %s is transient', async (_name, body) => {
    server.next(json(body));
    await expectRejects(adapter.searchPoints(partner, KRAKOW, 2), TransientPartnerError, /malformed answer/);
  });
});

describe('reserve and release', () => {
  test('reserve POSTs the return with point and size, signed with the job id, and maps the reservation', async () => {
    server.next(json(RESERVATION, 201));
    expect(await reserve()).toEqual({ ...RESERVATION, expiresAt: '2026-12-04T21:00:00.000Z' });
    const [call] = server.calls;
    expect([call.method, call.path]).toEqual(['POST', '/reservations']);
    expectSignedCall(call, partner.signingSecret, 'job-r');
    expect(bodyOf(call)).toEqual({ returnId: RETURN.returnId, rmaNumber: RETURN.rmaNumber, from: RETURN.from, to: RETURN.to, parcel: RETURN.parcel, pointExternalId: 'KRA010', size: 'B' });
  });

  test.each(FAILURE_MODES)('reserve: %s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(reserve(), errorClass);
  });

  test.each([
    ['no drop-off code', { ...RESERVATION, dropOffCode: undefined }],
    ['a bad size', { ...RESERVATION, compartmentSize: 'D' }],
    ['an unreadable expiry', { ...RESERVATION, expiresAt: 'next week' }],
    ['no reservation id', { ...RESERVATION, reservationId: null }],
  ])('reserve: a 2xx with %s is transient', async (_name, body) => {
    server.next(json(body));
    await expectRejects(reserve(), TransientPartnerError, /malformed answer/);
  });

  test('release POSTs reservations/{id}/release, signed', async () => {
    server.next({ status: 204 });
    await adapter.release(partner, 'res-1', 'job-rel');
    expect([server.calls[0].method, server.calls[0].path]).toEqual(['POST', '/reservations/res-1/release']);
    expectSignedCall(server.calls[0], partner.signingSecret, 'job-rel');
  });

  test.each(FAILURE_MODES)('release: %s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.release(partner, 'res-1', 'job-rel'), errorClass);
  });
});

describe('parseWebhook', () => {
  test.each([
    ['reservation.deposited', 'DEPOSITED'],
    ['reservation.collected', 'COLLECTED'],
    ['reservation.expired', 'EXPIRED'],
    ['reservation.cancelled', 'CANCELLED'],
  ])('%s → %s', (type, status) => {
    const body = { type, data: { reservationId: 'res-1', occurredAt: '2026-11-27T21:14:27Z' } };
    expect(adapter.parseWebhook(partner, webhook(body))).toEqual([{ reservationId: 'res-1', status, occurredAt: '2026-11-27T21:14:27.000Z' }]);
  });

  test.each([
    ['not JSON', 'reservation.deposited'],
    ['an unknown type', { type: 'reservation.exploded', data: { reservationId: 'r', occurredAt: '2026-11-27T21:14:27Z' } }],
    ['no reservation id', { type: 'reservation.deposited', data: { occurredAt: '2026-11-27T21:14:27Z' } }],
    ['no time', { type: 'reservation.deposited', data: { reservationId: 'r' } }],
    ['a type of the wrong kind', { type: 'drop_off.scanned', data: { reservationId: 'r', occurredAt: '2026-11-27T21:14:27Z' } }],
  ])('refuses %s with PermanentPartnerError', (_name, body) => {
    expect(() => adapter.parseWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });
});
