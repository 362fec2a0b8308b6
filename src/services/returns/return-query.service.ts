import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { bookingScanCodes, customers, orderLines, orders, returnBookings, returnEvents, returnItems, returns, type RefundStatus } from '../../db/schema';
import type { ReturnStatus } from '../../domain/return-status';
import { inScope, requireStaff, scopeOf, type Scope } from '../access';
import type { ServiceContext } from '../context';
import { toPage, type Page } from '../paging';
import type { ReturnRow } from './return-transition';
import { groupedByIds, inIdOrder } from '../batch-load';
import { rowColumns, selectValues, type RowColumns } from '../../db/fast-read';

/** Filters operators can combine; each is backed by an index. */
export interface ReturnFilter {
  status?: ReturnStatus[] | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  rmaNumber?: string | null;
  customerId?: string | null;
  customerExternalId?: string | null;
  orderNumber?: string | null;
  /** The operator's refund queue: REQUESTED (waiting on the merchant) or FAILED (to retry); index (refund_status, id). */
  refundStatus?: RefundStatus[] | null;
}

/** One keyset page of returns, with the filter's total counted only when asked for. */
export type ReturnPage = Page<ReturnRow> & {
  total: () => Promise<number>;
  /** With `withItems`: the page's items by return id, and their order lines the actor may see, read by the same statement. */
  withItems?: { items: Map<string, ItemRow[]>; lines: LineRow[] };
};
type ItemRow = ReturnType<typeof ITEM.read>;
type LineRow = ReturnType<typeof LINE.read>;

const RETURN = rowColumns(returns);
const ITEM = rowColumns(returnItems);
const LINE = rowColumns(orderLines, 'l');
/**
 * Which columns (drizzle keys) a page with items reads of each table; null: all of them. Rows read with fewer columns
 * than their table's are partial: only a request whose fields read nothing else may ask for them (the GraphQL layer
 * decides: pageColumns in src/graphql/read-snapshot.ts). Each list includes what ties the rows together and checks
 * scope (ids, the item's return and order line, the line's order).
 */
export interface PageColumns { return: string[]; item: string[]; line: string[] }

interface PageShape { page: RowColumns<ReturnRow>; item: RowColumns<ItemRow>; line: RowColumns<LineRow> }

const FULL_SHAPE: PageShape = { page: rowColumns(returns, 'p'), item: ITEM, line: LINE };
/** Shapes built so far, by their column lists (as many as the query shapes clients send; bounded all the same). */
const shapes = new Map<string, PageShape>();

function pageShape(columns: PageColumns | null): PageShape {
  if (!columns) return FULL_SHAPE;
  const key = `${columns.return.join()}|${columns.item.join()}|${columns.line.join()}`;
  let shape = shapes.get(key);
  if (!shape) {
    if (shapes.size >= 256) shapes.clear();
    shape = {
      page: rowColumns(returns, 'p', [...new Set(['id', ...columns.return])]),
      item: rowColumns(returnItems, undefined, [...new Set(['id', 'returnId', 'orderLineId', ...columns.item])]),
      line: rowColumns(orderLines, 'l', [...new Set(['id', 'orderId', ...columns.line])]),
    };
    shapes.set(key, shape);
  }
  return shape;
}

/**
 * The page statement `text` with the page's items and their order lines (and each line's order's customer, for the
 * scope check): one statement, so the returns, items and lines are one committed state without a transaction around
 * several statements. PostgreSQL answers it as one JSON value (as PostGraphile does): per return, its columns and then
 * its items' (each: the item's columns, the line's, the customer id), in page and then item id order. One JSON text
 * costs the driver far less than decoding every column of ~120 rows; each column is then decoded as drizzle decodes it
 * (timestamps, bigint and numeric arrive as JSON strings and numbers its decoders take as they take the driver's).
 */
