import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { boomerangRecyclerAdapter as adapter } from '../../integrations/recyclers/boomerang-recycler.adapter';
import type { RecyclingLotRequest } from '../../integrations/recyclers/types';
import { adapterFor } from '../../integrations/registry';
import { FAILURE_MODES, LoopbackPartner, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';

let server: LoopbackPartner;
let partner: PartnerEndpoint;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server);
});
afterEach(() => server.stop());

const REQUEST: RecyclingLotRequest = {
  lotId: 'UmVjeWNsaW5nTG90OjE', materialStream: 'WEEE', weeeCategory: 6, declaredWeightKg: 0.4, dataBearing: true,
  units: [{ sku: 'PHN-1', category: 'phones', units: 2, weightKg: 0.4 }],
  from: { name: 'Returns Centre', line1: 'Returnstraat 1', city: 'Utrecht', postalCode: '3511 AA', countryCode: 'NL' },
};

test('is registered as the RECYCLER adapter boomerang-recycler-v1', () => {
  expect(adapterFor('RECYCLER', 'boomerang-recycler-v1')).toBe(adapter);
});

describe('dispatchLot', () => {
  test('POSTs lots with the units and declared weight, signed with the idempotency key, and reads the reference', async () => {
    server.next(json({ recyclerReference: 'RC-9' }, 201));
    expect(await adapter.dispatchLot(partner, REQUEST, 'job-1')).toEqual({ recyclerReference: 'RC-9' });
    const [call] = server.calls;
    expect([call.method, call.path]).toEqual(['POST', '/lots']);
    expectSignedCall(call, partner.signingSecret, 'job-1');
    expect(bodyOf(call)).toEqual(REQUEST);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.dispatchLot(partner, REQUEST, 'job-1'), errorClass);
  });

  test('a 2xx without recyclerReference is transient', async () => {
    server.next(json({ ok: true }));
    await expectRejects(adapter.dispatchLot(partner, REQUEST, 'job-1'), TransientPartnerError, /malformed answer/);
  });
});

describe('parseWebhook', () => {
  const data = {
    lotId: 'L1', occurredAt: '2030-01-02T10:00:00+01:00', certificateNumber: 'CERT-1', dataDestructionCertificate: 'DD-1',
    materials: [{ material: 'FERROUS', weightKg: 0.1, route: 'RECYCLING' }, { material: 'PLASTICS', weightKg: 0.3, route: 'ENERGY_RECOVERY' }],
  };

  test('lot.reported carries the same fields as reportRecyclingLot', () => {
    expect(adapter.parseWebhook(partner, webhook({ type: 'lot.reported', data }))).toEqual([{ ...data, occurredAt: '2030-01-02T09:00:00.000Z' }]);
    const [bare] = adapter.parseWebhook(partner, webhook({ type: 'lot.reported', data: { ...data, dataDestructionCertificate: undefined } }));
    expect(bare.dataDestructionCertificate).toBeNull();
  });

  test.each([
    ['not JSON', '<xml/>'],
    ['an unknown type', { type: 'lot.teleported', data }],
    ['no lot id', { type: 'lot.reported', data: { ...data, lotId: undefined } }],
    ['no certificate', { type: 'lot.reported', data: { ...data, certificateNumber: '' } }],
    ['materials not an array', { type: 'lot.reported', data: { ...data, materials: {} } }],
    ['an unknown material', { type: 'lot.reported', data: { ...data, materials: [{ material: 'GOLD', weightKg: 1, route: 'RECYCLING' }] } }],
    ['an unknown route', { type: 'lot.reported', data: { ...data, materials: [{ material: 'GLASS', weightKg: 1, route: 'BURY' }] } }],
    ['a string weight', { type: 'lot.reported', data: { ...data, materials: [{ material: 'GLASS', weightKg: '1', route: 'RECYCLING' }] } }],
    ['a negative weight', { type: 'lot.reported', data: { ...data, materials: [{ material: 'GLASS', weightKg: -1, route: 'RECYCLING' }] } }],
  ])('refuses %s with PermanentPartnerError', (_name, body) => {
    expect(() => adapter.parseWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });
});
