import { and, eq, inArray, sql } from 'drizzle-orm';
import { orderLines, orders, returnItems, returns } from '../../db/schema';
import { evaluateLine, type EffectivePolicy, type IneligibleReason } from '../../domain/return-policy';
import { RETURN_STATUSES, claimsQuantity } from '../../domain/return-status';
import { inScope, scopeOf } from '../access';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { effectivePolicies } from './policy.service';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;

/** One order line with what can still be returned of it. */
export interface ReturnableLine {
  line: OrderLineRow;
  claimedQuantity: number;
  returnableQuantity: number;
  deadline: Date;
  eligible: boolean;
  ineligibleReason: IneligibleReason | null;
  policy: EffectivePolicy;
}

const CLAIMING = RETURN_STATUSES.filter(claimsQuantity);

/** Loads an order the actor may see, or throws NOT_FOUND (unknown and foreign look the same). */
export async function visibleOrder(ctx: ServiceContext, orderId: string, forUpdate = false): Promise<OrderRow> {
  const query = ctx.db.select().from(orders).where(eq(orders.id, orderId));
  const [order] = forUpdate ? await query.for('update') : await query;
  if (!order || !inScope(await scopeOf(ctx), { customerId: order.customerId, orderId: order.id })) throw new NotFoundError('Order');
  return order;
}

/** Units of each line claimed by returns that still claim them (open or completed), keyed by line id. */
export async function claimedByLine(ctx: ServiceContext, lineIds: string[]): Promise<Map<string, number>> {
  if (lineIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ lineId: returnItems.orderLineId, claimed: sql<number>`sum(${returnItems.quantity} - ${returnItems.missingQuantity})::int` })
    .from(returnItems)
    .innerJoin(returns, eq(returns.id, returnItems.returnId))
    .where(and(inArray(returnItems.orderLineId, lineIds), inArray(returns.status, CLAIMING)))
    .groupBy(returnItems.orderLineId);
  return new Map(rows.map((r) => [r.lineId, Number(r.claimed)]));
}

/** Per line of an order: returnable quantity, deadline and eligibility under the policy in force. */
export async function evaluateOrder(ctx: ServiceContext, order: OrderRow): Promise<ReturnableLine[]> {
  const lines = await ctx.db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.lineNumber);
  const [claimed, policies] = await Promise.all([
    claimedByLine(ctx, lines.map((l) => l.id)),
    effectivePolicies(ctx, lines.map((l) => l.category)),
  ]);
  const now = ctx.now();
  return lines.map((line) => {
    const policy = policies.get(line.category)!;
    const claimedQuantity = claimed.get(line.id) ?? 0;
    const verdict = evaluateLine({
      orderedQuantity: line.quantity, claimedQuantity, placedAt: order.placedAt, deliveredAt: order.deliveredAt, policy, now,
    });
    return { line, claimedQuantity, policy, ...verdict };
  });
}

/** `returnableItems(orderId)`: what the actor may still return from an order they can see. */
export async function returnableItems(ctx: ServiceContext, orderId: string): Promise<ReturnableLine[]> {
  return evaluateOrder(ctx, await visibleOrder(ctx, orderId));
}
