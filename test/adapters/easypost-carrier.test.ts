import { createHmac } from 'node:crypto';
import { easypostCarrierAdapter as adapter } from '../../integrations/carriers/easypost-carrier.adapter';
import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { adapterFor } from '../../integrations/registry';
import { FAILURE_MODES, LoopbackPartner, RETURN, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';

let server: LoopbackPartner;
let partner: PartnerEndpoint;
const API_KEY = 'EZTK_test_123';
const BASIC = `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server, { apiKey: API_KEY, webhookSecret: 'sécret' });
});
afterEach(() => server.stop());

const NOT_FOUND = { status: 404, body: '{"error":{"code":"NOT_FOUND","message":"The requested resource could not be found."}}' };
const RATES = [
  { id: 'rate_prio', carrier: 'USPS', service: 'Priority', rate: '9.10' },
  { id: 'rate_ground', carrier: 'USPS', service: 'GroundAdvantage', rate: '7.58' },
];
const CREATED = { object: 'Shipment', id: 'shp_1', is_return: true, rates: RATES, postage_label: null, messages: [] };
const BOUGHT = {
  ...CREATED, tracking_code: '9400100000000000000001', selected_rate: RATES[1], forms: [],
  postage_label: { object: 'PostageLabel', label_file_type: 'image/png', label_url: 'https://easypost.test/l/1.png', label_zpl_url: null, label_pdf_url: null },
};
const QR_FORM = { object: 'Form', form_type: 'label_qr_code', form_url: 'https://easypost.test/qr/1.png' };
const book = (opts: { paperless?: boolean; service?: string | null } = {}) =>
  adapter.createReturnLabel(partner, { ...RETURN, paperless: opts.paperless ?? false, service: opts.service ?? null }, 'job-1');
const route = () => server.calls.map((c) => `${c.method} ${c.path}`);

test('is registered as the CARRIER adapter easypost-carrier', () => {
  expect(adapterFor('CARRIER', 'easypost-carrier')).toBe(adapter);
});

describe('createReturnLabel', () => {
  test('creates a return shipment (addresses as outbound), buys the cheapest rate, Basic auth on every call', async () => {
    server.next(NOT_FOUND, json(CREATED, 201), json(BOUGHT));
    expect(await book()).toEqual({
      carrier: 'USPS', shipmentId: 'shp_1', trackingNumber: '9400100000000000000001', labelUrl: 'https://easypost.test/l/1.png', labelZplUrl: null, qrCode: null,
    });
    expect(route()).toEqual(['GET /shipments/job-1', 'POST /shipments', 'POST /shipments/shp_1/buy']);
    for (const call of server.calls) expect(call.headers.authorization).toBe(BASIC);
    expect(server.calls.map((c) => c.headers['idempotency-key'])).toEqual(['job-1:lookup', 'job-1:create', 'job-1:buy']);
    expectSignedCall(server.calls[1], partner.signingSecret, 'job-1:create');
    expect(bodyOf(server.calls[1])).toEqual({
      shipment: {
        is_return: true,
        reference: 'job-1',
        // EasyPost swaps them itself: to_address is where the order went (the customer).
        to_address: { name: 'Ada Nowak', street1: 'Kapelanka 14', city: 'Kraków', zip: '30-347', country: 'PL', phone: '+48500100200' },
        from_address: { name: 'Boomerang Returns', street1: 'Magazynowa 5/2', street2: 'Hala B', city: 'Warszawa', zip: '02-652', country: 'PL', phone: '+48221234567' },
        parcel: { weight: 42.4, length: 11.9, width: 7.9, height: 4 },
        options: { print_custom_1: 'RMA-00100007' },
      },
    });
    expect(bodyOf(server.calls[2])).toEqual({ rate: { id: 'rate_ground' } });
  });

  test('a requested service picks that rate even when dearer; no dimensions, no dimensions sent', async () => {
    server.next(NOT_FOUND, json(CREATED), json({ ...BOUGHT, selected_rate: RATES[0] }));
    await adapter.createReturnLabel(partner, { ...RETURN, parcel: { weightGrams: 1 }, paperless: false, service: 'priority' }, 'job-1');
    expect(bodyOf(server.calls[1]).shipment.parcel).toEqual({ weight: 0.1 });
    expect(bodyOf(server.calls[2])).toEqual({ rate: { id: 'rate_prio' } });
  });

  test('a retried job resumes the shipment found by reference instead of buying a second label', async () => {
    server.next(json(CREATED), json(BOUGHT));
    await book();
    expect(route()).toEqual(['GET /shipments/job-1', 'POST /shipments/shp_1/buy']);
    server.calls.length = 0;
    server.next(json(BOUGHT));
    expect((await book()).trackingNumber).toBe('9400100000000000000001');
    expect(route()).toEqual(['GET /shipments/job-1']);
  });

  test('paperless: asks for a USPS Label Broker QR code after buying', async () => {
    server.next(NOT_FOUND, json(CREATED), json(BOUGHT), json({ ...BOUGHT, forms: [QR_FORM] }));
    expect((await book({ paperless: true })).qrCode).toBe('https://easypost.test/qr/1.png');
    expect(route()[3]).toBe('POST /shipments/shp_1/forms');
    expect(bodyOf(server.calls[3])).toEqual({ form: { type: 'label_qr_code' } });
    server.calls.length = 0;
    server.next(json(BOUGHT), json(QR_FORM));
    expect((await book({ paperless: true })).qrCode).toBe('https://easypost.test/qr/1.png');
    server.next(json(BOUGHT), json(BOUGHT));
    await expectRejects(book({ paperless: true }), TransientPartnerError, /label_qr_code/);
  });

  test('paperless with a carrier that has no Label Broker (4xx): the bought label is kept, printable, without QR', async () => {
    server.next(NOT_FOUND, json(CREATED), json(BOUGHT), { status: 422, body: '{"error":{"code":"FORM.UNSUPPORTED"}}' });
    expect(await book({ paperless: true })).toMatchObject({ labelUrl: 'https://easypost.test/l/1.png', qrCode: null });
    server.next(json(BOUGHT), { status: 502 });
    await expectRejects(book({ paperless: true }), TransientPartnerError);
  });

  test('settings.labelFormat ZPL is requested and the ZPL label mapped', async () => {
    partner.settings.labelFormat = 'zpl';
    const zpl = { ...BOUGHT, postage_label: { label_file_type: 'application/zpl', label_url: 'https://easypost.test/l/1.zpl', label_pdf_url: null } };
    server.next(NOT_FOUND, json(CREATED), json(zpl));
    expect(await book()).toMatchObject({ labelUrl: null, labelZplUrl: 'https://easypost.test/l/1.zpl' });
    expect(bodyOf(server.calls[1]).shipment.options).toEqual({ print_custom_1: 'RMA-00100007', label_format: 'ZPL' });
    server.next(json({ ...BOUGHT, postage_label: { ...BOUGHT.postage_label, label_zpl_url: 'https://easypost.test/l/1b.zpl' } }));
    expect(await book()).toMatchObject({ labelUrl: 'https://easypost.test/l/1.png', labelZplUrl: 'https://easypost.test/l/1b.zpl' });
  });

  test('no rate (or none for the service) is a permanent refusal carrying EasyPost messages', async () => {
    server.next(NOT_FOUND, json({ ...CREATED, rates: [], messages: [{ carrier: 'USPS', type: 'rate_error', message: 'Unable to rate' }] }));
    await expectRejects(book(), PermanentPartnerError, /no rate: Unable to rate/);
    server.next(json(CREATED));
    await expectRejects(book({ service: 'Express' }), PermanentPartnerError, /service Express/);
  });

  test('without settings.apiKey nothing is sent and the job fails for good', async () => {
    partner.settings = {};
    await expectRejects(book(), PermanentPartnerError, /settings.apiKey/);
    expect(server.calls).toEqual([]);
  });

  test.each(FAILURE_MODES)('creating the shipment: %s', async (_name, reply, errorClass) => {
    server.next(NOT_FOUND, reply);
    await expectRejects(book(), errorClass);
  });

  test.each(FAILURE_MODES.filter(([name]) => name !== '404'))('looking up by reference: %s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(book(), errorClass);
    expect(server.calls).toHaveLength(1);
  });

  test.each(FAILURE_MODES)('buying: %s', async (_name, reply, errorClass) => {
    server.next(NOT_FOUND, json(CREATED), reply);
    await expectRejects(book(), errorClass);
  });

  test.each([
    ['a created shipment without id', [NOT_FOUND, json({ ...CREATED, id: undefined })]],
    ['a rate with a non-numeric price', [NOT_FOUND, json({ ...CREATED, rates: [{ ...RATES[0], rate: 'cheap' }] })]],
    ['a bought shipment without tracking code', [NOT_FOUND, json(CREATED), json({ ...BOUGHT, tracking_code: null })]],
    ['a bought shipment without label URL', [NOT_FOUND, json(CREATED), json({ ...BOUGHT, postage_label: { label_file_type: 'image/png' } })]],
    ['a bought shipment without selected rate', [NOT_FOUND, json(CREATED), json({ ...BOUGHT, selected_rate: undefined })]],
  ])('%s is a malformed (transient) answer', async (_name, replies) => {
    server.next(...replies);
    await expectRejects(book(), TransientPartnerError, /malformed answer/);
  });
});

describe('voidLabel', () => {
  const voidIt = () => adapter.voidLabel(partner, 'shp_1', 'job-v');

  test('refunds a bought shipment', async () => {
    server.next(json({ ...BOUGHT, refund_status: null }), json({ ...BOUGHT, refund_status: 'submitted' }));
    await voidIt();
    expect(route()).toEqual(['GET /shipments/shp_1', 'POST /shipments/shp_1/refund']);
    expect(server.calls.every((c) => c.headers.authorization === BASIC)).toBe(true);
  });

  test.each(['submitted', 'refunded', 'not_applicable'])('an already %s label is void: no second refund', async (status) => {
    server.next(json({ ...BOUGHT, refund_status: status }));
    await voidIt();
    expect(route()).toEqual(['GET /shipments/shp_1']);
  });

  test('a rejected refund is retried later (EasyPost advises resubmitting)', async () => {
    server.next(json(BOUGHT), json({ ...BOUGHT, refund_status: 'rejected' }));
    await expectRejects(voidIt(), TransientPartnerError, /rejected/);
    server.next(json(BOUGHT), json({ ...BOUGHT, refund_status: 'pending?' }));
    await expectRejects(voidIt(), TransientPartnerError, /malformed answer/);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(json(BOUGHT), reply);
    await expectRejects(voidIt(), errorClass);
  });
});

describe('webhooks', () => {
  const event = (result: Record<string, unknown>, description = 'tracker.updated') => ({
    object: 'Event', id: 'evt_1', description, created_at: '2026-11-27T20:00:00Z',
    result: {
      object: 'Tracker', tracking_code: '9400100000000000000001', status: 'in_transit', status_detail: 'arrived_at_facility', updated_at: '2026-11-27T19:59:00Z',
      tracking_details: [
        { object: 'TrackingDetail', status: 'in_transit', message: 'Arrived at facility', datetime: '2026-11-27T18:00:00Z' },
        { object: 'TrackingDetail', status: 'pre_transit', message: 'Label created', datetime: '2026-11-26T09:00:00Z' },
      ],
      ...result,
    },
  });

  test.each([
    ['pre_transit', 'pre_transit'], ['in_transit', 'in_transit'], ['out_for_delivery', 'out_for_delivery'],
    ['available_for_pickup', 'out_for_delivery'], ['delivered', 'delivered'], ['return_to_sender', 'return_to_sender'],
    ['failure', 'failure'], ['cancelled', 'failure'],
  ])('tracker status %s → %s, at the latest scan', (status, expected) => {
    expect(adapter.parseWebhook(partner, webhook(event({ status })))).toEqual([
      { trackingNumber: '9400100000000000000001', status: expected, occurredAt: '2026-11-27T18:00:00.000Z', detail: 'Arrived at facility' },
    ]);
  });

  test('unknown and error say nothing about the parcel; other event types are not ours', () => {
    expect(adapter.parseWebhook(partner, webhook(event({ status: 'unknown' })))).toEqual([]);
    expect(adapter.parseWebhook(partner, webhook(event({ status: 'error' })))).toEqual([]);
    expect(adapter.parseWebhook(partner, webhook(event({}, 'refund.successful')))).toEqual([]);
    expect(adapter.parseWebhook(partner, webhook(event({}, 'tracker.created')))).toHaveLength(1);
  });

  test('without scans the tracker update time is used, then the event time', () => {
    expect(adapter.parseWebhook(partner, webhook(event({ tracking_details: [] })))[0]).toMatchObject({ occurredAt: '2026-11-27T19:59:00.000Z', detail: 'arrived_at_facility' });
    expect(adapter.parseWebhook(partner, webhook(event({ tracking_details: undefined, updated_at: undefined })))[0].occurredAt).toBe('2026-11-27T20:00:00.000Z');
  });

  test.each([
    ['not JSON', 'tracker.updated'],
    ['not an Event', { ...event({}), object: 'Tracker' }],
    ['a result that is not a Tracker', event({ object: 'Shipment' })],
    ['a status EasyPost does not have', event({ status: 'lost_in_space' })],
    ['no tracking code', event({ tracking_code: null })],
    ['a scan with a bad time', event({ tracking_details: [{ message: 'x', datetime: 'yesterday' }] })],
    ['no result', { object: 'Event', id: 'evt_1', description: 'tracker.updated' }],
  ])('refuses %s with PermanentPartnerError', (_name, body) => {
    expect(() => adapter.parseWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });

  const sign = (body: string, secret: string) => `hmac-sha256-hex=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const raw = JSON.stringify(event({}));

  test('verifyWebhook accepts X-Hmac-Signature over the raw body (secret NFKD-normalized, as EasyPost) and dedups on the event id', () => {
    const verify = adapter.verifyWebhook!;
    const now = new Date();
    expect(verify(partner, webhook(raw, { 'x-hmac-signature': sign(raw, 'sécret'.normalize('NFKD')) }), now)).toEqual({ id: 'evt_1' });
    const noId = '{"object":"Event"}';
    expect(verify(partner, webhook(noId, { 'x-hmac-signature': sign(noId, 'sécret'.normalize('NFKD')) }), now)?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('verifyWebhook refuses a bad, missing or foreign signature, a tampered body, and works only with settings.webhookSecret', () => {
    const verify = adapter.verifyWebhook!;
    const now = new Date();
    const good = sign(raw, 'sécret'.normalize('NFKD'));
    expect(verify(partner, webhook(`${raw} `, { 'x-hmac-signature': good }), now)).toBeNull();
    expect(verify(partner, webhook(raw, { 'x-hmac-signature': sign(raw, 'other') }), now)).toBeNull();
    expect(verify(partner, webhook(raw, { 'x-hmac-signature': good.replace('hmac-sha256-hex=', 'sha256=') }), now)).toBeNull();
    expect(verify(partner, webhook(raw, { 'x-hmac-signature': 'hmac-sha256-hex=00' }), now)).toBeNull();
    expect(verify(partner, webhook(raw), now)).toBeNull();
    expect(verify({ ...partner, settings: { apiKey: API_KEY } }, webhook(raw, { 'x-hmac-signature': good }), now)).toBeNull();
  });

  test('EasyPost signs no timestamp: a replay verifies but carries the same event id, so dedup drops it', () => {
    const headers = { 'x-hmac-signature': sign(raw, 'sécret'.normalize('NFKD')) };
    const later = new Date(Date.now() + 30 * 86_400_000);
    expect(adapter.verifyWebhook!(partner, webhook(raw, headers), later)).toEqual({ id: 'evt_1' });
  });
});
