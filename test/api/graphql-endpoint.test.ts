import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { startTestApi, type TestApi } from '../support/harness';

// /graphql is answered on Node's HTTP server ahead of Express (src/http/graphql-endpoint.ts): what a client sees of the
// transport — paths, methods, bodies, encodings, errors — is pinned here, and every other path stays Express's.
let api: TestApi;
let admin: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token('ADMIN', 'admin-1');
}, 60_000);

afterAll(async () => {
  await api?.stop();
});

const base = () => api.url.replace(/\/graphql$/, '');
const typename = JSON.stringify({ query: '{ __typename }' });

/** A raw HTTP exchange, so headers the fetch API hides or sets (Content-Length, chunking) are seen as sent. */
function exchange(path: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request(`${base()}${path}`, { method: init.method ?? 'POST', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const json = { 'content-type': 'application/json' };

test.each(['/graphql', '/graphql/', '/graphql?client=portal', '/graphql/?client=portal', '/GraphQL'])('POST %s runs the operation', async (path) => {
  const res = await exchange(path, { headers: { ...json, authorization: `Bearer ${admin}` }, body: typename });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text)).toEqual({ data: { __typename: 'Query' } });
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  // One body of a known length, not chunks.
  expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
  expect(res.headers['transfer-encoding']).toBeUndefined();
});

test.each(['/graphqlx', '/graphql/x', '/graphql/x?y=1'])('%s is not the API: Express answers 404', async (path) => {
  const res = await exchange(path, { headers: json, body: typename });
  expect(res.status).toBe(404);
  expect(res.text).not.toContain('__typename');
});

test('the other routes are still served by Express next to it', async () => {
  const health = await exchange('/healthz', { method: 'GET' });
  expect(health.status).toBe(200);
});

test('GET runs a query when the request shows it is not a simple cross-site one', async () => {
  const query = encodeURIComponent('{ viewer { role } }');
  const res = await exchange(`/graphql?query=${query}`, { method: 'GET', headers: { authorization: `Bearer ${admin}`, 'apollo-require-preflight': '1' } });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text)).toEqual({ data: { viewer: { role: 'ADMIN' } } });
  const simple = await exchange(`/graphql?query=${query}`, { method: 'GET', headers: { authorization: `Bearer ${admin}` } });
  expect(simple.status).toBe(400);
  expect(simple.text).not.toContain('"viewer"');
});

test('a gzip-encoded body is read as its JSON', async () => {
  const res = await exchange('/graphql', { headers: { ...json, 'content-encoding': 'gzip', authorization: `Bearer ${admin}` }, body: gzipSync(typename) });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text)).toEqual({ data: { __typename: 'Query' } });
});

test.each([
  ['an unknown content encoding', { ...json, 'content-encoding': 'br2' }, 415],
  ['a charset that is not UTF', { 'content-type': 'application/json; charset=latin1' }, 415],
  ['a body that is not JSON', { 'content-type': 'text/plain' }, 400],
  ['no content type at all', {}, 400],
] as const)('%s is refused with a clear JSON error and no stack', async (_label, headers, status) => {
  const res = await exchange('/graphql', { headers: { ...headers, authorization: `Bearer ${admin}` }, body: typename });
  expect(res.status).toBe(status);
  const body = JSON.parse(res.text);
  expect(body.errors[0].message).toEqual(expect.any(String));
  expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  expect(res.text).not.toMatch(/stack|node_modules|at .*\.js/);
});
