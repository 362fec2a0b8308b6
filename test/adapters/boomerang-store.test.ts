import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { adapterFor } from '../../integrations/registry';
import { boomerangStoreAdapter as adapter } from '../../integrations/stores/boomerang-store.adapter';
import { FAILURE_MODES, LoopbackPartner, RETURN, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';

let server: LoopbackPartner;
let partner: PartnerEndpoint;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server);
});
afterEach(() => server.stop());

const ITEMS = [{ sku: 'TEE-M', quantity: 1 }, { sku: 'SOCK-42', quantity: 2 }];
const DROP_OFF = { reference: 'DO-778', qrCode: 'https://stores.test/qr/DO-778', expectedBy: '2026-12-11T23:59:59+01:00' };
const create = (storeExternalId: string | null = 'store-krk-1') => adapter.createDropOff(partner, { ...RETURN, storeExternalId, items: ITEMS }, 'job-d');

test('is registered as the STORE_NETWORK adapter boomerang-store-v1', () => {
  expect(adapterFor('STORE_NETWORK', 'boomerang-store-v1')).toBe(adapter);
});

test('createDropOff POSTs the return with store and items, signed with the job id, and maps the answer', async () => {
  server.next(json(DROP_OFF, 201));
  expect(await create()).toEqual({ ...DROP_OFF, expectedBy: '2026-12-11T22:59:59.000Z' });
  const [call] = server.calls;
  expect([call.method, call.path]).toEqual(['POST', '/drop-offs']);
  expectSignedCall(call, partner.signingSecret, 'job-d');
  expect(bodyOf(call)).toEqual({ returnId: RETURN.returnId, rmaNumber: RETURN.rmaNumber, from: RETURN.from, to: RETURN.to, parcel: RETURN.parcel, storeExternalId: 'store-krk-1', items: ITEMS });
});

test('any store of the network: storeExternalId is sent as null', async () => {
  server.next(json(DROP_OFF));
  await create(null);
  expect(bodyOf(server.calls[0]).storeExternalId).toBeNull();
});

test.each(FAILURE_MODES)('createDropOff: %s', async (_name, reply, errorClass) => {
  server.next(reply);
  await expectRejects(create(), errorClass);
});

test.each([
  ['no QR code', { ...DROP_OFF, qrCode: null }],
  ['no reference', { ...DROP_OFF, reference: '' }],
  ['a date without time', { ...DROP_OFF, expectedBy: '2026-12-11' }],
])('createDropOff: a 2xx with %s is transient', async (_name, body) => {
  server.next(json(body));
  await expectRejects(create(), TransientPartnerError, /malformed answer/);
});

test('cancelDropOff POSTs drop-offs/{reference}/cancel, signed', async () => {
  server.next({ status: 204 });
  await adapter.cancelDropOff(partner, 'DO-778', 'job-c');
  expect([server.calls[0].method, server.calls[0].path]).toEqual(['POST', '/drop-offs/DO-778/cancel']);
  expectSignedCall(server.calls[0], partner.signingSecret, 'job-c');
});

test.each(FAILURE_MODES)('cancelDropOff: %s', async (_name, reply, errorClass) => {
  server.next(reply);
  await expectRejects(adapter.cancelDropOff(partner, 'DO-778', 'job-c'), errorClass);
});

describe('parseWebhook', () => {
  test.each([
    ['drop_off.scanned', 'DROPPED_OFF'],
    ['drop_off.handed_to_carrier', 'HANDED_TO_CARRIER'],
    ['drop_off.cancelled', 'CANCELLED'],
  ])('%s → %s', (type, status) => {
    const body = { type, data: { reference: 'DO-778', occurredAt: '2026-11-28T10:00:00Z', storeExternalId: 'store-krk-1' } };
    expect(adapter.parseWebhook(partner, webhook(body))).toEqual([{ reference: 'DO-778', status, occurredAt: '2026-11-28T10:00:00.000Z', storeExternalId: 'store-krk-1' }]);
  });

  test('storeExternalId is optional', () => {
    const body = { type: 'drop_off.cancelled', data: { reference: 'DO-778', occurredAt: '2026-11-28T10:00:00Z' } };
    expect(adapter.parseWebhook(partner, webhook(body))[0].storeExternalId).toBeNull();
  });

  test.each([
    ['not JSON', ''],
    ['an unknown type', { type: 'drop_off.lost', data: { reference: 'r', occurredAt: '2026-11-28T10:00:00Z' } }],
    ['no reference', { type: 'drop_off.scanned', data: { occurredAt: '2026-11-28T10:00:00Z' } }],
    ['a bad time', { type: 'drop_off.scanned', data: { reference: 'r', occurredAt: 1764324000 } }],
    ['a store id of the wrong type', { type: 'drop_off.scanned', data: { reference: 'r', occurredAt: '2026-11-28T10:00:00Z', storeExternalId: { id: 1 } } }],
  ])('refuses %s with PermanentPartnerError', (_name, body) => {
    expect(() => adapter.parseWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });
});
