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
import type { Outcome } from '../services/errors';
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
    const reportKind = REPORT_KINDS[partner.kind];
    if (reportKind) { await reportWebhook(database, config, partner, webhook, delivery.id, res, reportKind); return; }
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
    if (!(await firstDelivery(database, partner, delivery.id, webhook.rawBody))) { res.status(200).json({ duplicate: true }); return; }
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
    await recordOutcome(database, partner.id, delivery.id, results);
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

type ReportResult = { ref: string; applied: boolean; reason?: string };

/** Applies one report to the object named by a global id of `type`; an id of another type or someone else's is NOT_FOUND. */
async function applyReport<T extends { status: string }>(
  ref: string, type: string, call: (id: string) => Promise<Outcome<T>>,
): Promise<ReportResult> {
  const decoded = decodeGlobalId(ref);
  const outcome = decoded?.type === type ? await call(decoded.id) : null;
  return outcome?.ok ? { ref, applied: true, reason: outcome.value.status } : { ref, applied: false, reason: outcome?.userErrors[0]?.code ?? 'NOT_FOUND' };
}

/**
 * Partner kinds whose webhooks are reports on their own work, applied exactly like their partner-scoped mutations and
 * as the partner itself, so a partner can only move its own jobs, lots and authorizations.
 */
const REPORT_KINDS: Partial<Record<PartnerKind, {
  parse(partner: PartnerRow, webhook: InboundWebhook): unknown[];
  apply(ctx: ServiceContext, report: unknown): Promise<ReportResult>;
}>> = {
  REFURBISHER: {
    parse: (partner, webhook) => adapterFor('REFURBISHER', partner.adapter).parseWebhook({ ...partner }, webhook),
    apply: (ctx, report) => {
      const u = report as RefurbishmentUpdate;
      return applyReport(u.jobId, 'RefurbishmentJob', (jobId) => updateRefurbishmentJob(ctx, { ...u, jobId }));
    },
  },
  RECYCLER: {
    parse: (partner, webhook) => adapterFor('RECYCLER', partner.adapter).parseWebhook({ ...partner }, webhook),
    apply: (ctx, report) => {
      const r = report as RecyclingLotReport;
      return applyReport(r.lotId, 'RecyclingLot', (lotId) => reportRecyclingLot(ctx, { ...r, lotId }));
    },
  },
  VENDOR: {
    parse: (partner, webhook) => adapterFor('VENDOR', partner.adapter).parseWebhook({ ...partner }, webhook),
    apply: (ctx, report) => {
      const c = report as VendorCreditConfirmation;
      return applyReport(c.authorizationId, 'VendorReturnAuthorization', (authorizationId) => confirmVendorCredit(ctx, { ...c, authorizationId }));
    },
  },
};

/** Records what became of a delivery on its stored receipt. */
async function recordOutcome(database: Database, partnerId: string, webhookId: string, results: ReportResult[]): Promise<void> {
  await database.db.update(webhookReceipts).set({ outcome: JSON.stringify(results).slice(0, 2000) })
    .where(and(eq(webhookReceipts.partnerId, partnerId), eq(webhookReceipts.webhookId, webhookId)));
}

/** A report webhook (see REPORT_KINDS): parse, deduplicate, apply each report as the partner, answer with the results. */
async function reportWebhook(
  database: Database, config: Config, partner: PartnerRow, webhook: InboundWebhook, deliveryId: string, res: express.Response,
  kind: NonNullable<(typeof REPORT_KINDS)[PartnerKind]>,
): Promise<void> {
  let reports: unknown[];
  try {
    reports = kind.parse(partner, webhook);
  } catch (e) {
    res.status(400).json({ error: (e instanceof PermanentPartnerError ? e.message : 'malformed body').slice(0, 200) });
    return;
  }
  if (!(await firstDelivery(database, partner, deliveryId, webhook.rawBody))) { res.status(200).json({ duplicate: true }); return; }
  const ctx: ServiceContext = {
    actor: { kind: 'partner', partnerId: partner.id }, requestId: deliveryId, db: database.db, database, config, now: () => new Date(),
  };
  const results: ReportResult[] = [];
  for (const report of reports) results.push(await kind.apply(ctx, report));
  await recordOutcome(database, partner.id, deliveryId, results);
  res.status(200).json({ received: reports.length, results });
}
