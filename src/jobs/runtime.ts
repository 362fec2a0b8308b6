import { randomUUID } from 'node:crypto';
import type { ConnectionOptions, Job, Queue, Worker } from 'bullmq';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../logger';
import { runAdminOperation, sweepAdminOperations } from '../services/insight/admin-operation.service';
import type { ServiceContext } from '../services/context';
import { cancelExclusiveRuns } from '../services/insight/exclusive-run';
import { expireReturns } from '../services/returns/expiry.service';
import { assignWaitingLots } from '../services/next-life/recycling-lot.service';
import { sweepRefurbishments } from '../services/next-life/refurbishment-routing.service';
import { assignWaitingVendorReturns } from '../services/next-life/vendor-return.service';
import { AdminOperationRelay, BulkImportRelay } from './admin-operation-relay';
import { startBulkImportWorker } from './bulk-import.worker';
import { sweepBulkImports } from '../services/imports/bulk-import.service';
import { expireStagedImports } from '../services/imports/staged-import.service';
import { BackoffWorker } from './backoff-worker';
import { startDispatchWorker } from './dispatch-job.worker';
import { longJobOf, startLongJobWorker, thrownOutcome } from './long-job.worker';
import { Metrics } from './metrics';
import { OutboxRelay } from './outbox';
import {
  ADMIN_OPERATIONS_QUEUE, JOB, MAINTENANCE_QUEUE, openQueues, type AdminOperationQueue, type IntegrationQueue, type JobPayloads,
  type BulkImportQueue, type MaintenanceJobName, type MaintenanceLongQueue, type MaintenanceQueue,
} from './queues';
import { TimeoutError, withTimeout } from '../timeout';
import { connectsSoon, producerConnection, RedisOutageLog, redisWhere, workerConnection, type RedisConnection, type RedisTarget } from './redis';

/** The process's queues, relay and (for worker roles) workers. */
export interface JobRuntime {
  redis: RedisTarget;
  /** The producer's connection, for small shared caches (the GraphQL APQ cache): fails fast while Redis is down. */
  cacheConnection: RedisConnection;
  integrationQueue: IntegrationQueue;
  maintenanceQueue: MaintenanceQueue;
  /** The scheduled analytics refreshes and model training (MAINTENANCE_LONG_QUEUE). */
  maintenanceLongQueue: MaintenanceLongQueue;
  adminOperationQueue: AdminOperationQueue;
  /** Uploaded bulk imports (BULK_IMPORT_QUEUE). */
  bulkImportQueue: BulkImportQueue;
  relay: OutboxRelay;
  /** Hands the admin operations requests commit to their queue. */
  operations: AdminOperationRelay;
  /** Hands uploaded bulk imports to their queue. */
  bulkImports: BulkImportRelay;
  metrics: Metrics;
  /** Removes a job id from the queue (used before retrying a DEAD job under the same id). */
  removeQueued(id: string): Promise<void>;
  /**
   * What the readiness probe asks: a write to the queues' hash slot succeeds (on its master: not a replica a failover
   * demoted, not a cluster without a master for the slot), and for worker roles every worker connection is ready.
   */
  redisReady(): Promise<boolean>;
  /**
   * Stops taking jobs and lets the running ones finish within timeoutMs (default: as long as they take); the queues stay
   * open, so a request still draining can enqueue. Jobs still running at the deadline are logged and left to BullMQ's
   * stalled-job recovery (another worker takes them once WORKER_LOCK_MS has passed): resolves with how many were, and
   * the caller ends the process.
   */
  stopWorkers(timeoutMs?: number): Promise<number>;
  /**
   * stopWorkers, then closes the queues and connections (and stops a redis-server started for this process, even when
   * jobs were cut). Resolves with how many jobs were cut.
   */
  close(timeoutMs?: number): Promise<number>;
}

