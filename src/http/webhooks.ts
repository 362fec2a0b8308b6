import express, { type Router } from 'express';
import type { InboundWebhook } from '../../integrations/common';
import { verifyInbound } from '../../integrations/inbound-events';
import type { Database } from '../db/client';
import { decodeGlobalId } from '../domain/ids';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import { activeWebhookPartner, receivePartnerWebhook } from '../services/partners/partner-webhook.service';

/**
 * POST /webhooks/:partnerId — inbound partner events. This route only parses and authenticates (Standard Webhooks,
 * 5-minute tolerance, or the adapter's own scheme); receivePartnerWebhook translates, de-duplicates and applies.
 * A bad signature, stale timestamp or malformed body is a 4xx and changes nothing.
 */
export function webhookRouter(database: Database, config: Config, log: Logger): Router {
  const router = express.Router();
  router.post('/:partnerId', express.text({ type: () => true, limit: '256kb' }), async (req, res) => {
    const now = new Date();
    const anonymous: ServiceContext = { actor: { kind: 'anonymous' }, requestId: '', db: database.db, database, config, now: () => new Date() };
    const decoded = decodeGlobalId(req.params.partnerId);
    const partner = decoded?.type === 'Partner' ? await activeWebhookPartner(anonymous, decoded.id) : null;
    if (!partner) { res.status(404).json({ error: 'unknown partner' }); return; }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));
    const webhook: InboundWebhook = { headers, rawBody: typeof req.body === 'string' ? req.body : '' };
    let delivery: { id: string } | null;
    try {
      delivery = verifyInbound({ ...partner }, webhook, now);
    } catch {
      delivery = null;
    }
    if (!delivery) { res.status(401).json({ error: 'invalid signature or stale timestamp' }); return; }
    const ctx: ServiceContext = { ...anonymous, actor: { kind: 'partner', partnerId: partner.id }, requestId: delivery.id };
    const outcome = await receivePartnerWebhook(ctx, partner, webhook, delivery.id);
    switch (outcome.status) {
      case 'MALFORMED': res.status(400).json({ error: outcome.error }); return;
      case 'DUPLICATE': res.status(200).json({ duplicate: true }); return;
      case 'RETRY_LATER': res.status(409).json({ error: 'unknown reference; retry later', results: outcome.results }); return;
      case 'APPLIED':
        log.debug('partner webhook applied', { partner: partner.id, results: outcome.results });
        res.status(200).json({ received: outcome.received, results: outcome.results });
    }
  });
  return router;
}
