import { bigint, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { ExchangeHoldStatus, ExchangeMode, ExchangeStatus } from '../../domain/exchange';
import { id, timestamps } from './columns';
import { partners } from './integrations';
import { returnItems, returns, type ReturnResolution } from './returns';

/**
 * The exchange of one return item (resolution EXCHANGE): the replacement variant and its price, the merchant order
 * placed for it, and for an instant exchange the payment hold behind it (docs/exchanges.md).
 */
export const returnExchanges = pgTable('return_exchanges', {
  id: id(),
  returnId: uuid('return_id').notNull().references(() => returns.id),
  returnItemId: uuid('return_item_id').notNull().references(() => returnItems.id),
  /** The MERCHANT partner that confirmed the stock and takes the order. */
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  mode: text('mode').$type<ExchangeMode>().notNull(),
  status: text('status').$type<ExchangeStatus>().notNull(),
  originalSku: text('original_sku').notNull(),
  sku: text('sku').notNull(),
  quantity: integer('quantity').notNull(),
  currencyCode: text('currency_code').notNull(),
  unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
  paidMinor: bigint('paid_minor', { mode: 'number' }).notNull(),
  /** Replacement − paid for `quantity` units: positive is charged with the order, negative refunded with the return. */
  priceDifferenceMinor: bigint('price_difference_minor', { mode: 'number' }).notNull(),
  orderReference: text('order_reference'),
  holdStatus: text('hold_status').$type<ExchangeHoldStatus>(),
  holdReference: text('hold_reference'),
  holdMinor: bigint('hold_minor', { mode: 'number' }),
  chargeReference: text('charge_reference'),
  failureReason: text('failure_reason'),
  /** What the item became when the exchange order failed for good. */
  fallbackResolution: text('fallback_resolution').$type<ReturnResolution>(),
  ...timestamps(),
}, (t) => [
  unique('return_exchanges_item_uq').on(t.returnItemId),
  index('return_exchanges_return_idx').on(t.returnId),
  index('return_exchanges_status_idx').on(t.status, t.id),
]);
