import { and, asc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { batches } from '../../db/batches';
import { dataRefusal, isConnectionError, type DataRefusal } from '../../db/errors';
import { bulkImportChunks, bulkImportErrors, bulkImports } from '../../db/schema';
import { requireAdmin } from '../access';
import { inIdOrder } from '../batch-load';
import { inTransaction, type ServiceContext } from '../context';
import type { BulkKind, BulkKinds, KindName, LineRefusal, LineResult } from './bulk-kinds';
import { failUpload, type BulkImportRow } from './bulk-upload.service';
import { cutStagedParts } from './staged-import.service';

/*
 * Bulk imports (docs/importing.md): POST /imports stores a JSON Lines file in chunks and queues the import; a worker
 * claims it and writes chunk after chunk, each in one transaction with its per-line errors, its counts and the
 * checkpoint (`next_chunk`). A worker killed mid-import leaves the row RUNNING; once its heartbeat is stale the job (or
 * the sweeper) runs it again from the checkpoint. Every write names its attempt, so a run taken for dead cannot commit
 * a batch twice.
 */

/** Runs an import gets (the first plus re-runs after its worker was lost) before it is FAILED with WORKER_LOST. */
export const BULK_IMPORT_MAX_ATTEMPTS = 10;

/** A line of a chunk as the worker reads it: ready to write under its kind, or refused. */
type ParsedLine = { line: number; kind: KindName; item: unknown } | { line: number; refusal: LineRefusal };

interface ParsedChunk { seq: number; lines: ParsedLine[] }

/** The run found, when it went to commit a batch, that it no longer owns the import (taken for dead and run again). */
class ImportLost extends Error {}

const isKind = (kinds: Record<KindName, unknown>, kind: unknown): kind is KindName => typeof kind === 'string' && Object.hasOwn(kinds, kind);

function parseLine(kinds: Record<KindName, BulkKind<unknown>>, text: string, line: number): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { line, refusal: { code: 'INVALID_JSON', message: `not JSON: ${(e as Error).message}` } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, refusal: { code: 'INVALID_JSON', message: 'a line must be one JSON object' } };
  const { kind, ...rest } = value as Record<string, unknown>;
  if (!isKind(kinds, kind)) {
    const known = Object.keys(kinds).map((k) => `"${k}"`).join(', ');
    return { line, refusal: { code: 'UNKNOWN_KIND', message: `kind ${kind === undefined ? 'is missing' : `${JSON.stringify(kind)} is not known`}: one of ${known}` } };
  }
  const prepared = kinds[kind].prepare(rest);
  return prepared.ok ? { line, kind, item: prepared.item } : { line, refusal: prepared.refusal };
}

const REFUSALS: Record<string, string> = {
  LINE_TOO_LONG: 'the line is longer than 1,048,576 characters',
  INVALID_JSON: 'the line contains a NUL character',
};

/** Lines checked between two turns of the event loop. */
const PARSE_SLICE = 50;

async function loadChunk(ctx: ServiceContext, kinds: BulkKinds, importId: string, seq: number): Promise<ParsedChunk> {
  const [chunk] = await ctx.db.select().from(bulkImportChunks).where(and(eq(bulkImportChunks.importId, importId), eq(bulkImportChunks.seq, seq)));
  if (!chunk) throw new Error(`bulk import ${importId}: chunk ${seq} is missing`);
  const lines: ParsedLine[] = [];
  const texts = chunk.body.split('\n');
  for (let i = 0; i < texts.length; i++) {
    const line = chunk.firstLine + i;
    const refused = chunk.refused?.[String(line)];
    if (refused) lines.push({ line, refusal: { code: refused, message: REFUSALS[refused] ?? refused } });
    else if (texts[i].trim()) lines.push(parseLine(kinds, texts[i], line));
    // Checking runs while the previous chunk commits: letting its statements' answers in every few lines keeps
    // PostgreSQL writing that chunk while this one is checked, instead of waiting for the whole chunk's checks.
    if (i % PARSE_SLICE === PARSE_SLICE - 1) await new Promise<void>((resolve) => { setImmediate(resolve); });
  }
  return { seq, lines };
}

