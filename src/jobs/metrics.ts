import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';
import { transactionRetries } from '../db/transaction-retry';

/** Job outcome metrics, recorded by the dispatch worker. */
export interface JobMetrics {
  observe(type: string, outcome: 'succeeded' | 'retrying' | 'dead', startedNs: bigint): void;
}

/** Prometheus metrics for one process: job durations and failures, queue depth, GraphQL operation latency, transaction retries. */
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

  observe(type: string, outcome: 'succeeded' | 'retrying' | 'dead', startedNs: bigint): void {
    this.jobDuration.observe({ type, outcome }, Number(process.hrtime.bigint() - startedNs) / 1e9);
    if (outcome !== 'succeeded') this.jobFailures.inc({ type, final: String(outcome === 'dead') });
  }
}
