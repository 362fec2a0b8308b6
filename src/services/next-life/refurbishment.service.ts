import { and, asc, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { partners, refurbishmentJobEvents, refurbishmentJobs, returnItems, returnPolicies } from '../../db/schema';
import { formatAmount, majorToMinor, parseAmount, type MoneyValue } from '../../domain/money';
import {
  REFURB_REPORT_LIMITS, transitionRefurbishment, validateCompletion, type RefurbishmentDecision, type RefurbishmentStatus,
} from '../../domain/refurbishment-status';
import { isStaff, runMutation, type ServiceContext } from '../context';
import { requireStaff, staffOrOwnRows, staffOrOwner } from '../access';
import { ForbiddenError, UnauthenticatedError, UserErrorAbort, abort, type Outcome, type UserError } from '../errors';
import { enqueueIntegrationJob } from '../partners/integration-job.service';
import { addToRecyclingLot } from './recycling-lot.service';
import { appendEvent } from '../returns/return-events';
import { createResaleListing } from './resale.service';
import {
  appendJobEvent, rerouteRejected, type RefurbishmentJobRow,
} from './refurbishment-routing.service';
import { fetchPage } from '../paging';
import { INTEGRATION_JOB } from '../partners/integration-job-types';
import type { RefurbishmentUpdate } from '../../../integrations/refurbishers/types';
import { groupedByIds, inIdOrder } from '../batch-load';

export type { RefurbishmentJobRow } from './refurbishment-routing.service';

/**
 * What a vendor reports about one of its jobs (GraphQL `updateRefurbishmentJob` or a webhook): the adapter's normalized
 * update, with any status the GraphQL input allows and the time optional (now when left out).
 */
export interface VendorReport extends Omit<RefurbishmentUpdate, 'status' | 'occurredAt'> {
  status: RefurbishmentStatus;
  occurredAt?: string | null;
}

const notFound = (): UserError => ({ code: 'NOT_FOUND', message: 'Refurbishment job not found', field: ['jobId'] });

/** Locks a job the actor may touch: staff any, a partner only its own; anything else is NOT_FOUND. */
async function lockJob(tx: ServiceContext, jobId: string): Promise<RefurbishmentJobRow> {
  const [job] = await tx.db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.id, jobId)).for('update');
  const visible = job && (tx.actor.kind === 'system' || staffOrOwner(tx, job));
  if (!visible) throw new UserErrorAbort([notFound()]);
  return job;
}

function minorOf(value: MoneyValue, job: RefurbishmentJobRow, field: string): number {
  if (value.currencyCode !== job.currencyCode) abort('CURRENCY_MISMATCH', `Amounts for this job are in ${job.currencyCode}`, [field, 'currencyCode']);
  try {
    const minor = parseAmount(value.amount, job.currencyCode);
    if (minor < 0) abort('INVALID_AMOUNT', 'The amount cannot be negative', [field, 'amount']);
    return minor;
  } catch (e) {
    if (e instanceof UserErrorAbort) throw e;
    return abort('INVALID_AMOUNT', `Not a valid ${job.currencyCode} amount`, [field, 'amount']);
  }
}

/** The default policy's auto-approve limit in the job's minor units; null: every quote needs an operator. */
async function autoApproveLimit(tx: ServiceContext, currency: string): Promise<number | null> {
  const [policy] = await tx.db.select({ limit: returnPolicies.refurbAutoApproveLimit }).from(returnPolicies).where(isNull(returnPolicies.category));
  return policy?.limit === null || policy?.limit === undefined ? null : majorToMinor(policy.limit, currency);
}

