import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { isSupportedCurrency } from './domain/money';

/** One typed, validated view of the environment. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  databaseUrl: string | null;
  /** How long connecting to PostgreSQL may take before start-up (or a query) gives up (DATABASE_CONNECT_TIMEOUT_MS). */
  databaseConnectTimeoutMs: number;
  /** Named prepared statements (DATABASE_PREPARE); false behind PgBouncer in transaction mode. */
  databasePrepare: boolean;
  /** Connections in each process's pool (DATABASE_POOL_MAX). */
  databasePoolMax: number;
  /** A direct connection for migrations and cross-process locks (DATABASE_MIGRATION_URL; default DATABASE_URL). */
  databaseMigrationUrl: string | null;
  /** A read replica for analytics, forecasts, reports and model training (DATABASE_READ_URL); null: they read the primary. */
  databaseReadUrl: string | null;
  /**
   * How long a migration statement waits for a table lock before it gives up and the run is retried
   * (MIGRATION_LOCK_TIMEOUT_MS): a waiting ALTER would otherwise queue every later query on that table behind it.
   */
  migrationLockTimeoutMs: number;
  /** Apply pending migrations at start (MIGRATE_ON_START); otherwise refuse to start while any is pending. */
  migrateOnStart: boolean;
  dataDir: string;
  jwtSecret: string | null;
  jwtJwksUrl: string | null;
  jwtIssuer: string | null;
  jwtAudience: string | null;
  /** Longest lifetime (exp − iat) a person's token may have (JWT_MAX_TTL_SECONDS); tokens without exp are refused. */
  jwtMaxTtlSeconds: number;
  guestTokenTtlSeconds: number;
  guestTokenSecret: string | null;
  introspection: boolean;
  /** GraphiQL, bundled and served at the GraphQL URL for browsers (GRAPHQL_IDE; formerly GRAPHQL_SANDBOX). */
  graphqlIde: boolean;
  /**
   * Trusted documents only (GRAPHQL_TRUSTED_DOCUMENTS, a manifest of sha256 hash → document as GraphQL Code Generator
   * writes it): the only operations customers, guests, operators and anonymous callers may run; null: any operation.
   */
  trustedDocuments: { path: string; documents: ReadonlyMap<string, string> } | null;
  maxQueryDepth: number;
  maxQueryComplexity: number;
  /** Run repeated operations compiled by graphql-jit instead of interpreted by graphql-js (GRAPHQL_JIT, default on). */
  graphqlJit: boolean;
  /**
   * Queries Apollo has already run compiled are answered without its request pipeline when they succeed
   * (GRAPHQL_DIRECT_QUERIES, default on; needs GRAPHQL_JIT). src/graphql/known-queries.ts
   */
  directQueries: boolean;
  bodyLimit: string;
  seedDemo: boolean;
  /** Orders of generated history the demo seed adds to an empty database (DEMO_HISTORY_ORDERS; 0: none). */
  demoHistoryOrders: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  redisUrl: string | null;
  /** Redis Cluster seed nodes (REDIS_CLUSTER_NODES); the cluster tells the rest. Null: not a cluster. */
  redisClusterNodes: RedisNode[] | null;
  /** Sentinels that know the master (REDIS_SENTINELS) and its name (REDIS_SENTINEL_NAME). Null: no Sentinel. */
  redisSentinels: RedisNode[] | null;
  redisSentinelName: string | null;
  /** ACL user and password for the cluster nodes or the Sentinel-managed master (REDIS_URL carries its own). */
  redisUsername: string | null;
  redisPassword: string | null;
  /** Password of the Sentinels themselves (REDIS_SENTINEL_PASSWORD), when they ask for one. */
  redisSentinelPassword: string | null;
  /** TLS to every cluster node, or to the Sentinels and the master and replicas (REDIS_TLS); REDIS_URL says rediss://. */
  redisTls: boolean;
  /** Bearer token Prometheus sends to /metrics (METRICS_TOKEN); null: open outside production, not served in it. */
  metricsToken: string | null;
  /**
   * Browser origins allowed to call /graphql and /reports from another origin (CORS_ORIGINS, comma-separated, or `*`);
   * empty: same origin only. Boomerang authenticates by bearer token, never by cookie: no credentialed CORS, ever.
   */
  corsOrigins: string[] | '*';
  queuePrefix: string;
  integrationMaxAttempts: number;
  integrationBackoffMs: number;
  outboxSweepMs: number;
  /**
   * A QUEUED/RETRYING/RUNNING outbox row unchanged this long has its BullMQ job checked, and is queued again if Redis
   * lost it (OUTBOX_STALE_AFTER_MS). A running dispatch renews its row well within it.
   */
  outboxStaleAfterMs: number;
  /** How often unshipped returns are checked for expiry. */
  expirySweepMs: number;
  /** How often refurbishment jobs are checked against their SLA (and waiting ones re-routed). */
  refurbOverdueSweepMs: number;
  /** How far (±, a fraction) a recycler's reported total may be from a lot's declared weight before review. */
  recyclingWeightTolerance: number;
  /** Resale list prices end in …99 (RESALE_CHARM_PRICING; off by default). */
  resaleCharmPricing: boolean;
  /** How often the analytics aggregates fold in what changed (incremental refresh); 0: only on demand. */
  analyticsRefreshMs: number;
  /** How often they are rebuilt from scratch (category rates behind every customer's score move with all sales); 0: never. */
  analyticsFullRefreshMs: number;
  /** How far before its watermark an incremental refresh looks for changes (transactions still open, clock skew). */
  analyticsRefreshOverlapMs: number;
  /** Longest an analytics refresh may take, waiting for one in progress included (ANALYTICS_REFRESH_TIMEOUT_MS). */
  analyticsRefreshTimeoutMs: number;
  /** Currency analytics report money in (ANALYTICS_CURRENCY); null: the one with the most units sold in the range. */
  analyticsCurrency: string | null;
  /** A customer is a serial returner at or above this excess score (standard deviations) … */
  serialReturnerMinScore: number;
  /** … on at least this many units bought. */
  serialReturnerMinUnits: number;
  /** How often the return-risk model is retrained (RISK_MODEL_TRAIN_MS). */
  riskModelTrainMs: number;
  /** Longest a return-risk model training may take, waiting for one in progress included (RISK_MODEL_TRAIN_TIMEOUT_MS). */
  riskModelTrainTimeoutMs: number;
  /** At most this many order lines each for training and for the holdout (sampled by order, with the seed). */
  riskModelMaxRows: number;
  /** The holdout: the most recent N weeks of orders whose return outcome is known. */
  riskModelHoldoutWeeks: number;
  /** Days after order + window before an undelivered order's return outcome counts as known. */
  riskModelLabelGraceDays: number;
  /**
   * Returned lines the holdout must hold before a trained model may become active (RISK_MIN_POSITIVES): fewer, and its
   * log-loss and Brier score say too little to trust it over the base rate.
   */
  riskMinPositives: number;
  /**
   * Partner calls one worker process performs at once (WORKER_CONCURRENCY). They are I/O-bound, mostly waiting for the
   * partner, and hold no database connection while they wait: a slow partner's throughput is this ÷ its latency.
   */
  workerConcurrency: number;
  partnerTimeoutMs: number;
  /** Timeout of the synchronous exchange-options call to the merchant (docs/exchanges.md). */
  exchangeOptionsTimeoutMs: number;
  /** How long a merchant's exchange-options answer is reused per SKU (0: not cached). */
  exchangeOptionsCacheMs: number;
  /** Where returns are shipped to (WAREHOUSE_ADDRESS, JSON). */
  warehouseAddress: { name: string; line1: string; line2: string | null; city: string; postalCode: string; countryCode: string; phone: string | null };
  /** How long a worker's lock on an active job lasts (renewed at half); a crashed worker's job is recoverable after it. */
  workerLockMs: number;
  /** How often workers look for stalled jobs (active, lock expired) and put them back in the queue. */
  workerStalledIntervalMs: number;
  /** A RUNNING admin operation whose worker wrote no heartbeat for this long is taken for lost and re-queued. */
  adminOperationStaleMs: number;
  /** Runs an admin operation gets (first run plus re-runs after its worker was lost) before it is FAILED. */
  adminOperationMaxAttempts: number;
  /** A bulk import (or upload) whose worker (or API) wrote no heartbeat for this long is taken for lost (BULK_IMPORT_STALE_MS). */
  bulkImportStaleMs: number;
  /** Lines per bulk-import batch: one chunk stored, one transaction and one checkpoint (BULK_IMPORT_BATCH_LINES). */
  bulkImportBatchLines: number;
  /** Largest part of a staged upload, in bytes (BULK_IMPORT_PART_MAX_BYTES). */
  bulkImportPartMaxBytes: number;
  /** Largest file a staged upload may hold, all parts together, in bytes (BULK_IMPORT_FILE_MAX_BYTES). */
  bulkImportFileMaxBytes: number;
  /** A staged upload that received no part for this long expires: FAILED, parts deleted (BULK_IMPORT_STAGED_TTL_MS). */
  bulkImportStagedTtlMs: number;
  /** After SIGTERM, how long an API keeps serving with /readyz 503 so load balancers stop sending (SHUTDOWN_DELAY_MS). */
  shutdownDelayMs: number;
  /** Then how long in-flight requests and running jobs get to finish before they are cut (SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /** Port of the worker role's /healthz, /readyz and /metrics listener (HEALTH_PORT); null: none. */
  healthPort: number | null;
  /** What start-up should warn about (deprecated settings still honoured). */
  warnings: string[];
}

