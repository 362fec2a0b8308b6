import { eq } from 'drizzle-orm';
import { orders } from '../../db/schema';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { visibleOrder, type OrderRow } from '../returns/returnable.service';

/** The order with this number if the actor may see it (a customer: their own; a guest: the token's), else null. */
export async function orderByNumber(ctx: ServiceContext, orderNumber: string): Promise<OrderRow | null> {
  const [row] = await ctx.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber.trim()));
  if (!row) return null;
  try {
    return await visibleOrder(ctx, row.id);
  } catch (e) {
    // Unknown and foreign look the same, so the query cannot be used to probe order numbers.
    if (e instanceof NotFoundError) return null;
    throw e;
  }
}
