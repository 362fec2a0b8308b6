import { boolean, integer, jsonb, numeric, pgTable, text, unique } from 'drizzle-orm/pg-core';
import type { ReturnReasonCode } from '../../domain/return-reasons';
import type { DispositionRuleSet } from '../../domain/disposition';
import type { ReturnMethodType } from './methods';
import { id, timestamps, tstz } from './columns';

/** Return policy rows: category NULL is the default, other rows override it per category. */
export const returnPolicies = pgTable('return_policies', {
  id: id(),
  category: text('category'),
  windowDays: integer('window_days').notNull(),
  restockingFeePercent: numeric('restocking_fee_percent', { precision: 5, scale: 2, mode: 'number' }),
  nonReturnable: boolean('non_returnable'),
  freeShippingReasons: jsonb('free_shipping_reasons').$type<ReturnReasonCode[]>(),
  autoApprove: boolean('auto_approve'),
  /** Return methods offered and their fee in major units of the order currency (0 = free); null: the default's. */
  methodFees: jsonb('method_fees').$type<Partial<Record<ReturnMethodType, number>>>(),
  /** Offer a returnless refund when the unit value is at or below this (major units); null: the default's. */
  returnlessThreshold: numeric('returnless_threshold', { precision: 12, scale: 3, mode: 'number' }),
  /** Issue the refund at the first carrier/locker/store scan for trusted customers. */
  refundAtFirstScan: boolean('refund_at_first_scan'),
  /** Days a booked method stays valid before the return expires. */
  dropOffDays: integer('drop_off_days'),
  /** Refurbishment quotes at or below this (major units) are approved without an operator; null: none are. */
  refurbAutoApproveLimit: numeric('refurb_auto_approve_limit', { precision: 12, scale: 3, mode: 'number' }),
  /** Requests whose order return risk (0–1, from the active model) is at or above this wait for an operator; null: off. */
  manualReviewRiskAbove: numeric('manual_review_risk_above', { precision: 4, scale: 3, mode: 'number' }),
  /** Requests from customers flagged as serial returners wait for an operator; null: the default's. */
  manualReviewSerialReturners: boolean('manual_review_serial_returners'),
  /** Exchanges ship at once against a hold on the original payment, rather than when the return arrives; null: the default's. */
  instantExchange: boolean('instant_exchange'),
  /** Bonus % on the value of items the customer takes as store credit instead of money; null: the default's (0). */
  storeCreditBonusPercent: numeric('store_credit_bonus_percent', { precision: 5, scale: 2, mode: 'number' }),
  ...timestamps(),
}, (t) => [unique('return_policies_category_uq').on(t.category).nullsNotDistinct()]);

/** Versioned disposition rule sets; the highest version is in force. */
export const dispositionRuleSets = pgTable('disposition_rule_sets', {
  id: id(),
  version: integer('version').notNull().unique(),
  ruleSet: jsonb('rule_set').$type<DispositionRuleSet>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});