/** Thrown at start-up when the environment cannot be turned into a Config. */
export class ConfigError extends Error {}

/** One Redis node (cluster seed or Sentinel). */
export interface RedisNode { host: string; port: number }

/** The default QUEUE_PREFIX: a hash tag, so every queue key lands in one Redis Cluster slot. */
export const DEFAULT_QUEUE_PREFIX = '{boomerang}';

/** ANALYTICS_REFRESH_TIMEOUT_MS's default: a full rebuild of a million orders takes about a minute. */
export const ANALYTICS_REFRESH_TIMEOUT_MS = 600_000;

const DEV_SECRET = 'boomerang-development-secret-change-me';

/**
 * Secrets published with Boomerang (the development fallback, the .env.example and docker-compose placeholders):
 * anyone can sign tokens with them, so production refuses them, and anything still saying "change me".
 */
const PUBLISHED_SECRETS = [DEV_SECRET, 'change-me-to-32-or-more-random-characters', 'compose-development-secret-change-me-0123456789'];

/** Refuses a published or too short secret in production (signing secrets, the metrics token). */
function productionSecret(name: string, secret: string, what = 'secret'): void {
  if (PUBLISHED_SECRETS.includes(secret) || /change[-_ ]?me/i.test(secret)) {
    throw new ConfigError(`${name} is a published default or placeholder; set a random ${what} of 32 or more characters in production (e.g. \`openssl rand -base64 48\`)`);
  }
  if (secret.length < 32) throw new ConfigError(`${name} must be at least 32 characters in production`);
}

