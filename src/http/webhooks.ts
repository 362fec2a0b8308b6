import express, { type Router } from 'express';
import { and, eq } from 'drizzle-orm';
import { adapterFor } from '../../integrations/registry';
import type { InboundWebhook } from '../../integrations/common';
import { PermanentPartnerError } from '../../integrations/errors';
import type { Database } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { partners, webhookReceipts, type PartnerKind } from '../db/schema';
import { decodeGlobalId } from '../domain/ids';
import { verifyWebhook } from '../domain/webhook-signature';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import { applyPartnerEvents, classify, type PartnerEvent } from '../services/partner-events.service';
import { reportRecyclingLot } from '../services/recycling.service';
import { updateRefurbishmentJob } from '../services/refurbishment.service';
import { confirmVendorCredit } from '../services/vendor-return.service';
import type { RecyclingLotReport } from '../../integrations/recyclers/types';
import type { RefurbishmentUpdate } from '../../integrations/refurbishers/types';
import type { VendorCreditConfirmation } from '../../integrations/vendors/types';

type PartnerRow = typeof partners.$inferSelect;

/** The adapter's translation of a verified body into normalized events, per partner kind. */
function translate(partner: PartnerRow, webhook: InboundWebhook): Array<{ ref: string; status: string; occurredAt: string; detail?: string | null }> {
  const endpoint = { ...partner };
  switch (partner.kind) {
    case 'CARRIER': return adapterFor('CARRIER', partner.adapter).parseWebhook(endpoint, webhook).map((u) => ({ ref: u.trackingNumber, status: u.status, occurredAt: u.occurredAt, detail: u.detail ?? null }));
    case 'LOCKER_NETWORK': return adapterFor('LOCKER_NETWORK', partner.adapter).parseWebhook(endpoint, webhook).map((e) => ({ ref: e.reservationId, status: e.status, occurredAt: e.occurredAt }));
    case 'STORE_NETWORK': return adapterFor('STORE_NETWORK', partner.adapter).parseWebhook(endpoint, webhook).map((e) => ({ ref: e.reference, status: e.status, occurredAt: e.occurredAt }));
    case 'PICKUP': return adapterFor('PICKUP', partner.adapter).parseWebhook(endpoint, webhook).map((e) => ({ ref: e.confirmationNumber, status: e.status, occurredAt: e.occurredAt, detail: e.detail ?? null }));
    default: throw new PermanentPartnerError(`${partner.kind} partners do not send webhooks`);
  }
}

function verify(partner: PartnerRow, webhook: InboundWebhook, now: Date): { id: string } | null {
  const custom = ['CARRIER', 'LOCKER_NETWORK', 'STORE_NETWORK', 'PICKUP', 'REFURBISHER', 'RECYCLER', 'VENDOR'].includes(partner.kind)
    ? adapterFor(partner.kind as 'CARRIER', partner.adapter).verifyWebhook : undefined;
  if (custom) return custom(partner, webhook, now);
  const h = webhook.headers;
  const result = verifyWebhook(partner.signingSecret, { id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] }, webhook.rawBody, now);
  return result.ok ? { id: result.id } : null;
}

/**
 * POST /webhooks/:partnerId — inbound partner events. Verified (Standard Webhooks, 5-minute tolerance, or the
 * adapter's own scheme), translated by the partner's adapter, stored raw, deduplicated by delivery id, and applied.
 * A bad signature, stale timestamp or malformed body is a 4xx and changes nothing.
 */
