import { bigint, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from './catalog';
import { id, tstz } from './columns';

/*
 * Insight: maintained aggregates for analytics and forecasts, the return-risk models and
 * the sustainability factor overrides. The aggregates are derived data: a scheduled job
 * (and `refreshAnalytics`) recomputes the days that changed since its watermark, so a
 * query reads thousands of aggregate rows, never the order history.
 */

/** Units sold per day (UTC, the order's placed_at) per product and currency. */
export const analyticsSalesDaily = pgTable('analytics_sales_daily', {
  day: date('day', { mode: 'string' }).notNull(),
  productId: uuid('product_id').notNull(),
  sku: text('sku').notNull(),
  category: text('category').notNull(),
  currencyCode: text('currency_code').notNull(),
  orders: integer('orders').notNull(),
  units: integer('units').notNull(),
  grossMinor: bigint('gross_minor', { mode: 'number' }).notNull(),
  discountMinor: bigint('discount_minor', { mode: 'number' }).notNull(),
  weightGrams: bigint('weight_grams', { mode: 'number' }).notNull().default(0),
}, (t) => [
  primaryKey({ name: 'analytics_sales_daily_pk', columns: [t.day, t.productId, t.currencyCode] }),
  index('analytics_sales_daily_sku_idx').on(t.sku, t.day),
  index('analytics_sales_daily_category_idx').on(t.category, t.day),
]);

/**
 * Returned units per order day (the sales cohort) × request day (so the lag is known) ×
 * product × reason × disposition ('NONE' until dispositioned). Money in minor units of
 * `currency_code`.
 */
export const analyticsReturnsDaily = pgTable('analytics_returns_daily', {
  orderDay: date('order_day', { mode: 'string' }).notNull(),
  requestDay: date('request_day', { mode: 'string' }).notNull(),
  productId: uuid('product_id').notNull(),
  sku: text('sku').notNull(),
  category: text('category').notNull(),
  currencyCode: text('currency_code').notNull(),
  reason: text('reason').notNull(),
  disposition: text('disposition').notNull(),
  /** Units requested back (cancelled and rejected returns excluded). */
  units: integer('units').notNull(),
  receivedUnits: integer('received_units').notNull().default(0),
  /** Received units dispositioned back to sellable stock (RESTOCK, RESELL_OPEN_BOX, completed REFURBISH). */
  sellableUnits: integer('sellable_units').notNull().default(0),
  refundedUnits: integer('refunded_units').notNull().default(0),
  refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull().default(0),
  recoveredMinor: bigint('recovered_minor', { mode: 'number' }).notNull().default(0),
  /** Original value of the dispositioned units (for the recovery rate). */
  dispositionedValueMinor: bigint('dispositioned_value_minor', { mode: 'number' }).notNull().default(0),
  refurbCostMinor: bigint('refurb_cost_minor', { mode: 'number' }).notNull().default(0),
  /** Return shipping the merchant paid (method cost not charged to the customer). */
  shippingCostMinor: bigint('shipping_cost_minor', { mode: 'number' }).notNull().default(0),
  weightGrams: bigint('weight_grams', { mode: 'number' }).notNull().default(0),
  /** Refunded returns by whole days from request to refund: index i = i days, the last bucket is "that many or more". */
  refundDaysHist: integer('refund_days_hist').array().notNull().default([]),
}, (t) => [
  primaryKey({ name: 'analytics_returns_daily_pk', columns: [t.orderDay, t.requestDay, t.productId, t.currencyCode, t.reason, t.disposition] }),
  index('analytics_returns_daily_request_idx').on(t.requestDay),
  index('analytics_returns_daily_sku_idx').on(t.sku, t.orderDay),
  index('analytics_returns_daily_category_idx').on(t.category, t.orderDay),
]);

/** analytics_sales_daily rolled up to category: what returnAnalytics reads unless it is asked about SKUs. */
export const analyticsSalesCategoryDaily = pgTable('analytics_sales_category_daily', {
  day: date('day', { mode: 'string' }).notNull(),
  category: text('category').notNull(),
  currencyCode: text('currency_code').notNull(),
  units: integer('units').notNull(),
}, (t) => [
  primaryKey({ name: 'analytics_sales_category_daily_pk', columns: [t.day, t.category, t.currencyCode] }),
  index('analytics_sales_category_daily_category_idx').on(t.category, t.day),
]);

/** analytics_returns_daily rolled up to category (no request day, no product), histograms summed element-wise. */
export const analyticsReturnsCategoryDaily = pgTable('analytics_returns_category_daily', {
  orderDay: date('order_day', { mode: 'string' }).notNull(),
  category: text('category').notNull(),
  currencyCode: text('currency_code').notNull(),
  reason: text('reason').notNull(),
  disposition: text('disposition').notNull(),
  units: integer('units').notNull(),
  receivedUnits: integer('received_units').notNull(),
  sellableUnits: integer('sellable_units').notNull(),
  refundedUnits: integer('refunded_units').notNull(),
  refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull(),
  recoveredMinor: bigint('recovered_minor', { mode: 'number' }).notNull(),
  dispositionedValueMinor: bigint('dispositioned_value_minor', { mode: 'number' }).notNull(),
  refurbCostMinor: bigint('refurb_cost_minor', { mode: 'number' }).notNull(),
  shippingCostMinor: bigint('shipping_cost_minor', { mode: 'number' }).notNull(),
  refundDaysHist: integer('refund_days_hist').array().notNull().default([]),
}, (t) => [
  primaryKey({ name: 'analytics_returns_category_daily_pk', columns: [t.orderDay, t.category, t.currencyCode, t.reason, t.disposition] }),
  index('analytics_returns_category_daily_category_idx').on(t.category, t.orderDay),
]);

/**
 * The per-product aggregates rolled up to ISO weeks (Monday, UTC) for questions grouped by SKU: one row per week ×
 * product (× its SKU and category as the daily rows have them) × currency, sales and returns side by side (null: no
 * such rows that week). The reason and disposition mixes are arrays of units positioned by analytics_mix_codes (null:
 * no rows with that code), so a year is about 52 rows per product instead of one per returned line.
 */
export const analyticsSkuWeekly = pgTable('analytics_sku_weekly', {
  week: date('week', { mode: 'string' }).notNull(),
  productId: uuid('product_id').notNull(),
  sku: text('sku').notNull(),
  category: text('category').notNull(),
  currencyCode: text('currency_code').notNull(),
  soldUnits: integer('sold_units'),
  units: integer('units'),
  receivedUnits: integer('received_units'),
  sellableUnits: integer('sellable_units'),
  refundedUnits: integer('refunded_units'),
  refundedMinor: bigint('refunded_minor', { mode: 'number' }),
  recoveredMinor: bigint('recovered_minor', { mode: 'number' }),
  dispositionedValueMinor: bigint('dispositioned_value_minor', { mode: 'number' }),
  refurbCostMinor: bigint('refurb_cost_minor', { mode: 'number' }),
  shippingCostMinor: bigint('shipping_cost_minor', { mode: 'number' }),
  reasonUnits: integer('reason_units').array().notNull().default([]),
  dispositionUnits: integer('disposition_units').array().notNull().default([]),
  refundDaysHist: integer('refund_days_hist').array().notNull().default([]),
}, (t) => [primaryKey({ name: 'analytics_sku_weekly_pk', columns: [t.week, t.productId, t.currencyCode, t.sku, t.category] })]);

/** Array positions of the reason and disposition codes in analytics_sku_weekly: appended as codes appear, never reused. */
export const analyticsMixCodes = pgTable('analytics_mix_codes', {
  kind: text('kind').notNull(),
  code: text('code').notNull(),
  position: integer('position').notNull(),
}, (t) => [
  primaryKey({ name: 'analytics_mix_codes_pk', columns: [t.kind, t.code] }),
  uniqueIndex('analytics_mix_codes_position_idx').on(t.kind, t.position),
]);

/**
 * Order days whose aggregate rows no order leads back to any more: the day an order was re-dated away from, noted by
 * the import so the next incremental refresh rebuilds it (UUIDv7 ids: read by id range like the history tables).
 */
export const analyticsStaleDays = pgTable('analytics_stale_days', {
  id: id(),
  day: date('day', { mode: 'string' }).notNull(),
});

/** Per customer: what they bought and returned, against what their category mix predicts. */
export const analyticsCustomerStats = pgTable('analytics_customer_stats', {
  customerId: uuid('customer_id').primaryKey().references(() => customers.id),
  orders: integer('orders').notNull(),
  unitsBought: integer('units_bought').notNull(),
  unitsReturned: integer('units_returned').notNull(),
  returns: integer('returns').notNull(),
  /** Σ units bought × their category's return rate: what a typical customer with this basket returns. */
  expectedReturned: doublePrecision('expected_returned').notNull(),
  returnRate: doublePrecision('return_rate').notNull(),
  /** How far above the cohort, in standard deviations (binomial z-score); the serial-returner ranking. */
  excessScore: doublePrecision('excess_score').notNull(),
  evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
  refreshedAt: tstz('refreshed_at').notNull().defaultNow(),
}, (t) => [index('analytics_customer_stats_excess_idx').on(t.excessScore, t.customerId)]);

/** Watermarks of the aggregate refresh: which changes have been folded in. */
export const analyticsRefreshState = pgTable('analytics_refresh_state', {
  name: text('name').primaryKey(),
  watermark: text('watermark'),
  refreshedAt: tstz('refreshed_at'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
});

/** Trained return-risk models; the active one with the highest version scores order lines. */
export const returnRiskModels = pgTable('return_risk_models', {
  version: integer('version').primaryKey(),
  algorithm: text('algorithm').notNull(),
  seed: integer('seed').notNull(),
  trainedAt: tstz('trained_at').notNull().defaultNow(),
  /** Orders placed before this instant trained the model; the holdout is [holdoutFrom, trainedUntil). */
  holdoutFrom: tstz('holdout_from').notNull(),
  trainedUntil: tstz('trained_until').notNull(),
  trainRows: integer('train_rows').notNull(),
  holdoutRows: integer('holdout_rows').notNull(),
  features: jsonb('features').$type<string[]>().notNull(),
  /** Weights, standardisation and the target encodings scoring needs. */
  model: jsonb('model').$type<Record<string, unknown>>().notNull(),
  /** Holdout AUC, log-loss, Brier score and calibration bins. */
  metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull(),
  active: boolean('active').notNull().default(true),
  /** Why a trained version was not made active (it did not beat the base rate, too few positives, a past asOf); null when active. */
  inactiveReason: text('inactive_reason'),
  /** The day the model was trained as of (only data known by then); null: the day it was trained. */
  asOf: tstz('as_of'),
});

/** Versioned overrides of the sustainability factor tables; the highest version is in force. */
export const sustainabilityFactorSets = pgTable('sustainability_factor_sets', {
  version: integer('version').primaryKey(),
  factors: jsonb('factors').$type<Record<string, unknown>>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});
