import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { recyclingLotEvents, recyclingLotMaterials, recyclingLots, recyclingLotUnits } from '../../db/schema';
import {
  MATERIALS, RECYCLING_REPORT_LIMITS, TREATMENT_ROUTES, transitionRecyclingLot, type Material, type MaterialStream, type RecyclingLotStatus, type TreatmentRoute,
} from '../../domain/recycling-lot-status';
import { checkRecyclingReport } from '../../domain/recycling-report-check';
import { requireStaff, staffOrOwnRows, staffOrOwner } from '../access';
import { runMutation, type ServiceContext } from '../context';
import { ForbiddenError, UnauthenticatedError, UserErrorAbort, abort, type Outcome, type UserError } from '../errors';
import { enqueueIntegrationJob } from '../partners/integration-job.service';
import { appendLotEvent, type RecyclingLotRow } from './recycling-lot.service';
import { fetchPage } from '../paging';
import { INTEGRATION_JOB } from '../partners/integration-job-types';
import { groupedByIds, inIdOrder } from '../batch-load';

export type { RecyclingLotRow } from './recycling-lot.service';

/** What a recycler reports about one of its lots (GraphQL `reportRecyclingLot` or a `lot.reported` webhook). */
export interface RecyclerReport {
  lotId: string;
  certificateNumber: string;
  dataDestructionCertificate?: string | null;
  materials: Array<{ material: Material; weightKg: number; route: TreatmentRoute }>;
  occurredAt?: string | null;
}

const MAX_FRACTION_KG = 1_000_000;
/** The limits the GraphQL input enforces, applied to webhook reports too. */
const { reference: MAX_REFERENCE_LENGTH, fractions: MAX_FRACTIONS } = RECYCLING_REPORT_LIMITS;

/** Locks a lot the actor may touch: staff any, a recycler only its own; anything else is NOT_FOUND. */
async function lockLot(tx: ServiceContext, lotId: string): Promise<RecyclingLotRow> {
  const [lot] = await tx.db.select().from(recyclingLots).where(eq(recyclingLots.id, lotId)).for('update');
  const visible = lot && (tx.actor.kind === 'system' || staffOrOwner(tx, lot));
  if (!visible) abort('NOT_FOUND', 'Recycling lot not found', ['lotId']);
  return lot;
}

async function save(tx: ServiceContext, lot: RecyclingLotRow, patch: Partial<RecyclingLotRow>): Promise<RecyclingLotRow> {
  const [updated] = await tx.db.update(recyclingLots).set({ ...patch, version: lot.version + 1, updatedAt: tx.now() })
    .where(eq(recyclingLots.id, lot.id)).returning();
  return updated;
}

function step(from: RecyclingLotStatus, to: RecyclingLotStatus, field = 'lotId'): void {
  const t = transitionRecyclingLot(from, to);
  if (!t.ok) abort(t.code, t.message, [field]);
}

/**
 * An operator closes an OPEN lot for filling and has it handed to its recycler: the `recycling.dispatch` job is written
 * in the same transaction (the worker moves the lot to DISPATCHED once the recycler acknowledges it).
 */
export async function dispatchRecyclingLot(ctx: ServiceContext, lotId: string): Promise<Outcome<RecyclingLotRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const lot = await lockLot(tx, lotId);
    step(lot.status, 'DISPATCHED');
    if (lot.dispatchRequestedAt) abort('DISPATCH_PENDING', 'This lot is already being dispatched', ['lotId']);
    if (!lot.partnerId) abort('NO_RECYCLER', 'No recycler handles this lot yet', ['lotId']);
    const jobId = await enqueueIntegrationJob(tx, { partnerId: lot.partnerId!, type: INTEGRATION_JOB.RECYCLING_DISPATCH, payload: { recyclingLotId: lot.id } });
    await appendLotEvent(tx, lot.id, 'DISPATCH_REQUESTED', { partnerId: lot.partnerId, integrationJobId: jobId });
    return save(tx, lot, { fillKey: null, dispatchRequestedAt: tx.now() });
  });
}