/** How long a cut shutdown waits for the cancelling of its long jobs, and then for those jobs to record it. */
const CANCEL_GRACE_MS = 3000;

/** The jobs each worker is performing now, for a shutdown that cuts them to say which. */
function trackActive(workers: Worker[]): () => string[] {
  const active = new Map<string, string>();
  for (const w of workers) {
    w.on('active', (job: Job) => active.set(`${w.name}:${job.id}`, `${w.name}/${job.name}#${job.id}`));
    for (const done of ['completed', 'failed'] as const) w.on(done, (job: Job | undefined) => { if (job) active.delete(`${w.name}:${job.id}`); });
  }
  return () => [...active.values()];
}

/**
 * True when a schedule's next run is long overdue (three intervals, at least 10 s): its next iteration was never stored.
 * A worker merely busy with an earlier job is not that late.
 */
export function scheduleStalled(schedule: { next?: number | null; every?: number | null }, now: number): boolean {
  if (schedule.next === undefined || schedule.next === null) return false;
  return schedule.next < now - Math.max(3 * (schedule.every ?? 0), 10_000);
}

/**
 * Connects to Redis and opens the queues. With `runWorkers`, also starts the dispatch, maintenance and admin-operation
 * workers and the outbox sweeper as a BullMQ job scheduler (one schedule cluster-wide, however many workers run). Never
 * waits for an unreachable Redis: everything connects when it answers, and the outage is logged once.
 */
