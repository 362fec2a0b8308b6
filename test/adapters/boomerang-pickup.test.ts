import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { boomerangPickupAdapter as adapter } from '../../integrations/pickups/boomerang-pickup.adapter';
import { adapterFor } from '../../integrations/registry';
import { FAILURE_MODES, LoopbackPartner, RETURN, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';

let server: LoopbackPartner;
let partner: PartnerEndpoint;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server);
});
afterEach(() => server.stop());

const MORNING = { start: '2026-11-30T08:00:00Z', end: '2026-11-30T12:00:00Z' };
const AFTERNOON = { start: '2026-11-30T12:00:00Z', end: '2026-11-30T16:00:00Z' };
const iso = (w: { start: string; end: string }) => ({ start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString() });
const BOOKING = { confirmationNumber: 'PU-5521', window: MORNING, trackingNumber: 'JJD0001' };
const schedule = () => adapter.schedule(partner, { ...RETURN, window: MORNING }, 'job-p');

test('is registered as the PICKUP adapter boomerang-pickup-v1', () => {
  expect(adapterFor('PICKUP', 'boomerang-pickup-v1')).toBe(adapter);
});

describe('availableWindows', () => {
  test('GETs windows for the postal code, signed, and returns them in time order', async () => {
    server.next(json({ windows: [AFTERNOON, MORNING] }));
    expect(await adapter.availableWindows(partner, RETURN.from, 5)).toEqual([iso(MORNING), iso(AFTERNOON)]);
    const [call] = server.calls;
    expect(call.method).toBe('GET');
    expect(call.path).toBe('/windows?postalCode=30-347&countryCode=PL&days=5');
    expectSignedCall(call, partner.signingSecret);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.availableWindows(partner, RETURN.from, 5), errorClass);
  });

  test.each([
    ['no windows key', {}],
    ['a window ending before it starts', { windows: [{ start: MORNING.end, end: MORNING.start }] }],
    ['a window without end', { windows: [{ start: MORNING.start }] }],
  ])('a 2xx with %s is transient', async (_name, body) => {
    server.next(json(body));
    await expectRejects(adapter.availableWindows(partner, RETURN.from, 5), TransientPartnerError, /malformed answer/);
  });
});

describe('schedule and cancel', () => {
  test('schedule POSTs the return and window, signed with the job id, and maps the booking', async () => {
    server.next(json(BOOKING, 201));
    expect(await schedule()).toEqual({ ...BOOKING, window: iso(MORNING) });
    const [call] = server.calls;
    expect([call.method, call.path]).toEqual(['POST', '/pickups']);
    expectSignedCall(call, partner.signingSecret, 'job-p');
    expect(bodyOf(call)).toEqual({ returnId: RETURN.returnId, rmaNumber: RETURN.rmaNumber, from: RETURN.from, to: RETURN.to, parcel: RETURN.parcel, window: MORNING });
  });

  test.each(FAILURE_MODES)('schedule: %s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(schedule(), errorClass);
  });

  test.each([
    ['no confirmation number', { ...BOOKING, confirmationNumber: undefined }],
    ['no window', { ...BOOKING, window: undefined }],
    ['a numeric tracking number', { ...BOOKING, trackingNumber: 42 }],
  ])('schedule: a 2xx with %s is transient', async (_name, body) => {
    server.next(json(body));
    await expectRejects(schedule(), TransientPartnerError, /malformed answer/);
  });

  test('cancel POSTs pickups/{n}/cancel, signed', async () => {
    server.next({ status: 200, body: '{}' });
    await adapter.cancel(partner, 'PU-5521', 'job-x');
    expect([server.calls[0].method, server.calls[0].path]).toEqual(['POST', '/pickups/PU-5521/cancel']);
    expectSignedCall(server.calls[0], partner.signingSecret, 'job-x');
  });

  test.each(FAILURE_MODES)('cancel: %s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.cancel(partner, 'PU-5521', 'job-x'), errorClass);
  });
});

describe('parseWebhook', () => {
  test.each([
    ['pickup.completed', 'PICKED_UP'],
    ['pickup.failed', 'FAILED'],
    ['pickup.cancelled', 'CANCELLED'],
  ])('%s → %s', (type, status) => {
    const body = { type, data: { confirmationNumber: 'PU-5521', occurredAt: '2026-11-30T09:12:00+01:00', detail: 'nobody home' } };
    expect(adapter.parseWebhook(partner, webhook(body))).toEqual([{ confirmationNumber: 'PU-5521', status, occurredAt: '2026-11-30T08:12:00.000Z', detail: 'nobody home' }]);
  });

  test.each([
    ['not JSON', '<xml/>'],
    ['an unknown type', { type: 'pickup.delayed', data: { confirmationNumber: 'P', occurredAt: '2026-11-30T09:12:00Z' } }],
    ['no confirmation number', { type: 'pickup.failed', data: { occurredAt: '2026-11-30T09:12:00Z' } }],
    ['no data', { type: 'pickup.failed' }],
  ])('refuses %s with PermanentPartnerError', (_name, body) => {
    expect(() => adapter.parseWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });
});
