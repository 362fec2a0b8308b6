import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client';
import { createLogger, type Logger } from '../../src/logger';
import { createTestDatabase } from '../support/harness';

/** A logger writing into an array, one parsed JSON line per entry. */
function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'debug'): { log: Logger; raw: string[]; lines(): any[] } {
  const raw: string[] = [];
  const log = createLogger(level, { write: (s: string) => { raw.push(s); } });
  return { log, raw, lines: () => raw.map((l) => JSON.parse(l)) };
}

describe('errors keep their cause', () => {
  let testDb: { url: string; drop(): Promise<void> };
  let database: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = await openDatabase(testDb.url, '.data', { poolMax: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  test('a drizzle "Failed query" logs the PostgreSQL message and code behind it, without the parameter values', async () => {
    const failure = await database.db.execute(sql`select ${'s3cret-param'}::text from no_such_table`).then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^Failed query/);
    const { log, lines: parsed, raw } = capture();
    log.error('maintenance job failed', { job: 'sweep', error: failure });
    log.error('unhandled error in GraphQL request', failure);
    const lines = parsed();
    expect(lines).toHaveLength(2);
    for (const [line, key] of [[lines[0], 'error'], [lines[1], 'err']] as const) {
      expect(line).toMatchObject({ level: 'error', msg: expect.any(String) });
      const err = line[key];
      expect(err.message).toMatch(/^Failed query: select \$1::text from no_such_table/);
      expect(err.stack).toContain('Failed query');
      expect(err.cause).toMatchObject({ type: 'PostgresError', message: 'relation "no_such_table" does not exist', code: '42P01', severity: 'ERROR' });
      expect(err.cause.stack).toEqual(expect.any(String));
    }
    expect(lines[0].job).toBe('sweep');
    expect(raw.join('')).not.toContain('s3cret-param');
  });

  test('a chain of several causes is kept to the root', () => {
    const root = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { log, lines } = capture();
    log.warn('outbox kick failed', { err: new Error('enqueue failed', { cause: new Error('redis write failed', { cause: root }) }) });
    expect(lines()[0].err).toMatchObject({ message: 'enqueue failed', cause: { message: 'redis write failed', cause: { message: 'socket hang up', code: 'ECONNRESET' } } });
  });
});

describe('secrets are redacted', () => {
  test('secret keys at any depth up to three objects down, credentials in URLs and bearer tokens anywhere', () => {
    const { log, lines, raw } = capture();
    log.info('partner call', {
      headers: { authorization: 'Bearer tok-1', 'x-api-key': 'key-1', 'content-type': 'application/json' },
      partner: { id: 'p1', signingSecret: 'whsec_abc', settings: { apiKey: 'key-2', auth: { password: 'pw-1' } } },
      token: 'tok-2',
      config: { databaseUrl: 'postgres://boomerang:pg-pass@db:5432/boomerang', redisUrl: 'rediss://:redis-pass@cache:6380' },
      note: 'retrying with Authorization: Bearer tok-3.eyJzdWIiOiJh', how: 'Basic auth on every call',
    });
    const text = raw.join('');
    expect(raw).toHaveLength(1);
    for (const secret of ['tok-1', 'key-1', 'whsec_abc', 'key-2', 'pw-1', 'tok-2', 'pg-pass', 'redis-pass', 'tok-3']) expect(text).not.toContain(secret);
    expect(lines()[0]).toMatchObject({
      headers: { authorization: '[Redacted]', 'x-api-key': '[Redacted]', 'content-type': 'application/json' },
      partner: { id: 'p1', signingSecret: '[Redacted]', settings: { apiKey: '[Redacted]', auth: { password: '[Redacted]' } } },
      token: '[Redacted]',
      config: { databaseUrl: 'postgres://boomerang:[Redacted]@db:5432/boomerang', redisUrl: 'rediss://:[Redacted]@cache:6380' },
      note: 'retrying with Authorization: Bearer [Redacted]', how: 'Basic auth on every call',
    });
  });

  test('a URL with credentials in an error message is scrubbed too', () => {
    const { log, raw } = capture();
    log.error('could not connect', new Error('connect ECONNREFUSED postgres://app:db-pass@10.0.0.1/app'));
    expect(raw.join('')).toContain('postgres://app:[Redacted]@10.0.0.1/app');
    expect(raw.join('')).not.toContain('db-pass');
  });
});

describe('shape', () => {
  test('one JSON line per entry with a level name, an ISO time and the message; entries below the level are dropped', () => {
    const { log, lines: parsed, raw } = capture('info');
    log.debug('not shown');
    log.info('Boomerang started', { role: 'api' });
    log.warn('odd data', ['a', 'b']);
    log.warn('clashing keys', { level: 'x', msg: 'y' });
    log.error('from another realm', runInNewContext('new TypeError("elsewhere")'));
    expect(raw.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1)).toBe(true);
    const lines = parsed();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'Boomerang started', role: 'api' });
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'odd data', data: ['a', 'b'] });
    expect(lines[2]).toMatchObject({ level: 'warn', msg: 'clashing keys', data: { level: 'x', msg: 'y' } });
    expect(lines[3]).toMatchObject({ level: 'error', err: { type: 'TypeError', message: 'elsewhere', stack: expect.stringContaining('TypeError: elsewhere') } });
  });
});

test('a failed Redis command logs its name and reply, not its arguments (BullMQ sends whole Lua scripts and job data)', async () => {
  const IORedis = (await import('ioredis')).default;
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  try {
    const script = `return redis.call('no-such-command', '${'x'.repeat(20_000)}')`;
    const failure = await redis.eval(script, 0, 'personal-data@example.com').then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as { command?: { args?: unknown[] } }).command?.args).toHaveLength(3);
    const { log, raw, lines } = capture();
    log.warn('queue error', failure);
    const [line] = lines();
    expect(line.err).toMatchObject({ type: 'ReplyError', command: { name: 'eval', args: '[3 omitted]' } });
    expect(line.err.message).toMatch(/Unknown Redis command|unknown command/i);
    expect(raw[0].length).toBeLessThan(5000);
    expect(raw[0]).not.toContain('personal-data@example.com');
  } finally {
    redis.disconnect();
  }
});