function validateReport(report: RecyclerReport): void {
  const problems: UserError[] = [];
  if (!report.certificateNumber?.trim()) problems.push({ code: 'INCOMPLETE_REPORT', message: 'A report carries the recycler\'s certificate number', field: ['certificateNumber'] });
  if (!report.materials.length) problems.push({ code: 'INCOMPLETE_REPORT', message: 'A report lists at least one material fraction', field: ['materials'] });
  if (report.certificateNumber?.length > MAX_REFERENCE_LENGTH) {
    problems.push({ code: 'INVALID_REPORT', message: `The certificate number has at most ${MAX_REFERENCE_LENGTH} characters`, field: ['certificateNumber'] });
  }
  if ((report.dataDestructionCertificate?.length ?? 0) > MAX_REFERENCE_LENGTH) {
    problems.push({ code: 'INVALID_REPORT', message: `The data-destruction certificate has at most ${MAX_REFERENCE_LENGTH} characters`, field: ['dataDestructionCertificate'] });
  }
  if (report.materials.length > MAX_FRACTIONS) problems.push({ code: 'INVALID_REPORT', message: `A report lists at most ${MAX_FRACTIONS} material fractions`, field: ['materials'] });
  report.materials.forEach((m, i) => {
    if (!Number.isFinite(m.weightKg) || m.weightKg < 0 || m.weightKg > MAX_FRACTION_KG) {
      problems.push({ code: 'INVALID_WEIGHT', message: `Weights are kilograms between 0 and ${MAX_FRACTION_KG}`, field: ['materials', String(i), 'weightKg'] });
    }
    if (!(MATERIALS as readonly string[]).includes(m.material)) problems.push({ code: 'INVALID_MATERIAL', message: 'Unknown material', field: ['materials', String(i), 'material'] });
    if (!(TREATMENT_ROUTES as readonly string[]).includes(m.route)) problems.push({ code: 'INVALID_ROUTE', message: 'Unknown treatment route', field: ['materials', String(i), 'route'] });
  });
  if (problems.length) throw new UserErrorAbort(problems);
}

/**
 * A recycler's report on its own DISPATCHED lot. The report is stored, then checked against the lot (weight within
 * the configured tolerance, plausible fractions, data-destruction certificate for data-bearing devices): a passing
 * report closes the lot, a failing one waits for an operator with the reasons.
 */
export async function reportRecyclingLot(ctx: ServiceContext, report: RecyclerReport): Promise<Outcome<RecyclingLotRow>> {
  if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (ctx.actor.kind !== 'partner') throw new ForbiddenError('Only the recycler holding the lot reports on it');
  return runMutation(ctx, async (tx) => {
    const lot = await lockLot(tx, report.lotId);
    step(lot.status, 'REPORTED');
    validateReport(report);
    const units = await tx.db.select().from(recyclingLotUnits).where(eq(recyclingLotUnits.lotId, lot.id));
    const check = checkRecyclingReport({ declaredWeightKg: lot.declaredWeightKg, units }, report, tx.config.recyclingWeightTolerance);
    const reportedWeightKg = Number(report.materials.reduce((sum, m) => sum + m.weightKg, 0).toFixed(3));
    await tx.db.delete(recyclingLotMaterials).where(eq(recyclingLotMaterials.lotId, lot.id));
    await tx.db.insert(recyclingLotMaterials).values(report.materials.map((m) => ({ lotId: lot.id, material: m.material, weightKg: m.weightKg, route: m.route })));
    await appendLotEvent(tx, lot.id, 'REPORTED', {
      certificateNumber: report.certificateNumber, dataDestructionCertificate: report.dataDestructionCertificate ?? null,
      reportedWeightKg, materials: report.materials, occurredAt: report.occurredAt ?? null,
    });
    const to: RecyclingLotStatus = check.ok ? 'CLOSED' : 'NEEDS_REVIEW';
    step('REPORTED', to);
    await appendLotEvent(tx, lot.id, to, check.ok ? {} : { reasons: check.reasons }, true);
    return save(tx, lot, {
      status: to, reportedWeightKg, certificateNumber: report.certificateNumber.trim(),
      dataDestructionCertificate: report.dataDestructionCertificate?.trim() || null, reviewReasons: check.reasons, reviewNote: null,
      reportedAt: tx.now(), closedAt: check.ok ? tx.now() : null,
    });
  });
}

