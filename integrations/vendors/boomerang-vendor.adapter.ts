import { callForObject, readEnvelope } from '../boomerang-protocol';
import { malformedWebhook } from '../json-reader';
import type { VendorAdapter } from './types';

const AMOUNT = /^\d{1,15}(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Boomerang's own vendor protocol (docs/partner-protocol.md, "Vendors"): `POST authorizations` hands over a vendor
 * return authorization; the credit arrives as an `authorization.credited` webhook (or through the partner-scoped
 * `confirmVendorCredit` mutation), same fields.
 */
export const boomerangVendorAdapter: VendorAdapter = {
  id: 'boomerang-vendor-v1',

  async dispatchAuthorization(partner, req, idempotencyKey) {
    const answer = await callForObject(partner, { path: 'authorizations', body: req, idempotencyKey });
    return { vendorReference: answer.id('vendorReference') };
  },

  parseWebhook(_partner, webhook) {
    const { data } = readEnvelope(webhook, ['authorization.credited'] as const);
    const credited = data.child('creditedAmount');
    const amount = credited.string('amount');
    const currencyCode = credited.string('currencyCode');
    if (!AMOUNT.test(amount)) throw malformedWebhook('creditedAmount.amount must be a non-negative decimal string');
    if (!CURRENCY.test(currencyCode)) throw malformedWebhook('creditedAmount.currencyCode must be an ISO 4217 code');
    return [{
      authorizationId: data.string('authorizationId'),
      occurredAt: data.instant('occurredAt'),
      creditedAmount: { amount, currencyCode },
      reference: data.string('reference'),
    }];
  },
};
