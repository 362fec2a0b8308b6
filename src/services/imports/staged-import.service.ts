import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { bulkImportChunks, bulkImportParts, bulkImports, type BulkImportStatus } from '../../db/schema';
import { isPartNumber, MAX_STAGED_PARTS, partGaps } from '../../domain/staged-upload';
import { requireAdmin } from '../access';
import { inTransaction, type ServiceContext } from '../context';
import { BadInputError, fail, ok, type Outcome, type UserError } from '../errors';
import { chunkRow, requester, type BulkImportRow } from './bulk-upload.service';
import { chunkBytes } from './line-chunker';

/*
 * Staged uploads (docs/importing.md, "Staged upload"): createStagedImport makes a STAGED bulk import; the client PUTs
 * the file in numbered parts (raw bytes, each replaceable, in any order, over as many connections and retries as it
 * needs); startBulkImport checks that parts 1 … N are all there and QUEUES the import for the same worker as
 * POST /imports, which first cuts the parts into lines with the same LineChunker (cutStagedParts; a line may span
 * parts). A STAGED upload that gets no part for BULK_IMPORT_STAGED_TTL_MS is expired by the bulk-import sweeper.
 */

/** What PUT /imports/<id>/parts/<n> stored. */
export interface StoredPart { partNumber: number; bytes: number; sha256: string; fileBytes: number; expiresAt: Date }

/** One part as GET /imports/<id>/parts lists it. */
export interface PartInfo { partNumber: number; bytes: number; sha256: string; receivedAt: Date }

const EXPIRED = 'The staged upload expired: no part arrived for BULK_IMPORT_STAGED_TTL_MS. Create a new staged import and send the file again.';

const expiresFrom = (ctx: ServiceContext) => new Date(ctx.now().getTime() + ctx.config.bulkImportStagedTtlMs);

/** createStagedImport (admin): a STAGED import waiting for parts; the same idempotencyKey answers the same import. */
export async function createStagedImport(
  ctx: ServiceContext, input: { filename?: string | null; idempotencyKey?: string | null },
): Promise<Outcome<BulkImportRow>> {
  requireAdmin(ctx);
  const key = input.idempotencyKey?.trim() || null;
  if (key !== null && key.length > 200) throw new BadInputError('idempotencyKey: at most 200 characters', ['idempotencyKey']);
  const filename = input.filename?.trim().slice(0, 200) || null;
  const requestedBy = requester(ctx);
  const [created] = await ctx.db.insert(bulkImports).values({
    status: 'STAGED' satisfies BulkImportStatus, filename, requestedBy, idempotencyKey: key, expiresAt: expiresFrom(ctx),
  }).onConflictDoNothing().returning();
  if (created) return ok(created);
  // The key was used before by this admin: the same request gets the same import, another one an error.
  const [prior] = await ctx.db.select().from(bulkImports).where(and(eq(bulkImports.requestedBy, requestedBy), eq(bulkImports.idempotencyKey, key!)));
  if (prior.filename === filename) return ok(prior);
  return fail('IDEMPOTENCY_KEY_REUSED', 'This idempotencyKey was used for a staged import with another filename', ['idempotencyKey']);
}

/** The staged import `id`, locked, if it still takes parts; otherwise why not (with the row, when there is one). */
async function stagedForUpdate(tx: ServiceContext, id: string): Promise<{ row: BulkImportRow | null; refusal: UserError | null }> {
  const [row] = await tx.db.select().from(bulkImports).where(eq(bulkImports.id, id)).for('update');
  if (!row || row.expiresAt === null) return { row: null, refusal: { code: 'NOT_FOUND', message: 'No staged import has this id', field: ['id'] } };
  const expired = (row.status === 'STAGED' && row.expiresAt <= tx.now()) || (row.status === 'FAILED' && row.errorCode === 'UPLOAD_EXPIRED');
  if (expired) return { row, refusal: { code: 'IMPORT_EXPIRED', message: EXPIRED, field: ['id'] } };
  if (row.status !== 'STAGED') {
    return { row, refusal: { code: 'IMPORT_ALREADY_STARTED', message: `The import was started already (it is ${row.status}); follow it with bulkImport(id)`, field: ['id'] } };
  }
  return { row, refusal: null };
}

/**
 * Stores part `partNumber` of a staged import (admin), replacing a part of that number sent before, and pushes the
 * expiry back. Refused, with nothing stored: a bad part number, an empty or oversized part, a file that would outgrow
 * BULK_IMPORT_FILE_MAX_BYTES, an import that is unknown, started or expired.
 */
