import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

// Production refuses what would run but must not: secrets anyone can read in this repository, and the embedded
// database and home-found Redis meant for a first run.
const STRONG = 'k3Vq9w-production-grade-random-secret-value-0123';
const PROD = { NODE_ENV: 'production', JWT_SECRET: STRONG, DATABASE_URL: 'postgres://db.internal/boomerang', REDIS_URL: 'redis://redis.internal:6379' };

const refusal = (env: Record<string, string | undefined>): string => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('loadConfig accepted it');
};

/** The value a commented `# NAME=value` line of .env.example suggests. */
function envExample(name: string): string {
  const text = fs.readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
  const match = new RegExp(`^#?\\s*${name}=(.+)$`, 'm').exec(text);
  if (!match) throw new Error(`${name} is not in .env.example`);
  return match[1].trim();
}

test('a complete production environment is accepted', () => {
  const config = loadConfig(PROD);
  expect(config).toMatchObject({ nodeEnv: 'production', jwtSecret: STRONG, databaseConnectTimeoutMs: 10_000, jwtMaxTtlSeconds: 86_400, metricsToken: null });
});

test('production refuses the development default secret, published in the source', () => {
  // The fallback development runs with: its tokens must never open a production server.
  const devDefault = loadConfig({ NODE_ENV: 'development' }).jwtSecret!;
  expect(refusal({ ...PROD, JWT_SECRET: devDefault })).toMatch(/JWT_SECRET is a published default or placeholder/);
});

test('production refuses the .env.example placeholder and any secret still saying change-me', () => {
  expect(envExample('JWT_SECRET').length).toBeGreaterThanOrEqual(32);
  expect(refusal({ ...PROD, JWT_SECRET: envExample('JWT_SECRET') })).toMatch(/JWT_SECRET is a published default or placeholder/);
  expect(refusal({ ...PROD, JWT_SECRET: 'compose-development-secret-change-me-0123456789' })).toMatch(/published default/);
  expect(refusal({ ...PROD, JWT_SECRET: 'our-own-secret-CHANGEME-before-going-live-please' })).toMatch(/published default/);
  expect(refusal({ ...PROD, JWT_SECRET: 'short-but-random' })).toMatch(/JWT_SECRET must be at least 32 characters/);
});

test('production checks GUEST_TOKEN_SECRET the same way when it is set', () => {
  expect(refusal({ ...PROD, GUEST_TOKEN_SECRET: envExample('JWT_SECRET') })).toMatch(/GUEST_TOKEN_SECRET is a published default/);
  expect(refusal({ ...PROD, GUEST_TOKEN_SECRET: 'too-short' })).toMatch(/GUEST_TOKEN_SECRET must be at least 32 characters/);
  expect(loadConfig({ ...PROD, GUEST_TOKEN_SECRET: `${STRONG}-guest` }).guestTokenSecret).toBe(`${STRONG}-guest`);
  // With JWKS only, a guest secret is what signs guest tokens: checked too.
  const jwks = { ...PROD, JWT_SECRET: undefined, JWT_JWKS_URL: 'https://idp.example.com/jwks.json' };
  expect(refusal({ ...jwks, GUEST_TOKEN_SECRET: 'boomerang-development-secret-change-me' })).toMatch(/GUEST_TOKEN_SECRET is a published default/);
});

test('production refuses to run without DATABASE_URL (no embedded PGlite) or REDIS_URL (no home-found Redis)', () => {
  expect(refusal({ ...PROD, DATABASE_URL: undefined })).toMatch(/set DATABASE_URL in production/);
  expect(refusal({ ...PROD, DATABASE_URL: '' })).toMatch(/set DATABASE_URL in production/);
  expect(refusal({ ...PROD, REDIS_URL: undefined })).toMatch(/set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS in production/);
  // Development keeps both conveniences.
  expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ databaseUrl: null, redisUrl: null });
});

test('production refuses a placeholder or short METRICS_TOKEN, like a signing secret (the Kubernetes Secret ships one)', () => {
  expect(refusal({ ...PROD, METRICS_TOKEN: 'change-me-metrics-token' })).toMatch(/^METRICS_TOKEN is a published default or placeholder; set a random token/);
  expect(refusal({ ...PROD, METRICS_TOKEN: 'scrape-me' })).toBe('METRICS_TOKEN must be at least 32 characters in production');
  expect(loadConfig({ ...PROD, METRICS_TOKEN: `${STRONG}-metrics` }).metricsToken).toBe(`${STRONG}-metrics`);
  // Outside production any token does (development and tests).
  expect(loadConfig({ METRICS_TOKEN: 'scrape-me' }).metricsToken).toBe('scrape-me');
});

