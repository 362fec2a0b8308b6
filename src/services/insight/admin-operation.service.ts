import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { isConnectionError } from '../../db/errors';
import { adminOperations, returnRiskModels, type AdminOperationKind, type AdminOperationStatus } from '../../db/schema';
import { requireAdmin } from '../access';
import { refreshAnalytics, type RefreshSummary } from './analytics-refresh.service';
import { actorLabel, type ServiceContext } from '../context';
import { DomainError, type UserError } from '../errors';
import { encodeGlobalId } from '../../domain/ids';
import { RunCancelled, TimeLimitExceeded } from './exclusive-run';
import { OperationProgress, type ProgressFn } from './progress';
import { resolveTrainOptions, trainReturnRiskModel, type RiskModelRow, type TrainOptions } from './risk-model.service';
import { fetchPage } from '../paging';
import { inIdOrder } from '../batch-load';

/*
 * Long admin operations (README, "Admin operations"): a request writes an admin_operations row and hands its id
 * to the admin-operations queue; a worker claims the row, runs the refresh or the training with progress and a heartbeat,
 * and records the result or a classified failure. The row is the truth: an API restart loses nothing, and the sweeper
 * puts back on the queue what Redis forgot and what a dead worker left RUNNING (a bounded number of times).
 */

export type AdminOperationRow = typeof adminOperations.$inferSelect;

const ACTIVE: AdminOperationStatus[] = ['QUEUED', 'RUNNING'];

/** A request's answer: the operation it queued, or (with ALREADY_RUNNING) the one of its kind already queued or running. */
export interface OperationRequest { operation: AdminOperationRow; userErrors: UserError[] }

/** What a TRAIN_RISK_MODEL operation stores as its result. */
export interface TrainResult { version: number; active: boolean }

/** A run's own failure: a stable code and a message safe to show (e.g. NOT_ENOUGH_HISTORY). */
class OperationFailure extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

/** The run found, where it stores its effect, that it no longer owns the operation (it was taken for dead and queued again). */
class OperationLost extends Error {}

/**
 * `refreshAnalytics` (admin): queues a refresh, or answers ALREADY_RUNNING (with that operation) while one is queued or
 * running, whatever its mode: refreshes run one at a time, so a second would only wait behind the first.
 */
export function requestAnalyticsRefresh(ctx: ServiceContext, full: boolean): Promise<OperationRequest> {
  requireAdmin(ctx);
  return requestOperation(ctx, 'REFRESH_ANALYTICS', full ? 'full' : 'incremental', { full });
}

/**
 * `trainReturnRiskModel` (admin): validates the options now (bad input is an error at once, nothing queued) and queues
 * a training run, or answers ALREADY_RUNNING (with that operation) while a training is queued or running.
 */
export function requestRiskModelTraining(ctx: ServiceContext, options: TrainOptions): Promise<OperationRequest> {
  requireAdmin(ctx);
  const input = resolveTrainOptions(ctx, options);
  return requestOperation(ctx, 'TRAIN_RISK_MODEL', `seed=${input.seed}, holdoutWeeks=${input.holdoutWeeks}, maxRows=${input.maxRows}${input.asOf ? `, asOf=${input.asOf.slice(0, 10)}` : ''}`, input);
}

/** What an operation is, in words: "a full analytics refresh", "a return-risk model training (seed=1, …)". */
function describe(op: AdminOperationRow): string {
  return op.kind === 'REFRESH_ANALYTICS' ? `${op.dedupeKey === 'full' ? 'A full' : 'An incremental'} analytics refresh` : `A return-risk model training (${op.dedupeKey})`;
}

/**
 * A new QUEUED row, or ALREADY_RUNNING naming the active one of its kind. Concurrent requests are decided by the partial
 * unique index on (kind) over QUEUED/RUNNING rows: one insert wins, the others insert nothing and read the winner (a
 * round repeats only if that row finished in between). Nothing here waits on a lock but the index entry's own.
 */
