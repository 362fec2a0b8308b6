import type { ServiceContext } from '../context';
import { BadInputError, UserErrorAbort } from '../errors';
import { prepareOrder, writeOrders, type OrderChange, type OrderImport, type PreparedOrder } from '../orders/order.service';
import { importMerchant, importReturnRows, type ReturnImportResult, type ReturnImportRow } from '../returns/return-import.service';

/**
 * Checks a JSON value as one of `importOrders`' orders: the GraphQL layer supplies it (input coercion and the input
 * classes' validation rules), so a bulk line and an API call are checked by the same rules.
 */
export type OrderCheck = (value: unknown) => { ok: true; order: OrderImport } | { ok: false; message: string };

/**
 * Checks a JSON object as `importReturns`' input holding this one return, the object's `merchant` (if any) being the
 * input's: the GraphQL layer supplies it, so a bulk line and an API call are checked by the same rules.
 */
export type ReturnCheck = (value: Record<string, unknown>) =>
  { ok: true; input: { merchant?: string | null; returns: [ReturnImportRow] } } | { ok: false; message: string };

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
  /** What identifies the record (null: nothing to compare); a key seen earlier in the batch is refused with `repeated`. */
  key(item: T): string | null;
  repeated(item: T): LineRefusal;
  write(tx: ServiceContext, items: T[]): Promise<LineResult[]>;
}

const invalidLine = (message: string) => ({ ok: false as const, refusal: { code: 'INVALID_LINE', message } });

/** A checked line made ready by the service's own checks, or INVALID_LINE with the message of the BadInputError they threw. */
function readyOrInvalid<T>(make: () => T, message: (e: BadInputError) => string): { ok: true; item: T } | { ok: false; refusal: LineRefusal } {
  try {
    return { ok: true, item: make() };
  } catch (e) {
    if (e instanceof BadInputError) return invalidLine(message(e));
    throw e;
  }
}

/** The order kind: one `OrderInput` of `importOrders` per line, checked and written by the same code. */
function orderKind(check: OrderCheck): BulkKind<PreparedOrder> {
  return {
    prepare(value) {
      const checked = check(value);
      if (!checked.ok) return invalidLine(checked.message);
      return readyOrInvalid(() => prepareOrder(checked.order, 0), (e) => e.message.replace(/^orders\.0\./, ''));
    },
    key: (p) => p.order.orderNumber,
    repeated: (p) => ({ code: 'DUPLICATE_ORDER_NUMBER', message: `order ${p.order.orderNumber} appears earlier in the same batch; an order number goes once in a file` }),
    write: writeOrderBatch,
  };
}

/**
 * Writes a batch's orders (distinct order numbers) in one savepoint; an order `writeOrders` refuses (ORDER_HAS_RETURNS)
 * is taken out and the rest written again, so one bad order never holds back the others and none is half-written.
 */
async function writeOrderBatch(tx: ServiceContext, items: PreparedOrder[]): Promise<LineResult[]> {
  const results: LineResult[] = new Array<LineResult>(items.length);
  let pending = items.map((_, i) => i);
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

/** A return line ready to write: its merchant (default "default") and the row as importReturns takes it. */
interface PreparedReturn { merchant: string; row: ReturnImportRow }

/**
 * The return kind: one of `importReturns`' returns per line, plus an optional `merchant` (as importReturns' input),
 * checked by the same rules and written by the same code (`importReturnRows`, one call per merchant in the batch).
 */
function returnKind(check: ReturnCheck): BulkKind<PreparedReturn> {
  return {
    prepare(value) {
      const checked = check(value);
      if (!checked.ok) return invalidLine(checked.message);
      return readyOrInvalid(() => ({ merchant: importMerchant(checked.input.merchant), row: checked.input.returns[0] }), (e) => `merchant: ${e.message}`);
    },
    // As importReturnRows compares them: per merchant, the exact id; a blank id is refused by importReturnRows itself.
    key: (p) => (p.row.externalId?.trim() ? `${p.merchant}\u0000${p.row.externalId}` : null),
    repeated: (p) => ({ code: 'DUPLICATE_EXTERNAL_ID', message: `externalId ${p.row.externalId} appears earlier in the same batch; a return goes once in a file` }),
    write: writeReturnBatch,
  };
}

/** A row's result as a line's: created, unchanged, or refused with importReturns' first code and all its messages. */
function returnLineResult(r: ReturnImportResult): LineResult {
  if (r.outcome === 'CREATED') return 'created';
  if (r.outcome === 'UNCHANGED') return 'unchanged';
  const [first] = r.errors;
  if (first.code === 'DUPLICATE_EXTERNAL_ID') {
    // importReturns' message names a row of its call; here the batch's row numbers mean nothing to the sender.
    return { code: first.code, message: `externalId ${r.externalId} appears earlier in the same batch; a return goes once in a file` };
  }
  return { code: first.code, message: r.errors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)).join('; ') };
}

/** Writes a batch's returns with `importReturnRows`, merchant by merchant; a refused row writes nothing of itself. */
async function writeReturnBatch(tx: ServiceContext, items: PreparedReturn[]): Promise<LineResult[]> {
  const results: LineResult[] = new Array<LineResult>(items.length);
  const byMerchant = new Map<string, number[]>();
  items.forEach((p, i) => byMerchant.set(p.merchant, [...(byMerchant.get(p.merchant) ?? []), i]));
  for (const merchant of [...byMerchant.keys()].sort()) {
    const at = byMerchant.get(merchant)!;
    const written = await importReturnRows(tx, merchant, at.map((i) => items[i].row));
    written.forEach((r, k) => { results[at[k]] = returnLineResult(r); });
  }
  return results;
}

/** A kind's name as lines give it, in the order a batch writes them (orders before the returns that refer to them). */
export type KindName = 'order' | 'return';

/** The kinds a line may have. */
export type BulkKinds = Record<KindName, BulkKind<unknown>>;

/** The kinds a line may have, given how the transport checks its input shapes. */
export function bulkKinds(checks: { order: OrderCheck; return: ReturnCheck }): BulkKinds {
  // Key order is write order: a batch's orders are written before its returns.
  return { order: orderKind(checks.order) as BulkKind<unknown>, return: returnKind(checks.return) as BulkKind<unknown> };
}
