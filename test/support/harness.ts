import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { startApi, type App } from '../../src/app';
import { loadConfig } from '../../src/config';

export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const JWT_SECRET = 'test-secret-0123456789-0123456789-abcdef';

/** Creates an empty database of its own for one test file and returns its URL and a drop function. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `boomerang_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** A GraphQL response as a client sees it. */
export interface GqlResponse<T = any> { status: number; data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> }

/** A running API on its own database plus an HTTP client for it. */
export interface TestApi {
  app: App;
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResponse<T>>;
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  token(role: 'CUSTOMER' | 'OPERATOR' | 'ADMIN', sub: string): Promise<string>;
  statements(): number;
  /** The value of one sample on /metrics, e.g. `boomerang_transaction_retries_total{reason="deadlock"}`; throws if absent. */
  metric(sample: string): Promise<number>;
  stop(): Promise<void>;
}

/** One sample's value on the /metrics beside `graphqlUrl`, e.g. `boomerang_transaction_retries_total{reason="deadlock"}`. */
export async function metricSample(graphqlUrl: string, sample: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  if (!line) throw new Error(`${sample} is not on /metrics`);
  return Number(line.slice(sample.length + 1));
}

/** Starts Boomerang on a fresh database, listening on an ephemeral port. */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test', DATABASE_URL: db.url, JWT_SECRET, PORT: '0', LOG_LEVEL: 'error',
    // Each test file gets its own queue namespace, as it gets its own database.
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: `bt_${randomBytes(4).toString('hex')}`,
    // A fresh database is migrated at start whatever NODE_ENV says (production's default is a migrate step).
    INTEGRATION_BACKOFF_MS: '50', OUTBOX_SWEEP_MS: '500', MIGRATE_ON_START: 'true', ...env,
  });
  const app = await startApi(config);
  const url = `http://127.0.0.1:${app.http.port}/graphql`;
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, text: await res.text() };
  };
  return {
    app,
    url,
    post,
    gql: async (query, variables = {}, token = null) => {
      const res = await post(JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {});
      return { status: res.status, ...JSON.parse(res.text) };
    },
    token: (role, sub) => new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET)),
    statements: () => app.database.statementCount(),
    metric: (sample) => metricSample(url, sample),
    stop: async () => {
      await app.stop();
      await db.drop();
    },
  };
}