async function requestOperation(
  ctx: ServiceContext, kind: AdminOperationKind, dedupeKey: string, input: Record<string, unknown>,
): Promise<OperationRequest> {
  const who = actorLabel(ctx.actor);
  for (let round = 0; round < 5; round++) {
    const [created] = await ctx.db.insert(adminOperations)
      .values({ kind, dedupeKey, input, requestedBy: `${who.actorType}:${who.actorId ?? ''}` })
      .onConflictDoNothing().returning();
    if (created) {
      // The insert has committed (one statement): the job can only find a row that exists.
      ctx.operations?.enqueue(created.id);
      return { operation: created, userErrors: [] };
    }
    const [active] = await ctx.db.select().from(adminOperations)
      .where(and(eq(adminOperations.kind, kind), inArray(adminOperations.status, ACTIVE))).limit(1);
    if (active) {
      return { operation: active, userErrors: [{
        code: 'ALREADY_RUNNING', field: null,
        message: `${describe(active)} is already ${active.status === 'QUEUED' ? 'queued' : 'running'}: operation `
          + `${encodeGlobalId('AdminOperation', active.id)}, requested by ${active.requestedBy} at ${active.createdAt.toISOString()}. `
          + 'Follow it with adminOperation(id), or ask again once it has finished.',
      }] };
    }
  }
  throw new Error(`could not queue or find an active ${kind} operation`);
}

/** The heartbeat is older than the stale threshold: the worker that claimed the row is gone. */
const staleHeartbeat = (ms: number): SQL => sql`${adminOperations.heartbeatAt} < now() - ${ms} * interval '1 millisecond'`;

/**
 * Worker: claims the operation (QUEUED, or RUNNING with a stale heartbeat, attempts left), runs it with progress, and
 * records SUCCEEDED with its result or FAILED with a classified message. A row someone else runs or that is finished
 * is skipped, so a duplicate delivery never runs twice. `onClaimed` sees the row once claimed, `onUnexpected` errors that
 * are not the run's own. Returns the claimed row with how it ended (for the worker's metrics).
 */
export async function runAdminOperation(
  ctx: ServiceContext, id: string, hooks: { onUnexpected?: (e: unknown) => void; onClaimed?: (op: AdminOperationRow) => void } = {},
): Promise<{ skipped: true } | { operation: AdminOperationRow; status: AdminOperationStatus; errorCode: string | null }> {
  const { adminOperationStaleMs: staleMs, adminOperationMaxAttempts: maxAttempts } = ctx.config;
  const [op] = await ctx.db.update(adminOperations).set({
    status: 'RUNNING', attempts: sql`${adminOperations.attempts} + 1`, startedAt: sql`coalesce(${adminOperations.startedAt}, now())`,
    heartbeatAt: sql`now()`, progress: 0, phase: 'starting',
  }).where(and(eq(adminOperations.id, id), lt(adminOperations.attempts, maxAttempts),
    or(eq(adminOperations.status, 'QUEUED'), and(eq(adminOperations.status, 'RUNNING'), staleHeartbeat(staleMs)))))
    .returning();
  if (!op) return { skipped: true };
  hooks.onClaimed?.(op);
  // Every write of this run names its attempt: a run the sweeper gave up on cannot overwrite the next one.
  const ours = and(eq(adminOperations.id, id), eq(adminOperations.attempts, op.attempts), eq(adminOperations.status, 'RUNNING'));
  const progress = new OperationProgress(
    (values) => ctx.database.db.update(adminOperations).set({ ...values, heartbeatAt: sql`now()` }).where(ours),
    Math.min(15_000, Math.floor(staleMs / 4)),
  );
  const finish = (db: Executor, values: Partial<AdminOperationRow> & { status: AdminOperationStatus }) =>
    db.update(adminOperations).set({ ...values, finishedAt: sql`now()`, heartbeatAt: sql`now()` }).where(ours).returning({ id: adminOperations.id });
  let outcome: Partial<AdminOperationRow> & { status: AdminOperationStatus };
  try {
    outcome = { status: 'SUCCEEDED', result: await perform(ctx, op, progress.report, finish), progress: 1, phase: 'done' };
  } catch (e) {
    if (e instanceof OperationLost) return { skipped: true };
    if (e instanceof RunCancelled) {
      // Cut by the worker's shutdown, no failure of its own: queued again at once for the next worker (the sweeper adds
      // its job), the attempt not counted.
      await ctx.db.update(adminOperations).set({
        status: 'QUEUED', attempts: sql`${adminOperations.attempts} - 1`, phase: 'queued again: the worker running it stopped', heartbeatAt: sql`now()`,
      }).where(ours);
      return { operation: op, status: 'QUEUED', errorCode: e.code };
    }
    const failure = classify(e);
    if (failure.errorCode === 'INTERNAL') hooks.onUnexpected?.(e);
    outcome = { status: 'FAILED', ...failure };
  } finally {
    await progress.stop();
  }
  // A training recorded its success with its model (a no-op here then: the row is no longer RUNNING).
  await finish(ctx.db, outcome);
  return { operation: op, status: outcome.status, errorCode: outcome.errorCode ?? null };
}

