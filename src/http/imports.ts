import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import express, { type Router } from 'express';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { encodeGlobalId } from '../domain/ids';
import type { JobRuntime } from '../jobs/runtime';
import type { Logger } from '../logger';
import type { Authenticator } from '../services/auth.service';
import type { ServiceContext } from '../services/context';
import { DomainError } from '../services/errors';
import { BulkUpload } from '../services/imports/bulk-upload.service';
import { LineChunker } from '../services/imports/line-chunker';

const STATUS: Partial<Record<DomainError['code'], number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400 };

/**
 * POST /imports — a JSON Lines file as the request body (docs/importing.md), streamed into PostgreSQL chunk by chunk:
 * the API holds one chunk at a time, however large the file. Admin bearer token as on /graphql (401 without one, 403
 * for anyone else). Answers 202 with the import's id once the whole body is stored and queued; a body that stops
 * short leaves nothing to run (the import is FAILED with UPLOAD_INCOMPLETE).
 */
export function importsRouter(database: Database, config: Config, jobs: JobRuntime, auth: Authenticator, log: Logger): Router {
  const router = express.Router();
  router.post('/', async (req, res, next) => {
    let upload: BulkUpload | null = null;
    try {
      const actor = await auth.authenticate(req.headers.authorization);
      const ctx: ServiceContext = { actor, requestId: randomUUID(), db: database.db, database, config, now: () => new Date(), bulkImports: jobs.bulkImports };
      const filename = typeof req.headers['x-filename'] === 'string' ? req.headers['x-filename'] : null;
      upload = await BulkUpload.begin(ctx, filename);
      const chunker = new LineChunker(config.bulkImportBatchLines);
      const decoder = new StringDecoder('utf8');
      let bytes = 0;
      let chunks = 0;
      const store = async (done: ReturnType<LineChunker['push']>) => {
        for (const chunk of done) {
          await upload!.store(chunk, bytes);
          chunks = chunk.seq + 1;
        }
      };
      // One piece at a time: the next is read only once the chunks it completed are stored (backpressure).
      for await (const piece of req as AsyncIterable<Buffer>) {
        bytes += piece.length;
        await store(chunker.push(decoder.write(piece)));
      }
      await store([...chunker.push(decoder.end()), ...chunker.end()]);
      const row = await upload.finish(chunker.lines, chunks, bytes);
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
