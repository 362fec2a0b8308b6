import { callForObject, readEnvelope, segment } from '../boomerang-protocol';
import { malformedWebhook, type JsonReader } from '../json-reader';
import { callPartner } from '../partner-http';
import type { RefurbisherAdapter, RefurbishmentUpdate, VendorMoney } from './types';

const EVENT_STATUS = {
  'job.accepted': 'ACCEPTED',
  'job.rejected': 'REJECTED',
  'job.diagnosed': 'DIAGNOSED',
  'job.in_repair': 'IN_REPAIR',
  'job.completed': 'COMPLETED',
  'job.unrepairable': 'UNREPAIRABLE',
} as const satisfies Record<string, RefurbishmentUpdate['status']>;
const WEBHOOK_TYPES = Object.keys(EVENT_STATUS) as Array<keyof typeof EVENT_STATUS>;
const AMOUNT = /^\d{1,12}(\.\d{1,4})?$/;

function money(data: JsonReader, key: string): VendorMoney | null {
  const m = data.optionalChild(key);
  if (!m) return null;
  const amount = m.string('amount');
  if (!AMOUNT.test(amount)) throw malformedWebhook(`data.${key}.amount must be a decimal string such as "19.99"`);
  return { amount, currencyCode: m.string('currencyCode') };
}

function strings(data: JsonReader, key: string): string[] | null {
  const v = data.raw(key);
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw malformedWebhook(`data.${key} must be an array of strings`);
  return v as string[];
}

/**
 * Boomerang's own refurbisher protocol (docs/partner-protocol.md, "Refurbishers"): `POST jobs` hands over a unit,
 * `POST jobs/{jobId}/decision` says whether to repair it; progress arrives as `job.*` webhooks (or through the
 * partner-scoped `updateRefurbishmentJob` mutation).
 */
export const boomerangRefurbisherAdapter: RefurbisherAdapter = {
  id: 'boomerang-refurbisher-v1',

  async dispatchJob(partner, req, idempotencyKey) {
    const answer = await callForObject(partner, { path: 'jobs', body: req, idempotencyKey });
    return { vendorReference: answer.id('vendorReference') };
  },

  async sendDecision(partner, notice, idempotencyKey) {
    await callPartner(partner, { path: `jobs/${segment(notice.jobId)}/decision`, body: { decision: notice.decision, approvedQuote: notice.approvedQuote }, idempotencyKey });
  },

  parseWebhook(_partner, webhook) {
    const { type, data } = readEnvelope(webhook, WEBHOOK_TYPES);
    const battery = data.has('batteryHealthPct') ? data.number('batteryHealthPct') : null;
    return [{
      jobId: data.string('jobId'),
      status: EVENT_STATUS[type],
      occurredAt: data.instant('occurredAt'),
      quote: money(data, 'quote'),
      cost: money(data, 'cost'),
      cosmeticGrade: data.optionalString('cosmeticGrade'),
      functionalGrade: data.optionalString('functionalGrade'),
      batteryHealthPct: battery,
      partsReplaced: strings(data, 'partsReplaced'),
      sanitizationCertificateRef: data.optionalString('sanitizationCertificateRef'),
      notes: data.optionalString('notes'),
    }];
  },
};
