import { callForObject, protocolAddress, query, readKey, segment } from '../boomerang-protocol';
import { malformedAnswer } from '../json-reader';
import { callPartner } from '../partner-http';
import type { ExchangeVariantAnswer, MerchantExchangeAdapter } from './exchange.types';

const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;

/**
 * The exchange calls of Boomerang's own merchant protocol (docs/partner-protocol.md, "Merchant: exchanges"):
 * `GET exchange-options?sku=`, `POST exchange-orders`, `POST payment-holds`, `POST payment-holds/{id}/release`,
 * `POST payment-holds/{id}/capture`. Signed and keyed like every partner call.
 */
export const boomerangMerchantExchanges: MerchantExchangeAdapter = {
  async exchangeOptions(partner, sku) {
    const answer = await callForObject(partner, { method: 'GET', path: `exchange-options?${query({ sku })}`, idempotencyKey: readKey() });
    const fail = malformedAnswer('GET exchange-options');
    return answer.objects('variants').map((v): ExchangeVariantAnswer => {
      const available = v.number('available');
      if (!Number.isInteger(available) || available < 0) throw fail(`variant ${v.string('sku')}: available must be a whole number ≥ 0`);
      const price = v.child('price');
      const amount = price.string('amount');
      if (!DECIMAL.test(amount)) throw fail(`variant ${v.string('sku')}: price.amount must be a decimal string`);
      const attrs = v.optionalChild('attributes');
      const attributes: Record<string, string> = {};
      const raw = attrs ? (v.raw('attributes') as Record<string, unknown>) : {};
      for (const [k, value] of Object.entries(raw)) if (typeof value === 'string' || typeof value === 'number') attributes[k] = String(value);
      return { sku: v.string('sku'), name: v.optionalString('name') ?? v.string('sku'), attributes, available, price: { amount, currencyCode: price.string('currencyCode') } };
    });
  },

  async createExchangeOrder(partner, req, idempotencyKey) {
    const body = { ...req, shipTo: req.shipTo ? protocolAddress(req.shipTo) : null };
    const answer = await callForObject(partner, { path: 'exchange-orders', body, idempotencyKey });
    return { orderReference: answer.id('orderReference') };
  },

  async holdPayment(partner, req, idempotencyKey) {
    const answer = await callForObject(partner, { path: 'payment-holds', body: req, idempotencyKey });
    return { holdId: answer.id('holdId') };
  },

  async releaseHold(partner, holdId, idempotencyKey) {
    await callPartner(partner, { path: `payment-holds/${segment(holdId)}/release`, body: {}, idempotencyKey });
  },

  async captureHold(partner, holdId, amount, idempotencyKey) {
    const answer = await callForObject(partner, { path: `payment-holds/${segment(holdId)}/capture`, body: { amount }, idempotencyKey });
    return { chargeReference: answer.id('chargeReference') };
  },
};
