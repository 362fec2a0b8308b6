import { PermanentPartnerError } from '../../integrations/errors';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { boomerangRefurbisherAdapter as adapter } from '../../integrations/refurbishers/boomerang-refurbisher.adapter';
import type { RefurbishmentRequest } from '../../integrations/refurbishers/types';
import { adapterFor } from '../../integrations/registry';
import { FAILURE_MODES, LoopbackPartner, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';
import { TransientPartnerError } from '../../integrations/errors';

let server: LoopbackPartner;
let partner: PartnerEndpoint;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server);
});
afterEach(() => server.stop());

const REQUEST: RefurbishmentRequest = {
  jobId: 'UmVmdXJiaXNobWVudEpvYjox', sku: 'PHN-1', productName: 'Phone', category: 'electronics', conditionGrade: 'DAMAGED',
  inspectionNotes: 'cracked screen', returnReason: 'DEFECTIVE', dataBearing: true, currencyCode: 'EUR', dueAt: '2030-01-10T00:00:00.000Z',
  from: { name: 'Returns Centre', line1: 'Returnstraat 1', city: 'Utrecht', postalCode: '3511 AA', countryCode: 'NL' },
};

test('is registered as the REFURBISHER adapter boomerang-refurbisher-v1', () => {
  expect(adapterFor('REFURBISHER', 'boomerang-refurbisher-v1')).toBe(adapter);
});

describe('dispatchJob', () => {
  test('POSTs jobs with the unit, signed with the idempotency key, and reads the vendor reference', async () => {
    server.next(json({ vendorReference: 'RF-77' }, 201));
    expect(await adapter.dispatchJob(partner, REQUEST, 'key-1')).toEqual({ vendorReference: 'RF-77' });
    const [call] = server.calls;
    expect([call.method, call.path]).toEqual(['POST', '/jobs']);
    expectSignedCall(call, partner.signingSecret, 'key-1');
    expect(bodyOf(call)).toEqual(REQUEST);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.dispatchJob(partner, REQUEST, 'key-1'), errorClass);
  });

  test('a 2xx without vendorReference is transient', async () => {
    server.next(json({ ok: true }));
    await expectRejects(adapter.dispatchJob(partner, REQUEST, 'key-1'), TransientPartnerError, /malformed answer/);
  });
});

describe('sendDecision', () => {
  test('POSTs jobs/{jobId}/decision, signed', async () => {
    server.next({ status: 204 });
    await adapter.sendDecision(partner, { jobId: 'a/b', decision: 'REPAIR', approvedQuote: { amount: '30.00', currencyCode: 'EUR' } }, 'key-2');
    const [call] = server.calls;
    expect([call.method, call.path]).toEqual(['POST', '/jobs/a%2Fb/decision']);
    expectSignedCall(call, partner.signingSecret, 'key-2');
    expect(bodyOf(call)).toEqual({ decision: 'REPAIR', approvedQuote: { amount: '30.00', currencyCode: 'EUR' } });
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.sendDecision(partner, { jobId: 'j', decision: 'RECYCLE', approvedQuote: null }, 'k'), errorClass);
  });
});

describe('parseWebhook', () => {
  test.each([
    ['job.accepted', 'ACCEPTED'], ['job.rejected', 'REJECTED'], ['job.diagnosed', 'DIAGNOSED'],
    ['job.in_repair', 'IN_REPAIR'], ['job.completed', 'COMPLETED'], ['job.unrepairable', 'UNREPAIRABLE'],
  ])('%s → %s', (type, status) => {
    const [u] = adapter.parseWebhook(partner, webhook({ type, data: { jobId: 'J1', occurredAt: '2030-01-02T10:00:00+01:00' } }));
    expect(u).toMatchObject({ jobId: 'J1', status, occurredAt: '2030-01-02T09:00:00.000Z', quote: null, cost: null, partsReplaced: null });
  });

  test('reads the completion report', () => {
    const data = { jobId: 'J1', occurredAt: '2030-01-02T10:00:00Z', cost: { amount: '42.50', currencyCode: 'EUR' }, cosmeticGrade: 'A',
      functionalGrade: 'FULLY_FUNCTIONAL', batteryHealthPct: 93, partsReplaced: ['screen'], sanitizationCertificateRef: 'SAN-9', notes: 'ok' };
    expect(adapter.parseWebhook(partner, webhook({ type: 'job.completed', data }))[0]).toEqual({ ...data, status: 'COMPLETED', occurredAt: '2030-01-02T10:00:00.000Z', quote: null });
  });

  test.each([
    ['not JSON', '<xml/>'],
    ['an unknown type', { type: 'job.teleported', data: { jobId: 'J', occurredAt: '2030-01-02T10:00:00Z' } }],
    ['no job id', { type: 'job.accepted', data: { occurredAt: '2030-01-02T10:00:00Z' } }],
    ['a malformed amount', { type: 'job.diagnosed', data: { jobId: 'J', occurredAt: '2030-01-02T10:00:00Z', quote: { amount: '1,5', currencyCode: 'EUR' } } }],
    ['parts that are not strings', { type: 'job.completed', data: { jobId: 'J', occurredAt: '2030-01-02T10:00:00Z', partsReplaced: [1] } }],
    ['a string battery level', { type: 'job.completed', data: { jobId: 'J', occurredAt: '2030-01-02T10:00:00Z', batteryHealthPct: '90' } }],
  ])('refuses %s with PermanentPartnerError', (_name, body) => {
    expect(() => adapter.parseWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });
});
