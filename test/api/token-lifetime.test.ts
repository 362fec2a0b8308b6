import { SignJWT } from 'jose';
import { Authenticator } from '../../src/services/auth.service';
import { JWT_SECRET, startTestApi, type TestApi } from '../support/harness';

// People's HS256 tokens must carry exp, and live no longer than JWT_MAX_TTL_SECONDS: a token without exp, or a
// long-lived one, is a key that opens the API for as long as it exists once leaked.
let api: TestApi;
const MAX = 7200;

beforeAll(async () => {
  api = await startTestApi({ JWT_MAX_TTL_SECONDS: String(MAX) });
});

afterAll(() => api?.stop());

const now = () => Math.floor(Date.now() / 1000);

function sign(claims: { iat?: number; exp?: number }, role = 'ADMIN'): Promise<string> {
  let jwt = new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject('attacker');
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return jwt.sign(new TextEncoder().encode(JWT_SECRET));
}

async function viewer(token: string) {
  const res = await api.gql('{ viewer { role } }', {}, token);
  return { status: res.status, code: res.errors?.[0].extensions?.code, message: res.errors?.[0].message, role: res.data?.viewer?.role };
}

test('a token without exp is refused, with or without iat', async () => {
  for (const token of [await sign({ iat: now() }), await sign({})]) {
    expect(await viewer(token)).toEqual({ status: 401, code: 'UNAUTHENTICATED', message: 'Token has no expiry (exp); tokens must expire', role: undefined });
  }
});

test('a token living longer than JWT_MAX_TTL_SECONDS is refused (exp − iat, or exp − now without iat)', async () => {
  const t = now();
  const tooLong = [
    await sign({ iat: t, exp: t + MAX + 60 }),
    await sign({ exp: t + MAX + 60 }),
    await sign({ iat: t - 30 * 86_400, exp: t + 60 }),
    // An iat in the future does not move the window: a year from now, for an hour, is still a year.
    await sign({ iat: t + 365 * 86_400, exp: t + 365 * 86_400 + 3600 }),
  ];
  for (const token of tooLong) {
    const res = await viewer(token);
    expect([res.status, res.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(res.message).toBe(`Token lifetime exceeds the maximum of ${MAX} seconds (exp − iat); issue shorter-lived tokens`);
  }
});

test('tokens within the maximum are accepted: exactly the maximum, no iat, and the tests\' own 1 h tokens', async () => {
  const t = now();
  expect((await viewer(await sign({ iat: t, exp: t + MAX }))).role).toBe('ADMIN');
  expect((await viewer(await sign({ exp: t + 600 }))).role).toBe('ADMIN');
  expect((await viewer(await api.token('OPERATOR', 'ops-1'))).role).toBe('OPERATOR');
});

test('demo tokens (npm start prints them) are issued for the configured maximum and accepted', async () => {
  const token = (await new Authenticator(api.app.config).issuePersonToken('demo-admin', 'ADMIN'))!;
  const { iat, exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { iat: number; exp: number };
  expect(exp - iat).toBe(MAX);
  expect((await viewer(token)).role).toBe('ADMIN');
});

// Verified tokens are remembered briefly (Authenticator): never past their exp, and a failure is never remembered.
test('a token that was accepted is refused once its exp has passed', async () => {
  const exp = now() + 2;
  const token = await sign({ iat: now(), exp });
  expect((await viewer(token)).role).toBe('ADMIN');
  expect((await viewer(token)).role).toBe('ADMIN');
  while (now() < exp) await new Promise((r) => setTimeout(r, 100));
  expect(await viewer(token)).toEqual({ status: 401, code: 'UNAUTHENTICATED', message: 'Invalid or expired token', role: undefined });
});

test('a token with a forged signature stays refused after the genuine one was accepted', async () => {
  const token = await sign({ iat: now(), exp: now() + 600 });
  expect((await viewer(token)).role).toBe('ADMIN');
  const [header, payload] = token.split('.');
  const forged = `${header}.${payload}.${Buffer.alloc(32, 7).toString('base64url')}`;
  for (let i = 0; i < 2; i++) expect((await viewer(forged)).code).toBe('UNAUTHENTICATED');
  expect((await viewer(token)).role).toBe('ADMIN');
});
