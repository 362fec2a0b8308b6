import { and, eq } from 'drizzle-orm';
import type { InboundWebhook } from '../../../integrations/common';
import { PermanentPartnerError } from '../../../integrations/errors';
import { translateWebhook, type InboundPartnerEvent } from '../../../integrations/inbound-events';
import { isUniqueViolation } from '../../db/errors';
import { partners, webhookReceipts } from '../../db/schema';
import { decodeGlobalId } from '../../domain/ids';
import type { ServiceContext } from '../context';
import type { Outcome } from '../errors';
import { applyPartnerEvents } from './partner-events.service';
import { reportRecyclingLot } from '../next-life/recycling.service';
import { updateRefurbishmentJob } from '../next-life/refurbishment.service';
import { confirmVendorCredit } from '../next-life/vendor-return.service';
import { confirmPayment } from '../returns/settlement.service';

export type WebhookPartner = typeof partners.$inferSelect;

/** What became of one event of a delivery. */
export interface EventResult { ref: string; applied: boolean; reason?: string }

/** What became of a delivery; the route turns it into an HTTP answer. */
export type WebhookOutcome =
  | { status: 'MALFORMED'; error: string }
  | { status: 'DUPLICATE' }
  /** Every event named a reference not booked yet (a scan racing its booking): forgotten, so a retry applies. */
  | { status: 'RETRY_LATER'; results: EventResult[] }
  | { status: 'APPLIED'; received: number; results: EventResult[] };

/** The ACTIVE partner a webhook URL names, or null. */
export async function activeWebhookPartner(ctx: ServiceContext, partnerId: string): Promise<WebhookPartner | null> {
  const [partner] = await ctx.db.select().from(partners).where(eq(partners.id, partnerId));
  return partner?.status === 'ACTIVE' ? partner : null;
}

/**
 * Receives one authenticated delivery (`ctx` acts as the partner): translates it through the partner's adapter, stores
 * it raw once per delivery id (a replay or retry is DUPLICATE and changes nothing), applies each event, and records
 * the outcome on the receipt. Parcel scans move returns through the partner's own bookings; reports are applied like
 * the partner's own mutations, so a partner can only move its own jobs, lots and authorizations.
 */
export async function receivePartnerWebhook(
  ctx: ServiceContext, partner: WebhookPartner, webhook: InboundWebhook, deliveryId: string,
): Promise<WebhookOutcome> {
  let events: InboundPartnerEvent[];
  try {
    events = translateWebhook({ ...partner }, webhook);
  } catch (e) {
    return { status: 'MALFORMED', error: (e instanceof PermanentPartnerError ? e.message : 'malformed body').slice(0, 200) };
  }
  if (!(await firstDelivery(ctx, partner.id, deliveryId, webhook.rawBody))) return { status: 'DUPLICATE' };
  const results: EventResult[] = [];
  for (const event of events) results.push(await applyEvent(ctx, partner, event));
  if (results.length > 0 && results.every((r) => r.reason === 'UNKNOWN_REFERENCE')) {
    await ctx.db.delete(webhookReceipts).where(and(eq(webhookReceipts.partnerId, partner.id), eq(webhookReceipts.webhookId, deliveryId)));
    return { status: 'RETRY_LATER', results };
  }
  await ctx.db.update(webhookReceipts).set({ outcome: JSON.stringify(results).slice(0, 2000) })
    .where(and(eq(webhookReceipts.partnerId, partner.id), eq(webhookReceipts.webhookId, deliveryId)));
  return { status: 'APPLIED', received: events.length, results };
}

/** Stores the delivery once; false when this delivery id was already received (a replay or a retry). */
async function firstDelivery(ctx: ServiceContext, partnerId: string, webhookId: string, body: string): Promise<boolean> {
  try {
    await ctx.db.insert(webhookReceipts).values({ partnerId, webhookId, body, outcome: 'RECEIVED' });
    return true;
  } catch (e) {
    if (isUniqueViolation(e, 'webhook_receipts_partner_webhook_uq')) return false;
    throw e;
  }
}

async function applyEvent(ctx: ServiceContext, partner: WebhookPartner, event: InboundPartnerEvent): Promise<EventResult> {
  switch (event.kind) {
    case 'PARCEL': {
      // Scans change returns the partner does not own as an actor: the system applies them, scoped by its bookings.
      const system: ServiceContext = { ...ctx, actor: { kind: 'system', process: `partner:${partner.id}` } };
      const [result] = await applyPartnerEvents(system, partner, [event]);
      return result;
    }
    case 'REFURBISHMENT_UPDATE':
      return applyReport(event.ref, 'RefurbishmentJob', (jobId) => updateRefurbishmentJob(ctx, { ...event.update, jobId }));
    case 'RECYCLING_REPORT':
      return applyReport(event.ref, 'RecyclingLot', (lotId) => reportRecyclingLot(ctx, { ...event.report, lotId }));
    case 'VENDOR_CREDIT':
      return applyReport(event.ref, 'VendorReturnAuthorization', (authorizationId) => confirmVendorCredit(ctx, { ...event.confirmation, authorizationId }));
    case 'MERCHANT_PAYMENT': {
      const outcome = await confirmPayment(ctx, { ...event.confirmation, paymentId: event.ref });
      return outcome.ok ? { ref: event.ref, applied: true, reason: outcome.value.status } : { ref: event.ref, applied: false, reason: outcome.userErrors[0]?.code };
    }
  }
}

/** Applies one report to the object named by a global id of `type`; an id of another type or someone else's is NOT_FOUND. */
async function applyReport<T extends { status: string }>(
  ref: string, type: string, call: (id: string) => Promise<Outcome<T>>,
): Promise<EventResult> {
  const decoded = decodeGlobalId(ref);
  const outcome = decoded?.type === type ? await call(decoded.id) : null;
  return outcome?.ok ? { ref, applied: true, reason: outcome.value.status } : { ref, applied: false, reason: outcome?.userErrors[0]?.code ?? 'NOT_FOUND' };
}