/** The unit leaves refurbishment for recycling: the return item's disposition becomes RECYCLE (with an event) and it joins a recycling lot. */
async function sendToRecycling(tx: ServiceContext, job: RefurbishmentJobRow, why: string): Promise<void> {
  const [item] = await tx.db.update(returnItems).set({ disposition: 'RECYCLE', dispositionReason: why, dispositionedAt: tx.now() })
    .where(eq(returnItems.id, job.returnItemId)).returning({ returnId: returnItems.returnId });
  await appendEvent(tx, item.returnId, 'DISPOSITION_SET', {
    returnItemId: job.returnItemId, disposition: 'RECYCLE', previous: 'REFURBISH', refurbishmentJobId: job.id, reason: why,
  }, true);
  await appendJobEvent(tx, job.id, 'SENT_TO_RECYCLING', { reason: why }, true);
  await addToRecyclingLot(tx, job.returnItemId);
}

async function save(tx: ServiceContext, job: RefurbishmentJobRow, patch: Partial<RefurbishmentJobRow>): Promise<RefurbishmentJobRow> {
  const [updated] = await tx.db.update(refurbishmentJobs).set({ ...patch, version: job.version + 1, updatedAt: tx.now() })
    .where(eq(refurbishmentJobs.id, job.id)).returning();
  return updated;
}

async function queueDecision(tx: ServiceContext, job: RefurbishmentJobRow, decision: RefurbishmentDecision): Promise<void> {
  if (!job.partnerId) return;
  await enqueueIntegrationJob(tx, { partnerId: job.partnerId, type: INTEGRATION_JOB.REFURBISHMENT_DECISION, payload: { refurbishmentJobId: job.id, decision } });
}

/**
 * The GraphQL input's length limits, enforced here too: signed webhooks reach this service without passing through
 * GraphQL validation, and a report must not store what the API would refuse.
 */
function checkReportSizes(report: VendorReport): void {
  for (const field of ['cosmeticGrade', 'functionalGrade', 'sanitizationCertificateRef', 'notes'] as const) {
    const value = report[field];
    if (typeof value === 'string' && value.length > REFURB_REPORT_LIMITS[field]) abort('INVALID_REPORT', `${field} has at most ${REFURB_REPORT_LIMITS[field]} characters`, [field]);
  }
  const parts = report.partsReplaced ?? [];
  if (parts.length > REFURB_REPORT_LIMITS.parts) abort('INVALID_REPORT', `A report lists at most ${REFURB_REPORT_LIMITS.parts} parts`, ['partsReplaced']);
  if (parts.some((p) => p.length > REFURB_REPORT_LIMITS.part)) abort('INVALID_REPORT', `A part name has at most ${REFURB_REPORT_LIMITS.part} characters`, ['partsReplaced']);
}

/**
 * A vendor's progress report on its own job, checked by the refurbishment state machine. DIAGNOSED needs a quote: at or
 * below the policy's auto-approve limit the repair is approved at once (the vendor is told), above it an operator
 * decides. IN_REPAIR needs that approval. COMPLETED needs grades and cost (and a sanitization certificate for
 * data-bearing categories). REJECTED re-routes the job; UNREPAIRABLE sends the unit to recycling.
 */