export function webhookRouter(database: Database, config: Config, log: Logger): Router {
  const router = express.Router();
  router.post('/:partnerId', express.text({ type: () => true, limit: '256kb' }), async (req, res) => {
    const decoded = decodeGlobalId(req.params.partnerId);
    const partnerId = decoded?.type === 'Partner' ? decoded.id : null;
    const [partner] = partnerId ? await database.db.select().from(partners).where(eq(partners.id, partnerId)) : [];
    if (!partner || partner.status !== 'ACTIVE') { res.status(404).json({ error: 'unknown partner' }); return; }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));
    const webhook: InboundWebhook = { headers, rawBody: typeof req.body === 'string' ? req.body : '' };
    const now = new Date();
    let delivery: { id: string } | null;
    try {
      delivery = verify(partner, webhook, now);
    } catch {
      delivery = null;
    }
    if (!delivery) { res.status(401).json({ error: 'invalid signature or stale timestamp' }); return; }
    if (partner.kind === 'REFURBISHER') { await refurbisherWebhook(database, config, partner, webhook, delivery.id, res); return; }
    if (partner.kind === 'RECYCLER') { await recyclerWebhook(database, config, partner, webhook, delivery.id, res); return; }
    if (partner.kind === 'VENDOR') { await vendorWebhook(database, config, partner, webhook, delivery.id, res); return; }
    let events: PartnerEvent[];
    try {
      events = translate(partner, webhook).flatMap((e) => {
        const kind = classify(partner.kind as PartnerKind, e.status);
        return kind ? [{ ...e, kind }] : [];
      });
    } catch (e) {
      const message = e instanceof PermanentPartnerError ? e.message : 'malformed body';
      res.status(400).json({ error: message.slice(0, 200) });
      return;
    }
    try {
      await database.db.insert(webhookReceipts).values({ partnerId: partner.id, webhookId: delivery.id, body: webhook.rawBody, outcome: 'RECEIVED' });
    } catch (e) {
      if (isUniqueViolation(e, 'webhook_receipts_partner_webhook_uq')) { res.status(200).json({ duplicate: true }); return; }
      throw e;
    }
    const ctx: ServiceContext = {
      actor: { kind: 'system', process: `partner:${partner.id}` }, requestId: delivery.id, db: database.db, database, config, now: () => new Date(),
    };
    const results = await applyPartnerEvents(ctx, { id: partner.id, kind: partner.kind }, events);
    if (results.length > 0 && results.every((r) => r.reason === 'UNKNOWN_REFERENCE')) {
      // Probably a scan racing its own booking: forget the delivery so the partner's retry (same webhook-id) applies.
      await database.db.delete(webhookReceipts).where(and(eq(webhookReceipts.partnerId, partner.id), eq(webhookReceipts.webhookId, delivery.id)));
      res.status(409).json({ error: 'unknown reference; retry later', results });
      return;
    }
    await database.db.update(webhookReceipts).set({ outcome: JSON.stringify(results).slice(0, 2000) })
      .where(and(eq(webhookReceipts.partnerId, partner.id), eq(webhookReceipts.webhookId, delivery.id)));
    log.debug('partner webhook applied', { partner: partner.id, results });
    res.status(200).json({ received: events.length, results });
  });
  return router;
}

/** Stores the delivery once; false when this webhook-id was already received (a replay or a retry). */
async function firstDelivery(database: Database, partner: PartnerRow, webhookId: string, body: string): Promise<boolean> {
  try {
    await database.db.insert(webhookReceipts).values({ partnerId: partner.id, webhookId, body, outcome: 'RECEIVED' });
    return true;
  } catch (e) {
    if (isUniqueViolation(e, 'webhook_receipts_partner_webhook_uq')) return false;
    throw e;
  }
}

/**
 * A refurbisher's `job.*` webhook: translated by its adapter, then applied exactly like its `updateRefurbishmentJob`
 * calls, as the partner itself, so it can only move its own jobs (another vendor's job id is NOT_FOUND).
 */
async function refurbisherWebhook(
  database: Database, config: Config, partner: PartnerRow, webhook: InboundWebhook, deliveryId: string, res: express.Response,
): Promise<void> {
  let updates: RefurbishmentUpdate[];
  try {
    updates = adapterFor('REFURBISHER', partner.adapter).parseWebhook({ ...partner }, webhook);
  } catch (e) {
    res.status(400).json({ error: (e instanceof PermanentPartnerError ? e.message : 'malformed body').slice(0, 200) });
    return;
  }
  if (!(await firstDelivery(database, partner, deliveryId, webhook.rawBody))) { res.status(200).json({ duplicate: true }); return; }
  const ctx: ServiceContext = {
    actor: { kind: 'partner', partnerId: partner.id }, requestId: deliveryId, db: database.db, database, config, now: () => new Date(),
  };
  const results: Array<{ ref: string; applied: boolean; reason?: string }> = [];
  for (const u of updates) {
    const decoded = decodeGlobalId(u.jobId);
    const jobId = decoded?.type === 'RefurbishmentJob' ? decoded.id : null;
    const outcome = jobId ? await updateRefurbishmentJob(ctx, { ...u, jobId }) : null;
    results.push(outcome?.ok ? { ref: u.jobId, applied: true, reason: u.status } : { ref: u.jobId, applied: false, reason: outcome?.userErrors[0]?.code ?? 'NOT_FOUND' });
  }
  await database.db.update(webhookReceipts).set({ outcome: JSON.stringify(results).slice(0, 2000) })
    .where(and(eq(webhookReceipts.partnerId, partner.id), eq(webhookReceipts.webhookId, deliveryId)));
  res.status(200).json({ received: updates.length, results });
}

