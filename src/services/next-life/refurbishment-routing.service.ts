import { and, asc, eq, inArray, isNotNull, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { integrationJobs, orderLines, partners, refurbishmentJobEvents, refurbishmentJobs, returnItems, returns } from '../../db/schema';
import { chooseRefurbisher, scoreRefurbishers, type RefurbisherCandidate } from '../../domain/refurbisher-routing';
import { OPEN_REFURBISHMENT_STATUSES } from '../../domain/refurbishment-status';
import { actorLabel, runMutation, type ServiceContext } from '../context';
import { UserErrorAbort, type Outcome, type UserErrorCode } from '../errors';
import { enqueueIntegrationJob } from '../partners/integration-job.service';
import { INTEGRATION_JOB } from '../partners/integration-job-types';

export type RefurbishmentJobRow = typeof refurbishmentJobs.$inferSelect;


/** Event types written to a refurbishment job's history; stable strings clients may switch on. */
export type RefurbishmentEventType =
  | 'JOB_CREATED' | 'ROUTED' | 'NO_REFURBISHER_AVAILABLE' | 'DISPATCHED' | 'DISPATCH_FAILED' | 'ACCEPTED' | 'REJECTED'
  | 'DIAGNOSED' | 'REPAIR_AUTO_APPROVED' | 'DECISION_REQUIRED' | 'OPERATOR_DECISION' | 'IN_REPAIR' | 'COMPLETED'
  | 'UNREPAIRABLE' | 'SENT_TO_RECYCLING' | 'OVERDUE' | 'CANCELLED' | 'REOPENED';

/** Appends one event to a job's history, attributed to the actor (or the system). */
export async function appendJobEvent(
  tx: ServiceContext, jobId: string, type: RefurbishmentEventType, data: Record<string, unknown> = {}, system = false,
): Promise<void> {
  const actor = system ? { actorType: 'system', actorId: null } : actorLabel(tx.actor);
  await tx.db.insert(refurbishmentJobEvents).values({ jobId, type, at: tx.now(), ...actor, data });
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Active refurbishers (locked, so concurrent routing respects capacity) with their open job counts. */
async function candidates(tx: ServiceContext, excludeJobId: string): Promise<RefurbisherCandidate[]> {
  const vendors = await tx.db.select().from(partners)
    .where(and(eq(partners.kind, 'REFURBISHER'), eq(partners.status, 'ACTIVE'))).orderBy(asc(partners.id)).for('update');
  if (vendors.length === 0) return [];
  const open = await tx.db.select({ partnerId: refurbishmentJobs.partnerId, n: sql<number>`count(*)::int` }).from(refurbishmentJobs)
    .where(and(inArray(refurbishmentJobs.partnerId, vendors.map((v) => v.id)), inArray(refurbishmentJobs.status, [...OPEN_REFURBISHMENT_STATUSES]),
      ne(refurbishmentJobs.id, excludeJobId)))
    .groupBy(refurbishmentJobs.partnerId);
  const openBy = new Map(open.map((o) => [o.partnerId, Number(o.n)]));
  return vendors.map((v) => ({
    partnerId: v.id,
    categories: v.capabilities.categories ?? [],
    capacity: num(v.capabilities.capacity),
    openJobs: openBy.get(v.id) ?? 0,
    costPerUnit: num(v.settings.costPerUnit),
    turnaroundDays: num(v.settings.turnaroundDays),
  }));
}

/**
 * Routes a job with no vendor to the best-scoring refurbisher and queues its dispatch; with none eligible the job
 * stays CREATED without a vendor and (unless `quiet`) says why in its history. Returns the chosen partner id.
 */
export async function routeJob(tx: ServiceContext, job: RefurbishmentJobRow, quiet = false): Promise<string | null> {
  const pool = await candidates(tx, job.id);
  const chosen = chooseRefurbisher(pool, job.category, job.rejectedPartnerIds);
  if (!chosen) {
    if (!quiet) {
      const scores = scoreRefurbishers(pool, job.category, job.rejectedPartnerIds);
      await appendJobEvent(tx, job.id, 'NO_REFURBISHER_AVAILABLE', {
        reason: pool.length === 0 ? 'No active refurbisher is registered' : `No refurbisher with free capacity handles ${job.category}`,
        excluded: scores.map((s) => ({ partnerId: s.partnerId, reason: s.eligible ? null : s.reason })),
      }, true);
    }
    await tx.db.update(refurbishmentJobs).set({ partnerId: null, status: 'CREATED', updatedAt: tx.now() }).where(eq(refurbishmentJobs.id, job.id));
    return null;
  }
  const score = scoreRefurbishers(pool, job.category, job.rejectedPartnerIds).find((s) => s.partnerId === chosen);
  await tx.db.update(refurbishmentJobs).set({ partnerId: chosen, status: 'CREATED', version: sql`${refurbishmentJobs.version} + 1`, updatedAt: tx.now() })
    .where(eq(refurbishmentJobs.id, job.id));
  await appendJobEvent(tx, job.id, 'ROUTED', { partnerId: chosen, score: score?.eligible ? Number(score.score.toFixed(4)) : null }, true);
  const [item] = await tx.db.select({ returnId: returnItems.returnId }).from(returnItems).where(eq(returnItems.id, job.returnItemId));
  await enqueueIntegrationJob(tx, { partnerId: chosen, type: INTEGRATION_JOB.REFURBISHMENT_DISPATCH, payload: { refurbishmentJobId: job.id }, returnId: item?.returnId ?? null });
  return chosen;
}

/** Creates the refurbishment job for an item given the REFURBISH disposition, and routes it (same transaction). */
export async function createRefurbishmentJob(tx: ServiceContext, returnItemId: string): Promise<RefurbishmentJobRow> {
  const [row] = await tx.db.select({ line: orderLines, currency: returns.currencyCode }).from(returnItems)
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId)).innerJoin(returns, eq(returns.id, returnItems.returnId))
    .where(eq(returnItems.id, returnItemId));
  const [job] = await tx.db.insert(refurbishmentJobs).values({
    returnItemId, sku: row.line.sku, productName: row.line.name, category: row.line.category, currencyCode: row.currency,
  }).returning();
  await appendJobEvent(tx, job.id, 'JOB_CREATED', { returnItemId, category: job.category });
  await routeJob(tx, job);
  return job;
}