/** Writes the final status while the run still owns the row (returns the row, or nothing when it does not). */
type FinishFn = (db: Executor, values: Partial<AdminOperationRow> & { status: AdminOperationStatus }) => Promise<unknown[]>;

async function perform(ctx: ServiceContext, op: AdminOperationRow, onProgress: ProgressFn, finish: FinishFn): Promise<Record<string, unknown>> {
  if (op.kind === 'REFRESH_ANALYTICS') {
    // Not guarded like the training: a refresh recomputes the aggregates from the data, so one run again after this one
    // was taken for dead waits for the refresh lock and then writes the same figures (docs/admin-operations.md).
    const summary = await refreshAnalytics(ctx.database, {
      full: op.input.full === true, overlapMs: ctx.config.analyticsRefreshOverlapMs, now: () => ctx.now(), onProgress,
      timeoutMs: ctx.config.analyticsRefreshTimeoutMs,
    });
    return { ...summary };
  }
  // The new version and the SUCCEEDED row commit together, only while this attempt still owns the row: a run taken for
  // dead (late heartbeats, a lost final write) stores nothing, and a run started again cannot store a second version.
  const outcome = await trainReturnRiskModel(ctx, op.input as TrainOptions, {
    onProgress,
    onStore: async (tx, row) => {
      const result: TrainResult = { version: row.version, active: row.active };
      const [owned] = await finish(tx, { status: 'SUCCEEDED', result: { ...result }, progress: 1, phase: 'done' });
      if (!owned) throw new OperationLost(`admin operation ${op.id} was taken over; version ${row.version} not stored`);
    },
  });
  if (!outcome.ok) throw new OperationFailure(outcome.userErrors[0].code, outcome.userErrors[0].message);
  const result: TrainResult = { version: outcome.value.version, active: outcome.value.active };
  return { ...result };
}

/** A failure as an admin may see it: the run's own outcome or a domain error as they are; anything else by kind only. */
function classify(e: unknown): { errorCode: string; error: string } {
  if (e instanceof OperationFailure || e instanceof DomainError || e instanceof TimeLimitExceeded) return { errorCode: e.code, error: e.message.slice(0, 1000) };
  if (isConnectionError(e)) {
    return { errorCode: 'DATABASE_UNAVAILABLE', error: 'The database connection was lost during the run; request it again.' };
  }
  return { errorCode: 'INTERNAL', error: 'The run failed on an unexpected error; the worker log has the details under this operation id.' };
}

/**
 * Sweeper: RUNNING operations whose worker stopped sending heartbeats go back to QUEUED while attempts are left, and
 * are FAILED (WORKER_LOST) after that. Returns the QUEUED ids older than `graceMs`, for the caller to check against
 * the queue (a request made while Redis was down, a job Redis lost).
 */
