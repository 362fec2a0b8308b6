import postgres from 'postgres';
import { isConnectionError, isUniqueViolation, sqlStateOf } from '../../src/db/errors';

/** An error as postgres.js (or PGlite) reports one from the server: a SQLSTATE in `code`. */
const pgError = (code: string) => Object.assign(new Error(`server said ${code}`), { code, severity: 'ERROR' });
/** As drizzle wraps a driver error: "Failed query: …" with the driver's error as `cause`. */
const wrapped = (cause: unknown) => new Error('Failed query: select 1\nparams: ', { cause });

describe('sqlStateOf', () => {
  test('finds the SQLSTATE of a driver error, also wrapped by drizzle (twice)', () => {
    expect(sqlStateOf(pgError('42P01'))).toBe('42P01');
    expect(sqlStateOf(wrapped(wrapped(pgError('57P01'))))).toBe('57P01');
  });

  test('null for JavaScript errors, socket errors and postgres.js connection codes', () => {
    expect(sqlStateOf(new Error('boom'))).toBeNull();
    expect(sqlStateOf(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write', errno: -32 }))).toBeNull();
    expect(sqlStateOf(wrapped(Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' })))).toBeNull();
    expect(sqlStateOf('a string')).toBeNull();
    expect(sqlStateOf(null)).toBeNull();
  });

  test('an error that is its own cause (or a cycle) ends the walk', () => {
    const self: Error & { cause?: unknown } = new Error('me');
    self.cause = self;
    expect(sqlStateOf(self)).toBeNull();
    expect(isConnectionError(self)).toBe(false);
    const a: Error & { cause?: unknown } = new Error('a');
    const b = wrapped(a);
    a.cause = b;
    expect(sqlStateOf(b)).toBeNull();
    expect(isUniqueViolation(b, 'x')).toBe(false);
  });
});

describe('isConnectionError', () => {
  test.each(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET'])(
    'postgres.js / socket code %s, bare and wrapped', (code) => {
      const e = Object.assign(new Error(`write ${code}`), { code, errno: code });
      expect(isConnectionError(e)).toBe(true);
      expect(isConnectionError(wrapped(e))).toBe(true);
    },
  );

  test.each(['08006', '08001', '57P01', '57P02', '57P03'])('SQLSTATE %s', (code) => {
    expect(isConnectionError(wrapped(pgError(code)))).toBe(true);
  });

  test('not for other server errors or plain errors', () => {
    for (const code of ['42P01', '23505', '40P01', '57014']) expect(isConnectionError(wrapped(pgError(code)))).toBe(false);
    expect(isConnectionError(new Error('boom'))).toBe(false);
  });

  test('a real postgres.js error from a port nobody listens on', async () => {
    const sql = postgres('postgres://postgres@127.0.0.1:1/none', { connect_timeout: 5, max: 1, onnotice: () => undefined });
    const e = await sql`select 1`.then(() => null, (err: unknown) => err);
    await sql.end({ timeout: 1 });
    expect(e).not.toBeNull();
    expect(isConnectionError(e)).toBe(true);
    expect(isConnectionError(wrapped(e))).toBe(true);
  });
});
