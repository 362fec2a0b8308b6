import { bigint, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { PayoutKind, PayoutStatus } from '../../domain/settlement';
import { id, timestamps, tstz } from './columns';
import { partners } from './integrations';
import { returns } from './returns';

/**
 * What a return pays out through the merchant's systems: the money refund (REFUND) and the store credit
 * (STORE_CREDIT), at most one of each per return. REQUESTED until the merchant confirms (ISSUED) or declines (FAILED);
 * `attempt` grows with each operator retry and is part of the idempotency key the merchant sees.
 */
export const returnPayouts = pgTable('return_payouts', {
  id: id(),
  returnId: uuid('return_id').notNull().references(() => returns.id),
  kind: text('kind').$type<PayoutKind>().notNull(),
  status: text('status').$type<PayoutStatus>().notNull(),
  /** What the customer receives, in minor units (store credit: the bonus included). */
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  /** The store-credit bonus inside amountMinor; 0 for a refund. */
  bonusMinor: bigint('bonus_minor', { mode: 'number' }).notNull().default(0),
  currencyCode: text('currency_code').notNull(),
  /** The MERCHANT partner asked to pay it; null while no merchant takes refunds (it waits for an operator). */
  partnerId: uuid('partner_id').references(() => partners.id),
  attempt: integer('attempt').notNull().default(1),
  requestedAt: tstz('requested_at').notNull(),
  confirmedAt: tstz('confirmed_at'),
  failureReason: text('failure_reason'),
  /** The merchant's reference for the refund or the credit (payment system id, gift card id). */
  reference: text('reference'),
  /** STORE_CREDIT: the gift card / credit code the customer redeems. */
  creditCode: text('credit_code'),
  /** STORE_CREDIT: the balance on that code after the credit, as the merchant reported it. */
  creditBalanceMinor: bigint('credit_balance_minor', { mode: 'number' }),
  ...timestamps(),
}, (t) => [
  unique('return_payouts_return_kind_uq').on(t.returnId, t.kind),
  index('return_payouts_status_idx').on(t.status, t.id),
]);
