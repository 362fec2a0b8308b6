import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordsetInsert, stamp, type RecordsetRow } from '../../db/recordset';
import { queryRows } from '../../db/rows';
import { orderLines, orders, returnReasonMappings, returns } from '../../db/schema';
import { byKey } from '../../db/batches';
import { uuidv7 } from '../../domain/ids';
import {
  importRowHash, planImportedReturn, reasonKey, type ImportLine, type ReasonMapping, type ReturnImportRow,
} from '../../domain/return-import';
import type { ReturnReasonCode } from '../../domain/return-reasons';
import type { UserErrorCode } from '../../domain/user-error-codes';
import { claimsQuantity } from '../../domain/return-status';
import { requireAdmin } from '../access';
import { actorLabel, inTransaction, type ServiceContext } from '../context';
import { BadInputError, type UserError } from '../errors';
import { claimedUnits } from './returnable.service';

export type { ReturnImportItem, ReturnImportRow } from '../../domain/return-import';

/*
 * importReturns (docs/importing.md, "Importing past returns"): a merchant's past returns with their real dates, written
 * set-based — a handful of statements per batch whatever its size — and never announced: no outbox row, no job, no
 * merchant webhook. The analytics aggregates, forecasts, risk labels and serial-returner scores read them like any
 * other return (the aggregates at their next refresh: the rows' history ids are new, so an incremental one finds them).
 */

/** What became of one row. */
export type ReturnImportOutcome = 'CREATED' | 'UNCHANGED' | 'FAILED';

/** One row's result: its place in the batch, the return (created, or found from an earlier import), its errors. */
export interface ReturnImportResult {
  index: number;
  externalId: string;
  outcome: ReturnImportOutcome;
  returnId: string | null;
  /** Field paths relative to the row (`['items', '0', 'quantity']`). */
  errors: UserError[];
}

/** Most rows one importReturns call takes (the bulk importer calls importReturnRows in batches of its own). */
export const MAX_IMPORT_RETURNS = 1000;

const RETURN_COLUMNS = 'id uuid, customer_id uuid, order_id uuid, status text, currency_code text, refund_minor bigint, refund_status text, '
  + 'refunded_at timestamptz, rejection_reason text, imported boolean, merchant text, external_id text, import_hash text, '
  + 'created_at timestamptz, updated_at timestamptz';
const ITEM_COLUMNS = 'id uuid, return_id uuid, order_line_id uuid, quantity integer, received_quantity integer, reason text, '
  + 'merchant_reason_code text, note text, resolution text, grade text, inspected_at timestamptz, disposition text, dispositioned_at timestamptz, '
  + 'gross_minor bigint, restocking_fee_minor bigint, refund_minor bigint, imported_recovered_minor bigint';
const EVENT_COLUMNS = 'id uuid, return_id uuid, type text, at timestamptz, actor_type text, actor_id text, data jsonb';

/** The merchant's stored reason mapping, overridden code by code by `given`. */
async function reasonMapping(tx: ServiceContext, merchant: string, given: ReasonMapping | undefined): Promise<ReasonMapping> {
  const stored = await tx.db.select({ code: returnReasonMappings.code, reason: returnReasonMappings.reason }).from(returnReasonMappings)
    .where(eq(returnReasonMappings.merchant, merchant));
  return new Map([...stored.map((r) => [r.code, r.reason] as const), ...(given ?? [])]);
}

/**
 * Writes past returns of one merchant in one transaction (`tx` must be inside one): each row is created whole, found
 * unchanged (the same externalId with the same content: nothing written), or refused with its errors and nothing of it
 * written. Orders are locked in order-number order (as importOrders locks them), so concurrent imports cannot both
 * claim a line's last units. `mapping` overrides the merchant's stored reason mapping code by code.
 * Statements: lock orders, read lines with claimed units, read prior imports, read the mapping, one write.
 */
