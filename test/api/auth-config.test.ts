import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { startTestApi, type TestApi } from '../support/harness';

// Token verification against a JWKS endpoint (a local server playing the identity provider), and the
// production switches: introspection off, no Sandbox.
let jwks: http.Server;
let jwksUrl: string;
let privateKey: KeyLike;
let otherKey: KeyLike;
let api: TestApi;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = http.createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ keys: [jwk] })); });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  api = await startTestApi({ NODE_ENV: 'production', JWT_JWKS_URL: jwksUrl, JWT_ISSUER: 'https://idp.test/', GUEST_TOKEN_SECRET: 'guest-secret-0123456789-0123456789-xyz' });
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
