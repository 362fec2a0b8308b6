import { bigint, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { VendorReturnStatus } from '../../domain/vendor-return';
import { id, timestamps, tstz } from './columns';
import { partners } from './integrations';
import { returnItems } from './returns';

/**
 * A vendor return authorization (VRA): RETURN_TO_VENDOR units of one supplier, for the VENDOR partner that takes that
 * supplier's returns, in one currency; money in minor units of `currency_code`.
 */
export const vendorReturnAuthorizations = pgTable('vendor_return_authorizations', {
  id: id(),
  /** The vendor; null while no active VENDOR partner lists the supplier. */
  partnerId: uuid('partner_id').references(() => partners.id),
  /** The supplier as on the product (first unit's spelling); null for products without a supplier. */
  supplier: text('supplier'),
  status: text('status').$type<VendorReturnStatus>().notNull().default('OPEN'),
  /** `partner|supplier|currency` while the VRA takes units; null once dispatch is requested (one filling VRA per key). */
  fillKey: text('fill_key').unique('vendor_return_authorizations_fill_key_uq'),
  currencyCode: text('currency_code').notNull(),
  expectedCreditMinor: bigint('expected_credit_minor', { mode: 'number' }).notNull().default(0),
  creditedMinor: bigint('credited_minor', { mode: 'number' }),
  /** credited − expected; negative when the vendor credited less. */
  creditDifferenceMinor: bigint('credit_difference_minor', { mode: 'number' }),
  /** The vendor's RMA reference, from its acknowledgement of the dispatch. */
  vendorReference: text('vendor_reference'),
  /** The vendor's reference for the credit (credit note number). */
  creditReference: text('credit_reference'),
  dispatchRequestedAt: tstz('dispatch_requested_at'),
  dispatchedAt: tstz('dispatched_at'),
  closedAt: tstz('closed_at'),
  version: integer('version').notNull().default(1),
  ...timestamps(),
}, (t) => [
  index('vendor_return_authorizations_status_idx').on(t.status, t.id),
  index('vendor_return_authorizations_partner_idx').on(t.partnerId, t.status, t.id),
]);

/**
 * The units of one return item in a VRA, with their value and expected credit. One row per (VRA, item): units of an
 * item that arrive after its VRA went out join a later VRA as a row there.
 */
export const vendorReturnUnits = pgTable('vendor_return_units', {
  id: id(),
  authorizationId: uuid('authorization_id').notNull().references(() => vendorReturnAuthorizations.id),
  returnItemId: uuid('return_item_id').notNull().references(() => returnItems.id),
  sku: text('sku').notNull(),
  units: integer('units').notNull(),
  unitValueMinor: bigint('unit_value_minor', { mode: 'number' }).notNull(),
  expectedCreditMinor: bigint('expected_credit_minor', { mode: 'number' }).notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  index('vendor_return_units_authorization_idx').on(t.authorizationId, t.id),
  unique('vendor_return_units_authorization_item_uq').on(t.authorizationId, t.returnItemId),
  index('vendor_return_units_return_item_idx').on(t.returnItemId),
]);

/** Append-only history of a VRA. */
export const vendorReturnEvents = pgTable('vendor_return_events', {
  id: id(),
  authorizationId: uuid('authorization_id').notNull().references(() => vendorReturnAuthorizations.id),
  type: text('type').notNull(),
  at: tstz('at').notNull().defaultNow(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('vendor_return_events_authorization_idx').on(t.authorizationId, t.id)]);
