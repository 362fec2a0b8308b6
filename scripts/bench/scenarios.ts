import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import { encodeGlobalId, uuidv7 } from '../../src/domain/ids';
import { formatAmount } from '../../src/domain/money';
import { computeItemRefund, sumRefunds } from '../../src/domain/refund';
import { RETURN_STATUSES, claimsQuantity } from '../../src/domain/return-status';
import type { ReturnReasonCode } from '../../src/domain/return-reasons';
import type { HttpPlan } from './http-load';
import type { Task } from './load';
import type { FreshOrder } from './seed';

export const PAGE_SIZE = 50;

/** One page the read scenarios ask for: optional keyset position and status filter. */
export interface ReadVariant {
  after: string | null;
  status: string[] | null;
}

export const READ_QUERY = `query BenchReturns($first: Int, $after: String, $filter: ReturnFilter) {
  returns(first: $first, after: $after, filter: $filter) {
    edges { node { id rmaNumber status createdAt
      items { quantity reason orderLine { sku name quantity unitPrice { amount currencyCode } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const WRITE_MUTATION = `mutation BenchRequestReturn($input: RequestReturnInput!) {
  requestReturn(input: $input) {
    return { id rmaNumber status }
    userErrors { code message field }
  }
}`;

const REASON: ReturnReasonCode = 'SIZE_TOO_SMALL';
const CLAIMING = RETURN_STATUSES.filter(claimsQuantity);

/** The gateway's cursor format (see ReturnResolver): base64url of `r:<uuid>`. */
export const encodeCursor = (id: string) => Buffer.from(`r:${id}`).toString('base64url');

/**
 * A fixed rotation of pages both sides walk in the same order: the first page, deep keyset
 * pages, single- and multi-status filters with and without a cursor — so no one query is hot.
 */
export async function sampleReadVariants(sql: Sql): Promise<ReadVariant[]> {
  const anywhere = await sql<Array<{ id: string }>>`select id from returns order by md5(id::text) limit 12`;
  const statusSets: string[][] = [['REQUESTED'], ['COMPLETED'], ['RECEIVED', 'INSPECTED'], ['APPROVED', 'AWAITING_DROP_OFF', 'IN_TRANSIT']];
  const variants: ReadVariant[] = [{ after: null, status: null }];
  for (const row of anywhere) variants.push({ after: row.id, status: null });
  for (const status of statusSets) {
    variants.push({ after: null, status });
    const inSet = await sql<Array<{ id: string }>>`select id from returns where status in ${sql(status)} order by md5(id::text) limit 3`;
    for (const row of inSet) variants.push({ after: row.id, status });
  }
  return variants;
}

/** returns(first: 50) over HTTP with an operator token. */
export function gatewayRead(url: string, token: string, variants: ReadVariant[]): HttpPlan {
  const headers = { authorization: `Bearer ${token}` };
  return {
    label: 'read', url, check: { path: ['returns', 'edges'], kind: 'list' },
    request: (i) => {
      const v = variants[i % variants.length];
      return {
        body: JSON.stringify({
          query: READ_QUERY,
          variables: { first: PAGE_SIZE, after: v.after ? encodeCursor(v.after) : null, filter: v.status ? { status: v.status } : null },
        }),
        headers,
      };
    },
  };
}

type ReturnPageRow = { id: string; rma_number: string; status: string; created_at: Date };
type ItemLineRow = {
  return_id: string; quantity: number; reason: string;
  sku: string; name: string; line_quantity: number; unit_price_minor: string; currency_code: string;
};

/**
 * The same page with raw postgres.js: one keyset query for the returns (all columns, as the
 * gateway's listReturns selects) and one for their items joined to the order lines, then the
 * response shaped and serialised — what a hand-written endpoint would do, minus HTTP.
 */
export function baselineRead(sql: Sql, variants: ReadVariant[]): Task {
  return async (i) => {
    const v = variants[i % variants.length];
    const rows = await sql<ReturnPageRow[]>`
      select * from returns
      where true ${v.status ? sql`and status in ${sql(v.status)}` : sql``} ${v.after ? sql`and id < ${v.after}` : sql``}
      order by id desc limit ${PAGE_SIZE + 1}`;
    const page = rows.slice(0, PAGE_SIZE);
    const items = page.length === 0 ? [] : await sql<ItemLineRow[]>`
      select ri.return_id, ri.quantity, ri.reason, ol.sku, ol.name, ol.quantity as line_quantity, ol.unit_price_minor, ol.currency_code
      from return_items ri join order_lines ol on ol.id = ri.order_line_id
      where ri.return_id in ${sql(page.map((r) => r.id))}
      order by ri.id`;
    const byReturn = new Map<string, ItemLineRow[]>();
    for (const item of items) {
      const list = byReturn.get(item.return_id);
      if (list) list.push(item);
      else byReturn.set(item.return_id, [item]);
    }
    const body = JSON.stringify({
      data: {
        returns: {
          edges: page.map((r) => ({
            node: {
              id: encodeGlobalId('Return', r.id), rmaNumber: r.rma_number, status: r.status, createdAt: r.created_at.toISOString(),
              items: (byReturn.get(r.id) ?? []).map((it) => ({
                quantity: it.quantity, reason: it.reason,
                orderLine: {
                  sku: it.sku, name: it.name, quantity: it.line_quantity,
                  unitPrice: { amount: formatAmount(Number(it.unit_price_minor), it.currency_code), currencyCode: it.currency_code },
                },
              })),
            },
          })),
          pageInfo: { hasNextPage: rows.length > PAGE_SIZE, endCursor: page.length ? encodeCursor(page[page.length - 1].id) : null },
        },
      },
    });
    if (body.length === 0) throw new Error('unreachable');
  };
}

/** What each write asks for: one unit of the order's first line, and of its second when there is one. */
function requestedLines(order: FreshOrder): string[] {
  return order.lineIds.slice(0, 2);
}

/** requestReturn over HTTP as the order's customer; each call takes the next unused order of `orders`. */
export function gatewayWrite(url: string, orders: FreshOrder[], tokens: Map<string, string>): HttpPlan {
  return {
    label: 'requestReturn', url, check: { path: ['requestReturn'], kind: 'payload', field: 'return' },
    request: (i) => {
      const order = orders[i];
      if (!order) throw new Error(`write ${i}: ran out of fresh orders`);
      return {
        body: JSON.stringify({
          query: WRITE_MUTATION,
          variables: {
            input: {
              orderId: encodeGlobalId('Order', order.id),
              items: requestedLines(order).map((id) => ({ orderLineId: encodeGlobalId('OrderLine', id), quantity: 1, reason: REASON })),
            },
          },
        }),
        headers: { authorization: `Bearer ${tokens.get(order.customerExternalId)}` },
      };
    },
  };
}

type OrderRow = { id: string; customer_id: string; currency_code: string };
type LineRow = { id: string; line_number: number; category: string; quantity: number; unit_price_minor: string; discount_minor: string };
type PolicyRow = { category: string | null; restocking_fee_percent: string | null };

/**
 * requestReturn's database work with raw postgres.js, in one transaction: lock the order, resolve
 * the customer (the gateway's scope check), read the lines, the units already claimed and the
 * policies, then insert the return, its items and the RETURN_REQUESTED event. No GraphQL, no
 * input validation, no eligibility rules beyond the refund arithmetic.
 */
export function baselineWrite(sql: Sql, orders: FreshOrder[]): Task {
  return async (i) => {
    const order = orders[i];
    if (!order) throw new Error(`write ${i}: ran out of fresh orders`);
    const wanted = requestedLines(order);
    await sql.begin(async (tx) => {
      const [o] = await tx<OrderRow[]>`select * from orders where id = ${order.id} for update`;
      const [customer] = await tx<Array<{ id: string }>>`select id from customers where external_id = ${order.customerExternalId} limit 1`;
      if (!o || !customer || o.customer_id !== customer.id) throw new Error('order not found for this customer');
      const lines = await tx<LineRow[]>`select * from order_lines where order_id = ${o.id} order by line_number`;
      const claimedRows = await tx<Array<{ order_line_id: string; claimed: number }>>`
        select ri.order_line_id, sum(ri.quantity - ri.missing_quantity)::int as claimed
        from return_items ri join returns r on r.id = ri.return_id
        where ri.order_line_id in ${tx(lines.map((l) => l.id))} and r.status in ${tx(CLAIMING)}
        group by ri.order_line_id`;
      const categories = [...new Set(lines.map((l) => l.category))];
      const policies = await tx<PolicyRow[]>`select * from return_policies where category is null or category in ${tx(categories)}`;
      const claimed = new Map(claimedRows.map((r) => [r.order_line_id, r.claimed]));
      const feePercent = (category: string) => Number(
        (policies.find((p) => p.category === category) ?? policies.find((p) => p.category === null))?.restocking_fee_percent ?? 0);
      const priced = wanted.map((lineId) => {
        const line = lines.find((l) => l.id === lineId);
        if (!line) throw new Error('order line not on this order');
        const quote = computeItemRefund({
          line: { quantity: line.quantity, unitPriceMinor: Number(line.unit_price_minor), discountMinor: Number(line.discount_minor) },
          alreadyRefundedUnits: claimed.get(line.id) ?? 0, units: 1, restockingFeePercent: feePercent(line.category), reason: REASON,
        });
        return { line, quote, percent: feePercent(line.category) };
      });
      const totals = sumRefunds(priced.map((p) => p.quote));
      const now = new Date();
      const hash = createHash('sha256').update(JSON.stringify([o.id, wanted])).digest('hex');
      const returnId = uuidv7();
      await tx`insert into returns ${tx({
        id: returnId, customer_id: o.customer_id, order_id: o.id, status: 'REQUESTED', currency_code: o.currency_code,
        request_hash: hash, restocking_fee_minor: totals.restockingFeeMinor, refund_minor: totals.refundMinor, refund_status: 'QUOTED',
        created_at: now, updated_at: now,
      })} returning *`;
      await tx`insert into return_items ${tx(priced.map(({ line, quote, percent }) => ({
        id: uuidv7(), return_id: returnId, order_line_id: line.id, quantity: 1, reason: REASON, resolution: 'REFUND',
        restocking_fee_percent: percent, gross_minor: quote.grossMinor, restocking_fee_minor: quote.restockingFeeMinor, refund_minor: quote.refundMinor,
      })))}`;
      await tx`insert into return_events ${tx({
        id: uuidv7(), return_id: returnId, type: 'RETURN_REQUESTED', at: now, actor_type: 'customer', actor_id: order.customerExternalId,
        data: tx.json({ items: priced.map((p) => ({ orderLineId: p.line.id, quantity: 1, reason: REASON })), freeShipping: false }),
      })}`;
    });
  };
}

/** One return as a customer portal polls it: the row, its method, items, events and refund. */
export const RETURN_QUERY = `query BenchReturn($id: ID!) {
  node(id: $id) { ... on Return { id rmaNumber status updatedAt
    method { type status }
    items { quantity reason }
    events { type at actor }
    refund { amount { amount currencyCode } status } } }
}`;

/** Return ids both single-return sides cycle through, spread over the whole table. */
export async function sampleReturnIds(sql: Sql): Promise<string[]> {
  return (await sql<Array<{ id: string }>>`select id from returns order by md5(id::text) limit 1000`).map((r) => r.id);
}

/** node(id) on a Return over HTTP with an operator token. */
export function gatewayReturn(url: string, token: string, ids: string[]): HttpPlan {
  const headers = { authorization: `Bearer ${token}` };
  return {
    label: 'return', url, check: { path: ['node'], kind: 'value' },
    request: (i) => ({ body: JSON.stringify({ query: RETURN_QUERY, variables: { id: encodeGlobalId('Return', ids[i % ids.length]) } }), headers }),
  };
}

type ReturnOneRow = ReturnPageRow & { updated_at: Date; currency_code: string; refund_minor: string; refund_status: string };

/**
 * The same return with raw postgres.js: the row, then its items, events and newest booking side by side (each on
 * its own pooled connection, no transaction: what a hand-written endpoint does), shaped and serialised.
 */
export function baselineReturn(sql: Sql, ids: string[]): Task {
  return async (i) => {
    const id = ids[i % ids.length];
    const [r] = await sql<ReturnOneRow[]>`select * from returns where id = ${id}`;
    if (!r) throw new Error('return not found');
    const [items, events, bookings] = await Promise.all([
      sql<Array<{ quantity: number; reason: string }>>`select * from return_items where return_id = ${id} order by id`,
      sql<Array<{ type: string; at: Date; actor_type: string; actor_id: string | null }>>`select * from return_events where return_id = ${id} order by id`,
      sql<Array<{ type: string; status: string }>>`select * from return_bookings where return_id = ${id} order by id desc limit 1`,
    ]);
    const body = JSON.stringify({
      data: {
        node: {
          id: encodeGlobalId('Return', r.id), rmaNumber: r.rma_number, status: r.status, updatedAt: r.updated_at.toISOString(),
          method: bookings[0] ? { type: bookings[0].type, status: bookings[0].status } : null,
          items: items.map((it) => ({ quantity: it.quantity, reason: it.reason })),
          events: events.map((e) => ({ type: e.type, at: e.at.toISOString(), actor: e.actor_id ? `${e.actor_type}:${e.actor_id}` : e.actor_type })),
          refund: { amount: { amount: formatAmount(Number(r.refund_minor), r.currency_code), currencyCode: r.currency_code }, status: r.refund_status },
        },
      },
    });
    if (body.length === 0) throw new Error('unreachable');
  };
}
