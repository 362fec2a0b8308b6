import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import { boomerangMerchantAdapter as adapter } from '../../integrations/merchant/boomerang-merchant.adapter';
import type { MerchantRefundRequest, MerchantStoreCreditRequest } from '../../integrations/merchant/types';
import type { PartnerEndpoint } from '../../integrations/partner-http';
import { FAILURE_MODES, LoopbackPartner, bodyOf, endpointOf, expectRejects, expectSignedCall, json, webhook } from '../support/adapter-contract';

// The merchant's payment side of Boomerang's own protocol: `POST refunds`, `POST store-credits` and the refund.* /
// store_credit.* webhooks, against a loopback partner that answers, declines, fails and garbles.
let server: LoopbackPartner;
let partner: PartnerEndpoint;

beforeEach(async () => {
  server = await new LoopbackPartner().start();
  partner = endpointOf(server);
});
afterEach(() => server.stop());

const REFUND: MerchantRefundRequest = {
  refundId: 'UmVmdW5kOjE', returnId: 'UmV0dXJuOjE', rmaNumber: 'RMA-00100001', orderNumber: 'ORD-1', customerExternalId: 'C-1',
  amount: { amount: '19.99', currencyCode: 'EUR' }, attempt: 1,
};
const CREDIT: MerchantStoreCreditRequest = {
  storeCreditId: 'U3RvcmVDcmVkaXQ6MQ', returnId: 'UmV0dXJuOjE', rmaNumber: 'RMA-00100001', orderNumber: 'ORD-1', customerExternalId: 'C-1',
  customerEmail: 'c@example.com', amount: { amount: '22.00', currencyCode: 'EUR' }, bonus: { amount: '2.00', currencyCode: 'EUR' }, attempt: 2,
};

describe('requestRefund', () => {
  test('POSTs refunds signed with the idempotency key and reads a confirmation', async () => {
    server.next(json({ status: 'CONFIRMED', reference: 're_1' }, 201));
    expect(await adapter.requestRefund(partner, REFUND, 'UmVmdW5kOjE.1')).toEqual({ status: 'CONFIRMED', reference: 're_1', creditCode: null, creditBalance: null });
    const [call] = server.calls;
    expect([call.method, call.path]).toEqual(['POST', '/refunds']);
    expectSignedCall(call, partner.signingSecret, 'UmVmdW5kOjE.1');
    expect(bodyOf(call)).toEqual(REFUND);
  });

  test('reads PENDING (a webhook follows) and DECLINED with its reason', async () => {
    server.next(json({ status: 'PENDING', reference: 're_2' }, 202), json({ status: 'DECLINED', reason: 'card closed' }), json({ status: 'DECLINED' }));
    expect(await adapter.requestRefund(partner, REFUND, 'k')).toEqual({ status: 'PENDING', reference: 're_2' });
    expect(await adapter.requestRefund(partner, REFUND, 'k2')).toEqual({ status: 'DECLINED', reason: 'card closed' });
    expect(await adapter.requestRefund(partner, REFUND, 'k3')).toEqual({ status: 'DECLINED', reason: 'declined by the merchant' });
  });

  test.each(FAILURE_MODES)('%s', async (_name, reply, errorClass) => {
    server.next(reply);
    await expectRejects(adapter.requestRefund(partner, REFUND, 'k'), errorClass);
  });

  test('an answer with an unknown status, or CONFIRMED without a reference, is transient', async () => {
    server.next(json({ status: 'MAYBE' }), json({ status: 'CONFIRMED' }));
    await expectRejects(adapter.requestRefund(partner, REFUND, 'k'), TransientPartnerError, /malformed answer/);
    await expectRejects(adapter.requestRefund(partner, REFUND, 'k'), TransientPartnerError, /malformed answer/);
  });
});

describe('issueStoreCredit', () => {
  test('POSTs store-credits and reads the code and balance', async () => {
    server.next(json({ status: 'CONFIRMED', reference: 'gc_1', creditCode: 'GIFT-1', creditBalance: { amount: '22.00', currencyCode: 'EUR' } }, 201));
    expect(await adapter.issueStoreCredit(partner, CREDIT, 'U3RvcmVDcmVkaXQ6MQ.2')).toEqual({
      status: 'CONFIRMED', reference: 'gc_1', creditCode: 'GIFT-1', creditBalance: { amount: '22.00', currencyCode: 'EUR' },
    });
    const [call] = server.calls;
    expect(call.path).toBe('/store-credits');
    expectSignedCall(call, partner.signingSecret, 'U3RvcmVDcmVkaXQ6MQ.2');
    expect(bodyOf(call)).toEqual(CREDIT);
  });

  test('a malformed balance is transient', async () => {
    server.next(json({ status: 'CONFIRMED', reference: 'gc_1', creditBalance: { amount: 'lots', currencyCode: 'EUR' } }));
    await expectRejects(adapter.issueStoreCredit(partner, CREDIT, 'k'), TransientPartnerError, /creditBalance.amount/);
  });
});

describe('parsePaymentWebhook', () => {
  test('refund.confirmed / refund.declined / store_credit.issued / store_credit.declined', () => {
    expect(adapter.parsePaymentWebhook(partner, webhook({ type: 'refund.confirmed', data: { refundId: 'R1', reference: 're_1', occurredAt: '2030-01-02T10:00:00+01:00' } }))).toEqual([{
      paymentId: 'R1', outcome: 'CONFIRMED', reference: 're_1', reason: null, creditCode: null, creditBalance: null, occurredAt: '2030-01-02T09:00:00.000Z',
    }]);
    expect(adapter.parsePaymentWebhook(partner, webhook({ type: 'refund.declined', data: { refundId: 'R1', reason: 'chargeback' } }))[0])
      .toMatchObject({ paymentId: 'R1', outcome: 'DECLINED', reason: 'chargeback', reference: null });
    expect(adapter.parsePaymentWebhook(partner, webhook({ type: 'store_credit.issued', data: { storeCreditId: 'S1', reference: 'gc_1', creditCode: 'G-1', creditBalance: { amount: '5.00', currencyCode: 'USD' } } }))[0])
      .toMatchObject({ paymentId: 'S1', outcome: 'CONFIRMED', creditCode: 'G-1', creditBalance: { amount: '5.00', currencyCode: 'USD' } });
    expect(adapter.parsePaymentWebhook(partner, webhook({ type: 'store_credit.declined', data: { storeCreditId: 'S1' } }))[0])
      .toMatchObject({ paymentId: 'S1', outcome: 'DECLINED', reason: 'declined by the merchant' });
  });

  test.each([
    ['not JSON', '<xml/>'],
    ['an unknown type', { type: 'refund.maybe', data: { refundId: 'R1' } }],
    ['no refund id', { type: 'refund.confirmed', data: { reference: 're_1' } }],
    ['a confirmation without reference', { type: 'refund.confirmed', data: { refundId: 'R1' } }],
    ['a bad balance', { type: 'store_credit.issued', data: { storeCreditId: 'S1', reference: 'x', creditBalance: { amount: '-1', currencyCode: 'EUR' } } }],
  ])('%s is malformed (permanent)', (_name, body) => {
    expect(() => adapter.parsePaymentWebhook(partner, webhook(body))).toThrow(PermanentPartnerError);
  });
});
