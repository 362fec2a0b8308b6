import type { RecordsetRow } from '../db/recordset';

/**
 * The tables the history generator writes and their columns with SQL types, in foreign-key order. Rows are plain
 * objects keyed by column name, sent as one JSON document per batch and expanded by json_to_recordset, which works
 * the same on postgres.js and PGlite and needs one round trip per batch.
 */
export const HISTORY_TABLES = {
  customers: 'id uuid, external_id text, email text, name text, trusted boolean, created_at timestamptz, updated_at timestamptz',
  orders: 'id uuid, order_number text, customer_id uuid, email text, currency_code text, placed_at timestamptz, delivered_at timestamptz, '
    + 'shipping_address jsonb, import_hash text, created_at timestamptz, updated_at timestamptz',
  order_lines: 'id uuid, order_id uuid, line_number integer, product_id uuid, sku text, name text, category text, currency_code text, '
    + 'quantity integer, unit_price_minor bigint, discount_minor bigint, weight_grams integer',
  returns: 'id uuid, customer_id uuid, order_id uuid, status text, currency_code text, version integer, shipping_fee_minor bigint, '
    + 'restocking_fee_minor bigint, refund_minor bigint, refund_status text, refunded_at timestamptz, packaging_reusable boolean, '
    + 'rejection_reason text, created_at timestamptz, updated_at timestamptz',
  return_items: 'id uuid, return_id uuid, order_line_id uuid, quantity integer, received_quantity integer, missing_quantity integer, '
    + 'reason text, note text, resolution text, restocking_fee_percent numeric, grade text, inspected_at timestamptz, recommendation jsonb, '
    + 'disposition text, dispositioned_at timestamptz, gross_minor bigint, restocking_fee_minor bigint, refund_minor bigint',
  return_events: 'id uuid, return_id uuid, type text, at timestamptz, actor_type text, actor_id text, data jsonb',
  return_bookings: 'id uuid, return_id uuid, type text, status text, option jsonb, artefact jsonb, external_ref text, fee_minor bigint, '
    + 'co2e_kg double precision, expires_at timestamptz, created_at timestamptz, updated_at timestamptz',
  refurbishment_jobs: 'id uuid, return_item_id uuid, status text, sku text, product_name text, category text, currency_code text, '
    + 'quote_minor bigint, cost_minor bigint, cosmetic_grade text, functional_grade text, battery_health_pct integer, '
    + 'sanitization_certificate_ref text, operator_decision text, decided_by text, sla_due_at timestamptz, version integer, '
    + 'dispatched_at timestamptz, completed_at timestamptz, created_at timestamptz, updated_at timestamptz',
  resale_listings: 'id uuid, return_item_id uuid, units integer, sku text, category text, condition_label text, source_disposition text, '
    + 'pricing_rule text, original_unit_price_minor bigint, price_minor bigint, currency_code text, status text, sold_price_minor bigint, '
    + 'version integer, sold_at timestamptz, created_at timestamptz, updated_at timestamptz',
  disposal_records: 'id uuid, return_item_id uuid, kind text, counterparty text, value_recovered_minor bigint, currency_code text, '
    + 'recorded_by text, recorded_at timestamptz',
  recycling_lots: 'id uuid, status text, material_stream text, weee_category integer, declared_weight_kg double precision, '
    + 'reported_weight_kg double precision, certificate_number text, data_destruction_certificate text, recycler_reference text, '
    + 'dispatch_requested_at timestamptz, dispatched_at timestamptz, reported_at timestamptz, closed_at timestamptz, version integer, '
    + 'created_at timestamptz, updated_at timestamptz',
  recycling_lot_units: 'id uuid, lot_id uuid, return_item_id uuid, sku text, category text, units integer, weight_kg double precision, created_at timestamptz',
  recycling_lot_materials: 'id uuid, lot_id uuid, material text, weight_kg double precision, route text',
  recycling_lot_events: 'id uuid, lot_id uuid, type text, at timestamptz, actor_type text, actor_id text, data jsonb',
  vendor_return_authorizations: 'id uuid, supplier text, status text, currency_code text, expected_credit_minor bigint, credited_minor bigint, '
    + 'credit_difference_minor bigint, vendor_reference text, credit_reference text, dispatch_requested_at timestamptz, '
    + 'dispatched_at timestamptz, closed_at timestamptz, version integer, created_at timestamptz, updated_at timestamptz',
  vendor_return_units: 'id uuid, authorization_id uuid, return_item_id uuid, sku text, units integer, unit_value_minor bigint, '
    + 'expected_credit_minor bigint, created_at timestamptz',
  vendor_return_events: 'id uuid, authorization_id uuid, type text, at timestamptz, actor_type text, actor_id text, data jsonb',
} as const;

export type HistoryTable = keyof typeof HISTORY_TABLES;
export type Row = RecordsetRow;

/** Rows waiting to be written, per table. */
export type RowBatch = Partial<Record<HistoryTable, Row[]>>;

/** Appends a row to a batch. */
export function push(batch: RowBatch, table: HistoryTable, row: Row): void {
  (batch[table] ??= []).push(row);
}

/** Rows in a batch. */
export function rowCount(batch: RowBatch): number {
  return Object.values(batch).reduce((sum, rows) => sum + (rows?.length ?? 0), 0);
}

// Shared with importReturns: the recordset helpers live with the database code.
export { recordsetSql, stamp } from '../db/recordset';
