import { randomUUID } from 'node:crypto';
import http from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError, type ValidationContext } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import cors from 'cors';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { complexityCheck } from '../graphql/complexity';
import { CompiledExecutor } from '../graphql/executor';
import { storableInputCheck } from '../graphql/input-guard';
import { knownQueries } from '../graphql/known-queries';
import { checkPlugin } from '../graphql/operation-checks';
import type { GqlContext } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { readSnapshotPlugin, RequestReads } from '../graphql/read-snapshot';
import { createLoaders } from '../graphql/loaders';
import { buildGatewaySchema } from '../graphql/schema';
import { Authenticator } from '../services/auth.service';
import type { ServiceContext } from '../services/context';
import { DomainError } from '../services/errors';
import { authenticatePartnerKey } from '../services/partners/partner.service';
import type { JobRuntime } from '../jobs/runtime';
import { adminQueuesRouter } from './admin-queues';
import { graphqlIdePlugin } from './graphql-ide';
import { APQ_TTL_SECONDS, assertTrustedDocument, persistedQueryCache } from './persisted-queries';
import { HttpDrain } from './drain';
import { answerHttpError, graphqlEndpoint, isGraphqlPath } from './graphql-endpoint';
import { healthRouter, type Readiness } from './health';
import { latencyPlugin } from './latency-plugin';
import { listenOn, PortInUseError } from './listen';
import { importsRouter } from './imports';
import { reportsRouter } from './reports';
import { webAppsRouter } from './web-apps';
import { webhookRouter } from './webhooks';
import type { Logger } from '../logger';

export { PortInUseError };

/** A running HTTP server. */
export interface HttpServer {
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish within timeoutMs, then cuts the rest; resolves with how many were cut. */
  drain(timeoutMs: number): Promise<number>;
  /** Drains with no time left, then stops Apollo. */
  close(): Promise<void>;
  /**
   * Operations run compiled and interpreted so far by the compiled executor, and how many of the compiled ones were
   * known queries answered without Apollo (`direct`); null with GRAPHQL_JIT=false.
   */
  executions(): { compiled: number; interpreted: number; direct: number } | null;
}

const reportArmorRejection = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(error)],
};

/**
 * CORS for CORS_ORIGINS: the listed origins (or any, with `*`) may send the headers a GraphQL client sends. No
 * Access-Control-Allow-Credentials: tokens travel in the Authorization header, so a wildcard never meets credentials.
 * Content-Disposition is exposed, so an app can save a report download under the file name the server gives.
 * Without origins, nothing is added and browsers keep to the same origin.
 */
function corsFor(config: Config): express.RequestHandler {
  if (config.corsOrigins !== '*' && config.corsOrigins.length === 0) return (_req, _res, next) => next();
  const options = corsOptions(config);
  const origins = config.corsOrigins;
  const listed = (origin: string | undefined) => origins === '*' || (origin !== undefined && origins.includes(origin));
  // cors would send Access-Control-Expose-Headers to any origin; an origin not listed gets no Access-Control-* header
  // (still Vary: Origin, so a shared cache keeps the answers apart).
  const unlisted: cors.CorsOptions = { ...options, exposedHeaders: undefined };
  return cors((req, done) => done(null, listed(req.headers.origin) ? options : unlisted));
}

function corsOptions(config: Config): cors.CorsOptions {
  return {
    origin: config.corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'],
    // A cross-origin script reads only CORS-safelisted response headers unless exposed: the report downloads name their
    // file in Content-Disposition. (The API sends no pagination or request-id headers: pages travel in the GraphQL body.)
    exposedHeaders: ['content-disposition'],
    maxAge: 600,
  };
}

