import { eq, inArray, sql } from 'drizzle-orm';
import { builtOnce } from '../../db/prepared';
import { orderLines, orders, returnItems, returns } from '../../db/schema';
import { evaluateLine, type EffectivePolicy, type IneligibleReason } from '../../domain/return-policy';
import { RETURN_STATUSES, claimsQuantity } from '../../domain/return-status';
import { adoptCustomerScope, customerScopeColumn, customerScopeToRead, inScope, scopeOf } from '../access';
import type { ServiceContext } from '../context';
import { NotFoundError, type UserError } from '../errors';
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

/** visibleOrder's four statements (reading the customer's scope or not, locking the order or not), each built once. */
const ORDER_READS = Object.fromEntries([true, false].flatMap((scoped) => [true, false].map((lock) => {
  const scopeColumn = scoped ? customerScopeColumn(sql.placeholder('externalId')) : sql<null>`null`;
  return [`${scoped}:${lock}`, builtOnce<{ orderId: string; externalId: string | null }, Array<{ order: OrderRow; scopeCustomerId: string | null }>>(
    `visibleOrder_${scoped}_${lock}`, (db) => {
      const query = db.select({ order: orders, scopeCustomerId: scopeColumn }).from(orders).where(eq(orders.id, sql.placeholder('orderId')));
      return lock ? query.for('update') : query;
    })];
})));

/**
 * Loads an order the actor may see, or throws NOT_FOUND (unknown and foreign look the same). A customer's scope is read
 * by the same statement when it is not known yet.
 */
export async function visibleOrder(ctx: ServiceContext, orderId: string, forUpdate = false): Promise<OrderRow> {
  const scopeId = customerScopeToRead(ctx);
  const [row] = await ORDER_READS[`${scopeId !== null}:${forUpdate}`](ctx.db, { orderId, externalId: scopeId });
  if (row && scopeId !== null) adoptCustomerScope(ctx, row.scopeCustomerId);
  const order = row?.order;
  if (!order || !inScope(await scopeOf(ctx), { customerId: order.customerId, orderId: order.id })) throw new NotFoundError('Order');
  return order;
}

/** Units of the order line `lineId` claimed by returns that still claim them (open or completed), as a correlated subquery; 0 when none. */
export function claimedUnits(lineId: typeof orderLines.id) {
  // Nested, so drizzle keeps the table names on its columns (a single-table select drops them from top-level chunks).
  const subquery = sql`select coalesce(sum(${returnItems.quantity} - ${returnItems.missingQuantity}), 0)::int
    from ${returnItems} inner join ${returns} on ${returns.id} = ${returnItems.returnId}
    where ${returnItems.orderLineId} = ${lineId} and ${inArray(returns.status, CLAIMING)}`;
  return sql<number>`(${subquery})`;
}

const ORDER_LINES = builtOnce<{ orderId: string }, Array<{ line: OrderLineRow; claimed: number }>>('orderLinesClaimed', (db) =>
  db.select({ line: orderLines, claimed: claimedUnits(orderLines.id) }).from(orderLines)
    .where(eq(orderLines.orderId, sql.placeholder('orderId'))).orderBy(orderLines.lineNumber));

/** Per line of an order: returnable quantity, deadline and eligibility under the policy in force. */
export async function evaluateOrder(ctx: ServiceContext, order: OrderRow): Promise<ReturnableLine[]> {
  // The lines with the units returns still claim of each, in one statement.
  const rows = await ORDER_LINES(ctx.db, { orderId: order.id });
  const policies = await effectivePolicies(ctx, rows.map((r) => r.line.category));
  const now = ctx.now();
  return rows.map(({ line, claimed }) => {
    const policy = policies.get(line.category)!;
    const claimedQuantity = Number(claimed);
    const verdict = evaluateLine({
      orderedQuantity: line.quantity, claimedQuantity, placedAt: order.placedAt, deliveredAt: order.deliveredAt, policy, now,
    });
    return { line, claimedQuantity, policy, ...verdict };
  });
}

/**
 * Checks one requested line of a return (requestReturn, quoteReturn) against the order's evaluated lines: the line is
 * on the order, may be returned, and has `quantity` units left. Returns the line, or the userError that refuses it.
 */
export function checkReturnLine(
  lines: ReadonlyMap<string, ReturnableLine>, item: { orderLineId: string; quantity: number }, field: string[],
): { ok: true; entry: ReturnableLine } | { ok: false; error: UserError } {
  const entry = lines.get(item.orderLineId);
  if (!entry) return { ok: false, error: { code: 'NOT_FOUND', message: 'Order line not found on this order', field: [...field, 'orderLineId'] } };
  if (!entry.eligible) {
    return { ok: false, error: { code: entry.ineligibleReason ?? 'NOT_ELIGIBLE', message: `Line ${entry.line.lineNumber} cannot be returned (${entry.ineligibleReason})`, field } };
  }
  if (item.quantity > entry.returnableQuantity) {
    return {
      ok: false,
      error: { code: 'QUANTITY_EXCEEDS_RETURNABLE', message: `At most ${entry.returnableQuantity} unit(s) of line ${entry.line.lineNumber} can be returned`, field: [...field, 'quantity'] },
    };
  }
  return { ok: true, entry };
}

/** `returnableItems(orderId)`: what the actor may still return from an order they can see. */
export async function returnableItems(ctx: ServiceContext, orderId: string): Promise<ReturnableLine[]> {
  return evaluateOrder(ctx, await visibleOrder(ctx, orderId));
}
