import { adapterFor } from '../../../integrations/registry';
import { PermanentPartnerError } from '../../../integrations/errors';
import { encodeGlobalId } from '../../domain/ids';
import { formatAmount } from '../../domain/money';
import { isDataBearing } from '../../domain/refurbishment-status';
import {
  recordRefurbishmentDispatched, recordRefurbishmentDispatchFailed, refurbishmentJobById, refurbishmentJobWithItem,
} from '../../services/next-life/refurbishment-routing.service';
import type { JobHandler } from './types';

const DAY_MS = 86_400_000;
const DEFAULT_SLA_DAYS = 10;

function slaDays(settings: Record<string, unknown>): number {
  const v = settings.slaDays;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_SLA_DAYS;
}

/**
 * `refurbishment.dispatch`: hands the unit to the vendor it was routed to (idempotency key: the job's global id), then
 * marks the job DISPATCHED with its SLA due date (settings.slaDays, default 10). A permanent refusal, or the last failed
 * attempt, counts as the vendor rejecting the job: it is re-routed to the next vendor.
 */
export const refurbishmentDispatchHandler: JobHandler<'refurbishment.dispatch'> = async ({ job, partner, ctx, finalAttempt }) => {
  const jobId = job.payload.refurbishmentJobId;
  const row = await refurbishmentJobWithItem(ctx, jobId);
  if (!row || row.job.partnerId !== partner.id || row.job.status !== 'CREATED') return { skipped: true, status: row?.job.status ?? 'MISSING' };
  const dueAt = new Date(ctx.now().getTime() + slaDays(partner.settings) * DAY_MS);
  const globalId = encodeGlobalId('RefurbishmentJob', jobId);
  let vendorReference: string;
  try {
    ({ vendorReference } = await adapterFor('REFURBISHER', partner.adapter).dispatchJob(partner, {
      jobId: globalId, sku: row.job.sku, productName: row.job.productName, category: row.job.category,
      conditionGrade: row.item.grade, inspectionNotes: row.item.inspectionNotes, returnReason: row.item.reason,
      cosmeticGrade: row.item.cosmeticGrade, functionalGrade: row.item.functionalGrade,
      dataBearing: isDataBearing(row.job.category), currencyCode: row.job.currencyCode, dueAt: dueAt.toISOString(), from: ctx.config.warehouseAddress,
    }, globalId));
  } catch (e) {
    if (e instanceof PermanentPartnerError || finalAttempt) await recordRefurbishmentDispatchFailed(ctx, jobId, partner.id, (e as Error).message);
    throw e;
  }
  const outcome = await recordRefurbishmentDispatched(ctx, jobId, partner.id, vendorReference, dueAt);
  if (!outcome.ok) throw new Error(`dispatch could not be recorded: ${outcome.userErrors.map((u) => u.code).join(', ')}`);
  return { status: outcome.value, vendorReference };
};

/** `refurbishment.decision`: tells the vendor whether to repair a diagnosed unit (auto-approval or an operator). */
export const refurbishmentDecisionHandler: JobHandler<'refurbishment.decision'> = async ({ ctx, job, partner }) => {
  const { refurbishmentJobId, decision } = job.payload;
  const row = await refurbishmentJobById(ctx, refurbishmentJobId);
  if (!row) return { skipped: true };
  const approvedQuote = decision === 'REPAIR' && row.quoteMinor !== null ? { amount: formatAmount(row.quoteMinor, row.currencyCode), currencyCode: row.currencyCode } : null;
  await adapterFor('REFURBISHER', partner.adapter).sendDecision(partner, { jobId: encodeGlobalId('RefurbishmentJob', row.id), decision, approvedQuote }, job.id);
  return { decision };
};