export async function putStagedPart(ctx: ServiceContext, id: string, partNumber: number, body: Buffer): Promise<Outcome<StoredPart>> {
  requireAdmin(ctx);
  if (!isPartNumber(partNumber)) return fail('INVALID_PART_NUMBER', `A part number is a whole number from 1 to ${MAX_STAGED_PARTS}`);
  if (body.length === 0) return fail('EMPTY_PART', 'The part has no bytes');
  if (body.length > ctx.config.bulkImportPartMaxBytes) return fail('PART_TOO_LARGE', `A part may hold at most ${ctx.config.bulkImportPartMaxBytes} bytes`);
  const sha256 = createHash('sha256').update(body).digest('hex');
  return inTransaction(ctx, async (tx) => {
    // The row lock orders the parts of one import, so the file-size check below sees every other part.
    const { refusal } = await stagedForUpdate(tx, id);
    if (refusal) return { ok: false, userErrors: [{ ...refusal, field: null }] };
    const [others] = await tx.db.select({ bytes: sql<string>`coalesce(sum(${bulkImportParts.bytes}), 0)` }).from(bulkImportParts)
      .where(and(eq(bulkImportParts.importId, id), ne(bulkImportParts.partNumber, partNumber)));
    const fileBytes = Number(others.bytes) + body.length;
    if (fileBytes > ctx.config.bulkImportFileMaxBytes) {
      return fail('FILE_TOO_LARGE', `With this part the file would be ${fileBytes} bytes; at most ${ctx.config.bulkImportFileMaxBytes} are taken`);
    }
    await tx.db.insert(bulkImportParts).values({ importId: id, partNumber, body, bytes: body.length, sha256 }).onConflictDoUpdate({
      target: [bulkImportParts.importId, bulkImportParts.partNumber],
      set: { body, bytes: body.length, sha256, receivedAt: sql`now()` },
    });
    const expiresAt = expiresFrom(tx);
    await tx.db.update(bulkImports).set({ bytes: fileBytes, expiresAt, heartbeatAt: sql`now()` }).where(eq(bulkImports.id, id));
    return ok({ partNumber, bytes: body.length, sha256, fileBytes, expiresAt });
  });
}

/** The parts a staged import has received, in part order (admin); none once it started or expired. */
export async function stagedParts(ctx: ServiceContext, id: string): Promise<Outcome<{ row: BulkImportRow; parts: PartInfo[] }>> {
  requireAdmin(ctx);
  const [row] = await ctx.db.select().from(bulkImports).where(eq(bulkImports.id, id));
  if (!row || row.expiresAt === null) return fail('NOT_FOUND', 'No staged import has this id');
  const parts = await ctx.db.select({
    partNumber: bulkImportParts.partNumber, bytes: bulkImportParts.bytes, sha256: bulkImportParts.sha256, receivedAt: bulkImportParts.receivedAt,
  }).from(bulkImportParts).where(eq(bulkImportParts.importId, id)).orderBy(asc(bulkImportParts.partNumber));
  return ok({ row, parts });
}

/**
 * startBulkImport (admin): checks that parts 1 … N (N = partCount when given) all arrived and QUEUES the import, in
 * one transaction with the row locked (refused: nothing changed). It does not read the parts: the worker cuts them into
 * lines (cutStagedParts), so the request takes the same short time whatever the file's size. From then on the parts are
 * exactly 1 … N (none beyond N passes the check, and no part is taken once the import left STAGED). The import is
 * answered with its userErrors too, so a client retrying after a lost answer sees IMPORT_ALREADY_STARTED and the import
 * it started.
 */
export async function startBulkImport(
  ctx: ServiceContext, id: string, partCount: number | null,
): Promise<{ row: BulkImportRow | null; userErrors: UserError[] }> {
  requireAdmin(ctx);
  if (partCount !== null && !isPartNumber(partCount)) throw new BadInputError(`partCount: a whole number from 1 to ${MAX_STAGED_PARTS}`, ['partCount']);
  const started = await inTransaction(ctx, async (tx) => {
    const { row, refusal } = await stagedForUpdate(tx, id);
    if (refusal) return { row, userErrors: [refusal] };
    const parts = await tx.db.select({ partNumber: bulkImportParts.partNumber }).from(bulkImportParts)
      .where(eq(bulkImportParts.importId, id)).orderBy(asc(bulkImportParts.partNumber));
    const gaps = partGaps(parts.map((p) => p.partNumber), partCount);
    if (gaps) return { row, userErrors: [{ code: 'PARTS_INCOMPLETE', message: gaps, field: [partCount === null ? 'id' : 'partCount'] } satisfies UserError] };
    // totalLines stays null until the worker has cut the parts: that is how it knows they are still to be cut.
    const [queued] = await tx.db.update(bulkImports).set({ status: 'QUEUED' satisfies BulkImportStatus, heartbeatAt: sql`now()` })
      .where(eq(bulkImports.id, id)).returning();
    return { row: queued, userErrors: [] as UserError[] };
  });
  if (!started.userErrors.length) ctx.bulkImports?.enqueue(id);
  return started;
}