const refuse = (code: UserErrorCode, message: string): never => {
  throw new UserErrorAbort([{ code, message, field: ['returnItemId'] }]);
};

async function lockJobOfItem(tx: ServiceContext, returnItemId: string): Promise<RefurbishmentJobRow | undefined> {
  const [job] = await tx.db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.returnItemId, returnItemId)).for('update');
  return job;
}

/**
 * Sends an item given REFURBISH to refurbishment: a new job, or the item's CANCELLED job reopened (one job per item) and
 * routed again. A job still open (waiting, dispatched or in repair) already covers the item's units, later ones too. An
 * item whose job has ended (completed, unrepairable, closed) is not refurbished twice: ALREADY_REFURBISHED.
 */
export async function refurbishItem(tx: ServiceContext, returnItemId: string): Promise<RefurbishmentJobRow> {
  const job = await lockJobOfItem(tx, returnItemId);
  if (!job) return createRefurbishmentJob(tx, returnItemId);
  if (OPEN_REFURBISHMENT_STATUSES.includes(job.status)) return job;
  if (job.status !== 'CANCELLED') return refuse('ALREADY_REFURBISHED', `This item's refurbishment job has ended (${job.status}); it is not refurbished twice`);
  const [reopened] = await tx.db.update(refurbishmentJobs).set({ status: 'CREATED', partnerId: null, version: sql`${refurbishmentJobs.version} + 1`, updatedAt: tx.now() })
    .where(eq(refurbishmentJobs.id, job.id)).returning();
  await appendJobEvent(tx, job.id, 'REOPENED', { returnItemId });
  await routeJob(tx, reopened);
  return reopened;
}

