import { callForObject, readEnvelope, returnPayload, segment } from '../boomerang-protocol';
import { malformedAnswer } from '../json-reader';
import { callPartner } from '../partner-http';
import { TRACKING_STATUSES, type CarrierAdapter, type CarrierLabel } from './types';

const WEBHOOK_TYPES = ['tracking.updated'] as const;

/**
 * Boomerang's own carrier protocol (docs/partner-protocol.md, "Carriers"): `POST labels` books a prepaid return
 * label, `POST labels/{shipmentId}/void` voids it; tracking arrives as `tracking.updated` webhooks.
 */
export const boomerangCarrierAdapter: CarrierAdapter = {
  id: 'boomerang-carrier-v1',

  async createReturnLabel(partner, req, idempotencyKey) {
    const body = { ...returnPayload(req), paperless: req.paperless, service: req.service ?? null };
    const answer = await callForObject(partner, { path: 'labels', body, idempotencyKey });
    const label: CarrierLabel = {
      carrier: answer.string('carrier'),
      shipmentId: answer.id('shipmentId'),
      trackingNumber: answer.string('trackingNumber'),
      labelUrl: answer.optionalString('labelUrl'),
      labelZplUrl: answer.optionalString('labelZplUrl'),
      qrCode: answer.optionalString('qrCode'),
    };
    // The customer must get something to use: a QR code when paperless, a printable label otherwise.
    const fail = malformedAnswer('POST labels');
    if (req.paperless && !label.qrCode) throw fail('a paperless label needs body.qrCode');
    if (!req.paperless && !label.labelUrl && !label.labelZplUrl) throw fail('a label needs body.labelUrl or body.labelZplUrl');
    return label;
  },

  async voidLabel(partner, shipmentId, idempotencyKey) {
    await callPartner(partner, { path: `labels/${segment(shipmentId)}/void`, idempotencyKey });
  },

  parseWebhook(_partner, webhook) {
    const { data } = readEnvelope(webhook, WEBHOOK_TYPES);
    return [{
      trackingNumber: data.string('trackingNumber'),
      status: data.oneOf('status', TRACKING_STATUSES),
      occurredAt: data.instant('occurredAt'),
      detail: data.optionalString('detail'),
    }];
  },
};
