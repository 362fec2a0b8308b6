import { bigint, boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';

/** Customers, identified by the merchant's external id (the JWT `sub` of a customer). */
export const customers = pgTable('customers', {
  id: id(),
  externalId: text('external_id').notNull().unique(),
  email: text('email').notNull(),
  name: text('name'),
  /** Trusted customers can get their refund at the first scan when the policy allows it. */
  trusted: boolean('trusted').notNull().default(false),
  ...timestamps(),
}, (t) => [index('customers_email_idx').on(t.email)]);

/** Products by SKU, with what the disposition engine needs to know about them. */
export const products = pgTable('products', {
  id: id(),
  sku: text('sku').notNull().unique(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
  currencyCode: text('currency_code').notNull(),
  weightGrams: integer('weight_grams'),
  refurbishable: boolean('refurbishable').notNull().default(false),
  vendorReturnable: boolean('vendor_returnable').notNull().default(false),
  /** Who supplied the product; RETURN_TO_VENDOR units go to the VENDOR partner listing it in capabilities.suppliers. */
  supplier: text('supplier'),
  recyclable: boolean('recyclable').notNull().default(true),
  ...timestamps(),
}, (t) => [index('products_category_idx').on(t.category)]);