function bool(value: string | undefined, fallback: boolean, name?: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name ? `${name}: ` : ''}expected a boolean, got "${value}"`);
}

/** An optional second PostgreSQL URL, which only makes sense beside DATABASE_URL. */
function postgresUrl(name: string, value: string | undefined, databaseUrl: string | undefined): string | null {
  if (!value) return null;
  if (!databaseUrl) throw new ConfigError(`${name} needs DATABASE_URL (the embedded PGlite database has no other connections)`);
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError(`${name} must be a postgres:// URL`);
  return value;
}

function int(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max}`);
  return n;
}

/** A schedule interval in ms: 0 turns the schedule off, otherwise between min and max. */
function interval(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  return value === '0' ? 0 : int(name, value, fallback, min, max);
}

function num(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a number between ${min} and ${max}`);
  return n;
}

/** `host:port,host:port` (IPv6 in brackets: `[::1]:7000`), at least one. */
function redisNodes(name: string, value: string | undefined): RedisNode[] | null {
  if (!value) return null;
  return value.split(',').map((part) => {
    const m = /^\s*(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})\s*$/.exec(part);
    const port = Number(m?.[3]);
    if (!m || port < 1 || port > 65535) throw new ConfigError(`${name} must be a comma-separated list of host:port, got "${part.trim()}"`);
    return { host: m[1] ?? m[2], port };
  });
}