export async function importReturnRows(
  tx: ServiceContext, merchant: string, rows: readonly ReturnImportRow[], mapping?: ReasonMapping,
): Promise<ReturnImportResult[]> {
  const results: ReturnImportResult[] = rows.map((row, index) => ({ index, externalId: row.externalId, outcome: 'FAILED', returnId: null, errors: [] }));
  const failRow = (i: number, code: UserErrorCode, message: string, field: string[] = []) => {
    results[i].outcome = 'FAILED';
    results[i].errors.push({ code, message, field });
  };
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!row.externalId?.trim()) return failRow(i, 'EXTERNAL_ID_REQUIRED', 'externalId is required', ['externalId']);
    if (seen.has(row.externalId)) return failRow(i, 'DUPLICATE_EXTERNAL_ID', `externalId ${row.externalId} appears twice in one import (row ${seen.get(row.externalId)})`, ['externalId']);
    seen.set(row.externalId, i);
  });
  const candidates = rows.map((row, i) => ({ row, i })).filter(({ i }) => results[i].errors.length === 0);
  if (!candidates.length) return results;

  const numbers = [...new Set(candidates.map((c) => c.row.orderNumber))].sort(byKey);
  const locked = await tx.db.select({ id: orders.id, orderNumber: orders.orderNumber, customerId: orders.customerId, currencyCode: orders.currencyCode, placedAt: orders.placedAt })
    .from(orders).where(inArray(orders.orderNumber, numbers)).orderBy(sql`${orders.orderNumber} collate "C"`).for('update');
  const orderByNumber = new Map(locked.map((o) => [o.orderNumber, o]));
  const linesByOrder = new Map<string, ImportLine[]>();
  if (locked.length) {
    const lineRows = await tx.db.select({
      id: orderLines.id, orderId: orderLines.orderId, lineNumber: orderLines.lineNumber, sku: orderLines.sku, quantity: orderLines.quantity,
      unitPriceMinor: orderLines.unitPriceMinor, discountMinor: orderLines.discountMinor, claimed: claimedUnits(orderLines.id),
    }).from(orderLines).where(inArray(orderLines.orderId, locked.map((o) => o.id)));
    for (const { orderId, ...l } of lineRows) {
      linesByOrder.set(orderId, [...(linesByOrder.get(orderId) ?? []), { ...l, claimed: Number(l.claimed) }]);
    }
  }
  const prior = new Map((await tx.db.select({ id: returns.id, externalId: returns.externalId, importHash: returns.importHash }).from(returns)
    .where(and(eq(returns.merchant, merchant), inArray(returns.externalId, candidates.map((c) => c.row.externalId)))))
    .map((r) => [r.externalId!, r]));
  const reasons = await reasonMapping(tx, merchant, mapping);

  const now = tx.now();
  const importer = actorLabel(tx.actor);
  const writes: { returns: RecordsetRow[]; items: RecordsetRow[]; events: RecordsetRow[] } = { returns: [], items: [], events: [] };
  for (const { row, i } of candidates) {
    const hash = importRowHash(row);
    const before = prior.get(row.externalId);
    if (before) {
      if (before.importHash === hash) Object.assign(results[i], { outcome: 'UNCHANGED', returnId: before.id });
      else failRow(i, 'RETURN_ALREADY_IMPORTED', `Return ${row.externalId} was imported before with other content; imported returns are not rewritten`, ['externalId']);
      continue;
    }
    const order = orderByNumber.get(row.orderNumber);
    if (!order) {
      failRow(i, 'ORDER_NOT_FOUND', `No imported order ${row.orderNumber}: import the order first`, ['orderNumber']);
      continue;
    }
    const lines = linesByOrder.get(order.id) ?? [];
    const planned = planImportedReturn(row, order, lines, reasons, now);
    if (!planned.ok) {
      for (const e of planned.errors) failRow(i, e.code, e.message, e.field);
      continue;
    }
    const { plan } = planned;
    // Later rows of the batch see these units as claimed.
    if (claimsQuantity(plan.status)) for (const it of plan.items) it.line.claimed += it.quantity;
    const returnId = uuidv7();
    Object.assign(results[i], { outcome: 'CREATED', returnId });
    writes.returns.push({
      id: returnId, customer_id: order.customerId, order_id: order.id, status: plan.status, currency_code: order.currencyCode,
      refund_minor: plan.refundMinor, refund_status: plan.refundStatus, refunded_at: plan.refundStatus === 'ISSUED' ? stamp(row.refundedAt) : null,
      rejection_reason: plan.status === 'REJECTED' ? row.rejectionReason?.trim() || null : null, imported: true, merchant,
      external_id: row.externalId, import_hash: hash, created_at: stamp(row.requestedAt), updated_at: stamp(now),
    });
    // After receipt, grading and disposition are dated at receipt: the merchant's system rarely keeps those times.
    const handledAt = stamp(row.receivedAt ?? row.refundedAt ?? row.requestedAt);
    for (const it of plan.items) {
      writes.items.push({
        id: uuidv7(), return_id: returnId, order_line_id: it.line.id, quantity: it.quantity, received_quantity: it.receivedQuantity,
        reason: it.reason, merchant_reason_code: it.merchantReasonCode, note: it.note, resolution: it.resolution, grade: it.grade,
        inspected_at: it.grade ? handledAt : null, disposition: it.disposition, dispositioned_at: it.disposition ? handledAt : null,
        gross_minor: it.grossMinor, restocking_fee_minor: 0, refund_minor: it.refundMinor, imported_recovered_minor: it.recoveredMinor,
      });
    }
    // The history as it happened, dated when it happened; then the import itself. Written directly, not through
    // appendEvent: nothing of the past is announced to partners or merchants.
    const event = (type: string, at: number | null, data: Record<string, unknown>, actor: { actorType: string; actorId: string | null } = { actorType: 'system', actorId: `import:${merchant}` }) => {
      writes.events.push({ id: uuidv7(), return_id: returnId, type, at, actor_type: actor.actorType, actor_id: actor.actorId, data });
    };
    event('RETURN_REQUESTED', stamp(row.requestedAt), {
      items: plan.items.map((it) => ({ orderLineId: it.line.id, quantity: it.quantity, reason: it.reason, merchantReasonCode: it.merchantReasonCode })),
    });
    if (row.receivedAt) event('ITEMS_RECEIVED', stamp(row.receivedAt), { items: plan.items.map((it) => ({ orderLineId: it.line.id, quantity: it.receivedQuantity })) });
    if (plan.refundStatus === 'ISSUED') event('REFUND_ISSUED', stamp(row.refundedAt), { amountMinor: plan.refundMinor, currency: order.currencyCode });
    event('RETURN_IMPORTED', stamp(now), { merchant, externalId: row.externalId, status: plan.status }, importer);
  }
  if (writes.returns.length) await writeImported(tx, merchant, writes, results);
  return results;
}

