import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';
import { transactionRetries } from '../db/transaction-retry';

/** Job outcome metrics, recorded by the dispatch worker. */
export interface JobMetrics {
  observe(type: string, outcome: 'succeeded' | 'retrying' | 'dead', startedNs: bigint): void;
}

/** Who started a long job's run: its schedule, or an admin's request (an admin operation). */
export type LongJobTrigger = 'schedule' | 'admin';
/** How a long job's run ended: skipped (another run held the lock), timed_out (past its time limit, rolled back). */
export type LongJobOutcome = 'succeeded' | 'skipped' | 'timed_out' | 'failed';

/** Prometheus metrics for one process: job durations and failures, long jobs, queue depth, GraphQL operation latency, transaction retries. */
export class Metrics implements JobMetrics {
  readonly registry = new Registry();
  private readonly jobDuration = new Histogram({
    name: 'boomerang_integration_job_duration_seconds', help: 'Time to perform one integration job attempt',
    labelNames: ['type', 'outcome'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  });
  private readonly jobFailures = new Counter({
    name: 'boomerang_integration_job_failures_total', help: 'Failed integration job attempts',
    labelNames: ['type', 'final'], registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'boomerang_graphql_operation_duration_seconds', help: 'GraphQL operation latency',
    labelNames: ['operation', 'type', 'errors'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
  });

  private readonly longJobDuration = new Histogram({
    name: 'boomerang_long_job_duration_seconds', help: 'Time one run of a long job (analytics refresh, model training) took, waiting for the lock included',
    labelNames: ['job', 'trigger', 'outcome'], buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800], registers: [this.registry],
  });
  private readonly longJobRuns = new Counter({
    name: 'boomerang_long_job_runs_total', help: 'Runs of long jobs by how they ended: succeeded, skipped (another run held the lock), timed_out, failed',
    labelNames: ['job', 'trigger', 'outcome'], registers: [this.registry],
  });
  private readonly longJobRunning = new Gauge({
    name: 'boomerang_long_job_running', help: 'Long job runs in progress in this process', labelNames: ['job'], registers: [this.registry],
  });
  private readonly longJobLastSuccess = new Gauge({
    name: 'boomerang_long_job_last_success_timestamp_seconds', help: 'When a run of the long job last succeeded in this process (Unix time)',
    labelNames: ['job'], registers: [this.registry],
  });

  /** `redisUp`: queue depths are skipped while it says no (a queue that never reached Redis would wait for it). */
  constructor(queues: Queue[] = [], redisUp: () => boolean = () => true) {
    collectDefaultMetrics({ register: this.registry, prefix: 'boomerang_' });
    new Counter({
      name: 'boomerang_transaction_retries_total', help: 'Transactions run again after PostgreSQL aborted them for a deadlock or serialization failure',
      labelNames: ['reason'], registers: [this.registry],
      collect() {
        // The process-wide count lives beside retryTransaction; each scrape copies it.
        this.reset();
        for (const [reason, n] of Object.entries(transactionRetries)) this.inc({ reason }, n);
      },
    });
    if (queues.length) {
      new Gauge({
        name: 'boomerang_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers: [this.registry],
        async collect() {
          if (!redisUp()) return;
          for (const q of queues) {
            const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed').catch(() => ({} as Record<string, number>));
            for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
          }
        },
      });
    }
  }

  /** Marks one run of a long job running; the function returned records how it ended. */
  longJobStarted(job: string, trigger: LongJobTrigger): (outcome: LongJobOutcome) => void {
    const started = process.hrtime.bigint();
    this.longJobRunning.inc({ job });
    return (outcome) => {
      this.longJobRunning.dec({ job });
      this.longJobDuration.observe({ job, trigger, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
      this.longJobRuns.inc({ job, trigger, outcome });
      if (outcome === 'succeeded') this.longJobLastSuccess.set({ job }, Date.now() / 1000);
    };
  }

  observe(type: string, outcome: 'succeeded' | 'retrying' | 'dead', startedNs: bigint): void {
    this.jobDuration.observe({ type, outcome }, Number(process.hrtime.bigint() - startedNs) / 1e9);
    if (outcome !== 'succeeded') this.jobFailures.inc({ type, final: String(outcome === 'dead') });
  }
}
