import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { integrationJobs, returnBookings, type IntegrationJobStatus } from '../../db/schema';
import { requireAdmin } from '../access';
import { runMutation, type ServiceContext } from '../context';
import { UserErrorAbort, type Outcome } from '../errors';
import { fetchPage } from '../paging';
import { INTEGRATION_JOB, type IntegrationJobPayloads, type IntegrationJobType } from './integration-job-types';
import { inIdOrder } from '../batch-load';

export type IntegrationJobRow = typeof integrationJobs.$inferSelect;

/** A new outbound partner call, written in the caller's transaction and kicked to the queue after commit. */
export async function enqueueIntegrationJob<K extends IntegrationJobType>(
  tx: ServiceContext, job: { partnerId: string; type: K; payload: IntegrationJobPayloads[K]; returnId?: string | null },
): Promise<string> {
  const [row] = await tx.db.insert(integrationJobs).values({
    partnerId: job.partnerId, type: job.type, payload: job.payload, returnId: job.returnId ?? null,
    maxAttempts: tx.config.integrationMaxAttempts,
  }).returning({ id: integrationJobs.id });
  if (!tx.enqueued) throw new Error('enqueueIntegrationJob must run inside inTransaction');
  tx.enqueued.push(row.id);
  return row.id;
}

export interface IntegrationJobFilter { status?: IntegrationJobStatus[] | null; partnerId?: string | null; type?: string | null }

/** Newest first, keyset on id (admin: all; a partner: its own). */
export async function listIntegrationJobs(ctx: ServiceContext, first: number, after: string | null, filter: IntegrationJobFilter = {}) {
  const where: SQL[] = [];
  // A partner sees its own jobs only; everyone else needs to be an admin.
  if (ctx.actor.kind === 'partner') where.push(eq(integrationJobs.partnerId, ctx.actor.partnerId));
  else requireAdmin(ctx);
  if (filter.status?.length) where.push(inArray(integrationJobs.status, filter.status));
  if (filter.partnerId) where.push(eq(integrationJobs.partnerId, filter.partnerId));
  if (filter.type) where.push(eq(integrationJobs.type, filter.type));
  if (after) where.push(lt(integrationJobs.id, after));
  return fetchPage(first, (limit) => ctx.db.select().from(integrationJobs).where(and(...where)).orderBy(desc(integrationJobs.id)).limit(limit));
}

/** Jobs by id for `node`/`nodes`, as `integrationJobs` shows them: admins any, a partner its own; null otherwise. */
export async function integrationJobsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(IntegrationJobRow | null)[]> {
  const actor = ctx.actor;
  if (ids.length === 0 || (actor.kind !== 'admin' && actor.kind !== 'partner')) return ids.map(() => null);
  const own = actor.kind === 'partner' ? eq(integrationJobs.partnerId, actor.partnerId) : undefined;
  const rows = await ctx.db.select().from(integrationJobs).where(and(inArray(integrationJobs.id, [...ids]), own));
  return inIdOrder(ids, rows);
}

/** Puts a DEAD job back to PENDING with a fresh attempt budget; the relay dispatches it after commit. */
export async function retryIntegrationJob(ctx: ServiceContext, id: string, removeQueued: (id: string) => Promise<void>): Promise<Outcome<IntegrationJobRow>> {
  requireAdmin(ctx);
  return runMutation(ctx, async (tx) => {
    const [row] = await tx.db.select().from(integrationJobs).where(eq(integrationJobs.id, id)).for('update');
    if (!row) throw new UserErrorAbort([{ code: 'NOT_FOUND', message: 'Integration job not found', field: ['jobId'] }]);
    if (row.status !== 'DEAD') throw new UserErrorAbort([{ code: 'NOT_RETRYABLE', message: `Only DEAD jobs can be retried (this one is ${row.status})`, field: ['jobId'] }]);
    // The failed BullMQ job still holds this id; it must go before the id can be added again.
    await removeQueued(row.id);
    const [updated] = await tx.db.update(integrationJobs)
      .set({ status: 'PENDING', attempts: 0, maxAttempts: tx.config.integrationMaxAttempts, lastError: null, completedAt: null, updatedAt: tx.now() })
      .where(eq(integrationJobs.id, id)).returning();
    tx.enqueued!.push(id);
    return updated;
  });
}

/** Marks a return's BOOKED bookings RELEASED and queues their release at the partner (cancel, expiry). */
export async function releaseBookings(tx: ServiceContext, returnId: string): Promise<string[]> {
  const released = await tx.db.update(returnBookings).set({ status: 'RELEASED', updatedAt: tx.now() })
    .where(and(eq(returnBookings.returnId, returnId), eq(returnBookings.status, 'BOOKED')))
    .returning({ id: returnBookings.id, partnerId: returnBookings.partnerId });
  for (const b of released) {
    if (b.partnerId) await enqueueIntegrationJob(tx, { partnerId: b.partnerId, type: INTEGRATION_JOB.BOOKING_RELEASE, payload: { bookingId: b.id }, returnId });
  }
  return released.map((b) => b.id);
}
