import { bigint, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { ResaleListingStatus } from '../../domain/resale-listing-status';
import type { ResaleSource } from '../../domain/resale-pricing';
import { id, timestamps, tstz } from './columns';
import { returnItems } from './returns';

/** Units of one return item offered for resale; money in minor units of `currency_code`. */
export const resaleListings = pgTable('resale_listings', {
  id: id(),
  returnItemId: uuid('return_item_id').notNull().references(() => returnItems.id),
  units: integer('units').notNull(),
  sku: text('sku').notNull(),
  category: text('category').notNull(),
  /** Human-readable condition, e.g. "Open box – GOOD", "Refurbished – grade B". */
  conditionLabel: text('condition_label').notNull(),
  /** The disposition that made the unit sellable. */
  sourceDisposition: text('source_disposition').$type<ResaleSource>().notNull(),
  /** The pricing rule applied (docs/dispositions.md, "Resale"). */
  pricingRule: text('pricing_rule').notNull(),
  originalUnitPriceMinor: bigint('original_unit_price_minor', { mode: 'number' }).notNull(),
  /** List price per unit. */
  priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
  currencyCode: text('currency_code').notNull(),
  status: text('status').$type<ResaleListingStatus>().notNull().default('AVAILABLE'),
  /** Price per unit it sold at; null until SOLD. */
  soldPriceMinor: bigint('sold_price_minor', { mode: 'number' }),
  version: integer('version').notNull().default(1),
  reservedAt: tstz('reserved_at'),
  soldAt: tstz('sold_at'),
  withdrawnAt: tstz('withdrawn_at'),
  ...timestamps(),
}, (t) => [
  index('resale_listings_status_idx').on(t.status, t.id),
  index('resale_listings_category_idx').on(t.category, t.id),
  index('resale_listings_sku_idx').on(t.sku, t.id),
  index('resale_listings_item_idx').on(t.returnItemId),
]);

/** Append-only history of a listing; merchant `listing.*` events are built from these rows. */
export const resaleListingEvents = pgTable('resale_listing_events', {
  id: id(),
  listingId: uuid('listing_id').notNull().references(() => resaleListings.id),
  type: text('type').notNull(),
  at: tstz('at').notNull().defaultNow(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  /** The listing as it stood after the change: status, price, sold price, reason. */
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('resale_listing_events_listing_idx').on(t.listingId, t.id)]);

export type DisposalKind = 'DONATE' | 'LIQUIDATE';

/** Who took a DONATE or LIQUIDATE unit and what it brought back; one record per return item. */
export const disposalRecords = pgTable('disposal_records', {
  id: id(),
  returnItemId: uuid('return_item_id').notNull().unique('disposal_records_item_uq').references(() => returnItems.id),
  kind: text('kind').$type<DisposalKind>().notNull(),
  /** The charity (DONATE) or buyer (LIQUIDATE). */
  counterparty: text('counterparty').notNull(),
  valueRecoveredMinor: bigint('value_recovered_minor', { mode: 'number' }).notNull(),
  currencyCode: text('currency_code').notNull(),
  recordedBy: text('recorded_by').notNull(),
  recordedAt: tstz('recorded_at').notNull().defaultNow(),
}, (t) => [index('disposal_records_kind_idx').on(t.kind, t.id)]);