export async function updateRefurbishmentJob(ctx: ServiceContext, report: VendorReport): Promise<Outcome<RefurbishmentJobRow>> {
  if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (ctx.actor.kind !== 'partner') throw new ForbiddenError('Only the vendor holding the job reports on it');
  return runMutation(ctx, async (tx) => {
    checkReportSizes(report);
    const job = await lockJob(tx, report.jobId);
    const step = transitionRefurbishment(job.status, report.status);
    if (!step.ok || report.status === 'CREATED') abort('ILLEGAL_TRANSITION', step.ok ? 'Vendors cannot set CREATED' : step.message, ['status']);
    const base = { partnerStatus: report.status, occurredAt: report.occurredAt ?? null, notes: report.notes ?? null };
    const notes = report.notes ?? job.notes;
    switch (report.status) {
      case 'ACCEPTED': {
        await appendJobEvent(tx, job.id, 'ACCEPTED', base);
        return save(tx, job, { status: 'ACCEPTED', notes });
      }
      case 'REJECTED': {
        await appendJobEvent(tx, job.id, 'REJECTED', { ...base, partnerId: job.partnerId });
        return rerouteRejected(tx, job, job.partnerId!);
      }
      case 'DIAGNOSED': {
        if (!report.quote) abort('QUOTE_REQUIRED', 'A diagnosis carries the repair quote (parts and labour)', ['quote']);
        const quoteMinor = minorOf(report.quote!, job, 'quote');
        const limit = await autoApproveLimit(tx, job.currencyCode);
        const quote = { amount: formatAmount(quoteMinor, job.currencyCode), currencyCode: job.currencyCode };
        await appendJobEvent(tx, job.id, 'DIAGNOSED', { ...base, quote });
        const approved = limit !== null && quoteMinor <= limit;
        const limitMoney = limit === null ? null : { amount: formatAmount(limit, job.currencyCode), currencyCode: job.currencyCode };
        const updated = await save(tx, job, { status: 'DIAGNOSED', quoteMinor, notes, operatorDecision: approved ? 'REPAIR' : null, decidedBy: approved ? 'auto' : null });
        if (approved) {
          await appendJobEvent(tx, job.id, 'REPAIR_AUTO_APPROVED', { quote, limit: limitMoney }, true);
          await queueDecision(tx, updated, 'REPAIR');
        } else {
          await appendJobEvent(tx, job.id, 'DECISION_REQUIRED', { quote, limit: limitMoney }, true);
        }
        return updated;
      }
      case 'IN_REPAIR': {
        if (job.operatorDecision !== 'REPAIR') abort('REPAIR_NOT_APPROVED', 'The repair has not been approved yet', ['status']);
        await appendJobEvent(tx, job.id, 'IN_REPAIR', base);
        return save(tx, job, { status: 'IN_REPAIR', notes });
      }
      case 'COMPLETED': {
        const costMinor = report.cost ? minorOf(report.cost, job, 'cost') : null;
        const problems = validateCompletion({ ...report, category: job.category, costMinor });
        if (problems.length) throw new UserErrorAbort(problems.map(([field, message]) => ({ code: 'INCOMPLETE_REPORT', message, field: [field] })));
        const patch = {
          status: 'COMPLETED' as const, costMinor, cosmeticGrade: report.cosmeticGrade!, functionalGrade: report.functionalGrade!,
          batteryHealthPct: report.batteryHealthPct ?? null, partsReplaced: report.partsReplaced ?? [],
          sanitizationCertificateRef: report.sanitizationCertificateRef ?? null, notes, completedAt: tx.now(),
        };
        await appendJobEvent(tx, job.id, 'COMPLETED', {
          ...base, cost: report.cost, cosmeticGrade: patch.cosmeticGrade, functionalGrade: patch.functionalGrade,
          batteryHealthPct: patch.batteryHealthPct, partsReplaced: patch.partsReplaced, sanitizationCertificateRef: patch.sanitizationCertificateRef,
        });
        const completed = await save(tx, job, patch);
        // The repaired unit goes on sale, priced by its cosmetic grade (the vendor does not see the listing).
        await createResaleListing(tx, job.returnItemId, 'REFURBISH', patch.cosmeticGrade);
        return completed;
      }
      case 'UNREPAIRABLE': {
        await appendJobEvent(tx, job.id, 'UNREPAIRABLE', base);
        const updated = await save(tx, job, { status: 'UNREPAIRABLE', notes, completedAt: tx.now() });
        await sendToRecycling(tx, updated, 'Refurbisher reported the unit unrepairable');
        return updated;
      }
      default:
        return abort('ILLEGAL_TRANSITION', `Vendors cannot set ${report.status}`, ['status']);
    }
  });
}

/**
 * An operator's decision on a diagnosed job whose quote is above the auto-approve limit. REPAIR lets the vendor go on
 * (IN_REPAIR); the others close the job (the vendor is told either way); RECYCLE also sends the unit to recycling.
 */