type KindLine = Extract<ParsedLine, { kind: KindName }>;

/** Writes lines kind by kind (orders before returns) in the caller's transaction; the result of each line by number. */
async function writeKinds(tx: ServiceContext, kinds: BulkKinds, lines: KindLine[]): Promise<Map<number, LineResult>> {
  const results = new Map<number, LineResult>();
  for (const kind of Object.keys(kinds) as KindName[]) {
    const mine = lines.filter((l) => l.kind === kind);
    if (!mine.length) continue;
    const written = await kinds[kind].write(tx, mine.map((l) => l.item));
    mine.forEach((l, i) => results.set(l.line, written[i]));
  }
  return results;
}

/** What a line PostgreSQL itself refused is reported as: names only, never the statement, values or stack. */
function refusedByDatabase(r: DataRefusal): LineResult {
  const where = [r.constraint && `constraint ${r.constraint}`, r.table && `table ${r.table}`, r.column && `column ${r.column}`].filter(Boolean).join(', ');
  return { code: 'LINE_REFUSED_BY_DATABASE', message: `the database refused the line (${r.condition}${where ? `: ${where}` : ''}); nothing of it was written` };
}

/**
 * Writes lines in a savepoint. When PostgreSQL refuses the data of a statement (a value or constraint the checks let
 * through), the savepoint is rolled back and the lines are written again in halves, each in its own savepoint, down to
 * the single line that is refused (LINE_REFUSED_BY_DATABASE) while every other line is written.
 */
async function writeBisecting(tx: ServiceContext, kinds: BulkKinds, lines: KindLine[]): Promise<Map<number, LineResult>> {
  try {
    return await tx.db.transaction((sp) => writeKinds({ ...tx, db: sp }, kinds, lines));
  } catch (e) {
    const refusal = dataRefusal(e);
    if (!refusal) throw e;
    if (lines.length === 1) return new Map([[lines[0].line, refusedByDatabase(refusal)]]);
    const half = Math.ceil(lines.length / 2);
    const first = await writeBisecting(tx, kinds, lines.slice(0, half));
    return new Map([...first, ...await writeBisecting(tx, kinds, lines.slice(half))]);
  }
}

/**
 * A line whose kind's key (order number; merchant and return id) appears on an earlier line of the chunk is refused
 * before anything is written, so the answer does not depend on how the chunk is split while writing.
 */
function refuseRepeats(kinds: BulkKinds, lines: ParsedLine[]): ParsedLine[] {
  const seen = new Set<string>();
  return lines.map((l) => {
    if (!('kind' in l)) return l;
    const key = kinds[l.kind].key(l.item);
    if (key === null) return l;
    if (!seen.has(`${l.kind}\u0000${key}`)) {
      seen.add(`${l.kind}\u0000${key}`);
      return l;
    }
    return { line: l.line, refusal: kinds[l.kind].repeated(l.item) };
  });
}