test('new variables are validated: DATABASE_CONNECT_TIMEOUT_MS, JWT_MAX_TTL_SECONDS, METRICS_TOKEN', () => {
  expect(loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '2500', JWT_MAX_TTL_SECONDS: '3600', METRICS_TOKEN: 'scrape-me' }))
    .toMatchObject({ databaseConnectTimeoutMs: 2500, jwtMaxTtlSeconds: 3600, metricsToken: 'scrape-me' });
  expect(refusal({ DATABASE_CONNECT_TIMEOUT_MS: '0' })).toMatch(/DATABASE_CONNECT_TIMEOUT_MS must be an integer/);
  expect(refusal({ JWT_MAX_TTL_SECONDS: 'forever' })).toMatch(/JWT_MAX_TTL_SECONDS must be an integer/);
});

test('the long jobs\' time limits: ANALYTICS_REFRESH_TIMEOUT_MS and RISK_MODEL_TRAIN_TIMEOUT_MS, defaults as in .env.example', () => {
  expect(loadConfig({})).toMatchObject({
    analyticsRefreshTimeoutMs: Number(envExample('ANALYTICS_REFRESH_TIMEOUT_MS')), riskModelTrainTimeoutMs: Number(envExample('RISK_MODEL_TRAIN_TIMEOUT_MS')),
  });
  expect(loadConfig({ ANALYTICS_REFRESH_TIMEOUT_MS: '5000', RISK_MODEL_TRAIN_TIMEOUT_MS: '60000' })).toMatchObject({ analyticsRefreshTimeoutMs: 5000, riskModelTrainTimeoutMs: 60_000 });
  expect(refusal({ ANALYTICS_REFRESH_TIMEOUT_MS: '0' })).toMatch(/^ANALYTICS_REFRESH_TIMEOUT_MS must be an integer between 1000 and 86400000/);
  expect(refusal({ RISK_MODEL_TRAIN_TIMEOUT_MS: '10m' })).toMatch(/^RISK_MODEL_TRAIN_TIMEOUT_MS must be an integer/);
});

test('database variables: defaults, PgBouncer and replica settings, and clear refusals', () => {
  expect(loadConfig(PROD)).toMatchObject({
    databasePrepare: true, databasePoolMax: 10, databaseMigrationUrl: PROD.DATABASE_URL, databaseReadUrl: null, migrateOnStart: false,
  });
  expect(loadConfig({ NODE_ENV: 'development' }).migrateOnStart).toBe(true);
  expect(loadConfig({ NODE_ENV: 'test' }).migrateOnStart).toBe(true);
  const behindPgBouncer = {
    ...PROD, DATABASE_URL: 'postgres://pgbouncer:6432/boomerang', DATABASE_PREPARE: 'false', DATABASE_POOL_MAX: '4', MIGRATE_ON_START: 'true',
    DATABASE_MIGRATION_URL: 'postgres://db.internal:5432/boomerang', DATABASE_READ_URL: 'postgresql://replica.internal/boomerang',
  };
  expect(loadConfig(behindPgBouncer)).toMatchObject({
    databasePrepare: false, databasePoolMax: 4, migrateOnStart: true,
    databaseMigrationUrl: 'postgres://db.internal:5432/boomerang', databaseReadUrl: 'postgresql://replica.internal/boomerang',
  });
  expect(refusal({ ...PROD, DATABASE_PREPARE: 'sometimes' })).toBe('DATABASE_PREPARE: expected a boolean, got "sometimes"');
  expect(refusal({ ...PROD, MIGRATE_ON_START: '2' })).toBe('MIGRATE_ON_START: expected a boolean, got "2"');
  expect(refusal({ ...PROD, DATABASE_POOL_MAX: '0' })).toMatch(/^DATABASE_POOL_MAX must be an integer between 1 and 1000/);
  expect(refusal({ ...PROD, DATABASE_READ_URL: 'mysql://replica/boomerang' })).toBe('DATABASE_READ_URL must be a postgres:// URL');
  expect(refusal({ DATABASE_MIGRATION_URL: 'postgres://db/boomerang' })).toMatch(/^DATABASE_MIGRATION_URL needs DATABASE_URL/);
  // The migrate role needs only the database: no JWT secret, no Redis (the serving roles still refuse to start without).
  const migrateOnly = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal:5432/boomerang' };
  expect(loadConfig(migrateOnly, 'migrate')).toMatchObject({ databaseMigrationUrl: migrateOnly.DATABASE_URL, jwtSecret: null });
  expect(() => loadConfig(migrateOnly)).toThrow(/JWT_SECRET/);
  expect(() => loadConfig({ ...migrateOnly, JWT_SECRET: PROD.JWT_SECRET })).toThrow(/REDIS_URL/);
  expect(() => loadConfig({ NODE_ENV: 'production' }, 'migrate')).toThrow(/DATABASE_URL/);
  // Nor does it judge the serving roles' secrets: a shared environment with a weak one still migrates.
  const shared = { ...migrateOnly, JWT_SECRET: 'short', GUEST_TOKEN_SECRET: 'change-me', METRICS_TOKEN: 'change-me-metrics-token' };
  expect(loadConfig(shared, 'migrate')).toMatchObject({ databaseUrl: migrateOnly.DATABASE_URL });
  expect(() => loadConfig(shared)).toThrow(/JWT_SECRET must be at least 32 characters/);
});

