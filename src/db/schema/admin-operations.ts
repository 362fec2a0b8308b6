import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, tstz } from './columns';

export type AdminOperationKind = 'REFRESH_ANALYTICS' | 'TRAIN_RISK_MODEL';
export type AdminOperationStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/**
 * A long admin operation (analytics refresh, model training) requested through the API and run by a worker: the row is
 * the truth, the BullMQ job (id = row id) only delivers it. At most one QUEUED/RUNNING row per kind, so a second
 * request answers ALREADY_RUNNING instead of starting another (race-free: the insert does nothing on conflict).
 */
export const adminOperations = pgTable('admin_operations', {
  id: id(),
  kind: text('kind').$type<AdminOperationKind>().notNull(),
  /** What the run is, in words for ALREADY_RUNNING: the refresh mode, or the training options after defaults. */
  dedupeKey: text('dedupe_key').notNull(),
  input: jsonb('input').$type<Record<string, unknown>>().notNull(),
  status: text('status').$type<AdminOperationStatus>().notNull().default('QUEUED'),
  /** 0..1, with the phase it is in; written by the worker as phases pass. */
  progress: real('progress').notNull().default(0),
  phase: text('phase'),
  result: jsonb('result').$type<Record<string, unknown>>(),
  /** Why it FAILED: a stable code and a classified message, never a stack. */
  errorCode: text('error_code'),
  error: text('error'),
  requestedBy: text('requested_by').notNull(),
  /** Runs started (a worker that died mid-run leaves the row RUNNING; the sweeper re-queues it, boundedly). */
  attempts: integer('attempts').notNull().default(0),
  createdAt: tstz('created_at').notNull().defaultNow(),
  startedAt: tstz('started_at'),
  finishedAt: tstz('finished_at'),
  /** Written by the running worker every few seconds: older than ADMIN_OPERATION_STALE_MS means its worker is gone. */
  heartbeatAt: tstz('heartbeat_at'),
}, (t) => [
  uniqueIndex('admin_operations_active_kind_uq').on(t.kind).where(sql`${t.status} in ('QUEUED', 'RUNNING')`),
  index('admin_operations_kind_idx').on(t.kind, t.id),
]);
