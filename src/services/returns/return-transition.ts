import { eq, sql } from 'drizzle-orm';
import { returns } from '../../db/schema';
import type { ReturnEventType } from '../../domain/history-events';
import { transition, type ReturnAction } from '../../domain/return-status';
import { inScope, scopeOf } from '../access';
import { runMutation, type ServiceContext } from '../context';
import { UserErrorAbort, type Outcome, type UserError } from '../errors';
import { appendEvent } from './return-events';

export type ReturnRow = typeof returns.$inferSelect;

/** Loads a return for update (row lock) if the actor may see it; otherwise aborts with NOT_FOUND. */
export async function lockReturn(tx: ServiceContext, returnId: string): Promise<ReturnRow> {
  const [row] = await tx.db.select().from(returns).where(eq(returns.id, returnId)).for('update');
  if (!row || !inScope(await scopeOf(tx), row)) throw new UserErrorAbort([notFound()]);
  return row;
}

/** The userError for a return that does not exist or is not the caller's. */
export function notFound(field: string[] = ['returnId']): UserError {
  return { code: 'NOT_FOUND', message: 'Return not found', field };
}

/** Applies a state-machine action to a locked return: checks it, bumps the version, appends the event. */
export async function applyAction(
  tx: ServiceContext, row: ReturnRow, action: ReturnAction, event: ReturnEventType,
  data: Record<string, unknown> = {}, patch: Partial<ReturnRow> = {}, system = false,
): Promise<ReturnRow> {
  const result = transition(row.status, action);
  if (!result.ok) throw new UserErrorAbort([{ code: result.code, message: result.message, field: null }]);
  const [updated] = await tx.db.update(returns)
    .set({ ...patch, status: result.to, version: sql`${returns.version} + 1`, updatedAt: tx.now() })
    .where(eq(returns.id, row.id))
    .returning();
  await appendEvent(tx, row.id, event, { from: row.status, to: result.to, ...data }, system);
  return updated;
}

/** Locks a return, applies one action, and returns the updated row: the common shape of simple lifecycle mutations. */
export function simpleTransition(
  ctx: ServiceContext, returnId: string, action: ReturnAction, event: ReturnEventType,
  data: Record<string, unknown> = {}, patch: Partial<ReturnRow> = {},
): Promise<Outcome<ReturnRow>> {
  return runMutation(ctx, async (tx) => applyAction(tx, await lockReturn(tx, returnId), action, event, data, patch));
}
