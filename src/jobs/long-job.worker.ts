import type { ConnectionOptions, Worker } from 'bullmq';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import type { AdminOperationRow } from '../services/insight/admin-operation.service';
import { refreshAnalyticsUnlessRunning } from '../services/insight/analytics-refresh.service';
import { isSkipped, TimeLimitExceeded } from '../services/insight/exclusive-run';
import { trainReturnRiskModel } from '../services/insight/risk-model.service';
import { BackoffWorker } from './backoff-worker';
import type { LongJobOutcome, Metrics } from './metrics';
import { JOB, MAINTENANCE_LONG_QUEUE, type JobPayloads, type LongJobName } from './queues';

/** The long job an admin operation runs, as /metrics names it (the scheduled job doing the same). */
export function longJobOf(op: Pick<AdminOperationRow, 'kind' | 'input'>): LongJobName {
  if (op.kind === 'TRAIN_RISK_MODEL') return JOB.TRAIN_RISK_MODEL;
  return op.input.full === true ? JOB.REFRESH_ANALYTICS_FULL : JOB.REFRESH_ANALYTICS;
}

/** How a run that threw ended: past its time limit, or failed. */
export const thrownOutcome = (e: unknown): LongJobOutcome => (e instanceof TimeLimitExceeded ? 'timed_out' : 'failed');

export interface LongJobWorkerOptions {
  database: Database;
  config: Config;
  connection: ConnectionOptions;
  log: Logger;
  metrics: Metrics;
  context: () => ServiceContext;
  onError: (e: Error) => void;
}

/**
 * The worker of the scheduled long jobs (analytics refreshes, model training), one run at a time per process, apart
 * from the maintenance worker so the sweepers and expiry never wait behind one. A run finding another in progress
 * (the lock is cluster-wide) is skipped at once, its result `{ skipped: 'already running' }`; each run has its time
 * limit (ANALYTICS_REFRESH_TIMEOUT_MS, RISK_MODEL_TRAIN_TIMEOUT_MS) and is counted on /metrics by how it ended.
 */
export function startLongJobWorker(opts: LongJobWorkerOptions): Worker {
  const { database, config, metrics, log } = opts;
  const run = async (name: LongJobName): Promise<{ outcome: LongJobOutcome; result: unknown }> => {
    if (name === JOB.TRAIN_RISK_MODEL) {
      const trained = await trainReturnRiskModel(opts.context(), {}, { wait: false });
      if (isSkipped(trained)) return { outcome: 'skipped', result: trained };
      if (trained.ok) return { outcome: 'succeeded', result: { version: trained.value.version, active: trained.value.active } };
      const [error] = trained.userErrors;
      // NOT_ENOUGH_HISTORY: a clean answer, but no model; counted as failed so a stale model shows.
      return { outcome: 'failed', result: { failed: error?.code, message: error?.message } };
    }
    const refreshed = await refreshAnalyticsUnlessRunning(database, {
      full: name === JOB.REFRESH_ANALYTICS_FULL, overlapMs: config.analyticsRefreshOverlapMs, timeoutMs: config.analyticsRefreshTimeoutMs,
    });
    return { outcome: isSkipped(refreshed) ? 'skipped' : 'succeeded', result: refreshed };
  };
  const worker = new BackoffWorker<JobPayloads[LongJobName]>(MAINTENANCE_LONG_QUEUE, async (job) => {
    const name = job.name as LongJobName;
    const done = metrics.longJobStarted(name, 'schedule');
    try {
      const { outcome, result } = await run(name);
      done(outcome);
      return result;
    } catch (e) {
      done(thrownOutcome(e));
      throw e;
    }
  }, {
    connection: opts.connection, prefix: config.queuePrefix, concurrency: 1,
    lockDuration: config.workerLockMs, stalledInterval: config.workerStalledIntervalMs,
  });
  worker.on('error', opts.onError);
  worker.on('failed', (job, e) => log.error('long maintenance job failed', { job: job?.name, error: e }));
  return worker;
}
