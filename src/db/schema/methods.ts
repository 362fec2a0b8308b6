import { sql, type SQL } from 'drizzle-orm';
import { bigint, doublePrecision, index, jsonb, pgTable, text, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './columns';
import { partners } from './integrations';
import { returns } from './returns';
import type { BookingArtefact, BookingOption } from '../../domain/return-methods';

export type DropOffLocationType = 'LOCKER' | 'STORE' | 'CARRIER_POINT';
export type ReturnMethodType = 'CARRIER_DROP_OFF' | 'LOCKER' | 'STORE_DROP_OFF' | 'HOME_PICKUP' | 'RETURNLESS';
export type BookingStatus = 'PENDING' | 'BOOKED' | 'FAILED' | 'RELEASED' | 'CANCELLED' | 'USED';

/** Compartment sizes a locker offers (A/B/C-style). */
export interface StoredCompartment { size: string; heightCm: number; widthCm: number; depthCm: number; maxWeightGrams: number }

/**
 * A latitude/longitude in degrees as a point on the unit sphere: contrib `cube`'s 3-D point (x, y, z). The straight-line
 * (chord) distance between two such points grows with the great-circle distance, so a GiST index on it answers
 * `ORDER BY point <-> query LIMIT n` nearest first. The index and every query that is to use it must spell the
 * expression exactly this way.
 */
export function unitSpherePoint(latitude: AnyPgColumn | number, longitude: AnyPgColumn | number): SQL {
  return sql`cube(array[cos(radians(${latitude})) * cos(radians(${longitude})), cos(radians(${latitude})) * sin(radians(${longitude})), sin(radians(${latitude}))])`;
}

/** Lockers, stores and carrier points that partners upsert; searched by distance. */
export const dropOffLocations = pgTable('drop_off_locations', {
  id: id(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  externalId: text('external_id').notNull(),
  type: text('type').$type<DropOffLocationType>().notNull(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  latitude: doublePrecision('latitude').notNull(),
  longitude: doublePrecision('longitude').notNull(),
  openingHours: text('opening_hours'),
  compartments: jsonb('compartments').$type<StoredCompartment[]>().notNull().default([]),
  ...timestamps(),
}, (t) => [
  unique('drop_off_locations_partner_external_uq').on(t.partnerId, t.externalId),
  // Nearest-first search (location.service.ts nearbyLocations): a GiST index of cube's points on the unit sphere.
  index('drop_off_locations_geo_gist').using('gist', unitSpherePoint(t.latitude, t.longitude)),
]);

export type { BookingArtefact, BookingOption } from '../../domain/return-methods';

/**
 * Every code a booking's parcel can carry, as one text array: the partner's reference (tracking number, reservation,
 * store reference or pickup confirmation) and the tracking number and drop-off code it issued. The GIN index and the
 * scan lookup must spell the expression exactly this way.
 */
export function bookingScanCodes(t: { externalRef: AnyPgColumn; artefact: AnyPgColumn }): SQL {
  return sql`(array[${t.externalRef}, ${t.artefact} ->> 'trackingNumber', ${t.artefact} ->> 'dropOffCode'])`;
}

/** One attempt to book a return method with a partner; the return's current method is its newest booking. */
export const returnBookings = pgTable('return_bookings', {
  id: id(),
  returnId: uuid('return_id').notNull().references(() => returns.id),
  partnerId: uuid('partner_id').references(() => partners.id),
  type: text('type').$type<ReturnMethodType>().notNull(),
  status: text('status').$type<BookingStatus>().notNull().default('PENDING'),
  option: jsonb('option').$type<BookingOption>().notNull().default({}),
  artefact: jsonb('artefact').$type<BookingArtefact>().notNull().default({}),
  /** Tracking number, reservation id, drop-off reference or pickup confirmation: what inbound events refer to. */
  externalRef: text('external_ref'),
  feeMinor: bigint('fee_minor', { mode: 'number' }).notNull().default(0),
  co2eKg: doublePrecision('co2e_kg').notNull().default(0),
  expiresAt: tstz('expires_at'),
  failureReason: text('failure_reason'),
  ...timestamps(),
}, (t) => [
  index('return_bookings_return_idx').on(t.returnId, t.id),
  index('return_bookings_ref_idx').on(t.partnerId, t.externalRef).where(sql`${t.externalRef} is not null`),
  index('return_bookings_expiry_idx').on(t.status, t.expiresAt),
  // A parcel scanned at the dock (return-query.service.ts returnByScan): any code the booking issued, whichever partner.
  index('return_bookings_scan_codes_gin').using('gin', bookingScanCodes(t)),
]);
