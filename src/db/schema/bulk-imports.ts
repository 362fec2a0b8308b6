import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, tstz } from './columns';

export type BulkImportStatus = 'STAGED' | 'UPLOADING' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/**
 * A JSON Lines file sent to POST /imports and loaded by a worker (docs/importing.md). The row is the truth: the file
 * is in bulk_import_chunks, `nextChunk` is the checkpoint (every chunk below it is committed with its counts and
 * errors), and the BullMQ job (id = row id) only delivers it. A staged upload (createStagedImport) is STAGED while its
 * parts arrive in bulk_import_parts; startBulkImport cuts them into chunks and QUEUES it.
 */
export const bulkImports = pgTable('bulk_imports', {
  id: id(),
  status: text('status').$type<BulkImportStatus>().notNull().default('UPLOADING'),
  /** The file's name as the client gave it (X-Filename), for people only. */
  filename: text('filename'),
  requestedBy: text('requested_by').notNull(),
  /** Set once the upload has ended (a staged upload: once the worker has cut its parts): chunks and non-blank lines stored, bytes received. */
  chunkCount: integer('chunk_count').notNull().default(0),
  totalLines: integer('total_lines'),
  bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
  /** Checkpoint: the first chunk not yet committed. */
  nextChunk: integer('next_chunk').notNull().default(0),
  processedLines: integer('processed_lines').notNull().default(0),
  failedLines: integer('failed_lines').notNull().default(0),
  createdLines: integer('created_lines').notNull().default(0),
  updatedLines: integer('updated_lines').notNull().default(0),
  unchangedLines: integer('unchanged_lines').notNull().default(0),
  /** Runs started (a worker killed mid-import leaves it RUNNING; the next run resumes at nextChunk). */
  attempts: integer('attempts').notNull().default(0),
  /** FAILED: a stable code and a message safe to show. */
  errorCode: text('error_code'),
  error: text('error'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  startedAt: tstz('started_at'),
  finishedAt: tstz('finished_at'),
  /** Written by the uploading API and by the running worker at each batch: stale means the writer is gone. */
  heartbeatAt: tstz('heartbeat_at').notNull().defaultNow(),
  /** Staged uploads only (null for POST /imports): a STAGED upload with no part since this is expired by the sweeper. */
  expiresAt: tstz('expires_at'),
  /** createStagedImport's idempotencyKey, unique per requester. */
  idempotencyKey: text('idempotency_key'),
}, (t) => [
  index('bulk_imports_active_idx').on(t.status, t.heartbeatAt).where(sql`${t.status} in ('UPLOADING', 'QUEUED', 'RUNNING')`),
  index('bulk_imports_staged_idx').on(t.expiresAt).where(sql`${t.status} = 'STAGED'`),
  uniqueIndex('bulk_imports_idempotency_uq').on(t.requestedBy, t.idempotencyKey),
]);

/** Raw bytes (a part may end inside a UTF-8 character or a line). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * The parts of a staged upload as they arrived, raw: a part may end in the middle of a line (or of a character), so
 * lines are cut only when the import starts. Keyed by part number: a part sent again replaces the earlier one.
 */
export const bulkImportParts = pgTable('bulk_import_parts', {
  importId: uuid('import_id').notNull().references(() => bulkImports.id, { onDelete: 'cascade' }),
  partNumber: integer('part_number').notNull(),
  body: bytea('body').notNull(),
  bytes: integer('bytes').notNull(),
  /** Hex SHA-256 of the body, for the client to compare with what it sent. */
  sha256: text('sha256').notNull(),
  receivedAt: tstz('received_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.importId, t.partNumber] })]);

/** The uploaded file in chunks of whole lines, in order; deleted once the import has finished. */
export const bulkImportChunks = pgTable('bulk_import_chunks', {
  importId: uuid('import_id').notNull().references(() => bulkImports.id, { onDelete: 'cascade' }),
  seq: integer('seq').notNull(),
  /** File line number (1-based) of the chunk's first line. */
  firstLine: integer('first_line').notNull(),
  /** The lines, joined by "\n" (blank lines kept, so line numbers follow the file). */
  body: text('body').notNull(),
  /** Lines refused while uploading (too long, NUL bytes), by line number: their text is left out of `body`. */
  refused: jsonb('refused').$type<Record<string, string>>(),
}, (t) => [primaryKey({ columns: [t.importId, t.seq] })]);

/** Per-line errors of an import, keyed by file line number (keyset pagination on it). */
export const bulkImportErrors = pgTable('bulk_import_errors', {
  importId: uuid('import_id').notNull().references(() => bulkImports.id, { onDelete: 'cascade' }),
  line: integer('line').notNull(),
  code: text('code').notNull(),
  message: text('message').notNull(),
}, (t) => [primaryKey({ columns: [t.importId, t.line] })]);