/**
 * Takes an item out of refurbishment (its disposition is no longer REFURBISH) while no vendor has the unit: a CREATED
 * job whose dispatch has not been attempted becomes CANCELLED (its queued dispatch then finds nothing to send). A
 * dispatch being attempted (running, or failed and waiting to retry) is DISPATCH_PENDING; a job with its vendor is
 * ALREADY_DISPATCHED; either way the caller's transaction changes nothing. Ended jobs are left as they are.
 */
export async function cancelRefurbishment(tx: ServiceContext, returnItemId: string, reason: string): Promise<void> {
  const job = await lockJobOfItem(tx, returnItemId);
  if (!job || !OPEN_REFURBISHMENT_STATUSES.includes(job.status)) return;
  if (job.status !== 'CREATED') refuse('ALREADY_DISPATCHED', 'This item\'s unit went to the refurbisher; its disposition cannot change');
  // Locking the job's unfinished dispatches makes a worker about to claim one wait for this transaction (then skip).
  const [item] = await tx.db.select({ returnId: returnItems.returnId }).from(returnItems).where(eq(returnItems.id, returnItemId));
  const dispatches = await tx.db.select({ status: integrationJobs.status }).from(integrationJobs)
    .where(and(eq(integrationJobs.returnId, item.returnId), eq(integrationJobs.type, INTEGRATION_JOB.REFURBISHMENT_DISPATCH),
      sql`${integrationJobs.payload}->>'refurbishmentJobId' = ${job.id}`, notInArray(integrationJobs.status, ['SUCCEEDED', 'DEAD'])))
    .for('update');
  if (dispatches.some((d) => d.status === 'RUNNING' || d.status === 'RETRYING')) {
    refuse('DISPATCH_PENDING', 'This item\'s unit is being handed to a refurbisher; try again once that is done or has failed');
  }
  await tx.db.update(refurbishmentJobs).set({ status: 'CANCELLED', version: sql`${refurbishmentJobs.version} + 1`, updatedAt: tx.now() })
    .where(eq(refurbishmentJobs.id, job.id));
  await appendJobEvent(tx, job.id, 'CANCELLED', { partnerId: job.partnerId, reason });
}

/**
 * A vendor refused the job (or could not take it): it joins the job's rejected vendors, the job records REJECTED and
 * is re-routed to the next vendor (REJECTED → CREATED), or waits for one.
 */
export async function rerouteRejected(tx: ServiceContext, job: RefurbishmentJobRow, partnerId: string): Promise<RefurbishmentJobRow> {
  const rejected = [...new Set([...job.rejectedPartnerIds, partnerId])];
  const [updated] = await tx.db.update(refurbishmentJobs)
    .set({ status: 'REJECTED', rejectedPartnerIds: rejected, slaDueAt: null, overdue: false, version: sql`${refurbishmentJobs.version} + 1`, updatedAt: tx.now() })
    .where(eq(refurbishmentJobs.id, job.id)).returning();
  await routeJob(tx, updated);
  const [after] = await tx.db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.id, job.id));
  return after;
}

/** Tries again to route jobs still waiting for a vendor (capacity freed, vendor added); quiet when none fits yet. */
export async function routeWaitingJobs(ctx: ServiceContext, batch = 100): Promise<number> {
  const waiting = await ctx.db.select({ id: refurbishmentJobs.id }).from(refurbishmentJobs)
    .where(and(eq(refurbishmentJobs.status, 'CREATED'), isNull(refurbishmentJobs.partnerId))).orderBy(asc(refurbishmentJobs.id)).limit(batch);
  let routed = 0;
  for (const { id } of waiting) {
    const outcome = await runMutation(ctx, async (tx) => {
      const [job] = await tx.db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.id, id)).for('update');
      if (!job || job.status !== 'CREATED' || job.partnerId) return false;
      return (await routeJob(tx, job, true)) !== null;
    });
    if (outcome.ok && outcome.value) routed += 1;
  }
  return routed;
}