/**
 * Redis Cluster runs a multi-key command (every BullMQ script) only when its keys hash to one slot: so the prefix must
 * open with a hash tag, `{…}`, which is all Redis hashes when present.
 */
function queuePrefix(value: string | undefined, cluster: boolean): string {
  const prefix = value || DEFAULT_QUEUE_PREFIX;
  if (cluster && !/^[^{]*\{[^}]+\}/.test(prefix)) {
    throw new ConfigError(`QUEUE_PREFIX must contain a hash tag such as {${prefix.replace(/[{}]/g, '') || 'boomerang'}} with REDIS_CLUSTER_NODES: `
      + `every queue key must hash to one cluster slot, because BullMQ's scripts touch several keys of a queue at once, got "${prefix}"`);
  }
  return prefix;
}

/**
 * Credentials and TLS set apart from the address apply to a cluster or Sentinel deployment only: with REDIS_URL (or no
 * Redis setting) they would be ignored, so they are refused, saying where they go instead.
 */
function redisExtras(env: NodeJS.ProcessEnv, cluster: boolean, sentinel: boolean, tls: boolean): void {
  const where = env.REDIS_URL ? 'with REDIS_URL put them in the URL (redis://user:password@host:port)' : 'set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS';
  const credentials = ['REDIS_USERNAME', 'REDIS_PASSWORD'].filter((name) => env[name]);
  if (credentials.length > 0 && !cluster && !sentinel) {
    throw new ConfigError(`${credentials.join(' and ')} ${credentials.length > 1 ? 'are' : 'is'} for REDIS_CLUSTER_NODES or REDIS_SENTINELS only: ${where}`);
  }
  if (env.REDIS_SENTINEL_PASSWORD && !sentinel) throw new ConfigError('REDIS_SENTINEL_PASSWORD is for REDIS_SENTINELS only: the password the Sentinels ask for');
  if (tls && !cluster && !sentinel) {
    throw new ConfigError(`REDIS_TLS is for REDIS_CLUSTER_NODES or REDIS_SENTINELS only: ${env.REDIS_URL ? 'with REDIS_URL use rediss:// for TLS' : 'set one of them'}`);
  }
}

function currency(name: string, value: string | undefined): string | null {
  if (!value) return null;
  if (!isSupportedCurrency(value)) throw new ConfigError(`${name} must be a supported ISO 4217 code such as EUR`);
  return value;
}

function warehouse(value: string | undefined): Config['warehouseAddress'] {
  const fallback = { name: 'Boomerang Returns Centre', line1: 'Returnstraat 1', line2: null, city: 'Utrecht', postalCode: '3511 AA', countryCode: 'NL', phone: null };
  if (!value) return fallback;
  let parsed: unknown;
  try { parsed = JSON.parse(value); } catch { throw new ConfigError('WAREHOUSE_ADDRESS must be JSON'); }
  const a = parsed as Record<string, unknown>;
  for (const k of ['name', 'line1', 'city', 'postalCode', 'countryCode']) {
    if (typeof a[k] !== 'string' || !a[k]) throw new ConfigError(`WAREHOUSE_ADDRESS.${k} is required`);
  }
  // Partners get every address key (docs/partner-protocol.md): the optional ones are null when not configured.
  for (const k of ['line2', 'phone']) {
    if (a[k] !== undefined && a[k] !== null && typeof a[k] !== 'string') throw new ConfigError(`WAREHOUSE_ADDRESS.${k} must be a string`);
  }
  return {
    name: a.name as string, line1: a.line1 as string, line2: (a.line2 as string | undefined) || null, city: a.city as string,
    postalCode: a.postalCode as string, countryCode: a.countryCode as string, phone: (a.phone as string | undefined) || null,
  };
}

