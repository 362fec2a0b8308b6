import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import { boomerangMerchantAdapter as adapter } from '../../integrations/merchant/boomerang-merchant.adapter';
import type { ExchangeOrderRequest } from '../../integrations/merchant/exchange.types';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { FAILURE_MODES, LoopbackPartner, bodyOf, endpointOf, expectRejects, expectSignedCall, json } from '../support/adapter-contract';

// The exchange calls of the merchant protocol against a loopback merchant, failures included (docs/partner-protocol.md).
let server: LoopbackPartner;
let partner: PartnerEndpoint;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server);
});
afterEach(() => server.stop());

const VARIANT = { sku: 'TEE-L', name: 'Tee L', attributes: { size: 'L', fit: 2 }, available: 3, price: { amount: '89.90', currencyCode: 'EUR' } };
const ORDER: ExchangeOrderRequest = {
  returnId: 'r1', rmaNumber: 'RMA-00100001', returnItemId: 'i1', orderNumber: 'ORD-1', customerExternalId: 'c1', originalSku: 'TEE-M', sku: 'TEE-L',
  quantity: 1, unitPrice: { amount: '89.90', currencyCode: 'EUR' }, priceDifference: { amount: '-20.00', currencyCode: 'EUR' },
  charge: { amount: '0.00', currencyCode: 'EUR' }, holdId: null,
  shipTo: { name: null, line1: 'Damrak 1', line2: null, city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL', phone: null },
};

describe('exchangeOptions', () => {
  test('GETs exchange-options for the SKU, signed, and reads variants with stock and price', async () => {
    server.next(json({ sku: 'TEE-M', variants: [VARIANT, { ...VARIANT, sku: 'TEE-S', name: undefined, attributes: undefined, available: 0 }] }));
    expect(await adapter.exchangeOptions(partner, 'TEE M/1')).toEqual([
      { ...VARIANT, attributes: { size: 'L', fit: '2' } },
      { sku: 'TEE-S', name: 'TEE-S', attributes: {}, available: 0, price: VARIANT.price },
    ]);
    const [call] = server.calls;
    expect([call.method, call.path]).toEqual(['GET', '/exchange-options?sku=TEE+M%2F1']);
    expectSignedCall(call, partner.signingSecret);
  });

  test.each([
    ['a negative stock', { ...VARIANT, available: -1 }],
    ['a fractional stock', { ...VARIANT, available: 1.5 }],
    ['a price that is not a decimal string', { ...VARIANT, price: { amount: 89.9, currencyCode: 'EUR' } }],
    ['no sku', { ...VARIANT, sku: '' }],
  ])('%s is a malformed (transient) answer', async (_name, variant) => {
    server.next(json({ variants: [variant] }));
    await expectRejects(adapter.exchangeOptions(partner, 'TEE-M'), TransientPartnerError, /malformed answer/);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.exchangeOptions(partner, 'TEE-M'), errorClass);
  });
});

describe('createExchangeOrder', () => {
  test('POSTs exchange-orders with the order, signed with the job id, and reads the order reference', async () => {
    server.next(json({ orderReference: 'EXO-1', status: 'PLACED' }, 201));
    expect(await adapter.createExchangeOrder(partner, ORDER, 'job-1')).toEqual({ orderReference: 'EXO-1' });
    const [call] = server.calls;
    expect([call.method, call.path]).toEqual(['POST', '/exchange-orders']);
    expectSignedCall(call, partner.signingSecret, 'job-1');
    expect(bodyOf(call)).toEqual(ORDER);
  });

  test('out of stock (409) is a permanent refusal', async () => {
    server.next(json({ error: 'out_of_stock' }, 409));
    await expectRejects(adapter.createExchangeOrder(partner, ORDER, 'job-1'), PermanentPartnerError, /409/);
  });

  test('a 2xx without orderReference is transient', async () => {
    server.next(json({ status: 'PLACED' }));
    await expectRejects(adapter.createExchangeOrder(partner, ORDER, 'job-1'), TransientPartnerError, /malformed answer/);
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.createExchangeOrder(partner, ORDER, 'job-1'), errorClass);
  });
});

describe('payment holds', () => {
  const HOLD = { returnId: 'r1', rmaNumber: 'RMA-1', orderNumber: 'ORD-1', customerExternalId: 'c1', amount: { amount: '89.90', currencyCode: 'EUR' } };

  test('holdPayment POSTs payment-holds and reads the hold id; a refusal (402) is permanent', async () => {
    server.next(json({ holdId: 'hold_1' }, 201), json({ error: 'hold_refused' }, 402));
    expect(await adapter.holdPayment(partner, HOLD, 'job-2')).toEqual({ holdId: 'hold_1' });
    expect([server.calls[0].path, bodyOf(server.calls[0])]).toEqual(['/payment-holds', HOLD]);
    expectSignedCall(server.calls[0], partner.signingSecret, 'job-2');
    await expectRejects(adapter.holdPayment(partner, HOLD, 'job-3'), PermanentPartnerError, /402/);
  });

  test('releaseHold and captureHold POST to the hold, escaped; capture reads the charge reference', async () => {
    server.next({ status: 204 }, json({ chargeReference: 'chg_1' }));
    await adapter.releaseHold(partner, 'h/1', 'job-4');
    expect(await adapter.captureHold(partner, 'h/1', HOLD.amount, 'job-5')).toEqual({ chargeReference: 'chg_1' });
    expect(server.calls.map((c) => c.path)).toEqual(['/payment-holds/h%2F1/release', '/payment-holds/h%2F1/capture']);
    expect(bodyOf(server.calls[1])).toEqual({ amount: HOLD.amount });
    expectSignedCall(server.calls[1], partner.signingSecret, 'job-5');
  });

  test.each(FAILURE_MODES)('capture: %s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.captureHold(partner, 'h1', HOLD.amount, 'job-6'), errorClass);
  });
});