/** The run cutting the parts found it no longer owns the import (taken for dead and run again). */
class CutLost extends Error {}

/**
 * Worker, right after it claimed `row`: a started staged import whose parts are not cut yet (totalLines null) has them
 * cut into chunks of lines with the same LineChunker as POST /imports (a line may span parts; the bytes are decoded as
 * one UTF-8 stream), one part in memory at a time, and the parts deleted, in one transaction that commits only if this
 * run still owns the import (its attempt): a worker killed midway leaves nothing, and the next run cuts again. The
 * heartbeat is written outside that transaction after each part, so a long cut is not taken for a lost worker. Answers
 * the row with totalLines, chunkCount and bytes set (`row` itself when there was nothing to cut), or null when the run
 * lost the import.
 */
export async function cutStagedParts(ctx: ServiceContext, row: BulkImportRow): Promise<BulkImportRow | null> {
  if (row.expiresAt === null || row.totalLines !== null) return row;
  const id = row.id;
  const ours = and(eq(bulkImports.id, id), eq(bulkImports.attempts, row.attempts), eq(bulkImports.status, 'RUNNING'));
  try {
    return await inTransaction(ctx, async (tx) => {
      const parts = await tx.db.select({ partNumber: bulkImportParts.partNumber }).from(bulkImportParts)
        .where(eq(bulkImportParts.importId, id)).orderBy(asc(bulkImportParts.partNumber));
      // One part in memory at a time; after each, the heartbeat, written outside the transaction (which does not lock
      // the row until its last statement) so the sweeper sees it.
      async function* bodies(): AsyncIterable<Buffer> {
        for (const { partNumber } of parts) {
          const [part] = await tx.db.select({ body: bulkImportParts.body }).from(bulkImportParts)
            .where(and(eq(bulkImportParts.importId, id), eq(bulkImportParts.partNumber, partNumber)));
          yield part.body;
          const beat = await ctx.db.update(bulkImports).set({ heartbeatAt: sql`now()` }).where(ours).returning({ id: bulkImports.id });
          if (!beat.length) throw new CutLost();
        }
      }
      const totals = await chunkBytes(bodies(), ctx.config.bulkImportBatchLines, async (chunk) => {
        await tx.db.insert(bulkImportChunks).values(chunkRow(id, chunk));
      });
      await tx.db.delete(bulkImportParts).where(eq(bulkImportParts.importId, id));
      // clock_timestamp(): now() is when this transaction began, which may be long enough ago to look stale.
      const [cut] = await tx.db.update(bulkImports).set({ totalLines: totals.lines, chunkCount: totals.chunks, bytes: totals.bytes, heartbeatAt: sql`clock_timestamp()` })
        .where(and(ours, isNull(bulkImports.totalLines))).returning();
      if (!cut) throw new CutLost();
      return cut;
    });
  } catch (e) {
    if (e instanceof CutLost) return null;
    throw e;
  }
}

/** Sweeper: STAGED uploads past their expiry are FAILED (UPLOAD_EXPIRED) and their parts deleted; returns how many. */
export async function expireStagedImports(ctx: ServiceContext): Promise<number> {
  return ctx.database.db.transaction(async (tx) => {
    // Skip rows a part upload holds: it either extends the expiry or finds the upload expired itself.
    const expired = await tx.update(bulkImports).set({
      status: 'FAILED' satisfies BulkImportStatus, errorCode: 'UPLOAD_EXPIRED', error: EXPIRED, finishedAt: sql`now()`,
    }).where(inArray(bulkImports.id, sql`(select id from ${bulkImports} where ${bulkImports.status} = 'STAGED' and ${bulkImports.expiresAt} < now()
      order by ${bulkImports.expiresAt} limit 100 for update skip locked)`)).returning({ id: bulkImports.id });
    if (expired.length) await tx.delete(bulkImportParts).where(inArray(bulkImportParts.importId, expired.map((r) => r.id)));
    return expired.length;
  });
}