/**
 * One statement: the returns (skipping any a concurrent import of the same merchant id committed first), and the items
 * and events of those inserted. A row skipped that way is reported UNCHANGED or RETURN_ALREADY_IMPORTED, as if sent later.
 */
async function writeImported(
  tx: ServiceContext, merchant: string, writes: { returns: RecordsetRow[]; items: RecordsetRow[]; events: RecordsetRow[] }, results: ReturnImportResult[],
): Promise<void> {
  const inserted = sql`where x.return_id in (select id from r)`;
  const rows = await queryRows<{ id: string }>(tx.db, sql`with
    r as (${recordsetInsert('returns', RETURN_COLUMNS, writes.returns, sql`on conflict (merchant, external_id) do nothing returning id`)}),
    i as (${recordsetInsert('return_items', ITEM_COLUMNS, writes.items, inserted)} returning 1),
    e as (${recordsetInsert('return_events', EVENT_COLUMNS, writes.events, inserted)} returning 1)
    select id::text as id from r`);
  if (rows.length === writes.returns.length) return;
  const written = new Set(rows.map((r) => r.id));
  const lost = results.filter((r) => r.outcome === 'CREATED' && !written.has(r.returnId!));
  const winners = new Map((await tx.db.select({ id: returns.id, externalId: returns.externalId, importHash: returns.importHash }).from(returns)
    .where(and(eq(returns.merchant, merchant), inArray(returns.externalId, lost.map((r) => r.externalId))))).map((r) => [r.externalId!, r]));
  const hashes = new Map(writes.returns.map((r) => [r.external_id as string, r.import_hash as string]));
  for (const r of lost) {
    const winner = winners.get(r.externalId);
    if (winner && winner.importHash === hashes.get(r.externalId)) Object.assign(r, { outcome: 'UNCHANGED', returnId: winner.id });
    else Object.assign(r, { outcome: 'FAILED', returnId: null, errors: [{ code: 'RETURN_ALREADY_IMPORTED', message: `Return ${r.externalId} was imported concurrently with other content`, field: ['externalId'] }] });
  }
}

/** The merchant key of an import as given (default "default"), trimmed; BadInputError when empty or too long. */
export function importMerchant(given: string | null | undefined): string {
  const merchant = (given ?? 'default').trim();
  if (!merchant || merchant.length > 100) throw new BadInputError('merchant must be 1 to 100 characters', ['merchant']);
  return merchant;
}

/** What importReturns is given. */
export interface ImportReturnsRequest {
  /** The merchant system the returns come from (its return ids are unique within it); default "default". */
  merchant?: string | null;
  returns: ReturnImportRow[];
  /** Merchant reason code → Boomerang reason, for this import (over the stored mapping). */
  reasonMapping?: Array<{ code: string; reason: ReturnReasonCode }> | null;
  /** Keep reasonMapping as the merchant's mapping for later imports. */
  saveReasonMapping?: boolean | null;
}

/**
 * `importReturns` (admin): loads past returns in one transaction; per row CREATED, UNCHANGED or FAILED with userErrors
 * whose field paths start `returns.<index>`. A row with errors writes nothing; the others are written.
 */
export async function importReturns(ctx: ServiceContext, req: ImportReturnsRequest): Promise<{ results: ReturnImportResult[]; userErrors: UserError[] }> {
  requireAdmin(ctx);
  const merchant = importMerchant(req.merchant);
  if (req.returns.length > MAX_IMPORT_RETURNS) throw new BadInputError(`At most ${MAX_IMPORT_RETURNS} returns per importReturns (use the bulk importer for more)`, ['returns']);
  const mapping = new Map<string, ReturnReasonCode>();
  for (const [i, m] of (req.reasonMapping ?? []).entries()) {
    const key = reasonKey(m.code);
    if (!key) throw new BadInputError('A reason mapping code must not be empty', ['reasonMapping', String(i), 'code']);
    mapping.set(key, m.reason);
  }
  const results = await inTransaction(ctx, async (tx) => {
    if (req.saveReasonMapping && mapping.size) {
      await tx.db.insert(returnReasonMappings).values([...mapping].map(([code, reason]) => ({ merchant, code, reason, updatedAt: tx.now() })))
        .onConflictDoUpdate({ target: [returnReasonMappings.merchant, returnReasonMappings.code], set: { reason: sql`excluded.reason`, updatedAt: sql`excluded.updated_at` } });
    }
    return importReturnRows(tx, merchant, req.returns, mapping);
  });
  const userErrors = results.flatMap((r) => r.errors.map((e) => ({ ...e, field: ['returns', String(r.index), ...(e.field ?? [])] })));
  return { results, userErrors };
}
