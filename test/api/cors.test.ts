import { loadConfig } from '../../src/config';
import { startTestApi, type TestApi } from '../support/harness';

// CORS_ORIGINS: a browser app on a listed origin gets its preflight answered and may call /graphql and /reports with
// a bearer token; other origins get no Access-Control-* headers; Apollo's CSRF prevention still refuses simple requests.
const APP = 'http://portal.example.test:5173';
let api: TestApi;
let none: TestApi;
let any: TestApi;

beforeAll(async () => {
  [api, none, any] = await Promise.all([
    startTestApi({ CORS_ORIGINS: `${APP}, https://console.example.test` }), startTestApi(), startTestApi({ CORS_ORIGINS: '*' }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([api?.stop(), none?.stop(), any?.stop()]);
});

const preflight = (url: string, origin: string, headers = 'content-type,authorization') => fetch(url, {
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
});

test('a listed origin: the preflight for /graphql allows POST with the bearer token; the answer carries the origin', async () => {
  const res = await preflight(api.url, APP);
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe(APP);
  expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  expect(res.headers.get('access-control-allow-headers')?.split(',')).toEqual(expect.arrayContaining(['authorization', 'content-type']));
  expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  const token = await api.token('ADMIN', 'admin-1');
  const post = await fetch(api.url, {
    method: 'POST', headers: { origin: APP, 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(post.status).toBe(200);
  expect(post.headers.get('access-control-allow-origin')).toBe(APP);
  expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
});

test('the report download answers a preflight too (GET with Authorization)', async () => {
  const res = await fetch(api.url.replace(/\/graphql$/, '/reports/sustainability.csv'), {
    method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe(APP);
});

test('the report download itself, cross-origin: the origin is allowed and Content-Disposition is exposed to the script', async () => {
  const token = await api.token('ADMIN', 'admin-1');
  const res = await fetch(api.url.replace(/\/graphql$/, '/reports/sustainability.csv?from=2025-01-01&to=2025-02-01'), {
    headers: { origin: APP, authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe(APP);
  const exposed = res.headers.get('access-control-expose-headers')?.toLowerCase().split(/\s*,\s*/);
  expect(exposed).toContain('content-disposition');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="sustainability-2025-01-01-2025-02-01.csv"');
  // A /graphql answer exposes the same list (a client reading headers sees them on every route).
  const post = await fetch(api.url, {
    method: 'POST', headers: { origin: APP, 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(post.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('content-disposition');
  // Not for an origin that is not listed.
  const evil = await fetch(api.url.replace(/\/graphql$/, '/reports/sustainability.csv?from=2025-01-01&to=2025-02-01'), {
    headers: { origin: 'https://evil.example.test', authorization: `Bearer ${token}` },
  });
  expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  expect(evil.headers.get('access-control-expose-headers')).toBeNull();
  expect(evil.headers.get('vary')).toMatch(/origin/i);
});

test('an origin not listed, or no CORS_ORIGINS at all: no Access-Control-* headers, so the browser blocks the call', async () => {
  for (const [target, origin] of [[api, 'https://evil.example.test'], [none, APP]] as const) {
    const res = await preflight(target.url, origin);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(target.url, {
      method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  }
});

test('CORS_ORIGINS=*: any origin, and never with credentials', async () => {
  const res = await preflight(any.url, 'https://anyone.example.test');
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('access-control-allow-credentials')).toBeNull();
});

test('CSRF prevention stays: a simple cross-origin request (no preflight header) runs no operation', async () => {
  const res = await fetch(`${api.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: APP } });
  expect(res.status).toBe(400);
  expect(await res.text()).toMatch(/Cross-Site Request Forgery/);
});

test('CORS_ORIGINS is validated: origins only, and `*` alone', () => {
  const cfg = (v: string) => loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: v }).corsOrigins;
  expect(cfg('')).toEqual([]);
  expect(cfg('*')).toBe('*');
  expect(cfg('https://a.example.com/, http://localhost:5173')).toEqual(['https://a.example.com', 'http://localhost:5173']);
  expect(() => cfg('*, https://a.example.com')).toThrow(/cannot be combined/);
  expect(() => cfg('https://a.example.com/app')).toThrow(/CORS_ORIGINS: "https:\/\/a.example.com\/app" is not an origin/);
  expect(() => cfg('a.example.com')).toThrow(/CORS_ORIGINS/);
  expect(() => cfg('ftp://a.example.com')).toThrow(/CORS_ORIGINS/);
});
