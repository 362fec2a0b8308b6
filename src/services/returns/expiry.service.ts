import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { returnBookings, returnPolicies, returns } from '../../db/schema';
import { runMutation, type ServiceContext } from '../context';
import { releaseBookings } from '../partners/integration-job.service';
import { applyAction, lockReturn } from './return-transition';

/**
 * Expires returns that were never shipped: a booked method past its expiry, or an approved return with no open booking
 * for longer than the policy's drop-off days. Their lockers, labels, drop-offs and pickups are released through the
 * adapters (outbox jobs). Runs from a BullMQ job scheduler; each return in its own transaction, re-checked under lock.
 */
export async function expireReturns(ctx: ServiceContext, batch = 200): Promise<number> {
  const now = ctx.now();
  const [policy] = await ctx.db.select({ days: returnPolicies.dropOffDays }).from(returnPolicies).where(isNull(returnPolicies.category));
  const idleCutoff = new Date(now.getTime() - (policy?.days ?? 14) * 86_400_000);
  const overdue = await ctx.db.select({ id: returns.id }).from(returns).where(or(
    and(inArray(returns.status, ['APPROVED', 'AWAITING_DROP_OFF']), sql`exists (select 1 from ${returnBookings} b where b.return_id = ${returns.id} and b.status = 'BOOKED' and b.expires_at < ${now.toISOString()}::timestamptz)`),
    and(eq(returns.status, 'APPROVED'), lt(returns.updatedAt, idleCutoff),
      sql`not exists (select 1 from ${returnBookings} b where b.return_id = ${returns.id} and b.status in ('PENDING', 'BOOKED'))`),
  )).limit(batch);
  let expired = 0;
  for (const { id } of overdue) {
    const outcome = await runMutation(ctx, async (tx) => {
      const ret = await lockReturn(tx, id);
      if (ret.status !== 'APPROVED' && ret.status !== 'AWAITING_DROP_OFF') return false;
      const released = await releaseBookings(tx, id);
      await applyAction(tx, ret, 'EXPIRE', 'RETURN_EXPIRED', { releasedBookings: released }, { refundStatus: 'NONE', refundMinor: 0 }, true);
      return true;
    });
    if (outcome.ok && outcome.value) expired += 1;
  }
  return expired;
}
