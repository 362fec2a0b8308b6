import { and, eq, sql } from 'drizzle-orm';
import { bulkImportChunks, bulkImports, type BulkImportStatus } from '../../db/schema';
import { requireAdmin } from '../access';
import { actorLabel, type ServiceContext } from '../context';
import type { LineChunk } from './line-chunker';

/** Who asked for an import, as `bulk_imports.requested_by` keeps it ("<actor type>:<actor id>"). */
export function requester(ctx: ServiceContext): string {
  const who = actorLabel(ctx.actor);
  return `${who.actorType}:${who.actorId ?? ''}`;
}

export type BulkImportRow = typeof bulkImports.$inferSelect;

/**
 * One file being received by POST /imports: its lines go to PostgreSQL chunk by chunk as they arrive (any API replica
 * may take the upload, any worker the import), and only once the whole body has arrived is the import QUEUED.
 */
export class BulkUpload {
  private bytes = 0;

  private constructor(private readonly ctx: ServiceContext, readonly id: string) {}

  /** Starts an upload (admin only): the row is UPLOADING until `finish`. */
  static async begin(ctx: ServiceContext, filename: string | null): Promise<BulkUpload> {
    requireAdmin(ctx);
    const [row] = await ctx.db.insert(bulkImports).values({
      filename: filename?.slice(0, 200) || null, requestedBy: requester(ctx),
    }).returning({ id: bulkImports.id });
    return new BulkUpload(ctx, row.id);
  }

  /** Stores one chunk and counts the bytes received so far (the heartbeat of an upload in progress). */
  async store(chunk: LineChunk, bytesSoFar: number): Promise<void> {
    this.bytes = bytesSoFar;
    await this.ctx.db.insert(bulkImportChunks).values(chunkRow(this.id, chunk));
    await this.ctx.db.update(bulkImports).set({ chunkCount: chunk.seq + 1, bytes: bytesSoFar, heartbeatAt: sql`now()` })
      .where(and(eq(bulkImports.id, this.id), eq(bulkImports.status, 'UPLOADING')));
  }

  /** The whole body arrived: the import is QUEUED for a worker, and handed to the queue (the sweeper catches a miss). */
  async finish(totalLines: number, chunks: number, bytes: number): Promise<BulkImportRow> {
    const [row] = await this.ctx.db.update(bulkImports).set({
      status: 'QUEUED' satisfies BulkImportStatus, totalLines, chunkCount: chunks, bytes, heartbeatAt: sql`now()`,
    }).where(and(eq(bulkImports.id, this.id), eq(bulkImports.status, 'UPLOADING'))).returning();
    if (!row) throw new Error(`bulk import ${this.id} is no longer uploading`);
    this.ctx.bulkImports?.enqueue(row.id);
    return row;
  }

  /** The body did not arrive whole (client gone, refused): FAILED, and what was stored of it deleted. */
  async abandon(code: string, message: string): Promise<void> {
    await failUpload(this.ctx, this.id, code, message, this.bytes);
  }
}

/** The bulk_import_chunks row of one chunk of lines. */
export function chunkRow(importId: string, chunk: LineChunk): typeof bulkImportChunks.$inferInsert {
  return { importId, seq: chunk.seq, firstLine: chunk.firstLine, body: chunk.lines.join('\n'), refused: chunk.refused };
}

/** Marks an upload FAILED and deletes its chunks (also used by the sweeper for uploads whose API process died). */
export async function failUpload(ctx: ServiceContext, id: string, code: string, message: string, bytes?: number): Promise<void> {
  await ctx.database.db.transaction(async (tx) => {
    const [row] = await tx.update(bulkImports).set({
      status: 'FAILED', errorCode: code, error: message, finishedAt: sql`now()`, ...(bytes === undefined ? {} : { bytes }),
    }).where(and(eq(bulkImports.id, id), eq(bulkImports.status, 'UPLOADING'))).returning({ id: bulkImports.id });
    if (row) await tx.delete(bulkImportChunks).where(eq(bulkImportChunks.importId, id));
  });
}
