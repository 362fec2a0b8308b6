import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { adapterFor } from '../../integrations/registry';
import { boomerangVendorAdapter as adapter } from '../../integrations/vendors/boomerang-vendor.adapter';
import type { VendorAuthorizationRequest } from '../../integrations/vendors/types';
import { FAILURE_MODES, LoopbackPartner, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';

let server: LoopbackPartner;
let partner: PartnerEndpoint;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server);
});
afterEach(() => server.stop());

const REQUEST: VendorAuthorizationRequest = {
  authorizationId: 'VmVuZG9yUmV0dXJuQXV0aG9yaXphdGlvbjox', supplier: 'Acme Audio', expectedCredit: { amount: '30.00', currencyCode: 'EUR' },
  units: [{ sku: 'HP-1', units: 1, unitValue: { amount: '50.00', currencyCode: 'EUR' }, expectedCredit: { amount: '30.00', currencyCode: 'EUR' } }],
  from: { name: 'Returns Centre', line1: 'Returnstraat 1', city: 'Utrecht', postalCode: '3511 AA', countryCode: 'NL' },
};

test('is registered as the VENDOR adapter boomerang-vendor-v1', () => {
  expect(adapterFor('VENDOR', 'boomerang-vendor-v1')).toBe(adapter);
});

describe('dispatchAuthorization', () => {
  test('POSTs authorizations with the units and expected credit, signed with the idempotency key, and reads the RMA reference', async () => {
    server.next(json({ vendorReference: 'RMA-9' }, 201));
    expect(await adapter.dispatchAuthorization(partner, REQUEST, 'job-1')).toEqual({ vendorReference: 'RMA-9' });
    const [call] = server.calls;
    expect([call.method, call.path]).toEqual(['POST', '/authorizations']);
    expectSignedCall(call, partner.signingSecret, 'job-1');
    expect(bodyOf(call)).toEqual(REQUEST);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.dispatchAuthorization(partner, REQUEST, 'job-1'), errorClass);
  });

  test('a 2xx without vendorReference is transient', async () => {
    server.next(json({ ok: true }));
    await expectRejects(adapter.dispatchAuthorization(partner, REQUEST, 'job-1'), TransientPartnerError, /malformed answer/);
  });
});

describe('parseWebhook', () => {
  const data = { authorizationId: 'A1', occurredAt: '2030-01-02T10:00:00+01:00', creditedAmount: { amount: '27.50', currencyCode: 'EUR' }, reference: 'CN-1' };

  test('authorization.credited carries the same fields as confirmVendorCredit', () => {
    expect(adapter.parseWebhook(partner, webhook({ type: 'authorization.credited', data }))).toEqual([{ ...data, occurredAt: '2030-01-02T09:00:00.000Z' }]);
  });

  test.each([
    ['not JSON', '<xml/>'],
    ['an unknown type', { type: 'authorization.refunded', data }],
    ['no authorization id', { type: 'authorization.credited', data: { ...data, authorizationId: undefined } }],
    ['no reference', { type: 'authorization.credited', data: { ...data, reference: '' } }],
    ['no amount', { type: 'authorization.credited', data: { ...data, creditedAmount: undefined } }],
    ['a numeric amount', { type: 'authorization.credited', data: { ...data, creditedAmount: { amount: 27.5, currencyCode: 'EUR' } } }],
    ['a negative amount', { type: 'authorization.credited', data: { ...data, creditedAmount: { amount: '-1.00', currencyCode: 'EUR' } } }],
    ['a bad currency', { type: 'authorization.credited', data: { ...data, creditedAmount: { amount: '1.00', currencyCode: 'euro' } } }],
    ['no occurredAt', { type: 'authorization.credited', data: { ...data, occurredAt: undefined } }],
  ])('refuses %s with PermanentPartnerError', (_name, body) => {
    expect(() => adapter.parseWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });
});
