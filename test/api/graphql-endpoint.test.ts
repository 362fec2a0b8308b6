import http from 'node:http';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { plainJsonBody } from '../../src/http/graphql-endpoint';
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

// Plain UTF-8 JSON bodies are read without body-parser (plainJsonBody); every other body still goes through it. The
// same bytes must get the same answer either way: `charset="utf-8"` (quoted) is a spelling only body-parser reads.
test.each([
  ['a JSON object', typename, true],
  ['a byte order mark before it', `\uFEFF${typename}`, true],
  ['whitespace before it', ` \r\n\t${typename}`, true],
  ['non-ASCII text in it', JSON.stringify({ query: '{ __typename } # ümlaut ✓' }), true],
  ['an empty body', '', false],
  ['whitespace only', '  ', false],
  ['a JSON string', '"{ __typename }"', false],
  ['a JSON number', '42', false],
  ['JSON cut short', typename.slice(0, -3), false],
  ['a batch (an array)', `[${typename}]`, false],
] as const)('%s: the same answer as body-parser gives', async (_label, body, runs) => {
  const send = (contentType: string) => exchange('/graphql', { headers: { 'content-type': contentType, authorization: `Bearer ${admin}` }, body });
  const plain = await send('application/json');
  const parsed = await send('application/json; charset="utf-8"');
  expect({ status: plain.status, text: plain.text }).toEqual({ status: parsed.status, text: parsed.text });
  expect(plain.text).not.toMatch(/stack|node_modules|at .*\.js/);
  if (runs) expect(JSON.parse(plain.text)).toEqual({ data: { __typename: 'Query' } });
  else expect(plain.status).toBe(400);
});

test('a declared length over the body limit is 413 before anything is read', async () => {
  const res = await exchange('/graphql', { headers: { ...json, 'content-length': String(2 * 1024 * 1024) }, body: typename.padEnd(2 * 1024 * 1024, ' ') });
  expect(res.status).toBe(413);
  expect(JSON.parse(res.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
});

test('plainJsonBody takes plain UTF-8 JSON of a declared length within the limit, and leaves every other body alone', async () => {
  const request = (headers: Record<string, string>, body: string) => {
    const stream = Object.assign(new PassThrough(), { method: 'POST', headers }) as unknown as http.IncomingMessage & { body?: unknown };
    return { req: stream, send: () => (stream as unknown as PassThrough).end(body) };
  };
  const plain = request({ 'content-type': 'application/json', 'content-length': String(typename.length) }, typename);
  const read = new Promise<unknown>((resolve) => expect(plainJsonBody(plain.req, 1000, resolve)).toBe(true));
  plain.send();
  expect(await read).toBeUndefined();
  expect(plain.req.body).toEqual({ query: '{ __typename }' });
  const others: Array<Record<string, string>> = [
    { 'content-type': 'application/json' },
    { 'content-type': 'application/json', 'content-length': '5000' },
    { 'content-type': 'application/json', 'content-length': '10', 'content-encoding': 'gzip' },
    { 'content-type': 'application/json; charset=utf-16', 'content-length': '10' },
    { 'content-type': 'text/plain', 'content-length': '10' },
  ];
  for (const headers of others) expect(plainJsonBody(request(headers, '').req, 1000, () => undefined)).toBe(false);
});