const pageWithItems = (text: string, shape: PageShape) => `with p as (${text})
  select coalesce(json_agg(json_build_array(${shape.page.list}, (
    select json_agg(json_build_array(${shape.item.list}, ${shape.line.list}, o.customer_id) order by return_items.id)
    from return_items join order_lines l on l.id = return_items.order_line_id join orders o on o.id = l.order_id
    where return_items.return_id = p.id)) order by p.id desc), '[]')
  from p`;

function readPageWithItems(scope: Scope, shape: PageShape, values: unknown[][]): { rows: ReturnRow[]; items: Map<string, ItemRow[]>; lines: LineRow[] } {
  const rows: ReturnRow[] = [];
  const items = new Map<string, ItemRow[]>();
  const lines: LineRow[] = [];
  const page = values[0][0] as unknown[][];
  const lineAt = shape.item.count;
  for (const entry of page) {
    const row = shape.page.read(entry);
    rows.push(row);
    const list: ItemRow[] = [];
    items.set(row.id, list);
    for (const v of (entry[shape.page.count] ?? []) as unknown[][]) {
      list.push(shape.item.read(v));
      const line = shape.line.read(v, lineAt);
      // The same check as itemsAndLinesByReturnIds: a line is visible through its order.
      if (inScope(scope, { customerId: v[lineAt + shape.line.count] as string, orderId: line.orderId })) lines.push(line);
    }
  }
  return { rows, items, lines };
}

/** The conditions of a returns listing as SQL text over `returns`, with their parameters appended to `params`. */
function listConditions(scope: Scope, filter: ReturnFilter, params: unknown[]): string[] {
  const p = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (!scope.all) {
    if (scope.customerId === null) return ['false'];
    where.push(`customer_id = ${p(scope.customerId)}`);
    if (scope.orderId) where.push(`order_id = ${p(scope.orderId)}`);
  }
  // Timestamps travel as ISO text: drizzle hands postgres.js its date parameters as strings.
  if (filter.createdFrom) where.push(`created_at >= ${p(filter.createdFrom.toISOString())}`);
  if (filter.createdTo) where.push(`created_at <= ${p(filter.createdTo.toISOString())}`);
  if (filter.rmaNumber) where.push(`rma_number = ${p(filter.rmaNumber)}`);
  if (filter.customerId) where.push(`customer_id = ${p(filter.customerId)}`);
  if (filter.customerExternalId) where.push(`customer_id in (select id from customers where external_id = ${p(filter.customerExternalId)})`);
  if (filter.refundStatus?.length) where.push(`refund_status = any(${p([...new Set(filter.refundStatus)])}::text[])`);
  if (filter.orderNumber) where.push(`order_id in (select id from orders where order_number = ${p(filter.orderNumber)})`);
  return where;
}

const whereClause = (conditions: string[]) => (conditions.length ? ` where ${conditions.join(' and ')}` : '');

/**
 * Newest first, keyset on the time-ordered id; customers and guests only ever see their own. The SQL is written out
 * (src/db/fast-read.ts says why): every returns page runs it.
 */
