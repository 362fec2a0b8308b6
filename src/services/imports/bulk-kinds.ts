import type { ServiceContext } from '../context';
import { BadInputError, UserErrorAbort } from '../errors';
import { prepareOrder, writeOrders, type OrderChange, type OrderImport, type PreparedOrder } from '../orders/order.service';

/**
 * Checks a JSON value as one of `importOrders`' orders: the GraphQL layer supplies it (input coercion and the input
 * classes' validation rules), so a bulk line and an API call are checked by the same rules.
 */
export type OrderCheck = (value: unknown) => { ok: true; order: OrderImport } | { ok: false; message: string };

/** What a line did: its change, or why it was refused (a stable code and a message naming the field). */
export type LineResult = OrderChange | { code: string; message: string };

/** A line refused before writing: a stable code and a message. */
export interface LineRefusal { code: string; message: string }

/**
 * One `kind` of JSON Lines record (docs/importing.md). `prepare` checks a line's object (without its `kind`) and makes
 * it ready to write; `write` writes a batch's items of this kind in the caller's transaction, all or nothing for each
 * item, and says per item what happened, in order. Adding a kind is one entry in `bulkKinds`.
 */
export interface BulkKind<T> {
  prepare(value: Record<string, unknown>): { ok: true; item: T } | { ok: false; refusal: LineRefusal };
  write(tx: ServiceContext, items: T[]): Promise<LineResult[]>;
}

/** The order kind: one `OrderInput` of `importOrders` per line, checked and written by the same code. */
function orderKind(check: OrderCheck): BulkKind<PreparedOrder> {
  return {
    prepare(value) {
      const checked = check(value);
      if (!checked.ok) return { ok: false, refusal: { code: 'INVALID_LINE', message: checked.message } };
      try {
        return { ok: true, item: prepareOrder(checked.order, 0) };
      } catch (e) {
        if (e instanceof BadInputError) return { ok: false, refusal: { code: 'INVALID_LINE', message: e.message.replace(/^orders\.0\./, '') } };
        throw e;
      }
    },
    write: writeOrderBatch,
  };
}

/**
 * Writes a batch's orders in one savepoint; an order number seen earlier in the batch is refused
 * (DUPLICATE_ORDER_NUMBER), and an order `writeOrders` refuses (ORDER_HAS_RETURNS) is taken out and the rest written
 * again, so one bad order never holds back the others and none is half-written.
 */
async function writeOrderBatch(tx: ServiceContext, items: PreparedOrder[]): Promise<LineResult[]> {
  const results: LineResult[] = new Array<LineResult>(items.length);
  const firstAt = new Map<string, number>();
  let pending: number[] = [];
  items.forEach((p, i) => {
    const seen = firstAt.get(p.order.orderNumber);
    if (seen === undefined) {
      firstAt.set(p.order.orderNumber, i);
      pending.push(i);
    } else {
      results[i] = { code: 'DUPLICATE_ORDER_NUMBER', message: `order ${p.order.orderNumber} appears earlier in the same batch; an order number goes once in a file` };
    }
  });
  while (pending.length) {
    const batch = pending.map((i, index) => ({ ...items[i], index }));
    try {
      const written = await tx.db.transaction((sp) => writeOrders({ ...tx, db: sp }, batch));
      written.forEach((w, k) => { results[pending[k]] = w.change; });
      break;
    } catch (e) {
      const refused = e instanceof UserErrorAbort ? e.userErrors[0] : undefined;
      const k = Number(refused?.field?.[1]);
      if (!refused || !Number.isInteger(k) || k < 0 || k >= pending.length) throw e;
      results[pending[k]] = { code: refused.code, message: refused.message };
      pending = pending.filter((_, j) => j !== k);
    }
  }
  return results;
}

/** A kind's name as lines give it, in the order a batch writes them (orders before the returns that refer to them). */
export type KindName = 'order';

/** The kinds a line may have. */
export type BulkKinds = Record<KindName, BulkKind<unknown>>;

/** The kinds a line may have, given how the transport checks its input shapes. */
export function bulkKinds(checks: { order: OrderCheck }): BulkKinds {
  return { order: orderKind(checks.order) as BulkKind<unknown> };
}
