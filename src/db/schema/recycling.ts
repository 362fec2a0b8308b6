import { doublePrecision, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { Material, MaterialStream, RecyclingLotStatus, TreatmentRoute } from '../../domain/recycling-lot-status';
import { id, timestamps, tstz } from './columns';
import { partners } from './integrations';
import { returnItems } from './returns';

/** A batch of RECYCLE units for one recycler, one material stream and (for electronics) one WEEE category. */
export const recyclingLots = pgTable('recycling_lots', {
  id: id(),
  /** The recycler; null while none handles the lot's categories. */
  partnerId: uuid('partner_id').references(() => partners.id),
  status: text('status').$type<RecyclingLotStatus>().notNull().default('OPEN'),
  materialStream: text('material_stream').$type<MaterialStream>().notNull(),
  /** WEEE category 1–6 (Directive 2012/19/EU Annex III) for the WEEE stream; null otherwise. */
  weeeCategory: integer('weee_category'),
  /** `partner|stream|weee` while the lot takes units; null once dispatch is requested (unique: one filling lot per key). */
  fillKey: text('fill_key').unique('recycling_lots_fill_key_uq'),
  /** Sum of the units' product weights (kg). */
  declaredWeightKg: doublePrecision('declared_weight_kg').notNull().default(0),
  reportedWeightKg: doublePrecision('reported_weight_kg'),
  certificateNumber: text('certificate_number'),
  dataDestructionCertificate: text('data_destruction_certificate'),
  reviewReasons: jsonb('review_reasons').$type<string[]>().notNull().default([]),
  reviewNote: text('review_note'),
  recyclerReference: text('recycler_reference'),
  dispatchRequestedAt: tstz('dispatch_requested_at'),
  dispatchedAt: tstz('dispatched_at'),
  reportedAt: tstz('reported_at'),
  closedAt: tstz('closed_at'),
  version: integer('version').notNull().default(1),
  ...timestamps(),
}, (t) => [
  index('recycling_lots_status_idx').on(t.status, t.id),
  index('recycling_lots_partner_idx').on(t.partnerId, t.status, t.id),
  index('recycling_lots_stream_idx').on(t.materialStream, t.id),
]);

/**
 * The units of one return item in a lot, with their declared weight. One row per (lot, item): units of an item that
 * arrive after its lot went out join a later lot as a row there.
 */
export const recyclingLotUnits = pgTable('recycling_lot_units', {
  id: id(),
  lotId: uuid('lot_id').notNull().references(() => recyclingLots.id),
  returnItemId: uuid('return_item_id').notNull().references(() => returnItems.id),
  sku: text('sku').notNull(),
  category: text('category').notNull(),
  units: integer('units').notNull(),
  /** units × unit weight (kg); null when the product has no weight. */
  weightKg: doublePrecision('weight_kg'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  index('recycling_lot_units_lot_idx').on(t.lotId, t.id),
  unique('recycling_lot_units_lot_item_uq').on(t.lotId, t.returnItemId),
  index('recycling_lot_units_return_item_idx').on(t.returnItemId),
]);

/** One reported material fraction of a lot (the latest report; earlier ones stay in the lot's events). */
export const recyclingLotMaterials = pgTable('recycling_lot_materials', {
  id: id(),
  lotId: uuid('lot_id').notNull().references(() => recyclingLots.id),
  material: text('material').$type<Material>().notNull(),
  weightKg: doublePrecision('weight_kg').notNull(),
  route: text('route').$type<TreatmentRoute>().notNull(),
}, (t) => [index('recycling_lot_materials_lot_idx').on(t.lotId, t.id)]);

/** Append-only history of a recycling lot. */
export const recyclingLotEvents = pgTable('recycling_lot_events', {
  id: id(),
  lotId: uuid('lot_id').notNull().references(() => recyclingLots.id),
  type: text('type').notNull(),
  at: tstz('at').notNull().defaultNow(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('recycling_lot_events_lot_idx').on(t.lotId, t.id)]);