test('MIGRATION_LOCK_TIMEOUT_MS: 5 s by default as in .env.example, validated', () => {
  expect(loadConfig({}).migrationLockTimeoutMs).toBe(5000);
  expect(Number(envExample('MIGRATION_LOCK_TIMEOUT_MS'))).toBe(5000);
  expect(loadConfig({ MIGRATION_LOCK_TIMEOUT_MS: '250' }).migrationLockTimeoutMs).toBe(250);
  expect(refusal({ MIGRATION_LOCK_TIMEOUT_MS: '5s' })).toMatch(/^MIGRATION_LOCK_TIMEOUT_MS must be an integer between 100 and 600000/);
});

test('shutdown timings: production waits for load balancers and lets work finish, development stops at once; bad values name the variable', () => {
  expect(loadConfig(PROD)).toMatchObject({ shutdownDelayMs: 5000, shutdownTimeoutMs: 30_000, healthPort: null });
  expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ shutdownDelayMs: 0, shutdownTimeoutMs: 3000 });
  expect(loadConfig({ ...PROD, SHUTDOWN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '120000', HEALTH_PORT: '9464' }))
    .toMatchObject({ shutdownDelayMs: 0, shutdownTimeoutMs: 120_000, healthPort: 9464 });
  expect(loadConfig({ ...PROD, HEALTH_PORT: '0' }).healthPort).toBe(0);
  expect(refusal({ ...PROD, SHUTDOWN_DELAY_MS: '-1' })).toMatch(/^SHUTDOWN_DELAY_MS must be an integer/);
  expect(refusal({ ...PROD, SHUTDOWN_TIMEOUT_MS: '30s' })).toMatch(/^SHUTDOWN_TIMEOUT_MS must be an integer/);
  expect(refusal({ ...PROD, HEALTH_PORT: '70000' })).toMatch(/^HEALTH_PORT must be an integer between 0 and 65535/);
  expect(Number(envExample('SHUTDOWN_DELAY_MS'))).toBe(5000);
  expect(Number(envExample('SHUTDOWN_TIMEOUT_MS'))).toBe(30_000);
});

test('Redis: one of REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS; cluster and Sentinel nodes are host:port lists', () => {
  const cluster = { ...PROD, REDIS_URL: undefined, REDIS_CLUSTER_NODES: 'redis-0.internal:6379, [fd00::1]:7000' };
  expect(loadConfig(cluster)).toMatchObject({
    redisUrl: null, redisClusterNodes: [{ host: 'redis-0.internal', port: 6379 }, { host: 'fd00::1', port: 7000 }], queuePrefix: '{boomerang}',
  });
  const sentinel = { ...PROD, REDIS_URL: undefined, REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'boomerang', REDIS_PASSWORD: 'pw' };
  expect(loadConfig(sentinel)).toMatchObject({
    redisSentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], redisSentinelName: 'boomerang', redisPassword: 'pw', redisClusterNodes: null,
  });
  expect(refusal({ ...sentinel, REDIS_SENTINEL_NAME: undefined })).toMatch(/REDIS_SENTINEL_NAME is required with REDIS_SENTINELS/);
  expect(refusal({ ...cluster, REDIS_URL: 'redis://r:6379' })).toMatch(/set one of REDIS_URL and REDIS_CLUSTER_NODES/);
  expect(refusal({ ...cluster, REDIS_CLUSTER_NODES: 'redis-0.internal' })).toMatch(/REDIS_CLUSTER_NODES must be a comma-separated list of host:port, got "redis-0.internal"/);
  expect(refusal({ ...cluster, REDIS_CLUSTER_NODES: 'a:1,b:70000' })).toMatch(/REDIS_CLUSTER_NODES .* got "b:70000"/);
});

