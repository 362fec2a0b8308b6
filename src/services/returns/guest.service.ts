import { and, eq } from 'drizzle-orm';
import { orders } from '../../db/schema';
import type { Authenticator } from '../auth.service';
import type { ServiceContext } from '../context';
import { fail, ok, type Outcome } from '../errors';

type OrderRow = typeof orders.$inferSelect;

/**
 * Exchanges an order number and the email it was placed with for a short-lived token scoped to that order.
 * A wrong email and an unknown order give the same answer, so the call cannot be used to probe order numbers.
 */
export async function startGuestReturn(
  ctx: ServiceContext, auth: Authenticator, orderNumber: string, email: string,
): Promise<Outcome<{ token: string; expiresAt: Date; order: OrderRow }>> {
  const [order] = await ctx.db.select().from(orders)
    .where(and(eq(orders.orderNumber, orderNumber), eq(orders.email, email.trim().toLowerCase()))).limit(1);
  if (!order) return fail('ORDER_NOT_FOUND', 'No order matches this order number and email', ['orderNumber']);
  const { token, expiresAt } = await auth.issueGuestToken(order.id, order.customerId, ctx.now());
  return ok({ token, expiresAt, order });
}