/** Flags open jobs past their SLA due date, once each, with an OVERDUE event; then retries waiting jobs. */
export async function sweepRefurbishments(ctx: ServiceContext): Promise<{ overdue: number; routed: number }> {
  const now = ctx.now();
  const overdue = await runMutation(ctx, async (tx) => {
    const flagged = await tx.db.update(refurbishmentJobs).set({ overdue: true, updatedAt: now })
      .where(and(eq(refurbishmentJobs.overdue, false), isNotNull(refurbishmentJobs.slaDueAt), sql`${refurbishmentJobs.slaDueAt} < ${now.toISOString()}::timestamptz`,
        inArray(refurbishmentJobs.status, [...OPEN_REFURBISHMENT_STATUSES])))
      .returning({ id: refurbishmentJobs.id, partnerId: refurbishmentJobs.partnerId, slaDueAt: refurbishmentJobs.slaDueAt });
    for (const f of flagged) await appendJobEvent(tx, f.id, 'OVERDUE', { partnerId: f.partnerId, dueAt: f.slaDueAt?.toISOString() ?? null }, true);
    return flagged.length;
  });
  return { overdue: overdue.ok ? overdue.value : 0, routed: await routeWaitingJobs(ctx) };
}

/** One refurbishment job by id, or null. */
export async function refurbishmentJobById(ctx: ServiceContext, jobId: string): Promise<RefurbishmentJobRow | null> {
  const [row] = await ctx.db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.id, jobId));
  return row ?? null;
}

/** A job with the return item it refurbishes (grade, notes, reason): what the vendor is told on dispatch. */
export async function refurbishmentJobWithItem(ctx: ServiceContext, jobId: string) {
  const [row] = await ctx.db.select({ job: refurbishmentJobs, item: returnItems }).from(refurbishmentJobs)
    .innerJoin(returnItems, eq(returnItems.id, refurbishmentJobs.returnItemId)).where(eq(refurbishmentJobs.id, jobId));
  return row ?? null;
}

/** The vendor refused the dispatch (or the last attempt failed): counts as a rejection, re-routed to the next vendor. */
export async function recordRefurbishmentDispatchFailed(ctx: ServiceContext, jobId: string, partnerId: string, reason: string): Promise<void> {
  await runMutation(ctx, async (tx) => {
    const [current] = await tx.db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.id, jobId)).for('update');
    if (current?.status !== 'CREATED' || current.partnerId !== partnerId) return;
    await appendJobEvent(tx, jobId, 'DISPATCH_FAILED', { partnerId, reason: reason.slice(0, 300) }, true);
    await rerouteRejected(tx, current, partnerId);
  });
}

/** The vendor took the job: DISPATCHED with its SLA due date, unless it changed meanwhile (STALE). */
export async function recordRefurbishmentDispatched(
  ctx: ServiceContext, jobId: string, partnerId: string, vendorReference: string, dueAt: Date,
): Promise<Outcome<'DISPATCHED' | 'STALE'>> {
  return runMutation(ctx, async (tx) => {
    const [current] = await tx.db.select().from(refurbishmentJobs).where(eq(refurbishmentJobs.id, jobId)).for('update');
    if (current?.status !== 'CREATED' || current.partnerId !== partnerId) return 'STALE';
    await tx.db.update(refurbishmentJobs).set({ status: 'DISPATCHED', slaDueAt: dueAt, dispatchedAt: tx.now(), version: current.version + 1, updatedAt: tx.now() })
      .where(eq(refurbishmentJobs.id, jobId));
    await appendJobEvent(tx, jobId, 'DISPATCHED', { partnerId, vendorReference, dueAt: dueAt.toISOString() }, true);
    return 'DISPATCHED';
  });
}