/**
 * A recycler's `lot.reported` webhook: translated by its adapter, then applied exactly like its `reportRecyclingLot`
 * calls, as the partner itself, so it can only report on its own lots (another recycler's lot id is NOT_FOUND).
 */
async function recyclerWebhook(
  database: Database, config: Config, partner: PartnerRow, webhook: InboundWebhook, deliveryId: string, res: express.Response,
): Promise<void> {
  let reports: RecyclingLotReport[];
  try {
    reports = adapterFor('RECYCLER', partner.adapter).parseWebhook({ ...partner }, webhook);
  } catch (e) {
    res.status(400).json({ error: (e instanceof PermanentPartnerError ? e.message : 'malformed body').slice(0, 200) });
    return;
  }
  if (!(await firstDelivery(database, partner, deliveryId, webhook.rawBody))) { res.status(200).json({ duplicate: true }); return; }
  const ctx: ServiceContext = {
    actor: { kind: 'partner', partnerId: partner.id }, requestId: deliveryId, db: database.db, database, config, now: () => new Date(),
  };
  const results: Array<{ ref: string; applied: boolean; reason?: string }> = [];
  for (const r of reports) {
    const decoded = decodeGlobalId(r.lotId);
    const lotId = decoded?.type === 'RecyclingLot' ? decoded.id : null;
    const outcome = lotId ? await reportRecyclingLot(ctx, { ...r, lotId }) : null;
    results.push(outcome?.ok ? { ref: r.lotId, applied: true, reason: outcome.value.status } : { ref: r.lotId, applied: false, reason: outcome?.userErrors[0]?.code ?? 'NOT_FOUND' });
  }
  await database.db.update(webhookReceipts).set({ outcome: JSON.stringify(results).slice(0, 2000) })
    .where(and(eq(webhookReceipts.partnerId, partner.id), eq(webhookReceipts.webhookId, deliveryId)));
  res.status(200).json({ received: reports.length, results });
}

/**
 * A vendor's `authorization.credited` webhook: translated by its adapter, then applied exactly like its
 * `confirmVendorCredit` calls, as the partner itself, so it can only close its own authorizations (another vendor's
 * authorization id is NOT_FOUND).
 */
async function vendorWebhook(
  database: Database, config: Config, partner: PartnerRow, webhook: InboundWebhook, deliveryId: string, res: express.Response,
): Promise<void> {
  let confirmations: VendorCreditConfirmation[];
  try {
    confirmations = adapterFor('VENDOR', partner.adapter).parseWebhook({ ...partner }, webhook);
  } catch (e) {
    res.status(400).json({ error: (e instanceof PermanentPartnerError ? e.message : 'malformed body').slice(0, 200) });
    return;
  }
  if (!(await firstDelivery(database, partner, deliveryId, webhook.rawBody))) { res.status(200).json({ duplicate: true }); return; }
  const ctx: ServiceContext = {
    actor: { kind: 'partner', partnerId: partner.id }, requestId: deliveryId, db: database.db, database, config, now: () => new Date(),
  };
  const results: Array<{ ref: string; applied: boolean; reason?: string }> = [];
  for (const c of confirmations) {
    const decoded = decodeGlobalId(c.authorizationId);
    const authorizationId = decoded?.type === 'VendorReturnAuthorization' ? decoded.id : null;
    const outcome = authorizationId ? await confirmVendorCredit(ctx, { ...c, authorizationId }) : null;
    results.push(outcome?.ok ? { ref: c.authorizationId, applied: true, reason: outcome.value.status } : { ref: c.authorizationId, applied: false, reason: outcome?.userErrors[0]?.code ?? 'NOT_FOUND' });
  }
  await database.db.update(webhookReceipts).set({ outcome: JSON.stringify(results).slice(0, 2000) })
    .where(and(eq(webhookReceipts.partnerId, partner.id), eq(webhookReceipts.webhookId, deliveryId)));
  res.status(200).json({ received: confirmations.length, results });
}
