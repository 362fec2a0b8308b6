import { createHash } from 'node:crypto';
import { CONDITION_GRADES, DISPOSITION_TYPES, type ConditionGrade, type DispositionType } from './disposition-types';
import { allocateByWeights, parseAmount } from './money';
import { computeItemRefund } from './refund';
import { isReturnReasonCode, type ReturnReasonCode } from './return-reasons';
import { claimsQuantity, isReturnStatus, type ReturnStatus } from './return-status';
import type { UserErrorCode } from './user-error-codes';

/*
 * Past returns loaded from a merchant's own system (docs/importing.md, "Importing past returns"): the rules that turn
 * one row into a return, pure. The service loads the orders and lines, calls planImportedReturn per row and writes the
 * plans in a few multi-row statements.
 */

/** How the merchant refunded a past return; each maps to the items' resolution. */
export type ImportRefundMethod = 'ORIGINAL_PAYMENT' | 'STORE_CREDIT' | 'EXCHANGE';

const RESOLUTION_OF: Record<ImportRefundMethod, 'REFUND' | 'STORE_CREDIT' | 'EXCHANGE'> = {
  ORIGINAL_PAYMENT: 'REFUND', STORE_CREDIT: 'STORE_CREDIT', EXCHANGE: 'EXCHANGE',
};

/** One line of a past return: which order line (by `lineNumber`, or by `sku` when it is on one line), how many, why. */
export interface ReturnImportItem {
  /** The order line's number (1-based, as imported); needed when the SKU is on several lines of the order. */
  lineNumber?: number | null;
  /** The order line's SKU, when lineNumber is not given. */
  sku?: string | null;
  /** Units returned (≥ 1, at most what the line has left to return). */
  quantity: number;
  /** The merchant's own reason code, mapped to a Boomerang reason (unmapped: OTHER, the code kept on the item). */
  reasonCode: string;
  note?: string | null;
  /** Units that arrived (default: all of them when the return has receivedAt, else none). */
  receivedQuantity?: number | null;
  grade?: ConditionGrade | null;
  disposition?: DispositionType | null;
  /** What the merchant got back for these units (resale, vendor credit, …): a decimal string in the order's currency. */
  valueRecovered?: string | null;
}

/**
 * One past return as the merchant's system knows it: the plain row importReturns takes from GraphQL and the bulk
 * importer from a JSON Lines `return` line. Dates are the real ones; the status is kept as it was.
 */
export interface ReturnImportRow {
  /** The merchant's own return id: unique per merchant, what makes a re-sent row a no-op. */
  externalId: string;
  /** The imported order the return is against. */
  orderNumber: string;
  status: ReturnStatus;
  requestedAt: Date;
  /** When the parcel arrived (only for RECEIVED, INSPECTED or COMPLETED). */
  receivedAt?: Date | null;
  /** When the refund was paid; with a refundAmount above zero the refund counts as issued. */
  refundedAt?: Date | null;
  /** The refund paid (or quoted, without refundedAt): a decimal string in the order's currency. */
  refundAmount?: string | null;
  /** Default ORIGINAL_PAYMENT. */
  refundMethod?: ImportRefundMethod | null;
  rejectionReason?: string | null;
  items: ReturnImportItem[];
}

/** A merchant reason code → Boomerang reason mapping (codes compared case-insensitively, trimmed). */
export type ReasonMapping = ReadonlyMap<string, ReturnReasonCode>;

/** The key a merchant code is looked up by. */
export const reasonKey = (code: string): string => code.trim().toUpperCase();

/** The Boomerang reason for a merchant code: mapped, or a Boomerang code as is, else OTHER. */
export function mapReason(code: string, mapping: ReasonMapping): ReturnReasonCode {
  const key = reasonKey(code);
  return mapping.get(key) ?? (isReturnReasonCode(key) ? key : 'OTHER');
}