/**
 * An operator's review of a flagged report: accept closes the lot as reported; otherwise the lot goes back to
 * DISPATCHED for the recycler to report again (its reasons stay visible until the next report).
 */
export async function reviewRecyclingLot(ctx: ServiceContext, lotId: string, accept: boolean, note?: string | null): Promise<Outcome<RecyclingLotRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const lot = await lockLot(tx, lotId);
    if (lot.status !== 'NEEDS_REVIEW') abort('REVIEW_NOT_PENDING', `No review is pending on this lot (status ${lot.status})`, ['lotId']);
    if (!accept && !note?.trim()) abort('NOTE_REQUIRED', 'Sending a report back needs a note for the recycler', ['note']);
    const to: RecyclingLotStatus = accept ? 'CLOSED' : 'DISPATCHED';
    step(lot.status, to);
    await appendLotEvent(tx, lot.id, accept ? 'REVIEW_ACCEPTED' : 'REPORT_SENT_BACK', { note: note ?? null, reasons: lot.reviewReasons });
    return save(tx, lot, { status: to, reviewNote: note?.trim() || null, closedAt: accept ? tx.now() : null });
  });
}

/** Filters offered by `recyclingLots`. */
export interface RecyclingLotFilter { status?: RecyclingLotStatus[] | null; partnerId?: string | null; materialStream?: MaterialStream | null }

/** Newest first, keyset on id: staff see every lot, a recycler only its own. */
export async function listRecyclingLots(ctx: ServiceContext, first: number, after: string | null, filter: RecyclingLotFilter = {}) {
  const where = staffOrOwnRows(ctx, recyclingLots.partnerId);
  if (filter.status?.length) where.push(inArray(recyclingLots.status, filter.status));
  if (filter.partnerId) where.push(eq(recyclingLots.partnerId, filter.partnerId));
  if (filter.materialStream) where.push(eq(recyclingLots.materialStream, filter.materialStream));
  if (after) where.push(lt(recyclingLots.id, after));
  return fetchPage(first, (limit) => ctx.db.select().from(recyclingLots).where(and(...where)).orderBy(desc(recyclingLots.id)).limit(limit));
}

/** Lots by id, visible ones only (node loader). */
export async function recyclingLotsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(RecyclingLotRow | null)[]> {
  const rows = ids.length ? await ctx.db.select().from(recyclingLots).where(inArray(recyclingLots.id, [...ids])) : [];
  return inIdOrder(ids, rows.filter((r) => staffOrOwner(ctx, r)));
}

/** Units of lots already checked for visibility. */
export async function unitsByLotIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(recyclingLotUnits).where(inArray(recyclingLotUnits.lotId, [...ids])).orderBy(asc(recyclingLotUnits.id)) : [];
  return groupedByIds(ids, rows, (r) => r.lotId);
}

/** Reported material fractions of lots already checked for visibility. */
export async function materialsByLotIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(recyclingLotMaterials).where(inArray(recyclingLotMaterials.lotId, [...ids])).orderBy(asc(recyclingLotMaterials.id)) : [];
  return groupedByIds(ids, rows, (r) => r.lotId);
}

/** Events of lots already checked for visibility, oldest first. */
export async function eventsByLotIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select().from(recyclingLotEvents).where(inArray(recyclingLotEvents.lotId, [...ids])).orderBy(asc(recyclingLotEvents.id)) : [];
  return groupedByIds(ids, rows, (r) => r.lotId);
}
