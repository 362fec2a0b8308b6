import { boomerangCarrierAdapter as adapter } from '../../integrations/carriers/boomerang-carrier.adapter';
import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { adapterFor, adapterIds } from '../../integrations/registry';
import { FAILURE_MODES, LoopbackPartner, RETURN, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';

let server: LoopbackPartner;
let partner: PartnerEndpoint;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server);
});
afterEach(() => server.stop());

const LABEL = {
  shipmentId: 'shp_1', trackingNumber: '1Z999', carrier: 'DPD', labelUrl: 'https://carrier.test/l/1.pdf', labelZplUrl: null, qrCode: null,
};
const book = (paperless = false, key = 'job-1') => adapter.createReturnLabel(partner, { ...RETURN, paperless, service: 'standard' }, key);

test('is registered as the CARRIER adapter boomerang-carrier-v1', () => {
  expect(adapterIds('CARRIER')).toContain('boomerang-carrier-v1');
  expect(adapterFor('CARRIER', 'boomerang-carrier-v1')).toBe(adapter);
});

test('createReturnLabel POSTs the return, signed, with the job id as Idempotency-Key, and maps the label', async () => {
  server.next(json(LABEL, 201));
  expect(await book()).toEqual(LABEL);
  const [call] = server.calls;
  expect(call.method).toBe('POST');
  expect(call.path).toBe('/labels');
  expect(call.headers['content-type']).toBe('application/json');
  expectSignedCall(call, partner.signingSecret, 'job-1');
  expect(bodyOf(call)).toEqual({
    returnId: RETURN.returnId, rmaNumber: RETURN.rmaNumber, from: RETURN.from, to: RETURN.to, parcel: RETURN.parcel, paperless: false, service: 'standard',
  });
});

test('addresses carry every protocol key: line2 and phone are null when unknown, never missing', async () => {
  server.next(json(LABEL, 201));
  const bare = { line1: 'Kapelanka 14', city: 'Kraków', postalCode: '30-347', countryCode: 'PL' };
  await adapter.createReturnLabel(partner, { ...RETURN, from: bare, to: { ...RETURN.to, line2: undefined }, paperless: false }, 'job-bare');
  const body = bodyOf(server.calls[0]);
  expect(body.from).toEqual({ name: null, ...bare, line2: null, phone: null });
  expect(body.to).toEqual({ ...RETURN.to, line2: null });
});

test('a retried job sends the same Idempotency-Key', async () => {
  server.next({ status: 503 }, json(LABEL));
  await expectRejects(book(), TransientPartnerError);
  await book();
  expect(server.calls.map((c) => c.headers['idempotency-key'])).toEqual(['job-1', 'job-1']);
});

test('paperless labels carry the QR code; optional fields may be absent', async () => {
  server.next(json({ shipmentId: 'shp_2', trackingNumber: 'T2', carrier: 'DPD', qrCode: 'https://carrier.test/qr/2' }));
  expect(await book(true)).toEqual({ shipmentId: 'shp_2', trackingNumber: 'T2', carrier: 'DPD', labelUrl: null, labelZplUrl: null, qrCode: 'https://carrier.test/qr/2' });
  expect(bodyOf(server.calls[0]).paperless).toBe(true);
});

test.each(FAILURE_MODES)('createReturnLabel: %s', async (_name, reply, errorClass) => {
  server.next(reply);
  await expectRejects(book(), errorClass);
});

test.each([
  ['empty body', { status: 201, body: '' }],
  ['a JSON array', json([LABEL])],
  ['no trackingNumber', json({ ...LABEL, trackingNumber: undefined })],
  ['a numeric carrier', json({ ...LABEL, carrier: 7 })],
  ['no label at all', json({ ...LABEL, labelUrl: null })],
])('a 2xx answer with %s is transient (the partner may be mid-deploy)', async (_name, reply) => {
  server.next(reply);
  await expectRejects(book(), TransientPartnerError, /malformed answer/);
});

test('a paperless answer without a QR code is malformed', async () => {
  server.next(json(LABEL));
  await expectRejects(book(true), TransientPartnerError, /qrCode/);
});

test('voidLabel POSTs labels/{id}/void with the id escaped, signed; an empty 2xx is fine', async () => {
  server.next({ status: 204 });
  await adapter.voidLabel(partner, 'shp/1 ?x', 'job-void');
  const [call] = server.calls;
  expect(call.method).toBe('POST');
  expect(call.path).toBe('/labels/shp%2F1%20%3Fx/void');
  expectSignedCall(call, partner.signingSecret, 'job-void');
});

test.each(FAILURE_MODES)('voidLabel: %s', async (_name, reply, errorClass) => {
  server.next(reply);
  await expectRejects(adapter.voidLabel(partner, 'shp_1', 'job-void'), errorClass);
});

describe('parseWebhook', () => {
  const good = { type: 'tracking.updated', data: { trackingNumber: '1Z999', status: 'in_transit', occurredAt: '2026-11-27T21:14:27.018+01:00', detail: 'Hub Poznań' } };

  test('maps tracking.updated to one normalized update (UTC instant)', () => {
    expect(adapter.parseWebhook(partner, webhook(good))).toEqual([
      { trackingNumber: '1Z999', status: 'in_transit', occurredAt: '2026-11-27T20:14:27.018Z', detail: 'Hub Poznań' },
    ]);
    const noDetail = { ...good, data: { ...good.data, detail: undefined, status: 'delivered' } };
    expect(adapter.parseWebhook(partner, webhook(noDetail))[0]).toMatchObject({ status: 'delivered', detail: null });
  });

  test.each([
    ['not JSON', '{"type":'],
    ['JSON null', 'null'],
    ['an unknown type', { ...good, type: 'tracking.deleted' }],
    ['no type', { data: good.data }],
    ['no data', { type: 'tracking.updated' }],
    ['data as an array', { type: 'tracking.updated', data: [good.data] }],
    ['a status outside the six', { ...good, data: { ...good.data, status: 'lost' } }],
    ['no tracking number', { ...good, data: { ...good.data, trackingNumber: '' } }],
    ['a time without zone', { ...good, data: { ...good.data, occurredAt: '2026-11-27T21:14:27' } }],
    ['an impossible date', { ...good, data: { ...good.data, occurredAt: '2026-02-30T10:00:00Z' } }],
    ['a numeric detail', { ...good, data: { ...good.data, detail: 5 } }],
  ])('refuses %s with PermanentPartnerError', (_name, body) => {
    expect(() => adapter.parseWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });

  test('has no verifyWebhook: Boomerang partners sign with Standard Webhooks, verified upstream', () => {
    expect(adapter.verifyWebhook).toBeUndefined();
  });
});