/** Content hash of a row as sent (merchant codes, not mapped reasons): the same row sent again is unchanged. */
export function importRowHash(row: ReturnImportRow): string {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const canonical = JSON.stringify([
    row.orderNumber, row.status, iso(row.requestedAt), iso(row.receivedAt), iso(row.refundedAt), row.refundAmount ?? null,
    row.refundMethod ?? 'ORIGINAL_PAYMENT', row.rejectionReason ?? null,
    row.items.map((i) => [i.lineNumber ?? null, i.sku ?? null, i.quantity, i.reasonCode, i.note ?? null, i.receivedQuantity ?? null,
      i.grade ?? null, i.disposition ?? null, i.valueRecovered ?? null]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** An imported order as the planner needs it. */
export interface ImportOrder { id: string; customerId: string; currencyCode: string; placedAt: Date }

/** An order line with the units returns already claim of it (including rows planned earlier in the batch). */
export interface ImportLine {
  id: string; lineNumber: number; sku: string; quantity: number; unitPriceMinor: number; discountMinor: number; claimed: number;
}

/** A row error: its code, message and the field path below the row. */
export interface RowError { code: UserErrorCode; message: string; field: string[] }

/** One item ready to write. */
export interface PlannedItem {
  line: ImportLine; quantity: number; receivedQuantity: number; reason: ReturnReasonCode; merchantReasonCode: string; note: string | null;
  resolution: 'REFUND' | 'STORE_CREDIT' | 'EXCHANGE'; grade: ConditionGrade | null; disposition: DispositionType | null;
  grossMinor: number; refundMinor: number; recoveredMinor: number | null;
}

/** One return ready to write. */
export interface PlannedReturn {
  status: ReturnStatus; refundMinor: number; refundStatus: 'QUOTED' | 'ISSUED' | 'NONE'; items: PlannedItem[];
}

const RECEIVED_STATUSES: ReadonlySet<ReturnStatus> = new Set(['RECEIVED', 'INSPECTED', 'COMPLETED']);

function amount(value: string, currency: string, field: string[], errors: RowError[]): number | null {
  try {
    const minor = parseAmount(value, currency);
    if (minor < 0) throw new RangeError('negative');
    return minor;
  } catch {
    errors.push({ code: 'INVALID_AMOUNT', message: `${field.at(-1)}: not a valid non-negative amount in ${currency}`, field });
    return null;
  }
}

/**
 * Plans one row against its order and lines (claimed: units other returns hold, including the batch's earlier rows),
 * or lists everything wrong with it. Imported returns bypass today's policy (no window, no fees): the merchant decided
 * them; only what cannot be true is refused — more units than the line has left, dates out of order or in the future.
 */
export function planImportedReturn(
  row: ReturnImportRow, order: ImportOrder, lines: readonly ImportLine[], mapping: ReasonMapping, now: Date,
): { ok: true; plan: PlannedReturn } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  if (!isReturnStatus(row.status)) errors.push({ code: 'INVALID_STATUS', message: 'Unknown return status', field: ['status'] });
  const dates: Array<[keyof ReturnImportRow, Date | null | undefined]> = [['requestedAt', row.requestedAt], ['receivedAt', row.receivedAt], ['refundedAt', row.refundedAt]];
  for (const [name, d] of dates) {
    if (d && (Number.isNaN(d.getTime()) || d > now)) errors.push({ code: 'INVALID_DATE', message: `${name} must be a valid date, not in the future`, field: [name] });
  }
  if (row.requestedAt < order.placedAt) errors.push({ code: 'INVALID_DATE', message: 'requestedAt is before the order was placed', field: ['requestedAt'] });
  if (row.receivedAt && row.receivedAt < row.requestedAt) errors.push({ code: 'INVALID_DATE', message: 'receivedAt is before requestedAt', field: ['receivedAt'] });
  if (row.refundedAt && row.refundedAt < row.requestedAt) errors.push({ code: 'INVALID_DATE', message: 'refundedAt is before requestedAt', field: ['refundedAt'] });
  if (row.receivedAt && !RECEIVED_STATUSES.has(row.status)) {
    errors.push({ code: 'INVALID_DATE', message: 'receivedAt is only for RECEIVED, INSPECTED or COMPLETED returns', field: ['receivedAt'] });
  }
  const released = !claimsQuantity(row.status);
  const refundMinor = row.refundAmount ? amount(row.refundAmount, order.currencyCode, ['refundAmount'], errors) : 0;
  if (released && ((refundMinor ?? 0) > 0 || row.refundedAt)) {
    errors.push({ code: 'REFUND_NOT_ALLOWED', message: `A ${row.status} return refunds nothing`, field: ['refundAmount'] });
  }
  if (!row.items.length) errors.push({ code: 'NO_ITEMS', message: 'A return needs at least one item', field: ['items'] });
  const resolution = RESOLUTION_OF[row.refundMethod ?? 'ORIGINAL_PAYMENT'];
  const used = new Map<string, number>();
  const items: PlannedItem[] = [];
  row.items.forEach((item, i) => {
    const f = ['items', String(i)];
    const matches = item.lineNumber != null ? lines.filter((l) => l.lineNumber === item.lineNumber && (item.sku == null || l.sku === item.sku))
      : item.sku != null ? lines.filter((l) => l.sku === item.sku) : [];
    if (item.lineNumber == null && item.sku == null) return errors.push({ code: 'LINE_REQUIRED', message: 'Give the order line by lineNumber or sku', field: f });
    if (matches.length === 0) return errors.push({ code: 'LINE_NOT_FOUND', message: `No such line on order ${row.orderNumber}`, field: [...f, item.lineNumber != null ? 'lineNumber' : 'sku'] });
    if (matches.length > 1) return errors.push({ code: 'LINE_AMBIGUOUS', message: `SKU ${item.sku} is on several lines of the order: give lineNumber`, field: [...f, 'sku'] });
    const line = matches[0];
    if (used.has(line.id)) return errors.push({ code: 'DUPLICATE_LINE', message: 'Each order line may appear once per return', field: f });
    if (!Number.isInteger(item.quantity) || item.quantity < 1) return errors.push({ code: 'INVALID_QUANTITY', message: 'quantity must be a whole number ≥ 1', field: [...f, 'quantity'] });
    const left = released ? line.quantity : line.quantity - line.claimed;
    if (item.quantity > left) {
      return errors.push({ code: 'QUANTITY_EXCEEDS_RETURNABLE', message: `At most ${Math.max(0, left)} unit(s) of line ${line.lineNumber} can be returned`, field: [...f, 'quantity'] });
    }
    const received = item.receivedQuantity ?? (row.receivedAt ? item.quantity : 0);
    if (!Number.isInteger(received) || received < 0 || received > item.quantity) {
      return errors.push({ code: 'INVALID_QUANTITY', message: 'receivedQuantity must be from 0 to quantity', field: [...f, 'receivedQuantity'] });
    }
    if (item.grade != null && !(CONDITION_GRADES as readonly string[]).includes(item.grade)) errors.push({ code: 'INVALID_GRADE', message: 'Unknown grade', field: [...f, 'grade'] });
    if (item.disposition != null && !(DISPOSITION_TYPES as readonly string[]).includes(item.disposition)) errors.push({ code: 'INVALID_DISPOSITION', message: 'Unknown disposition', field: [...f, 'disposition'] });
    if ((item.grade != null || item.disposition != null || item.valueRecovered != null) && received === 0) {
      errors.push({ code: 'NOT_RECEIVED', message: 'grade, disposition and valueRecovered need received units', field: f });
    }
    const recoveredMinor = item.valueRecovered != null ? amount(item.valueRecovered, order.currencyCode, [...f, 'valueRecovered'], errors) : null;
    used.set(line.id, item.quantity);
    const reason = mapReason(item.reasonCode, mapping);
    // Gross value of these units: the next unit shares of the line after those already claimed (a released return's
    // units are priced from the first, as they claim nothing).
    const gross = computeItemRefund({
      line, alreadyRefundedUnits: released ? 0 : line.claimed, units: item.quantity, restockingFeePercent: 0, reason,
    }).grossMinor;
    items.push({
      line, quantity: item.quantity, receivedQuantity: received, reason, merchantReasonCode: item.reasonCode, note: item.note?.trim() || null,
      resolution, grade: item.grade ?? null, disposition: item.disposition ?? null, grossMinor: gross, refundMinor: 0, recoveredMinor,
    });
  });
  if (errors.length || refundMinor === null) return { ok: false, errors };
  const gross = items.reduce((s, it) => s + it.grossMinor, 0);
  if (refundMinor > gross) {
    return { ok: false, errors: [{ code: 'REFUND_EXCEEDS_VALUE', message: 'refundAmount is more than the returned units were paid', field: ['refundAmount'] }] };
  }
  // The refund is shared over the items by their value, so per-item figures add up to the return's.
  const shares = gross > 0 ? allocateByWeights(refundMinor, items.map((it) => it.grossMinor)) : items.map((_, i) => (i === 0 ? refundMinor : 0));
  items.forEach((it, i) => { it.refundMinor = shares[i]; });
  const refundStatus = released || refundMinor === 0 ? 'NONE' : row.refundedAt ? 'ISSUED' : 'QUOTED';
  return { ok: true, plan: { status: row.status, refundMinor: released ? 0 : refundMinor, refundStatus, items } };
}
