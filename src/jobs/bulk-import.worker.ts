import type { ConnectionOptions, Worker } from 'bullmq';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import { orderInputChecker, returnInputChecker } from '../graphql/order-input-check';
import { runBulkImport } from '../services/imports/bulk-import.service';
import { bulkKinds, type BulkKinds } from '../services/imports/bulk-kinds';
import { BackoffWorker } from './backoff-worker';
import { BULK_IMPORT_QUEUE, type JobPayloads } from './queues';

export interface BulkImportWorkerOptions {
  config: Config;
  connection: ConnectionOptions;
  log: Logger;
  context: () => ServiceContext;
  onError: (e: Error) => void;
}

/**
 * The worker of uploaded bulk imports, one import at a time per process (an import keeps a core and a database
 * connection busy). Stopping between batches hands the import back (QUEUED, resumed from its checkpoint).
 */
export function startBulkImportWorker(opts: BulkImportWorkerOptions): Worker {
  const { config, log } = opts;
  // A line is checked by the GraphQL layer's rules for its input type, built once per process.
  let kinds: Promise<BulkKinds> | null = null;
  const worker: Worker = new BackoffWorker<JobPayloads['run-bulk-import']>(BULK_IMPORT_QUEUE, async (job) => {
    const { importId } = job.data;
    kinds ??= Promise.all([orderInputChecker(), returnInputChecker()]).then(([order, ret]) => bulkKinds({ order, return: ret }));
    const ran = await runBulkImport(opts.context(), importId, await kinds, {
      onUnexpected: (e) => log.error(`bulk import ${importId} failed`, e),
      stopping: () => Boolean(worker.closing),
    });
    return 'row' in ran ? { status: ran.row.status, processedLines: ran.row.processedLines, failedLines: ran.row.failedLines } : ran;
  }, {
    connection: opts.connection, prefix: config.queuePrefix, concurrency: 1,
    lockDuration: config.workerLockMs, stalledInterval: config.workerStalledIntervalMs,
  });
  worker.on('error', opts.onError);
  worker.on('failed', (job, e) => log.error('bulk import job failed', { importId: job?.data.importId, error: e }));
  return worker;
}
