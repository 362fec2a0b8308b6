import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, numeric, pgSequence, pgTable, primaryKey, text, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ConditionGrade, CosmeticGrade, DispositionType, FunctionalGrade } from '../../domain/disposition';
import type { ReturnReasonCode } from '../../domain/return-reasons';
import type { ReturnStatus } from '../../domain/return-status';
import { customers } from './catalog';
import { id, timestamps, tstz } from './columns';
import { orderLines, orders } from './orders';

/** Source of human-readable RMA numbers. */
export const rmaNumberSeq = pgSequence('rma_number_seq', { startWith: 100001 });

export type ReturnResolution = 'REFUND' | 'STORE_CREDIT' | 'EXCHANGE';
/** QUOTED until completion; REQUESTED from the merchant's payment system; ISSUED once it confirms; FAILED when declined. */
export type RefundStatus = 'QUOTED' | 'REQUESTED' | 'ISSUED' | 'FAILED' | 'NONE';

/** A return (RMA): one customer, one order, several items, one lifecycle. */
export const returns = pgTable('returns', {
  id: id(),
  rmaNumber: text('rma_number').notNull().unique().default(sql`'RMA-' || lpad(nextval('rma_number_seq')::text, 8, '0')`),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  orderId: uuid('order_id').notNull().references(() => orders.id),
  status: text('status').$type<ReturnStatus>().notNull(),
  currencyCode: text('currency_code').notNull(),
  version: integer('version').notNull().default(1),
  idempotencyKey: text('idempotency_key'),
  requestHash: text('request_hash'),
  shippingFeeMinor: bigint('shipping_fee_minor', { mode: 'number' }).notNull().default(0),
  restockingFeeMinor: bigint('restocking_fee_minor', { mode: 'number' }).notNull().default(0),
  refundMinor: bigint('refund_minor', { mode: 'number' }).notNull().default(0),
  refundStatus: text('refund_status').$type<RefundStatus>().notNull().default('QUOTED'),
  refundedAt: tstz('refunded_at'),
  packagingReusable: boolean('packaging_reusable'),
  rejectionReason: text('rejection_reason'),
  /** Loaded from the merchant's past (importReturns): never announced to partners or merchants, exempt from today's policy. */
  imported: boolean('imported').notNull().default(false),
  /** The merchant system an imported return came from (importReturns' `merchant`); null for returns made in Boomerang. */
  merchant: text('merchant'),
  /** The merchant's own id of an imported return, unique per merchant: a re-sent import finds it. */
  externalId: text('external_id'),
  /** Content hash of the imported row: the same row sent again is unchanged, another one with the same id is refused. */
  importHash: text('import_hash'),
  ...timestamps(),
}, (t) => [
  unique('returns_merchant_external_uq').on(t.merchant, t.externalId),
  index('returns_status_idx').on(t.status, t.id),
  index('returns_customer_idx').on(t.customerId, t.id),
  index('returns_order_idx').on(t.orderId, t.id),
  index('returns_created_idx').on(t.createdAt, t.id),
  index('returns_refund_status_idx').on(t.refundStatus, t.id),
  unique('returns_idempotency_uq').on(t.customerId, t.idempotencyKey),
]);

/** The recommendation the disposition engine made at inspection, stored as given. */
export interface StoredRecommendation {
  disposition: DispositionType;
  expectedRecoveryMinor: number;
  co2eAvoidedKg: number;
  rationale: string;
  ruleId: string;
  ruleSetVersion: number;
}

/** One order line's units on a return, from request through disposition. */
export const returnItems = pgTable('return_items', {
  id: id(),
  returnId: uuid('return_id').notNull().references(() => returns.id),
  orderLineId: uuid('order_line_id').notNull().references(() => orderLines.id),
  quantity: integer('quantity').notNull(),
  receivedQuantity: integer('received_quantity').notNull().default(0),
  missingQuantity: integer('missing_quantity').notNull().default(0),
  reason: text('reason').$type<ReturnReasonCode>().notNull(),
  note: text('note'),
  resolution: text('resolution').$type<ReturnResolution>().notNull().default('REFUND'),
  exchangeSku: text('exchange_sku'),
  /** Restocking fee % of the policy in force when the return was requested. */
  restockingFeePercent: numeric('restocking_fee_percent', { precision: 5, scale: 2, mode: 'number' }).notNull().default(0),
  /** Store-credit bonus % of the policy in force when the return was requested (applies when resolution is STORE_CREDIT). */
  storeCreditBonusPercent: numeric('store_credit_bonus_percent', { precision: 5, scale: 2, mode: 'number' }).notNull().default(0),
  grade: text('grade').$type<ConditionGrade>(),
  /** The inspector's cosmetic assessment, when given (the condition grade is what the rules use). */
  cosmeticGrade: text('cosmetic_grade').$type<CosmeticGrade>(),
  /** The inspector's functional assessment, when given. */
  functionalGrade: text('functional_grade').$type<FunctionalGrade>(),
  inspectionNotes: text('inspection_notes'),
  inspectedAt: tstz('inspected_at'),
  recommendation: jsonb('recommendation').$type<StoredRecommendation>(),
  disposition: text('disposition').$type<DispositionType>(),
  dispositionReason: text('disposition_reason'),
  dispositionedAt: tstz('dispositioned_at'),
  grossMinor: bigint('gross_minor', { mode: 'number' }),
  restockingFeeMinor: bigint('restocking_fee_minor', { mode: 'number' }),
  refundMinor: bigint('refund_minor', { mode: 'number' }),
  /** The merchant's own reason code of an imported item, as sent (mapped to `reason`; OTHER when unmapped). */
  merchantReasonCode: text('merchant_reason_code'),
  /** Value an imported item recovered in the merchant's past (resale, credit, …), in minor units of the return's currency. */
  importedRecoveredMinor: bigint('imported_recovered_minor', { mode: 'number' }),
  /** The original item these units were received as and split off (graded apart, or one unit per refurbishment job); null for an original. */
  splitFromId: uuid('split_from_id').references((): AnyPgColumn => returnItems.id),
}, (t) => [
  index('return_items_return_idx').on(t.returnId),
  index('return_items_order_line_idx').on(t.orderLineId),
  index('return_items_split_from_idx').on(t.splitFromId),
]);

/** Append-only history of a return: every change writes one row. */
export const returnEvents = pgTable('return_events', {
  id: id(),
  returnId: uuid('return_id').notNull().references(() => returns.id),
  type: text('type').notNull(),
  at: tstz('at').notNull().defaultNow(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('return_events_return_idx').on(t.returnId, t.id)]);

/** A merchant's own return reason codes mapped to Boomerang's reasons, kept for the next importReturns. */
export const returnReasonMappings = pgTable('return_reason_mappings', {
  merchant: text('merchant').notNull(),
  code: text('code').notNull(),
  reason: text('reason').$type<ReturnReasonCode>().notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.merchant, t.code] })]);
