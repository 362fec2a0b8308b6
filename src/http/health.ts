import http from 'node:http';
import express, { Router } from 'express';
import { sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { JobRuntime } from '../jobs/runtime';
import type { Logger } from '../logger';
import { withTimeout } from '../timeout';
import { metricsAccess } from './metrics-access';
import { listenOn } from './listen';

/** Whether the process still takes work: `stopping` turns true at the first SIGTERM, and /readyz answers 503 from then on. */
export interface Readiness {
  stopping: boolean;
}

/** How long /readyz waits for PostgreSQL: a probe must answer before the orchestrator's probe timeout. */
const READY_DATABASE_TIMEOUT_MS = 2000;

/**
 * Whether `select 1` succeeds within READY_DATABASE_TIMEOUT_MS. A pool whose connections are all busy, or a primary
 * that accepts and never answers, is "not ready", not a probe left hanging.
 */
async function databaseAnswers(database: Database): Promise<boolean> {
  return withTimeout(database.db.execute(sql`select 1`), READY_DATABASE_TIMEOUT_MS).then(() => true, () => false);
}

/**
 * /healthz (liveness: the event loop answers), /readyz (PostgreSQL and what the role needs of Redis answer, and no
 * shutdown has begun) and /metrics (Prometheus, behind METRICS_TOKEN as metricsAccess says). Served by the API on PORT
 * and by a worker on HEALTH_PORT.
 */
export function healthRouter(config: Config, database: Database, jobs: JobRuntime, readiness: Readiness, log: Logger): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  router.get('/readyz', async (_req, res) => {
    // Load balancers stop sending here during SHUTDOWN_DELAY_MS, while requests that still arrive are served.
    if (readiness.stopping) { res.status(503).json({ status: 'shutting down' }); return; }
    const [db, redis] = await Promise.all([databaseAnswers(database), jobs.redisReady()]);
    res.status(db && redis ? 200 : 503).json({ status: db && redis ? 'ready' : 'not ready', database: db, redis });
  });
  const metricsGuard = metricsAccess(config);
  if (metricsGuard) {
    router.get('/metrics', metricsGuard, async (_req, res) => {
      res.set('content-type', jobs.metrics.registry.contentType).send(await jobs.metrics.registry.metrics());
    });
  } else {
    log.warn('/metrics is not served: set METRICS_TOKEN and have Prometheus send it (authorization: Bearer <METRICS_TOKEN>) to enable it');
  }
  return router;
}

/** The worker role's health listener. */
export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

/** Serves healthRouter on `port` (HEALTH_PORT) for a process without an API, so an orchestrator can probe it. */
export async function startHealthServer(port: number, router: Router): Promise<HealthServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(router);
  const server = http.createServer(app);
  const bound = await listenOn(server, port, 'HEALTH_PORT');
  return {
    url: `http://localhost:${bound}`,
    // Probes are short: nothing worth draining.
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
