import { bigint, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { customers, products } from './catalog';
import { id, timestamps, tstz } from './columns';

/** Shipping address as imported; coordinates feed drop-off search later. */
export interface StoredAddress {
  name?: string | null;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  countryCode: string;
  phone?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/** Orders imported from the merchant's commerce platform, upserted by order number. */
export const orders = pgTable('orders', {
  id: id(),
  orderNumber: text('order_number').notNull().unique(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  email: text('email').notNull(),
  currencyCode: text('currency_code').notNull(),
  placedAt: tstz('placed_at').notNull(),
  deliveredAt: tstz('delivered_at'),
  shippingAddress: jsonb('shipping_address').$type<StoredAddress>(),
  importHash: text('import_hash').notNull(),
  ...timestamps(),
}, (t) => [
  index('orders_customer_idx').on(t.customerId, t.id),
  index('orders_placed_idx').on(t.placedAt),
  index('orders_updated_idx').on(t.updatedAt),
]);

/** One line of an order; price and discount in minor units of the order's currency. */
export const orderLines = pgTable('order_lines', {
  id: id(),
  orderId: uuid('order_id').notNull().references(() => orders.id),
  lineNumber: integer('line_number').notNull(),
  productId: uuid('product_id').notNull().references(() => products.id),
  sku: text('sku').notNull(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  currencyCode: text('currency_code').notNull(),
  quantity: integer('quantity').notNull(),
  unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
  discountMinor: bigint('discount_minor', { mode: 'number' }).notNull().default(0),
  weightGrams: integer('weight_grams'),
}, (t) => [
  unique('order_lines_order_line_uq').on(t.orderId, t.lineNumber),
  index('order_lines_product_idx').on(t.productId),
]);
