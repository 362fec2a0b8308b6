import type { TimeWindow } from '../common';
import { callForObject, query, readEnvelope, readKey, returnPayload, segment } from '../boomerang-protocol';
import { malformedAnswer, type JsonReader, type ShapeFailure } from '../json-reader';
import { callPartner } from '../partner-http';
import type { PickupAdapter, PickupEventStatus } from './types';

const EVENT_STATUS = {
  'pickup.completed': 'PICKED_UP',
  'pickup.failed': 'FAILED',
  'pickup.cancelled': 'CANCELLED',
} as const satisfies Record<string, PickupEventStatus>;
const WEBHOOK_TYPES = Object.keys(EVENT_STATUS) as Array<keyof typeof EVENT_STATUS>;

function readWindow(w: JsonReader, fail: ShapeFailure): TimeWindow {
  const window = { start: w.instant('start'), end: w.instant('end') };
  if (window.start >= window.end) throw fail(`window ${window.start}..${window.end} ends before it starts`);
  return window;
}

/**
 * Boomerang's own home-pickup protocol (docs/partner-protocol.md, "Pickups"): `GET windows`, `POST pickups`,
 * `POST pickups/{confirmationNumber}/cancel`; outcomes arrive as `pickup.*` webhooks.
 */
export const boomerangPickupAdapter: PickupAdapter = {
  id: 'boomerang-pickup-v1',

  async availableWindows(partner, address, days) {
    const q = query({ postalCode: address.postalCode, countryCode: address.countryCode, days });
    const answer = await callForObject(partner, { method: 'GET', path: `windows?${q}`, idempotencyKey: readKey() });
    const fail = malformedAnswer('GET windows');
    return answer.objects('windows').map((w) => readWindow(w, fail)).sort((a, b) => a.start.localeCompare(b.start));
  },

  async schedule(partner, req, idempotencyKey) {
    const body = { ...returnPayload(req), window: req.window };
    const answer = await callForObject(partner, { path: 'pickups', body, idempotencyKey });
    return {
      confirmationNumber: answer.id('confirmationNumber'),
      window: readWindow(answer.child('window'), malformedAnswer('POST pickups')),
      trackingNumber: answer.optionalString('trackingNumber'),
    };
  },

  async cancel(partner, confirmationNumber, idempotencyKey) {
    await callPartner(partner, { path: `pickups/${segment(confirmationNumber)}/cancel`, idempotencyKey });
  },

  parseWebhook(_partner, webhook) {
    const { type, data } = readEnvelope(webhook, WEBHOOK_TYPES);
    return [{
      confirmationNumber: data.id('confirmationNumber'),
      status: EVENT_STATUS[type],
      occurredAt: data.instant('occurredAt'),
      detail: data.optionalString('detail'),
    }];
  },
};
