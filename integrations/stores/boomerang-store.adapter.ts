import { callForObject, readEnvelope, returnPayload, segment } from '../boomerang-protocol';
import { callPartner } from '../partner-http';
import type { StoreAdapter, StoreEventStatus } from './types';

const EVENT_STATUS = {
  'drop_off.scanned': 'DROPPED_OFF',
  'drop_off.handed_to_carrier': 'HANDED_TO_CARRIER',
  'drop_off.cancelled': 'CANCELLED',
} as const satisfies Record<string, StoreEventStatus>;
const WEBHOOK_TYPES = Object.keys(EVENT_STATUS) as Array<keyof typeof EVENT_STATUS>;

/**
 * Boomerang's own store-network protocol (docs/partner-protocol.md, "Store networks"): `POST drop-offs` announces a
 * box-free drop-off and returns the QR code the customer shows, `POST drop-offs/{reference}/cancel` withdraws it;
 * scans and carrier hand-overs arrive as `drop_off.*` webhooks.
 */
export const boomerangStoreAdapter: StoreAdapter = {
  id: 'boomerang-store-v1',

  async createDropOff(partner, req, idempotencyKey) {
    const body = { ...returnPayload(req), storeExternalId: req.storeExternalId, items: req.items };
    const answer = await callForObject(partner, { path: 'drop-offs', body, idempotencyKey });
    return { reference: answer.id('reference'), qrCode: answer.string('qrCode'), expectedBy: answer.instant('expectedBy') };
  },

  async cancelDropOff(partner, reference, idempotencyKey) {
    await callPartner(partner, { path: `drop-offs/${segment(reference)}/cancel`, idempotencyKey });
  },

  parseWebhook(_partner, webhook) {
    const { type, data } = readEnvelope(webhook, WEBHOOK_TYPES);
    return [{
      reference: data.id('reference'),
      status: EVENT_STATUS[type],
      occurredAt: data.instant('occurredAt'),
      storeExternalId: data.has('storeExternalId') ? data.id('storeExternalId') : null,
    }];
  },
};