test('Redis credentials and REDIS_TLS beside the address serve a cluster or Sentinel only; with REDIS_URL they are refused, not ignored', () => {
  const url = { ...PROD, REDIS_URL: 'redis://redis.internal:6379' };
  expect(refusal({ ...url, REDIS_PASSWORD: 'pw' })).toBe('REDIS_PASSWORD is for REDIS_CLUSTER_NODES or REDIS_SENTINELS only: with REDIS_URL put them in the URL (redis://user:password@host:port)');
  expect(refusal({ ...url, REDIS_USERNAME: 'app', REDIS_PASSWORD: 'pw' })).toMatch(/^REDIS_USERNAME and REDIS_PASSWORD are for REDIS_CLUSTER_NODES or REDIS_SENTINELS only: with REDIS_URL put them in the URL/);
  expect(refusal({ ...url, REDIS_SENTINEL_PASSWORD: 'pw' })).toMatch(/^REDIS_SENTINEL_PASSWORD is for REDIS_SENTINELS only/);
  expect(refusal({ ...url, REDIS_TLS: 'true' })).toBe('REDIS_TLS is for REDIS_CLUSTER_NODES or REDIS_SENTINELS only: with REDIS_URL use rediss:// for TLS');
  // Development without any Redis setting (a home-found Redis): nowhere to send them either.
  expect(refusal({ NODE_ENV: 'development', REDIS_PASSWORD: 'pw' })).toMatch(/^REDIS_PASSWORD is for .*: set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS$/);
  expect(refusal({ ...url, REDIS_TLS: 'maybe' })).toMatch(/^REDIS_TLS: expected a boolean/);
  // Credentials in the URL, an explicit REDIS_TLS=false, and both with a cluster or Sentinel are fine.
  expect(loadConfig({ ...url, REDIS_URL: 'rediss://app:pw@redis.internal:6380', REDIS_TLS: 'false' })).toMatchObject({ redisTls: false, redisPassword: null });
  const cluster = { ...PROD, REDIS_URL: undefined, REDIS_CLUSTER_NODES: 'redis-0.internal:6379', REDIS_USERNAME: 'app', REDIS_PASSWORD: 'pw', REDIS_TLS: 'true' };
  expect(loadConfig(cluster)).toMatchObject({ redisTls: true, redisUsername: 'app', redisPassword: 'pw' });
  const sentinel = { ...PROD, REDIS_URL: undefined, REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_NAME: 'b', REDIS_SENTINEL_PASSWORD: 'sp', REDIS_TLS: 'yes' };
  expect(loadConfig(sentinel)).toMatchObject({ redisTls: true, redisSentinelPassword: 'sp' });
  expect(loadConfig(PROD).redisTls).toBe(false);
});

test('QUEUE_PREFIX is a hash tag by default; with REDIS_CLUSTER_NODES one without a hash tag is refused, saying why', () => {
  expect(loadConfig({}).queuePrefix).toBe('{boomerang}');
  expect(loadConfig({ QUEUE_PREFIX: 'staging' }).queuePrefix).toBe('staging');
  const cluster = { REDIS_CLUSTER_NODES: '127.0.0.1:7000' };
  expect(loadConfig({ ...cluster, QUEUE_PREFIX: '{staging}' }).queuePrefix).toBe('{staging}');
  expect(loadConfig({ ...cluster, QUEUE_PREFIX: 'eu-{staging}' }).queuePrefix).toBe('eu-{staging}');
  expect(refusal({ ...cluster, QUEUE_PREFIX: 'staging' })).toMatch(/^QUEUE_PREFIX must contain a hash tag such as \{staging\} with REDIS_CLUSTER_NODES: every queue key must hash to one cluster slot/);
  // An empty tag hashes the whole key, and a "}" before the "{" opens no tag.
  expect(refusal({ ...cluster, QUEUE_PREFIX: '{}staging' })).toMatch(/QUEUE_PREFIX must contain a hash tag/);
  expect(refusal({ ...cluster, QUEUE_PREFIX: 'a}b{' })).toMatch(/QUEUE_PREFIX must contain a hash tag/);
});

test('OUTBOX_STALE_AFTER_MS: at most a minute by default, validated', () => {
  expect(loadConfig({}).outboxStaleAfterMs).toBe(60_000);
  expect(loadConfig({ OUTBOX_STALE_AFTER_MS: '2000' }).outboxStaleAfterMs).toBe(2000);
  expect(refusal({ OUTBOX_STALE_AFTER_MS: '0' })).toMatch(/OUTBOX_STALE_AFTER_MS must be an integer/);
});