/** Starts the gateway: POST /graphql (GET for queries), /healthz, /readyz (503 once `readiness.stopping`), /metrics. */
export async function startHttpServer(config: Config, database: Database, jobs: JobRuntime, log: Logger, readiness: Readiness = { stopping: false }): Promise<HttpServer> {
  const schema = await buildGatewaySchema();
  const app = express();
  app.disable('x-powered-by');
  // No ETag computed over every response body (a SHA-1 of each GraphQL answer; POSTs are never revalidated). Routes that
  // have one set it themselves (a staged import part's SHA-256).
  app.set('etag', false);
  // /graphql is answered before Express (graphql-endpoint.ts), every other path by Express.
  let graphql: http.RequestListener | null = null;
  const httpServer = http.createServer((req, res) => (graphql && isGraphqlPath(req.url) ? graphql(req, res) : app(req, res)));
  const requests = new HttpDrain(httpServer, log);
  const auth = new Authenticator(config, (secret) => authenticatePartnerKey(database.db, secret));

  // GRAPHQL_JIT (default on): operations that repeat run compiled by graphql-jit (src/graphql/executor.ts).
  const executor = config.graphqlJit ? new CompiledExecutor(schema) : null;
  // Run before any resolver, by Apollo's plugins and for known queries (src/graphql/known-queries.ts) alike.
  const checks = [complexityCheck(schema, config.maxQueryComplexity), storableInputCheck(schema)];
  const onSnapshotCloseError = (e: unknown) => log.warn('closing a read snapshot failed', { error: e });
  const apollo = new ApolloServer<GqlContext>({
    ...(executor ? { gateway: executor.gateway() } : { schema }),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns signal handling; app.ts drains HTTP (HttpDrain), then stops Apollo, workers and the database in order.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    // Automatic persisted queries, shared by the replicas through Redis and answered from the trusted documents manifest.
    persistedQueries: { cache: persistedQueryCache(jobs.cacheConnection, config), ttl: APQ_TTL_SECONDS },
    validationRules: [
      // Fragment spreads add no depth of their own; a rejection is reported like any validation error (armor's default
      // throws, which Apollo answers as a 500).
      maxDepthRule({ n: config.maxQueryDepth, exposeLimits: true, flattenFragments: true, ...reportArmorRejection }),
      maxAliasesRule({ n: 15, exposeLimits: true, ...reportArmorRejection }),
    ],
    formatError: (formatted, error) => formatError(formatted, error, (e) => log.error('unhandled error in GraphQL request', e)),
    // A plugin runs only for the requests Apollo answers, not for known queries (src/graphql/known-queries.ts): a check
    // before execution belongs in `checks` above, which both run; anything else per request needs the lane too (nor
    // does the lane run plugins Apollo installs itself, such as usage reporting with APOLLO_KEY).
    plugins: [
      // No cache hints in this schema; the default plugin would still hook every field.
      ApolloServerPluginCacheControlDisabled(),
      ...checks.map(checkPlugin),
      latencyPlugin(jobs.metrics.graphqlDuration),
      readSnapshotPlugin(onSnapshotCloseError),
      config.graphqlIde ? graphqlIdePlugin(config) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  // Browser apps on the origins in CORS_ORIGINS: preflights are answered here, before Apollo's CSRF prevention (which
  // still refuses simple requests: a cross-origin form or GET without a preflight header never runs an operation).
  const crossOrigin = corsFor(config);
  const { operations, bulkImports } = jobs;
  // GRAPHQL_DIRECT_QUERIES (default on, with GRAPHQL_JIT): known queries answered without Apollo's pipeline, until close().
  const lane = executor && config.directQueries
    ? knownQueries({ executor, checks, latency: jobs.metrics.graphqlDuration, onCloseError: onSnapshotCloseError })
    : null;
  let serving = true;
  graphql = graphqlEndpoint({
    direct: lane ? (request, context) => (serving ? lane(request, context) : Promise.resolve(null)) : undefined,
    apollo,
    crossOrigin: crossOrigin as Parameters<typeof graphqlEndpoint>[0]['crossOrigin'],
    bodyLimit: config.bodyLimit,
    log,
    context: async ({ req, graphql: request }) => {
      const actor = await auth.authenticate(req.headers.authorization).catch((e: unknown) => {
        if (e instanceof DomainError) throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 401 } } });
        throw e;
      });
      assertTrustedDocument(config, request, actor);
      const svc: ServiceContext = { actor, requestId: randomUUID(), db: database.db, database, config, now: () => new Date(), outbox: jobs.relay, operations, bulkImports };
      return { svc, auth, loaders: createLoaders(svc), jobs, reads: new RequestReads(svc) };
    },
  });
  app.use(healthRouter(config, database, jobs, readiness, log));
  app.use('/webhooks', webhookRouter(database, config, log));
  app.use('/reports', crossOrigin, reportsRouter(database, config, auth));
  app.use('/imports', importsRouter(database, config, jobs, auth, log));
  const board = adminQueuesRouter([jobs.integrationQueue, jobs.maintenanceQueue, jobs.maintenanceLongQueue, jobs.adminOperationQueue], auth);
  app.use(board.path, board.guard, board.router);
  app.use(webAppsRouter());
  const onError: ErrorRequestHandler = (err, _req, res, _next) => answerHttpError(res, err, log);
  app.use(onError);

  const port = await listenOn(httpServer, config.port, 'PORT').catch(async (e: unknown) => {
    await apollo.stop().catch(() => undefined);
    throw e;
  });
  const drain = (timeoutMs: number) => requests.drain(timeoutMs);
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    drain,
    executions: () => (executor ? { ...executor.counts } : null),
    close: async () => {
      serving = false;
      if (httpServer.listening) await drain(0);
      await apollo.stop();
    },
  };
}
