import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { decodeGlobalId, encodeGlobalId } from '../domain/ids';
import type { UserError } from '../services/errors';
import type { JobRuntime } from '../jobs/runtime';
import type { Logger } from '../logger';
import type { Authenticator } from '../services/auth.service';
import type { ServiceContext } from '../services/context';
import { requireAdmin } from '../services/access';
import { BadInputError, DomainError } from '../services/errors';
import { BulkUpload } from '../services/imports/bulk-upload.service';
import { chunkBytes } from '../services/imports/line-chunker';
import { putStagedPart, stagedParts } from '../services/imports/staged-import.service';

const STATUS: Partial<Record<DomainError['code'], number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400 };

/** HTTP status of a refused staged part (the body carries the code). */
const PART_STATUS: Partial<Record<UserError['code'], number>> = {
  NOT_FOUND: 404, IMPORT_ALREADY_STARTED: 409, IMPORT_EXPIRED: 410, PART_TOO_LARGE: 413, FILE_TOO_LARGE: 413, INVALID_PART_NUMBER: 400, EMPTY_PART: 400,
};

type Handler = (req: express.Request, res: express.Response, ctx: ServiceContext) => Promise<void>;

/** The bulk_imports row id in a staged-part URL (the BulkImport global id), or null when it is none. */
function importIdOf(param: string): string | null {
  const decoded = decodeGlobalId(param);
  return decoded?.type === 'BulkImport' ? decoded.id : null;
}

const NO_STAGED_IMPORT: UserError = { code: 'NOT_FOUND', message: 'No staged import has this id', field: null };

function refuse(res: express.Response, error: UserError): void {
  res.status(PART_STATUS[error.code] ?? 400).json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
}

/**
 * POST /imports — a JSON Lines file as the request body (docs/importing.md), streamed into PostgreSQL chunk by chunk:
 * the API holds one chunk at a time, however large the file. Admin bearer token as on /graphql (401 without one, 403
 * for anyone else). Answers 202 with the import's id once the whole body is stored and queued; a body that stops
 * short leaves nothing to run (the import is FAILED with UPLOAD_INCOMPLETE).
 */
export function importsRouter(database: Database, config: Config, jobs: JobRuntime, auth: Authenticator, log: Logger): Router {
  const router = express.Router();
  const contextOf = async (req: express.Request): Promise<ServiceContext> => ({
    actor: await auth.authenticate(req.headers.authorization), requestId: randomUUID(), db: database.db, database, config, now: () => new Date(),
    bulkImports: jobs.bulkImports,
  });
  const sendDomainError = (e: unknown, res: express.Response, next: express.NextFunction) => {
    const status = e instanceof DomainError ? STATUS[e.code] : undefined;
    if (status === undefined) next(e);
    else res.status(status).json({ errors: [{ message: (e as DomainError).message, extensions: { code: (e as DomainError).code } }] });
  };
  /** Authenticates before anything else (no body is read for a caller who may not send one). */
  const authenticated = (handler: Handler) => async (req: express.Request, res: express.Response, next: express.NextFunction) => {
    try {
      await handler(req, res, await contextOf(req));
    } catch (e) {
      sendDomainError(e, res, next);
    }
  };
  // The part body, raw, up to the part limit (Content-Length is checked before reading; a longer body is cut off).
  const rawPart = express.raw({ type: () => true, limit: config.bulkImportPartMaxBytes });

  /**
   * PUT /imports/<id>/parts/<n> — part n of a staged upload (createStagedImport), raw bytes; sent again, it replaces
   * the part. 200 with the part's size and SHA-256 (also the ETag); refused: 4xx with the code, nothing stored.
   */
  router.put('/:id/parts/:part', authenticated(async (req, res, ctx) => {
    requireAdmin(ctx);
    const id = importIdOf(String(req.params.id));
    if (!id) return refuse(res, NO_STAGED_IMPORT);
    const part = /^\d{1,9}$/.test(String(req.params.part)) ? Number(req.params.part) : Number.NaN;
    const read = await new Promise<{ body: unknown } | { error: { type?: string } }>((resolve) => {
      rawPart(req, res, (err?: unknown) => resolve(err ? { error: err as { type?: string } } : { body: req.body }));
    });
    if ('error' in read) {
      if (read.error.type === 'entity.too.large') return refuse(res, { code: 'PART_TOO_LARGE', message: `A part may hold at most ${config.bulkImportPartMaxBytes} bytes`, field: null });
      if (req.destroyed || req.readableAborted) { log.info('staged part upload aborted by the client', { importId: id, part }); return; }
      throw new BadInputError('The part body could not be read');
    }
    const stored = await putStagedPart(ctx, id, part, Buffer.isBuffer(read.body) ? read.body : Buffer.alloc(0));
    if (!stored.ok) return refuse(res, stored.userErrors[0]);
    res.setHeader('ETag', `"${stored.value.sha256}"`);
    res.json({ id: req.params.id, ...stored.value });
  }));

  /** GET /imports/<id>/parts — the parts of a staged upload received so far, in part order, and the import's status. */
  router.get('/:id/parts', authenticated(async (req, res, ctx) => {
    requireAdmin(ctx);
    const id = importIdOf(String(req.params.id));
    if (!id) return refuse(res, NO_STAGED_IMPORT);
    const listed = await stagedParts(ctx, id);
    if (!listed.ok) return refuse(res, listed.userErrors[0]);
    const { row, parts } = listed.value;
    res.json({ id: req.params.id, status: row.status, errorCode: row.errorCode, bytes: row.bytes, expiresAt: row.expiresAt, parts });
  }));

  router.post('/', async (req, res, next) => {
    let upload: BulkUpload | null = null;
    try {
      const ctx = await contextOf(req);
      const filename = typeof req.headers['x-filename'] === 'string' ? req.headers['x-filename'] : null;
      upload = await BulkUpload.begin(ctx, filename);
      const cut = await chunkBytes(req as AsyncIterable<Buffer>, config.bulkImportBatchLines, (chunk, bytes) => upload!.store(chunk, bytes));
      const row = await upload.finish(cut.lines, cut.chunks, cut.bytes);
      res.status(202).json({ id: encodeGlobalId('BulkImport', row.id), status: row.status, totalLines: row.totalLines, bytes: row.bytes });
    } catch (e) {
      if (upload) {
        await upload.abandon('UPLOAD_INCOMPLETE', 'The upload stopped before the whole file arrived; send the file again.')
          .catch((err: unknown) => log.warn('could not mark an interrupted upload FAILED; the sweeper will', { importId: upload?.id, error: err }));
      }
      const status = e instanceof DomainError ? STATUS[e.code] : undefined;
      if (status === undefined) {
        // A client that went away mid-body gets no answer; anything else is the error handler's.
        if (req.destroyed || req.readableAborted) { log.info('bulk import upload aborted by the client', { importId: upload?.id }); return; }
        next(e);
        return;
      }
      res.status(status).json({ errors: [{ message: (e as DomainError).message, extensions: { code: (e as DomainError).code } }] });
    }
  });
  return router;
}
