import { callForObject, readEnvelope } from '../boomerang-protocol';
import { JsonReader, malformedAnswer, malformedWebhook, type ShapeFailure } from '../json-reader';
import { callPartner, type PartnerEndpoint } from '../partner-http';
import { boomerangMerchantExchanges } from './boomerang-merchant-exchange';
import type { MerchantAdapter, MerchantEvent, MerchantMoney, MerchantPaymentAnswer, MerchantPaymentConfirmation } from './types';

const AMOUNT = /^\d{1,15}(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const PAYMENT_WEBHOOKS = ['refund.confirmed', 'refund.declined', 'store_credit.issued', 'store_credit.declined'] as const;

/** An optional `{ amount, currencyCode }`; malformed is a shape failure. */
function optionalMoney(reader: JsonReader, key: string, fail: ShapeFailure): MerchantMoney | null {
  const child = reader.optionalChild(key);
  if (!child) return null;
  const amount = child.string('amount');
  const currencyCode = child.string('currencyCode');
  if (!AMOUNT.test(amount)) throw fail(`${key}.amount must be a non-negative decimal string`);
  if (!CURRENCY.test(currencyCode)) throw fail(`${key}.currencyCode must be an ISO 4217 code`);
  return { amount, currencyCode };
}

/** Reads the merchant's answer to `POST refunds` / `POST store-credits` (docs/partner-protocol.md, "Refunds and store credit"). */
function paymentAnswer(answer: JsonReader, fail: ShapeFailure): MerchantPaymentAnswer {
  const status = answer.oneOf('status', ['CONFIRMED', 'PENDING', 'DECLINED'] as const);
  if (status === 'DECLINED') return { status, reason: answer.optionalString('reason') ?? 'declined by the merchant' };
  if (status === 'PENDING') return { status, reference: answer.optionalString('reference') };
  return { status, reference: answer.string('reference'), creditCode: answer.optionalString('creditCode'), creditBalance: optionalMoney(answer, 'creditBalance', fail) };
}

/**
 * Boomerang's own merchant protocol (docs/partner-protocol.md): POST <endpoint>/events with the event as JSON body,
 * signed per Standard Webhooks; any 2xx acknowledges. Refunds and store credit: `POST refunds` and `POST
 * store-credits`, answered CONFIRMED, PENDING (a `refund.*` / `store_credit.*` webhook follows) or DECLINED.
 */
export const boomerangMerchantAdapter: MerchantAdapter = {
  id: 'boomerang-merchant-v1',
  ...boomerangMerchantExchanges,
  async deliverEvent(partner: PartnerEndpoint, event: MerchantEvent, idempotencyKey: string) {
    await callPartner(partner, { path: 'events', body: event, idempotencyKey });
    return { acknowledged: true };
  },

  async requestRefund(partner, refund, idempotencyKey) {
    const answer = await callForObject(partner, { path: 'refunds', body: refund, idempotencyKey });
    return paymentAnswer(answer, malformedAnswer('POST refunds'));
  },

  async issueStoreCredit(partner, credit, idempotencyKey) {
    const answer = await callForObject(partner, { path: 'store-credits', body: credit, idempotencyKey });
    return paymentAnswer(answer, malformedAnswer('POST store-credits'));
  },

  parsePaymentWebhook(_partner, webhook): MerchantPaymentConfirmation[] {
    const { type, data } = readEnvelope(webhook, PAYMENT_WEBHOOKS);
    const refund = type.startsWith('refund.');
    const declined = type.endsWith('.declined');
    return [{
      paymentId: data.string(refund ? 'refundId' : 'storeCreditId'),
      outcome: declined ? 'DECLINED' : 'CONFIRMED',
      reference: declined ? data.optionalString('reference') : data.string('reference'),
      reason: declined ? data.optionalString('reason') ?? 'declined by the merchant' : null,
      creditCode: refund ? null : data.optionalString('creditCode'),
      creditBalance: refund ? null : optionalMoney(data, 'creditBalance', malformedWebhook),
      occurredAt: data.has('occurredAt') ? data.instant('occurredAt') : null,
    }];
  },
};