export async function listReturns(
  ctx: ServiceContext, first: number, after: string | null, filter: ReturnFilter = {}, options: { withItems?: boolean; columns?: PageColumns | null } = {},
): Promise<ReturnPage> {
  const scope = await scopeOf(ctx);
  const params: unknown[] = [];
  const base = listConditions(scope, filter, params);
  const baseParams = [...params];
  const where = after ? [...base, `id < $${params.push(after)}`] : base;
  const limit = `$${params.push(first + 1)}`;
  const page = (conditions: string[]) => `select ${RETURN.list} from returns${whereClause(conditions)} order by id desc limit ${limit}`;
  const statuses = [...new Set(filter.status ?? [])];
  let text: string;
  if (statuses.length > 1) {
    // Several statuses: one index range scan per status on (status, id), merged; a single IN over the index
    // cannot produce id order, and PostgreSQL would walk the whole primary key instead.
    text = `${statuses.map((s) => `(${page([...where, `status = $${params.push(s)}`])})`).join(' union all ')} order by id desc limit ${limit}`;
  } else {
    text = page(statuses.length ? [...where, `status = $${params.push(statuses[0])}`] : where);
  }
  let rows: ReturnRow[];
  let withItems: ReturnPage['withItems'];
  if (options.withItems) {
    const shape = pageShape(options.columns ?? null);
    const read = readPageWithItems(scope, shape, await selectValues(ctx.db, pageWithItems(text, shape), params));
    rows = read.rows;
    withItems = { items: read.items, lines: read.lines };
  } else {
    rows = (await selectValues(ctx.db, text, params)).map((values) => RETURN.read(values));
  }
  const statusCount = statuses.length ? [`status = any($${baseParams.length + 1}::text[])`] : [];
  return {
    ...toPage(rows, first),
    withItems,
    total: async () => {
      const [[n]] = await selectValues(ctx.db, `select count(*)::int from returns${whereClause([...base, ...statusCount])}`, statuses.length ? [...baseParams, statuses] : baseParams);
      return Number(n);
    },
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

/**
 * Staff: the return a parcel at the dock belongs to, by whatever code was scanned or typed: its RMA number, or a code
 * one of its bookings issued (tracking number, locker reservation or drop-off code, store drop-off reference, pickup
 * confirmation). The newest booking wins should two returns ever share a partner's code. Null when nothing matches.
 */
export async function returnByScan(ctx: ServiceContext, code: string): Promise<ReturnRow | null> {
  requireStaff(ctx);
  const value = code.trim();
  if (!value) return null;
  const byRma = await returnByRma(ctx, value);
  if (byRma) return byRma;
  const [row] = await ctx.db.select({ ret: returns }).from(returnBookings)
    .innerJoin(returns, eq(returns.id, returnBookings.returnId))
    .where(sql`${bookingScanCodes(returnBookings)} @> array[${value}]::text[]`)
    .orderBy(desc(returnBookings.id)).limit(1);
  return row?.ret ?? null;
}

/** Items of many returns in one query, grouped by return id (callers already checked the returns). */
export async function itemsByReturnIds(ctx: ServiceContext, ids: readonly string[]) {
  const values = await selectValues(ctx.db, `select ${ITEM.list} from return_items where return_id = any($1::uuid[]) order by id`, [ids]);
  return groupedByIds(ids, values.map((v) => ITEM.read(v)), (r) => r.returnId);
}

/**
 * Items of many returns with their order lines, in one statement: the items grouped by return id (callers already
 * checked the returns), and the lines the actor may see (through their order, as orderLinesByIds checks), for the
 * request's order-line loader. A page of returns asks for both, and this saves it a round trip.
 */
export async function itemsAndLinesByReturnIds(ctx: ServiceContext, ids: readonly string[]) {
  const scope = await scopeOf(ctx);
  const values = await selectValues(ctx.db, `select ${ITEM.list}, ${LINE.list}, o.customer_id from return_items
    join order_lines l on l.id = return_items.order_line_id join orders o on o.id = l.order_id
    where return_items.return_id = any($1::uuid[]) order by return_items.id`, [ids]);
  const items = values.map((v) => ITEM.read(v));
  const lines = values.map((v) => LINE.read(v, ITEM.count))
    .filter((line, i) => inScope(scope, { customerId: values[i][ITEM.count + LINE.count] as string, orderId: line.orderId }));
  return { items: groupedByIds(ids, items, (r) => r.returnId), lines };
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
  const values = ids.length
    ? await selectValues(ctx.db, `select ${LINE.list}, o.customer_id from order_lines l join orders o on o.id = l.order_id where l.id = any($1::uuid[])`, [ids])
    : [];
  const rows = values.map((v) => ({ line: LINE.read(v), customerId: v[LINE.count] as string }));
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
