import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { customers, orderLines, orders, returnEvents, returnItems, returns } from '../../db/schema';
import type { ReturnStatus } from '../../domain/return-status';
import { inScope, scopeOf, type Scope } from '../access';
import type { ServiceContext } from '../context';
import { toPage, type Page } from '../paging';
import type { ReturnRow } from './return-transition';
import { groupedByIds, inIdOrder } from '../batch-load';

/** Filters operators can combine; each is backed by an index. */
export interface ReturnFilter {
  status?: ReturnStatus[] | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  rmaNumber?: string | null;
  customerId?: string | null;
  customerExternalId?: string | null;
  orderNumber?: string | null;
}

/** One keyset page of returns, with the filter's total counted only when asked for. */
export type ReturnPage = Page<ReturnRow> & { total: () => Promise<number> };

function scopeCondition(scope: Scope): SQL | undefined {
  if (scope.all) return undefined;
  if (scope.customerId === null) return sql`false`;
  const byCustomer = eq(returns.customerId, scope.customerId);
  return scope.orderId ? and(byCustomer, eq(returns.orderId, scope.orderId)) : byCustomer;
}

function filterConditions(filter: ReturnFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.status?.length) where.push(inArray(returns.status, filter.status));
  if (filter.createdFrom) where.push(gte(returns.createdAt, filter.createdFrom));
  if (filter.createdTo) where.push(lte(returns.createdAt, filter.createdTo));
  if (filter.rmaNumber) where.push(eq(returns.rmaNumber, filter.rmaNumber));
  if (filter.customerId) where.push(eq(returns.customerId, filter.customerId));
  if (filter.customerExternalId) {
    where.push(inArray(returns.customerId, sql`(select ${customers.id} from ${customers} where ${customers.externalId} = ${filter.customerExternalId})`));
  }
  if (filter.orderNumber) {
    where.push(inArray(returns.orderId, sql`(select ${orders.id} from ${orders} where ${orders.orderNumber} = ${filter.orderNumber})`));
  }
  return where;
}

/** Newest first, keyset on the time-ordered id; customers and guests only ever see their own. */
export async function listReturns(ctx: ServiceContext, first: number, after: string | null, filter: ReturnFilter = {}): Promise<ReturnPage> {
  const scope = await scopeOf(ctx);
  const base = [scopeCondition(scope), ...filterConditions(filter)].filter((c): c is SQL => c !== undefined);
  const where = after ? [...base, lt(returns.id, after)] : base;
  const page = (conditions: SQL[]) => ctx.db.select().from(returns).where(and(...conditions)).orderBy(desc(returns.id)).limit(first + 1);
  const statuses = [...new Set(filter.status ?? [])];
  // Several statuses: one index range scan per status on (status, id), merged; a single IN over the index
  // cannot produce id order, and PostgreSQL would walk the whole primary key instead.
  const rows = statuses.length > 1
    ? await unionAll(page([...where, eq(returns.status, statuses[0])]), page([...where, eq(returns.status, statuses[1])]),
      ...statuses.slice(2).map((s) => page([...where, eq(returns.status, s)]))).orderBy(desc(sql`id`)).limit(first + 1)
    : await page(where);
  return {
    ...toPage(rows, first),
    total: async () => Number((await ctx.db.select({ n: count() }).from(returns).where(and(...base)))[0].n),
  };
}

/** Returns by id that the actor may see, in the order asked (null where not visible). */
export async function returnsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(ReturnRow | null)[]> {
  const scope = await scopeOf(ctx);
  const rows = ids.length ? await ctx.db.select().from(returns).where(inArray(returns.id, [...ids])) : [];
  return inIdOrder(ids, rows.filter((r) => inScope(scope, r)));
}

/** A return by RMA number if the actor may see it. */
export async function returnByRma(ctx: ServiceContext, rmaNumber: string): Promise<ReturnRow | null> {
  const scope = await scopeOf(ctx);
  const [row] = await ctx.db.select().from(returns).where(eq(returns.rmaNumber, rmaNumber)).limit(1);
  return row && inScope(scope, row) ? row : null;
}

/** Items of many returns in one query, grouped by return id (callers already checked the returns). */
export async function itemsByReturnIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = await ctx.db.select().from(returnItems).where(inArray(returnItems.returnId, [...ids])).orderBy(asc(returnItems.id));
  return groupedByIds(ids, rows, (r) => r.returnId);
}

/** Events of many returns in one query, oldest first per return. */
export async function eventsByReturnIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = await ctx.db.select().from(returnEvents).where(inArray(returnEvents.returnId, [...ids])).orderBy(asc(returnEvents.id));
  return groupedByIds(ids, rows, (r) => r.returnId);
}

/** Return items by id, visible only through a return the actor may see. */
export async function returnItemsByIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = ids.length ? await ctx.db.select({ item: returnItems, ret: returns }).from(returnItems)
    .innerJoin(returns, eq(returns.id, returnItems.returnId)).where(inArray(returnItems.id, [...ids])) : [];
  const scope = await scopeOf(ctx);
  return inIdOrder(ids, rows.filter((r) => inScope(scope, r.ret)).map((r) => r.item));
}

/** Orders by id, visible ones only. */
export async function ordersByIds(ctx: ServiceContext, ids: readonly string[]) {
  const scope = await scopeOf(ctx);
  const rows = ids.length ? await ctx.db.select().from(orders).where(inArray(orders.id, [...ids])) : [];
  return inIdOrder(ids, rows.filter((o) => inScope(scope, { customerId: o.customerId, orderId: o.id })));
}

/** Order lines by id, visible through their order. */
export async function orderLinesByIds(ctx: ServiceContext, ids: readonly string[]) {
  const scope = await scopeOf(ctx);
  const rows = ids.length ? await ctx.db.select({ line: orderLines, customerId: orders.customerId }).from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId)).where(inArray(orderLines.id, [...ids])) : [];
  return inIdOrder(ids, rows.filter((r) => inScope(scope, { customerId: r.customerId, orderId: r.line.orderId })).map((r) => r.line));
}

/** Lines of many orders in one query (callers already checked the orders). */
export async function linesByOrderIds(ctx: ServiceContext, ids: readonly string[]) {
  const rows = await ctx.db.select().from(orderLines).where(inArray(orderLines.orderId, [...ids])).orderBy(asc(orderLines.lineNumber));
  return groupedByIds(ids, rows, (r) => r.orderId);
}

/** Customers by id: staff see all, a customer or guest only themselves. */
export async function customersByIds(ctx: ServiceContext, ids: readonly string[]) {
  const scope = await scopeOf(ctx);
  const rows = ids.length ? await ctx.db.select().from(customers).where(inArray(customers.id, [...ids])) : [];
  return inIdOrder(ids, rows.filter((c) => scope.all || scope.customerId === c.id));
}