export async function decideRefurbishment(
  ctx: ServiceContext, jobId: string, decision: RefurbishmentDecision, reason?: string | null,
): Promise<Outcome<RefurbishmentJobRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const job = await lockJob(tx, jobId);
    if (job.status !== 'DIAGNOSED' || job.operatorDecision !== null) {
      abort('DECISION_NOT_PENDING', `No decision is pending on this job (status ${job.status}${job.operatorDecision ? `, decided ${job.operatorDecision}` : ''})`, ['jobId']);
    }
    const by = `${ctx.actor.kind}:${'subject' in ctx.actor ? ctx.actor.subject : ''}`;
    await appendJobEvent(tx, job.id, 'OPERATOR_DECISION', { decision, reason: reason ?? null });
    const patch: Partial<RefurbishmentJobRow> = { operatorDecision: decision, decidedBy: by };
    if (decision !== 'REPAIR') {
      const step = transitionRefurbishment(job.status, 'CLOSED');
      if (!step.ok) abort(step.code, step.message);
      patch.status = 'CLOSED';
      patch.completedAt = tx.now();
    }
    const updated = await save(tx, job, patch);
    await queueDecision(tx, updated, decision);
    if (decision === 'RECYCLE') await sendToRecycling(tx, updated, reason?.trim() || 'Operator chose to recycle instead of repairing');
    return updated;
  });
}

/** Filters offered by `refurbishmentJobs`. */
export interface RefurbishmentJobFilter { status?: RefurbishmentStatus[] | null; partnerId?: string | null; overdue?: boolean | null; returnItemId?: string | null }

/** Newest first, keyset on id: staff see every job, a partner only its own. */
export async function listRefurbishmentJobs(ctx: ServiceContext, first: number, after: string | null, filter: RefurbishmentJobFilter = {}) {
  const where = staffOrOwnRows(ctx, refurbishmentJobs.partnerId);
  if (filter.status?.length) where.push(inArray(refurbishmentJobs.status, filter.status));
  if (filter.partnerId) where.push(eq(refurbishmentJobs.partnerId, filter.partnerId));
  if (filter.overdue !== null && filter.overdue !== undefined) where.push(eq(refurbishmentJobs.overdue, filter.overdue));
  if (filter.returnItemId) where.push(eq(refurbishmentJobs.returnItemId, filter.returnItemId));
  if (after) where.push(lt(refurbishmentJobs.id, after));
  return fetchPage(first, (limit) => ctx.db.select().from(refurbishmentJobs).where(and(...where)).orderBy(desc(refurbishmentJobs.id)).limit(limit));
}

/** Jobs by id, visible ones only (node loader). */
export async function refurbishmentJobsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(RefurbishmentJobRow | null)[]> {
  const rows = ids.length ? await ctx.db.select().from(refurbishmentJobs).where(inArray(refurbishmentJobs.id, [...ids])) : [];
  return inIdOrder(ids, rows.filter((r) => staffOrOwner(ctx, r)));
}

/** Events of jobs already checked for visibility, oldest first. */
export async function refurbishmentEventsByJobIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(refurbishmentJobEvents).where(inArray(refurbishmentJobEvents.jobId, [...ids])).orderBy(asc(refurbishmentJobEvents.id)) : [];
  return groupedByIds(ids, rows, (r) => r.jobId);
}

/** The job's return item: staff through the usual scope; the vendor holding the job sees the unit it holds. */
export async function refurbishmentItem(ctx: ServiceContext, job: RefurbishmentJobRow) {
  if (!staffOrOwner(ctx, job)) return null;
  const [item] = await ctx.db.select().from(returnItems).where(eq(returnItems.id, job.returnItemId));
  return item ?? null;
}

/** Vendors as a refurbishment job shows them: staff see any, a partner only itself. */
export async function refurbishersByIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(partners).where(inArray(partners.id, [...ids])) : [];
  const visible = rows.filter((p) => isStaff(ctx.actor) || (ctx.actor.kind === 'partner' && ctx.actor.partnerId === p.id));
  return inIdOrder(ids, visible);
}