export async function startJobRuntime(config: Config, database: Database, log: Logger, runWorkers: boolean, redis: RedisTarget): Promise<JobRuntime> {
  const where = redisWhere(redis.topology);
  const outages = new RedisOutageLog(log, where);
  const producer = producerConnection(redis.topology);
  outages.watch(producer);
  const redisUp = () => producer.status === 'ready';
  const { integration, maintenance, maintenanceLong, adminOperations, bulkImports } = openQueues(producer as unknown as ConnectionOptions, config.queuePrefix);
  // A queue's errors that are not the outage itself (NOPERM, NOSCRIPT, OOM under noeviction) are logged, rate-limited.
  for (const q of [integration, maintenance, maintenanceLong, adminOperations, bulkImports]) q.on('error', outages.workerErrors(`${q.name} queue`));
  const relay = new OutboxRelay(database.db, integration, config.integrationBackoffMs, log, config.outboxStaleAfterMs, outages.workerErrors('outbox kick'), producer, config.integrationMaxAttempts);
  const operations = new AdminOperationRelay(adminOperations, log);
  const bulkImportRelay = new BulkImportRelay(bulkImports, log);
  const metrics = new Metrics([integration, maintenance, maintenanceLong, adminOperations, bulkImports], redisUp);
  const workers: Worker[] = [];
  const systemContext = (): ServiceContext => ({
    actor: { kind: 'system', process: 'worker' }, requestId: randomUUID(), db: database.db, database, config, now: () => new Date(), outbox: relay,
  });
  const workerConns: RedisConnection[] = [];
  let watchdog: NodeJS.Timeout | null = null;

  if (runWorkers) {
    const dispatchConn = workerConnection(redis.topology);
    const maintenanceConn = workerConnection(redis.topology);
    const operationConn = workerConnection(redis.topology);
    const longConn = workerConnection(redis.topology);
    const bulkConn = workerConnection(redis.topology);
    workerConns.push(dispatchConn, maintenanceConn, operationConn, longConn, bulkConn);
    for (const c of [dispatchConn, maintenanceConn, operationConn, longConn, bulkConn]) outages.watch(c);
    workers.push(startDispatchWorker({
      db: database.db, connection: dispatchConn as unknown as ConnectionOptions, prefix: config.queuePrefix,
      concurrency: config.workerConcurrency, timeoutMs: config.partnerTimeoutMs, log, metrics,
      context: systemContext,
      lockMs: config.workerLockMs, stalledIntervalMs: config.workerStalledIntervalMs, onError: outages.workerErrors('dispatch worker'),
    }));
    // Admin operations requested through the API run for minutes: on a worker of their own, so the maintenance worker
    // (outbox recovery, expiry, the sweepers) never waits behind one. The scheduled refreshes and training likewise,
    // on the maintenance-long worker.
    const operationWorker = new BackoffWorker<JobPayloads[typeof JOB.RUN_ADMIN_OPERATION]>(ADMIN_OPERATIONS_QUEUE, async (job) => {
      const { operationId } = job.data;
      let done = null as ReturnType<Metrics['longJobStarted']> | null;
      try {
        const ran = await runAdminOperation(systemContext(), operationId, {
          onUnexpected: (e) => log.error(`admin operation ${operationId} failed`, e),
          onClaimed: (op) => { done = metrics.longJobStarted(longJobOf(op), 'admin'); },
        });
        if ('status' in ran) done?.(ran.status === 'SUCCEEDED' ? 'succeeded' : ran.errorCode === 'TIMED_OUT' ? 'timed_out' : 'failed');
        return ran;
      } catch (e) {
        done?.(thrownOutcome(e));
        throw e;
      }
    }, {
      connection: operationConn as unknown as ConnectionOptions, prefix: config.queuePrefix, concurrency: 1,
      lockDuration: config.workerLockMs, stalledInterval: config.workerStalledIntervalMs,
    });
    operationWorker.on('error', outages.workerErrors('admin-operation worker'));
    operationWorker.on('failed', (job, e) => log.error('admin operation job failed', { operationId: job?.data.operationId, error: e }));
    workers.push(operationWorker);
    const sweeper = new BackoffWorker<JobPayloads[MaintenanceJobName]>(MAINTENANCE_QUEUE, async (job) => {
      if (job.name === JOB.SWEEP_ADMIN_OPERATIONS) {
        const swept = await sweepAdminOperations(systemContext(), 1000);
        return { failed: swept.failed, queued: await operations.ensureQueued(swept.queued) };
      }
      if (job.name === JOB.SWEEP_BULK_IMPORTS) {
        const swept = await sweepBulkImports(systemContext(), 1000);
        const expired = await expireStagedImports(systemContext());
        return { failed: swept.failed, expired, queued: await bulkImportRelay.ensureQueued(swept.queued) };
      }
      if (job.name === JOB.SWEEP_OUTBOX) return { dispatched: await relay.sweep() };
      if (job.name === JOB.EXPIRE_RETURNS) return { expired: await expireReturns(systemContext()) };
      if (job.name === JOB.SWEEP_REFURBISHMENTS) return sweepRefurbishments(systemContext());
      if (job.name === JOB.ASSIGN_RECYCLING_LOTS) return { assigned: await assignWaitingLots(systemContext()) };
      if (job.name === JOB.ASSIGN_VENDOR_RETURNS) return { assigned: await assignWaitingVendorReturns(systemContext()) };
      // Refreshes and trainings an older version scheduled here run on the maintenance-long queue now.
      return null;
    }, { connection: maintenanceConn as unknown as ConnectionOptions, prefix: config.queuePrefix, concurrency: 1 });
    sweeper.on('error', outages.workerErrors('maintenance worker'));
    sweeper.on('failed', (job, e) => log.error('maintenance job failed', { job: job?.name, error: e }));
    workers.push(sweeper);
    workers.push(startLongJobWorker({
      database, config, connection: longConn as unknown as ConnectionOptions, log, metrics, context: systemContext,
      onError: outages.workerErrors('maintenance-long worker'),
    }));
    workers.push(startBulkImportWorker({
      config, connection: bulkConn as unknown as ConnectionOptions, log, context: systemContext, onError: outages.workerErrors('bulk-import worker'),
    }));
    // Registered on every (re)connect: idempotent by id, and restores the schedule if Redis lost its data. The
    // maintenance queue talks through the producer connection, which fails fast while down: so its 'ready' is the
    // signal (the worker connections may come back first, and a registration tried then would be lost).
    const schedules: Array<[string, number, string, 'short' | 'long']> = [
      ['outbox-sweeper', config.outboxSweepMs, JOB.SWEEP_OUTBOX, 'short'],
      // Admin operations Redis never got or forgot, and those whose worker died, as often as the outbox.
      ['admin-operation-sweeper', config.outboxSweepMs, JOB.SWEEP_ADMIN_OPERATIONS, 'short'],
      // Bulk imports likewise: uploads whose API died, imports whose worker died (resumed at their checkpoint), staged
      // uploads left without parts past their expiry.
      ['bulk-import-sweeper', config.outboxSweepMs, JOB.SWEEP_BULK_IMPORTS, 'short'],
      ['return-expiry', config.expirySweepMs, JOB.EXPIRE_RETURNS, 'short'],
      ['refurbishment-overdue', config.refurbOverdueSweepMs, JOB.SWEEP_REFURBISHMENTS, 'short'],
      // Lots waiting for a recycler are re-checked as often as refurbishment jobs waiting for a vendor.
      ['recycling-assign', config.refurbOverdueSweepMs, JOB.ASSIGN_RECYCLING_LOTS, 'short'],
      // Vendor return authorizations waiting for a vendor, likewise.
      ['vendor-return-assign', config.refurbOverdueSweepMs, JOB.ASSIGN_VENDOR_RETURNS, 'short'],
      // Analytics aggregates: what changed, often; everything (category rates behind customer scores), daily.
      ['analytics-refresh', config.analyticsRefreshMs, JOB.REFRESH_ANALYTICS, 'long'],
      ['analytics-refresh-full', config.analyticsFullRefreshMs, JOB.REFRESH_ANALYTICS_FULL, 'long'],
      // A new return-risk model version from the history, with the default seed (deterministic).
      ['return-risk-train', config.riskModelTrainMs, JOB.TRAIN_RISK_MODEL, 'long'],
    ];
    // An interval of 0 turns a schedule off (and removes one registered before). A long job's schedule registered on
    // the maintenance queue by an older version is removed there.
    const short = maintenance as unknown as Queue;
    const long = maintenanceLong as unknown as Queue;
    const registerSweeper = () => Promise.all(schedules.map(async ([id, every, name, queue]) => {
      if (queue === 'long') await short.removeJobScheduler(id);
      const target = queue === 'long' ? long : short;
      return every === 0
        ? target.removeJobScheduler(id)
        : target.upsertJobScheduler(id, { every }, { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    }))
      .catch((e) => log.warn('could not register the job schedulers (Redis down?); retried on reconnect', { error: e }));
    let connectedBefore = producer.status === 'ready';
    producer.on('ready', () => {
      void registerSweeper();
      // Connected again after losing the connection, however briefly: Redis may have restarted empty, so the rows whose
      // job it forgot go back on the queue now rather than once they are stale.
      if (connectedBefore) relay.recover().catch((e) => log.warn('could not re-queue the outbox after Redis came back; the sweeper will', { error: e }));
      connectedBefore = true;
    });
    // A Redis that loses its data without dropping a connection (FLUSHALL, a failover to a replica that had not
    // caught up) loses the schedules with it, and nothing scheduled would ever register them again: so each worker
    // process looks for the outbox sweeper's schedule itself, and registers them all when it is missing. Likewise when
    // its next run is long overdue: a Redis that refused writes (OOM under noeviction) when an iteration started could
    // not store the next one, and the schedule would stay, never to run again.
    watchdog = setInterval(() => {
      if (producer.status !== 'ready') return;
      (maintenance as unknown as Queue).getJobScheduler('outbox-sweeper')
        .then((found) => (found && !scheduleStalled(found, Date.now()) ? undefined : registerSweeper()), () => undefined);
    }, Math.max(config.outboxSweepMs, 1000));
    watchdog.unref();
    // A Redis that is there gets the schedules before start-up ends; an unreachable one gets them on 'ready'.
    if (await connectsSoon(producer)) await registerSweeper();
  } else {
    // So that the banner and the first probe see a Redis that is there; an unreachable one is not waited for.
    await connectsSoon(producer);
  }
  const readinessKey = `${config.queuePrefix}:readiness-probe`;
  const writable = () => producer.set(readinessKey, String(Date.now()), 'PX', 60_000).then((r) => r === 'OK', () => false);

  const activeJobs = trackActive(workers);
  let workersStopped: Promise<number> | null = null;
  const stopWorkers = (timeoutMs?: number): Promise<number> => (workersStopped ??= (async () => {
    if (watchdog) clearInterval(watchdog);
    // Workers finish their active jobs before closing (graceful shutdown); the rest stays queued. Without Redis a
    // graceful close would wait for it forever (the fetch loop is stuck reconnecting): their rows are in PostgreSQL.
    const force = !redisUp();
    const closed = Promise.all(workers.map((w) => w.close(force)));
    const finished = await (timeoutMs === undefined ? closed : withTimeout(closed, timeoutMs)).then(
      () => true,
      (e: unknown) => { if (e instanceof TimeoutError) return false; throw e; },
    );
    if (finished) return 0;
    // A worker's close cannot be hurried once begun: their locks lapse when the process ends, and another worker's
    // stalled-job check runs them again (partners see the same Idempotency-Key).
    const cut = activeJobs();
    log.warn(`shutdown: cut ${cut.length} job(s) still running after SHUTDOWN_TIMEOUT_MS; another worker retries them once their lock expires`, { timeoutMs, jobs: cut });
    // A long job's statement would go on in PostgreSQL after the exit, holding its lock: cancelled, it rolls back, and an
    // admin operation goes back to QUEUED (given a moment to say so before the process ends).
    const cancelled = await withTimeout(cancelExclusiveRuns(database), CANCEL_GRACE_MS).catch((e: unknown) => {
      log.warn('shutdown: could not cancel the long jobs still running in PostgreSQL', { error: e });
      return 0;
    });
    if (cancelled) await withTimeout(closed, CANCEL_GRACE_MS).catch(() => undefined);
    return Math.max(cut.length, 1);
  })());
  return {
    redis, cacheConnection: producer, integrationQueue: integration, maintenanceQueue: maintenance, maintenanceLongQueue: maintenanceLong, adminOperationQueue: adminOperations, bulkImportQueue: bulkImports, relay, operations,
    bulkImports: bulkImportRelay, metrics,
    removeQueued: async (id) => {
      // A queue that never reached Redis would wait for it: fail now instead.
      if (!redisUp()) throw new Error(`Redis is unreachable at ${where}`);
      await (await integration.getJob(id))?.remove();
    },
    redisReady: async () => {
      if (!redisUp() || workerConns.some((c) => c.status !== 'ready') || workers.some((w) => !w.isRunning())) return false;
      // A probe must answer in time: a slot whose master is gone would keep the write retrying for seconds.
      return withTimeout(writable(), 2000).catch(() => false);
    },
    stopWorkers,
    close: async (timeoutMs) => {
      const cut = await stopWorkers(timeoutMs);
      // Cut jobs may still use their connections until the process ends; a redis-server of this process's own is stopped
      // either way (it would outlive the process).
      if (cut === 0) {
        await Promise.all([relay.settled(), operations.settled(), bulkImportRelay.settled()]);
        await Promise.all([integration.close(), maintenance.close(), maintenanceLong.close(), adminOperations.close(), bulkImports.close()]);
        await Promise.all(workerConns.map((c) => c.quit().catch(() => undefined)));
        await producer.quit().catch(() => undefined);
      }
      await redis.stop();
      return cut;
    },
  };
}
