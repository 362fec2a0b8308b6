import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { RefurbishmentDecision, RefurbishmentStatus } from '../../domain/refurbishment-status';
import { id, timestamps, tstz } from './columns';
import { partners } from './integrations';
import { returnItems } from './returns';

/** One returned unit sent to a refurbishment vendor; money in minor units of the return's currency. */
export const refurbishmentJobs = pgTable('refurbishment_jobs', {
  id: id(),
  returnItemId: uuid('return_item_id').notNull().unique().references(() => returnItems.id),
  /** The vendor it is routed to; null while no vendor is available. */
  partnerId: uuid('partner_id').references(() => partners.id),
  status: text('status').$type<RefurbishmentStatus>().notNull().default('CREATED'),
  sku: text('sku').notNull(),
  productName: text('product_name').notNull(),
  category: text('category').notNull(),
  currencyCode: text('currency_code').notNull(),
  quoteMinor: bigint('quote_minor', { mode: 'number' }),
  costMinor: bigint('cost_minor', { mode: 'number' }),
  /** CTIA-style A–E. */
  cosmeticGrade: text('cosmetic_grade'),
  functionalGrade: text('functional_grade'),
  batteryHealthPct: integer('battery_health_pct'),
  partsReplaced: jsonb('parts_replaced').$type<string[]>().notNull().default([]),
  sanitizationCertificateRef: text('sanitization_certificate_ref'),
  /** REPAIR when auto-approved or decided so; otherwise the operator's choice. */
  operatorDecision: text('operator_decision').$type<RefurbishmentDecision>(),
  decidedBy: text('decided_by'),
  notes: text('notes'),
  slaDueAt: tstz('sla_due_at'),
  overdue: boolean('overdue').notNull().default(false),
  rejectedPartnerIds: jsonb('rejected_partner_ids').$type<string[]>().notNull().default([]),
  version: integer('version').notNull().default(1),
  dispatchedAt: tstz('dispatched_at'),
  completedAt: tstz('completed_at'),
  ...timestamps(),
}, (t) => [
  index('refurbishment_jobs_status_idx').on(t.status, t.id),
  index('refurbishment_jobs_partner_idx').on(t.partnerId, t.status, t.id),
  index('refurbishment_jobs_overdue_idx').on(t.overdue, t.id),
  index('refurbishment_jobs_sla_idx').on(t.slaDueAt).where(sql`${t.overdue} = false`),
]);

/** Append-only history of a refurbishment job. */
export const refurbishmentJobEvents = pgTable('refurbishment_job_events', {
  id: id(),
  jobId: uuid('job_id').notNull().references(() => refurbishmentJobs.id),
  type: text('type').notNull(),
  at: tstz('at').notNull().defaultNow(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('refurbishment_job_events_job_idx').on(t.jobId, t.id)]);