/** Writes one chunk's lines, kind by kind, with its errors, counts and checkpoint, in one transaction. */
async function commitChunk(ctx: ServiceContext, kinds: BulkKinds, row: BulkImportRow, chunk: ParsedChunk): Promise<void> {
  const lines = refuseRepeats(kinds, chunk.lines);
  await inTransaction(ctx, async (tx) => {
    const results = await writeBisecting(tx, kinds, lines.filter((l): l is KindLine => 'kind' in l));
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const errors: Array<{ importId: string; line: number; code: string; message: string }> = [];
    for (const l of lines) {
      const result = 'refusal' in l ? l.refusal : results.get(l.line)!;
      if (typeof result === 'string') counts[result] += 1;
      else errors.push({ importId: row.id, line: l.line, code: result.code, message: result.message.slice(0, 1000) });
    }
    for (const slice of batches(errors, 4)) await tx.db.insert(bulkImportErrors).values(slice).onConflictDoNothing();
    const [owned] = await tx.db.update(bulkImports).set({
      nextChunk: chunk.seq + 1, heartbeatAt: sql`now()`,
      processedLines: sql`${bulkImports.processedLines} + ${lines.length}`,
      failedLines: sql`${bulkImports.failedLines} + ${errors.length}`,
      createdLines: sql`${bulkImports.createdLines} + ${counts.created}`,
      updatedLines: sql`${bulkImports.updatedLines} + ${counts.updated}`,
      unchangedLines: sql`${bulkImports.unchangedLines} + ${counts.unchanged}`,
    }).where(and(eq(bulkImports.id, row.id), eq(bulkImports.attempts, row.attempts), eq(bulkImports.status, 'RUNNING'), eq(bulkImports.nextChunk, chunk.seq)))
      .returning({ id: bulkImports.id });
    if (!owned) throw new ImportLost(`bulk import ${row.id} was taken over before chunk ${chunk.seq} committed`);
  });
}

/** The heartbeat is older than BULK_IMPORT_STALE_MS: whoever was writing the import is gone. */
const stale = (ms: number): SQL => sql`${bulkImports.heartbeatAt} < now() - ${ms} * interval '1 millisecond'`;

/**
 * Worker: claims the import (QUEUED, or RUNNING with a stale heartbeat) and writes its chunks from the checkpoint on,
 * reading the next chunk while the current one commits. Ends SUCCEEDED (per-line errors are counted, not fatal) and
 * deletes the stored file. A duplicate delivery, or a run another worker took over, stops without writing.
 */
export async function runBulkImport(
  ctx: ServiceContext, id: string, kinds: BulkKinds, hooks: { onUnexpected?: (e: unknown) => void; stopping?: () => boolean } = {},
): Promise<{ skipped: true } | { handedBack: true } | { row: BulkImportRow }> {
  const [claimed] = await ctx.db.update(bulkImports).set({
    status: 'RUNNING', attempts: sql`${bulkImports.attempts} + 1`, startedAt: sql`coalesce(${bulkImports.startedAt}, now())`, heartbeatAt: sql`now()`,
  }).where(and(eq(bulkImports.id, id), lt(bulkImports.attempts, BULK_IMPORT_MAX_ATTEMPTS),
    or(eq(bulkImports.status, 'QUEUED'), and(eq(bulkImports.status, 'RUNNING'), stale(ctx.config.bulkImportStaleMs)))))
    .returning();
  if (!claimed) return { skipped: true };
  const ours = and(eq(bulkImports.id, id), eq(bulkImports.attempts, claimed.attempts), eq(bulkImports.status, 'RUNNING'));
  try {
    // A staged upload's parts are cut into chunks first (once; null: another run took the import over).
    const row = await cutStagedParts(ctx, claimed);
    if (!row) return { skipped: true };
    let next: Promise<ParsedChunk> | null = row.nextChunk < row.chunkCount ? loadChunk(ctx, kinds, id, row.nextChunk) : null;
    // Not awaited yet: a failed read surfaces when its turn comes.
    next?.catch(() => undefined);
    while (next) {
      if (hooks.stopping?.()) {
        // The worker is shutting down: the import goes back to the queue at its checkpoint, this run not counted.
        await ctx.db.update(bulkImports).set({ status: 'QUEUED', attempts: sql`${bulkImports.attempts} - 1`, heartbeatAt: sql`now()` }).where(ours);
        return { handedBack: true };
      }
      const chunk = await next;
      next = chunk.seq + 1 < row.chunkCount ? loadChunk(ctx, kinds, id, chunk.seq + 1) : null;
      next?.catch(() => undefined);
      await commitChunk(ctx, kinds, row, chunk);
    }
    const [done] = await ctx.database.db.transaction(async (tx) => {
      const finished = await tx.update(bulkImports).set({ status: 'SUCCEEDED', finishedAt: sql`now()`, heartbeatAt: sql`now()` }).where(ours).returning();
      if (finished.length) await tx.delete(bulkImportChunks).where(eq(bulkImportChunks.importId, id));
      return finished;
    });
    return done ? { row: done } : { skipped: true };
  } catch (e) {
    if (e instanceof ImportLost) return { skipped: true };
    if (isConnectionError(e)) throw e; // left RUNNING: resumed from the checkpoint once the heartbeat is stale
    hooks.onUnexpected?.(e);
    await ctx.db.update(bulkImports).set({
      status: 'FAILED', errorCode: 'INTERNAL', finishedAt: sql`now()`,
      error: 'The import stopped on an unexpected error; the worker log has the details under this import id. Lines before it are committed.',
    }).where(ours);
    throw e;
  }
}