/** CORS_ORIGINS: `*`, or origins (scheme://host[:port], no path) separated by commas; unset or empty: none. */
function corsOrigins(value: string | undefined): string[] | '*' {
  const list = (value ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  if (list.includes('*')) {
    if (list.length > 1) throw new ConfigError('CORS_ORIGINS: `*` allows every origin and cannot be combined with a list');
    return '*';
  }
  return list.map((origin) => {
    let url: URL;
    try { url = new URL(origin); } catch { throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin such as https://shop.example.com`); }
    if (!/^https?:$/.test(url.protocol) || url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path), e.g. ${url.origin}`);
    }
    return url.origin;
  });
}

/**
 * Reads and validates the environment; throws ConfigError with the variable's name. For the `migrate` role
 * (`purpose: 'migrate'`), production asks only for what migrating needs: no JWT secret and no Redis.
 */
/** GRAPHQL_IDE, or the deprecated GRAPHQL_SANDBOX it replaces (honoured with a warning while GRAPHQL_IDE is unset). */
function ide(env: NodeJS.ProcessEnv, fallback: boolean, warnings: string[]): boolean {
  if (env.GRAPHQL_SANDBOX === undefined || env.GRAPHQL_SANDBOX === '') return bool(env.GRAPHQL_IDE, fallback, 'GRAPHQL_IDE');
  if (env.GRAPHQL_IDE !== undefined && env.GRAPHQL_IDE !== '') {
    warnings.push('GRAPHQL_SANDBOX is deprecated and ignored: GRAPHQL_IDE is set (remove GRAPHQL_SANDBOX)');
    return bool(env.GRAPHQL_IDE, fallback, 'GRAPHQL_IDE');
  }
  warnings.push('GRAPHQL_SANDBOX is deprecated: rename it GRAPHQL_IDE (it now turns on the bundled GraphiQL, which needs no internet, instead of Apollo Sandbox)');
  return bool(env.GRAPHQL_SANDBOX, fallback, 'GRAPHQL_SANDBOX');
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * GRAPHQL_TRUSTED_DOCUMENTS: the manifest GraphQL Code Generator's client preset writes (web/gql/persisted-documents.json,
 * `npm run codegen`), a JSON object of hex SHA-256 → document text. Every entry must hash to its key: a manifest from a
 * different hash function would otherwise refuse every app request at run time instead of at start.
 */
function trustedDocuments(value: string | undefined): Config['trustedDocuments'] {
  if (!value) return null;
  const name = 'GRAPHQL_TRUSTED_DOCUMENTS';
  let text: string;
  try {
    text = fs.readFileSync(value, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ConfigError(`${name}: cannot read the manifest "${value}" (${why}); \`npm run codegen\` writes web/gql/persisted-documents.json`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${name}: "${value}" is not JSON (${(e as Error).message})`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new ConfigError(`${name}: "${value}" must be a JSON object of sha256 hash → document, as \`npm run codegen\` writes it`);
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest)) {
    if (!SHA256_HEX.test(hash)) throw new ConfigError(`${name}: "${value}": "${hash.slice(0, 80)}" is not a hex SHA-256 hash`);
    if (typeof document !== 'string' || !document.trim()) throw new ConfigError(`${name}: "${value}": the entry ${hash} is not a GraphQL document`);
    if (createHash('sha256').update(document).digest('hex') !== hash) {
      throw new ConfigError(`${name}: "${value}": the document under ${hash} does not hash to it (regenerate the manifest with \`npm run codegen\`)`);
    }
    documents.set(hash, document);
  }
  if (documents.size === 0) throw new ConfigError(`${name}: "${value}" lists no documents, so every app request would be refused`);
  return { path: value, documents };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, purpose: 'serve' | 'migrate' = 'serve'): Config {
  const nodeEnv = (env.NODE_ENV ?? 'development') as Config['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError('NODE_ENV must be development, production or test');
  }
  const dev = nodeEnv !== 'production';
  const warnings: string[] = [];
  const jwtJwksUrl = env.JWT_JWKS_URL || null;
  let jwtSecret = env.JWT_SECRET || null;
  if (!jwtSecret && dev) jwtSecret = DEV_SECRET;
  const serving = purpose === 'serve';
  if (!jwtSecret && !jwtJwksUrl && serving) throw new ConfigError('set JWT_SECRET (HS256) or JWT_JWKS_URL in production');
  if (!dev) {
    // Migrating signs nothing and serves nothing: a serving role's secrets are its own business.
    if (jwtSecret && serving) productionSecret('JWT_SECRET', jwtSecret);
    if (env.GUEST_TOKEN_SECRET && serving) productionSecret('GUEST_TOKEN_SECRET', env.GUEST_TOKEN_SECRET);
    // Anyone holding a placeholder token reads /metrics (queue depths, operation names): refused like a signing secret.
    if (env.METRICS_TOKEN && serving) productionSecret('METRICS_TOKEN', env.METRICS_TOKEN, 'token');
    // Embedded PGlite and a Redis found or started on this machine are conveniences for a first run, never production.
    if (!env.DATABASE_URL) throw new ConfigError('set DATABASE_URL in production (the embedded PGlite database is for development only)');
    if (!env.REDIS_URL && !env.REDIS_CLUSTER_NODES && !env.REDIS_SENTINELS && serving) {
      throw new ConfigError('set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS in production (a Redis found on 127.0.0.1:6379 or started by Boomerang is for development only)');
    }
  }
  const redisSources = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'].filter((name) => env[name]);
  if (redisSources.length > 1) throw new ConfigError(`set one of ${redisSources.join(' and ')}: each names a whole Redis deployment`);
  const redisClusterNodes = redisNodes('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES);
  const redisSentinels = redisNodes('REDIS_SENTINELS', env.REDIS_SENTINELS);
  if (redisSentinels && !env.REDIS_SENTINEL_NAME) throw new ConfigError('REDIS_SENTINEL_NAME is required with REDIS_SENTINELS: the name the Sentinels monitor the master under');
  const redisTls = bool(env.REDIS_TLS, false, 'REDIS_TLS');
  redisExtras(env, redisClusterNodes !== null, redisSentinels !== null, redisTls);
  if (jwtJwksUrl && !/^https?:\/\//.test(jwtJwksUrl)) throw new ConfigError('JWT_JWKS_URL must be an http(s) URL');
  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info')) as Config['logLevel'];
  const graphqlIde = ide(env, nodeEnv === 'development', warnings);
  const introspection = bool(env.GRAPHQL_INTROSPECTION, dev || graphqlIde, 'GRAPHQL_INTROSPECTION');
  if (graphqlIde && !introspection) {
    throw new ConfigError('GRAPHQL_IDE needs GRAPHQL_INTROSPECTION: the IDE reads the schema by introspection (unset GRAPHQL_INTROSPECTION, or turn the IDE off)');
  }
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new ConfigError('LOG_LEVEL must be debug, info, warn or error');
  return {
    nodeEnv,
    port: int('PORT', env.PORT, 4000, 0, 65535),
    databaseUrl: env.DATABASE_URL || null,
    databaseConnectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', env.DATABASE_CONNECT_TIMEOUT_MS, 10_000, 100, 300_000),
    databasePrepare: bool(env.DATABASE_PREPARE, true, 'DATABASE_PREPARE'),
    databasePoolMax: int('DATABASE_POOL_MAX', env.DATABASE_POOL_MAX, 10, 1, 1000),
    databaseMigrationUrl: postgresUrl('DATABASE_MIGRATION_URL', env.DATABASE_MIGRATION_URL, env.DATABASE_URL) ?? (env.DATABASE_URL || null),
    databaseReadUrl: postgresUrl('DATABASE_READ_URL', env.DATABASE_READ_URL, env.DATABASE_URL),
    migrationLockTimeoutMs: int('MIGRATION_LOCK_TIMEOUT_MS', env.MIGRATION_LOCK_TIMEOUT_MS, 5000, 100, 600_000),
    migrateOnStart: bool(env.MIGRATE_ON_START, dev, 'MIGRATE_ON_START'),
    dataDir: env.DATA_DIR || '.data',
    jwtSecret,
    jwtJwksUrl,
    jwtIssuer: env.JWT_ISSUER || null,
    jwtAudience: env.JWT_AUDIENCE || null,
    jwtMaxTtlSeconds: int('JWT_MAX_TTL_SECONDS', env.JWT_MAX_TTL_SECONDS, 86_400, 60, 365 * 86_400),
    guestTokenSecret: env.GUEST_TOKEN_SECRET || jwtSecret,
    guestTokenTtlSeconds: int('GUEST_TOKEN_TTL_SECONDS', env.GUEST_TOKEN_TTL_SECONDS, 1800, 60, 86400),
    introspection,
    graphqlIde,
    // Only a serving role reads the manifest (a migrate job's container need not have it).
    trustedDocuments: serving ? trustedDocuments(env.GRAPHQL_TRUSTED_DOCUMENTS) : null,
    maxQueryDepth: int('GRAPHQL_MAX_DEPTH', env.GRAPHQL_MAX_DEPTH, 10, 2, 50),
    maxQueryComplexity: int('GRAPHQL_MAX_COMPLEXITY', env.GRAPHQL_MAX_COMPLEXITY, 5000, 10, 1_000_000),
    graphqlJit: bool(env.GRAPHQL_JIT, true, 'GRAPHQL_JIT'),
    directQueries: bool(env.GRAPHQL_DIRECT_QUERIES, true, 'GRAPHQL_DIRECT_QUERIES'),
    bodyLimit: env.HTTP_BODY_LIMIT || '1mb',
    seedDemo: bool(env.SEED_DEMO, nodeEnv === 'development'),
    demoHistoryOrders: int('DEMO_HISTORY_ORDERS', env.DEMO_HISTORY_ORDERS, 2000, 0, 1_000_000),
    logLevel,
    redisUrl: env.REDIS_URL || null,
    redisClusterNodes,
    redisSentinels,
    redisSentinelName: redisSentinels ? env.REDIS_SENTINEL_NAME! : null,
    redisUsername: env.REDIS_USERNAME || null,
    redisPassword: env.REDIS_PASSWORD || null,
    redisSentinelPassword: env.REDIS_SENTINEL_PASSWORD || null,
    redisTls,
    metricsToken: env.METRICS_TOKEN || null,
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    queuePrefix: queuePrefix(env.QUEUE_PREFIX, redisClusterNodes !== null),
    integrationMaxAttempts: int('INTEGRATION_MAX_ATTEMPTS', env.INTEGRATION_MAX_ATTEMPTS, 8, 1, 50),
    integrationBackoffMs: int('INTEGRATION_BACKOFF_MS', env.INTEGRATION_BACKOFF_MS, 2000, 1, 3_600_000),
    expirySweepMs: int('EXPIRY_SWEEP_MS', env.EXPIRY_SWEEP_MS, 600_000, 100, 86_400_000),
    refurbOverdueSweepMs: int('REFURB_OVERDUE_SWEEP_MS', env.REFURB_OVERDUE_SWEEP_MS, 900_000, 100, 86_400_000),
    recyclingWeightTolerance: int('RECYCLING_WEIGHT_TOLERANCE_PCT', env.RECYCLING_WEIGHT_TOLERANCE_PCT, 10, 0, 100) / 100,
    resaleCharmPricing: bool(env.RESALE_CHARM_PRICING, false),
    analyticsRefreshMs: interval('ANALYTICS_REFRESH_MS', env.ANALYTICS_REFRESH_MS, 300_000, 1000, 86_400_000),
    analyticsFullRefreshMs: interval('ANALYTICS_FULL_REFRESH_MS', env.ANALYTICS_FULL_REFRESH_MS, 86_400_000, 60_000, 30 * 86_400_000),
    analyticsRefreshOverlapMs: int('ANALYTICS_REFRESH_OVERLAP_MS', env.ANALYTICS_REFRESH_OVERLAP_MS, 120_000, 0, 86_400_000),
    analyticsRefreshTimeoutMs: int('ANALYTICS_REFRESH_TIMEOUT_MS', env.ANALYTICS_REFRESH_TIMEOUT_MS, ANALYTICS_REFRESH_TIMEOUT_MS, 1000, 86_400_000),
    analyticsCurrency: currency('ANALYTICS_CURRENCY', env.ANALYTICS_CURRENCY),
    serialReturnerMinScore: num('SERIAL_RETURNER_MIN_SCORE', env.SERIAL_RETURNER_MIN_SCORE, 3, 0, 100),
    serialReturnerMinUnits: int('SERIAL_RETURNER_MIN_UNITS', env.SERIAL_RETURNER_MIN_UNITS, 10, 1, 1_000_000),
    riskModelTrainMs: int('RISK_MODEL_TRAIN_MS', env.RISK_MODEL_TRAIN_MS, 86_400_000, 60_000, 30 * 86_400_000),
    riskModelTrainTimeoutMs: int('RISK_MODEL_TRAIN_TIMEOUT_MS', env.RISK_MODEL_TRAIN_TIMEOUT_MS, 1_800_000, 1000, 86_400_000),
    riskModelMaxRows: int('RISK_MODEL_MAX_ROWS', env.RISK_MODEL_MAX_ROWS, 200_000, 1000, 5_000_000),
    riskModelHoldoutWeeks: int('RISK_MODEL_HOLDOUT_WEEKS', env.RISK_MODEL_HOLDOUT_WEEKS, 4, 1, 52),
    riskModelLabelGraceDays: int('RISK_MODEL_LABEL_GRACE_DAYS', env.RISK_MODEL_LABEL_GRACE_DAYS, 7, 0, 90),
    riskMinPositives: int('RISK_MIN_POSITIVES', env.RISK_MIN_POSITIVES, 50, 1, 1_000_000),
    outboxSweepMs: int('OUTBOX_SWEEP_MS', env.OUTBOX_SWEEP_MS, 5000, 100, 3_600_000),
    outboxStaleAfterMs: int('OUTBOX_STALE_AFTER_MS', env.OUTBOX_STALE_AFTER_MS, 60_000, 100, 3_600_000),
    workerConcurrency: int('WORKER_CONCURRENCY', env.WORKER_CONCURRENCY, 32, 1, 256),
    warehouseAddress: warehouse(env.WAREHOUSE_ADDRESS),
    partnerTimeoutMs: int('PARTNER_TIMEOUT_MS', env.PARTNER_TIMEOUT_MS, 10_000, 100, 120_000),
    exchangeOptionsTimeoutMs: int('EXCHANGE_OPTIONS_TIMEOUT_MS', env.EXCHANGE_OPTIONS_TIMEOUT_MS, 3000, 100, 60_000),
    exchangeOptionsCacheMs: int('EXCHANGE_OPTIONS_CACHE_MS', env.EXCHANGE_OPTIONS_CACHE_MS, 30_000, 0, 3_600_000),
    workerLockMs: int('WORKER_LOCK_MS', env.WORKER_LOCK_MS, 30_000, 1000, 600_000),
    workerStalledIntervalMs: int('WORKER_STALLED_INTERVAL_MS', env.WORKER_STALLED_INTERVAL_MS, 30_000, 100, 600_000),
    adminOperationStaleMs: int('ADMIN_OPERATION_STALE_MS', env.ADMIN_OPERATION_STALE_MS, 300_000, 1000, 86_400_000),
    adminOperationMaxAttempts: int('ADMIN_OPERATION_MAX_ATTEMPTS', env.ADMIN_OPERATION_MAX_ATTEMPTS, 3, 1, 20),
    bulkImportStaleMs: int('BULK_IMPORT_STALE_MS', env.BULK_IMPORT_STALE_MS, 60_000, 1000, 86_400_000),
    bulkImportBatchLines: int('BULK_IMPORT_BATCH_LINES', env.BULK_IMPORT_BATCH_LINES, 1000, 1, 50_000),
    bulkImportPartMaxBytes: int('BULK_IMPORT_PART_MAX_BYTES', env.BULK_IMPORT_PART_MAX_BYTES, 16 << 20, 1, 256 << 20),
    bulkImportFileMaxBytes: int('BULK_IMPORT_FILE_MAX_BYTES', env.BULK_IMPORT_FILE_MAX_BYTES, 4 * 2 ** 30, 1, 2 ** 40),
    bulkImportStagedTtlMs: int('BULK_IMPORT_STAGED_TTL_MS', env.BULK_IMPORT_STAGED_TTL_MS, 86_400_000, 1000, 30 * 86_400_000),
    // Production waits for load balancers and lets work finish; development and tests stop at once on Ctrl-C.
    shutdownDelayMs: int('SHUTDOWN_DELAY_MS', env.SHUTDOWN_DELAY_MS, dev ? 0 : 5000, 0, 600_000),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, dev ? 3000 : 30_000, 0, 3_600_000),
    healthPort: env.HEALTH_PORT ? int('HEALTH_PORT', env.HEALTH_PORT, 0, 0, 65535) : null,
    warnings,
  };
}
