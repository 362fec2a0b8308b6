import { index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { PartnerKind } from '../../domain/partner-kind';
import { id, timestamps, tstz } from './columns';

// The kind lives in the domain so integrations can name it without reaching into the db layer.
export type { PartnerKind };
export type IntegrationJobStatus = 'PENDING' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'RETRYING' | 'DEAD';

/** What a partner declares it can do: regions, categories, return-event subscriptions, capacity. */
export interface PartnerCapabilities {
  regions?: string[];
  categories?: string[];
  events?: string[];
  capacity?: number;
  /** VENDOR: the suppliers (product `supplier`, case-insensitive) whose returns this vendor takes. */
  suppliers?: string[];
  /** RECYCLER: declared turnaround in days from dispatch to report (routing). */
  turnaroundDays?: number;
  /** MERCHANT: its payment system takes refund requests (`refund.requested`). */
  refunds?: boolean;
  /** MERCHANT: its gift card / store-credit system issues store credit. */
  storeCredit?: boolean;
}

/** A partner Boomerang talks to through one adapter. The signing secret signs both directions (Standard Webhooks). */
export const partners = pgTable('partners', {
  id: id(),
  kind: text('kind').$type<PartnerKind>().notNull(),
  name: text('name').notNull(),
  adapter: text('adapter').notNull(),
  endpoint: text('endpoint').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  capabilities: jsonb('capabilities').$type<PartnerCapabilities>().notNull().default({}),
  signingSecret: text('signing_secret').notNull(),
  status: text('status').$type<'ACTIVE' | 'DISABLED'>().notNull().default('ACTIVE'),
  ...timestamps(),
}, (t) => [index('partners_kind_idx').on(t.kind, t.status)]);

/** Partner API keys: only a SHA-256 hash is stored; the secret is shown once at creation. */
export const partnerApiKeys = pgTable('partner_api_keys', {
  id: id(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  prefix: text('prefix').notNull(),
  secretHash: text('secret_hash').notNull().unique(),
  label: text('label'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  revokedAt: tstz('revoked_at'),
  lastUsedAt: tstz('last_used_at'),
}, (t) => [index('partner_api_keys_partner_idx').on(t.partnerId)]);

/**
 * The transactional outbox: one row per outbound partner call, written in the transaction that caused it.
 * The row id is the BullMQ job id and the partner's Idempotency-Key.
 */
export const integrationJobs = pgTable('integration_jobs', {
  id: id(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  type: text('type').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  status: text('status').$type<IntegrationJobStatus>().notNull().default('PENDING'),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(8),
  lastError: text('last_error'),
  result: jsonb('result').$type<Record<string, unknown>>(),
  returnId: uuid('return_id'),
  dispatchedAt: tstz('dispatched_at'),
  completedAt: tstz('completed_at'),
  ...timestamps(),
}, (t) => [
  index('integration_jobs_status_idx').on(t.status, t.id),
  index('integration_jobs_partner_idx').on(t.partnerId, t.id),
  index('integration_jobs_return_idx').on(t.returnId),
]);

/** Inbound webhooks as received (raw body), deduplicated per partner by `webhook-id`. */
export const webhookReceipts = pgTable('webhook_receipts', {
  id: id(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  webhookId: text('webhook_id').notNull(),
  body: text('body').notNull(),
  outcome: text('outcome').notNull(),
  receivedAt: tstz('received_at').notNull().defaultNow(),
}, (t) => [unique('webhook_receipts_partner_webhook_uq').on(t.partnerId, t.webhookId)]);
