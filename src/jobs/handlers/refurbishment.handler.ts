import { eq } from 'drizzle-orm';
import { adapterFor } from '../../../integrations/registry';
import { PermanentPartnerError } from '../../../integrations/errors';
import { refurbishmentJobs, returnItems } from '../../db/schema';
import { encodeGlobalId } from '../../domain/ids';
import { formatAmount } from '../../domain/money';
import { isDataBearing, type RefurbishmentDecision } from '../../domain/refurbishment-status';
import { runMutation } from '../../services/context';
import { appendJobEvent, rerouteRejected } from '../../services/refurbishment-routing.service';
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
export const refurbishmentDispatchHandler: JobHandler = async ({ db, job, partner, ctx, finalAttempt }) => {
  const jobId = job.payload.refurbishmentJobId as string;
  const [row] = await db.select({ job: refurbishmentJobs, item: returnItems }).from(refurbishmentJobs)
    .innerJoin(returnItems, eq(returnItems.id, refurbishmentJobs.returnItemId)).where(eq(refurbishmentJobs.id, jobId));
  if (!row || row.job.partnerId !== partner.id || row.job.status !== 'CREATED') return { skipped: true, status: row?.job.status ?? 'MISSING' };
  const dueAt = new Date(ctx.now().getTime() + slaDays(partner.settings) * DAY_MS);
  const globalId = encodeGlobalId('RefurbishmentJob', jobId);
  let vendorReference: string;
  try {
    ({ vendorReference } = await adapterFor('REFURBISHER', partner.adapter).dispatchJob(partner, {
      jobId: globalId, sku: row.job.sku, productName: row.job.productName, category: row.job.category,
      conditionGrade: row.item.grade, inspectionNotes: row.item.inspectionNotes, returnReason: row.item.reason,
      dataBearing: isDataBearing(row.job.category), currencyCode: row.job.currencyCode, dueAt: dueAt.toISOString(), from: ctx.config.warehouseAddress,
    }, globalId));
  } catch (e) {
    if (e instanceof PermanentPartnerError || finalAttempt) {
      await runMutation(ctx, async (tx) => {
        const [current] = await tx.db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.id, jobId)).for('update');
        if (current?.status !== 'CREATED' || current.partnerId !== partner.id) return;
        await appendJobEvent(tx, jobId, 'DISPATCH_FAILED', { partnerId: partner.id, reason: (e as Error).message.slice(0, 300) }, true);
        await rerouteRejected(tx, current, partner.id);
      });
    }
    throw e;
  }
  const outcome = await runMutation(ctx, async (tx) => {
    const [current] = await tx.db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.id, jobId)).for('update');
    if (current?.status !== 'CREATED' || current.partnerId !== partner.id) return 'STALE';
    await tx.db.update(refurbishmentJobs).set({ status: 'DISPATCHED', slaDueAt: dueAt, dispatchedAt: tx.now(), version: current.version + 1, updatedAt: tx.now() })
      .where(eq(refurbishmentJobs.id, jobId));
    await appendJobEvent(tx, jobId, 'DISPATCHED', { partnerId: partner.id, vendorReference, dueAt: dueAt.toISOString() }, true);
    return 'DISPATCHED';
  });
  if (!outcome.ok) throw new Error(`dispatch could not be recorded: ${outcome.userErrors.map((u) => u.code).join(', ')}`);
  return { status: outcome.value, vendorReference };
};

/** `refurbishment.decision`: tells the vendor whether to repair a diagnosed unit (auto-approval or an operator). */
export const refurbishmentDecisionHandler: JobHandler = async ({ db, job, partner }) => {
  const { refurbishmentJobId, decision } = job.payload as { refurbishmentJobId: string; decision: RefurbishmentDecision };
  const [row] = await db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.id, refurbishmentJobId));
  if (!row) return { skipped: true };
  const approvedQuote = decision === 'REPAIR' && row.quoteMinor !== null ? { amount: formatAmount(row.quoteMinor, row.currencyCode), currencyCode: row.currencyCode } : null;
  await adapterFor('REFURBISHER', partner.adapter).sendDecision(partner, { jobId: encodeGlobalId('RefurbishmentJob', row.id), decision, approvedQuote }, job.id);
  return { decision };
};
