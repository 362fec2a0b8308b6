import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { startTestApi, type TestApi } from '../support/harness';

// Token verification against a JWKS endpoint (a local server playing the identity provider), and the
// production switches: introspection off, no Sandbox, /metrics only with METRICS_TOKEN.
let jwks: http.Server;
let jwksUrl: string;
let privateKey: KeyLike;
let otherKey: KeyLike;
let api: TestApi;
const METRICS_TOKEN = 'prometheus-scrape-token-0123456789';

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = http.createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ keys: [jwk] })); });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  api = await startTestApi({
    NODE_ENV: 'production', JWT_JWKS_URL: jwksUrl, JWT_ISSUER: 'https://idp.test/', GUEST_TOKEN_SECRET: 'guest-secret-0123456789-0123456789-xyz', METRICS_TOKEN,
  });
});

afterAll(async () => {
  await api?.stop();
  await new Promise((r) => jwks.close(r));
});

const sign = (key: KeyLike, claims: Record<string, unknown>, issuer = 'https://idp.test/') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('ops-7').setIssuer(issuer).setIssuedAt().setExpirationTime('5m').sign(key);

test('a JWKS-signed token is accepted with its role', async () => {
  const res = await api.gql('{ viewer { role subject } }', {}, await sign(privateKey, { role: 'OPERATOR' }));
  expect(res.data.viewer).toEqual({ role: 'OPERATOR', subject: 'ops-7' });
});

test('wrong key, wrong issuer, HS256 with the old secret and a missing role are UNAUTHENTICATED', async () => {
  const bad = [
    await sign(otherKey, { role: 'OPERATOR' }),
    await sign(privateKey, { role: 'OPERATOR' }, 'https://evil.test/'),
    await api.token('ADMIN', 'x'),
    await sign(privateKey, {}),
  ];
  for (const token of bad) {
    const res = await api.gql('{ viewer { role } }', {}, token);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res)).not.toMatch(/stack|at \w+ \(/);
  }
});

test('production: introspection is off', async () => {
  const res = await api.gql('{ __schema { types { name } } }');
  expect(res.status).toBe(400);
  expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

test('production: no Sandbox landing page on GET', async () => {
  const res = await fetch(api.url, { headers: { accept: 'text/html' } });
  expect(await res.text()).not.toMatch(/sandbox/i);
});

test('JWKS tokens must expire, within JWT_MAX_TTL_SECONDS (default 24 h)', async () => {
  const now = Math.floor(Date.now() / 1000);
  const claims = (iat: number | null, exp: number | null) => {
    let jwt = new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('ops-7').setIssuer('https://idp.test/');
    if (iat !== null) jwt = jwt.setIssuedAt(iat);
    if (exp !== null) jwt = jwt.setExpirationTime(exp);
    return jwt.sign(privateKey);
  };
  const refused = async (token: string) => {
    const res = await api.gql('{ viewer { role } }', {}, token);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    return res.errors![0].message;
  };
  expect(await refused(await claims(now, null))).toMatch(/no expiry \(exp\)/);
  expect(await refused(await claims(now, now + 2 * 86_400))).toMatch(/lifetime exceeds the maximum of 86400 seconds/);
  expect(await refused(await claims(null, now + 2 * 86_400))).toMatch(/lifetime exceeds/);
  const fits = await api.gql('{ viewer { role } }', {}, await claims(now, now + 86_400));
  expect(fits.data.viewer).toEqual({ role: 'ADMIN' });
});

test('production: /metrics answers only the bearer of METRICS_TOKEN', async () => {
  const metrics = (headers: Record<string, string> = {}) => fetch(api.url.replace('/graphql', '/metrics'), { headers });
  expect((await metrics()).status).toBe(401);
  expect((await metrics({ authorization: 'Bearer wrong-token' })).status).toBe(401);
  expect((await metrics({ authorization: `Bearer ${METRICS_TOKEN}x` })).status).toBe(401);
  expect((await metrics({ authorization: `Bearer ${await api.token('ADMIN', 'a')}` })).status).toBe(401);
  const ok = await metrics({ authorization: `Bearer ${METRICS_TOKEN}` });
  expect(ok.status).toBe(200);
  expect(await ok.text()).toContain('boomerang_graphql_operation_duration_seconds');
});