/**
 * Sweeper: uploads whose API process died are FAILED (UPLOAD_INCOMPLETE); RUNNING imports whose worker is gone go back
 * to QUEUED (FAILED with WORKER_LOST after BULK_IMPORT_MAX_ATTEMPTS runs). Returns the QUEUED ids not touched for
 * `graceMs`, for the caller to check against the queue.
 */
export async function sweepBulkImports(ctx: ServiceContext, graceMs: number): Promise<{ queued: string[]; failed: number }> {
  const staleMs = ctx.config.bulkImportStaleMs;
  const uploads = await ctx.db.select({ id: bulkImports.id }).from(bulkImports)
    .where(and(eq(bulkImports.status, 'UPLOADING'), stale(staleMs))).limit(100);
  for (const u of uploads) await failUpload(ctx, u.id, 'UPLOAD_INCOMPLETE', 'The upload stopped before the whole file arrived; send the file again.');
  const lost = and(eq(bulkImports.status, 'RUNNING'), stale(staleMs));
  const failed = await ctx.db.update(bulkImports).set({
    status: 'FAILED', errorCode: 'WORKER_LOST', finishedAt: sql`now()`,
    error: sql`'The workers running it stopped ' || ${bulkImports.attempts} || ' times; lines before the last checkpoint are committed.'`,
  }).where(and(lost, sql`${bulkImports.attempts} >= ${BULK_IMPORT_MAX_ATTEMPTS}`)).returning({ id: bulkImports.id });
  await ctx.db.update(bulkImports).set({ status: 'QUEUED' }).where(and(lost, lt(bulkImports.attempts, BULK_IMPORT_MAX_ATTEMPTS)));
  const queued = await ctx.db.select({ id: bulkImports.id }).from(bulkImports)
    .where(and(eq(bulkImports.status, 'QUEUED'), stale(graceMs))).orderBy(bulkImports.id).limit(100);
  return { queued: queued.map((r) => r.id), failed: failed.length + uploads.length };
}

/** `bulkImport(id)` (admin). */
export async function bulkImport(ctx: ServiceContext, id: string): Promise<BulkImportRow | null> {
  requireAdmin(ctx);
  const [row] = await ctx.db.select().from(bulkImports).where(eq(bulkImports.id, id));
  return row ?? null;
}

/** For `node(id:)`: rows by id in order; all null unless the caller is an admin. */
export async function bulkImportsByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(BulkImportRow | null)[]> {
  if (ctx.actor.kind !== 'admin') return ids.map(() => null);
  return inIdOrder(ids, await ctx.db.select().from(bulkImports).where(inArray(bulkImports.id, [...ids])));
}

/** An import's per-line errors in line order after `afterLine` (keyset on the primary key). */
export async function bulkImportErrorPage(ctx: ServiceContext, importId: string, first: number, afterLine: number | null) {
  requireAdmin(ctx);
  return ctx.db.select({ line: bulkImportErrors.line, code: bulkImportErrors.code, message: bulkImportErrors.message }).from(bulkImportErrors)
    .where(and(eq(bulkImportErrors.importId, importId), afterLine === null ? undefined : gt(bulkImportErrors.line, afterLine)))
    .orderBy(asc(bulkImportErrors.line)).limit(first);
}