export async function sweepAdminOperations(ctx: ServiceContext, graceMs: number): Promise<{ queued: string[]; failed: number }> {
  const { adminOperationStaleMs: staleMs, adminOperationMaxAttempts: maxAttempts } = ctx.config;
  const lost = and(eq(adminOperations.status, 'RUNNING'), staleHeartbeat(staleMs));
  const failed = await ctx.db.update(adminOperations).set({
    status: 'FAILED', errorCode: 'WORKER_LOST', finishedAt: sql`now()`,
    error: sql`'The worker running it stopped (killed or crashed) ' || ${adminOperations.attempts} || ' times; not retried again.'`,
  }).where(and(lost, gte(adminOperations.attempts, maxAttempts))).returning({ id: adminOperations.id });
  await ctx.db.update(adminOperations).set({ status: 'QUEUED', phase: 'queued again: the worker running it stopped' })
    .where(and(lost, lt(adminOperations.attempts, maxAttempts)));
  const queued = await ctx.db.select({ id: adminOperations.id }).from(adminOperations)
    .where(and(eq(adminOperations.status, 'QUEUED'), lt(adminOperations.createdAt, sql`now() - ${graceMs} * interval '1 millisecond'`)))
    .orderBy(adminOperations.id).limit(100);
  return { queued: queued.map((r) => r.id), failed: failed.length };
}

/** `adminOperation(id)` (admin). */
export async function adminOperation(ctx: ServiceContext, id: string): Promise<AdminOperationRow | null> {
  requireAdmin(ctx);
  const [row] = await ctx.db.select().from(adminOperations).where(eq(adminOperations.id, id));
  return row ?? null;
}

/** For `node(id:)`: rows by id in order; all null unless the caller is an admin. */
export async function adminOperationsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(AdminOperationRow | null)[]> {
  if (ctx.actor.kind !== 'admin') return ids.map(() => null);
  const rows = await ctx.db.select().from(adminOperations).where(inArray(adminOperations.id, [...ids]));
  return inIdOrder(ids, rows);
}

export interface AdminOperationFilter { kind?: AdminOperationKind[] | null; status?: AdminOperationStatus[] | null }

/** `adminOperations` (admin): newest first, keyset on id. */
export async function listAdminOperations(ctx: ServiceContext, first: number, after: string | null, filter: AdminOperationFilter = {}) {
  requireAdmin(ctx);
  const where: SQL[] = [];
  if (filter.kind?.length) where.push(inArray(adminOperations.kind, filter.kind));
  if (filter.status?.length) where.push(inArray(adminOperations.status, filter.status));
  if (after) where.push(lt(adminOperations.id, after));
  return fetchPage(first, (limit) => ctx.db.select().from(adminOperations).where(and(...where)).orderBy(desc(adminOperations.id)).limit(limit));
}

/** A SUCCEEDED refresh's stored summary with its instants as Dates again. */
export function refreshSummaryOf(result: Record<string, unknown>): RefreshSummary {
  const s = result as unknown as RefreshSummary & { changedSince: string | null; watermark: string; refreshedAt: string };
  return { ...s, changedSince: s.changedSince ? new Date(s.changedSince) : null, watermark: new Date(s.watermark), refreshedAt: new Date(s.refreshedAt) };
}

/** The model versions SUCCEEDED trainings produced, batched (missing versions are null). */
export async function riskModelsByVersions(ctx: ServiceContext, versions: readonly number[]): Promise<(RiskModelRow | null)[]> {
  requireAdmin(ctx);
  const rows = await ctx.db.select().from(returnRiskModels).where(inArray(returnRiskModels.version, [...versions]));
  const byVersion = new Map(rows.map((r) => [r.version, r]));
  return versions.map((v) => byVersion.get(v) ?? null);
}
