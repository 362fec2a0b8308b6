import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { ConfigError, loadConfig } from '../../src/config';
import { GraphQLRequestError, runOperation } from '../../web/shared/operation';
import { importOrders, orderInput, REQUEST, uniq } from '../support/fixtures';
import { JWT_SECRET, startTestApi, type TestApi } from '../support/harness';
import { eventually } from '../support/partner-server';
import { ROOT, scratchDir } from '../support/scratch';

// Automatic persisted queries (Apollo's protocol) shared by the replicas through Redis, and "trusted documents only"
// (GRAPHQL_TRUSTED_DOCUMENTS): over HTTP as the apps' client (web/shared/operation.ts) and other clients send them.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A document as codegen's client preset emits it (codegen.ts): its normalized text hashed into `__meta__.hash`. */
function hashed<R = any>(source: string): TypedDocumentNode<R, Record<string, unknown>> & { __meta__: { hash: string }; text: string } {
  const document = parse(source);
  const text = printExecutableGraphQLDocument(document);
  return Object.assign(document, { __meta__: { hash: sha256(text) }, text }) as any;
}

const VIEWER = hashed<{ viewer: { role: string } }>('query TrustedViewer { viewer { role } }');
const REASONS = hashed<{ returnReasons: Array<{ code: string }> }>('query TrustedReasons { returnReasons { code label } }');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/** POSTs a GraphQL request body as is; status and parsed answer. */
async function send(api: TestApi, body: Record<string, unknown>, token?: string) {
  const res = await api.post(JSON.stringify(body), token ? { authorization: `Bearer ${token}` } : {});
  return { status: res.status, ...JSON.parse(res.text) } as { status: number; data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** Records the bodies the apps' client sends while `run` runs. */
async function recordingRequests<T>(run: () => Promise<T>): Promise<{ result: T; bodies: Array<Record<string, any>> }> {
  const bodies: Array<Record<string, any>> = [];
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    return original(input, init);
  };
  try {
    return { result: await run(), bodies };
  } finally {
    globalThis.fetch = original;
  }
}

describe('automatic persisted queries, shared by the replicas', () => {
  let a: TestApi;
  let b: TestApi;

  beforeAll(async () => {
    // Two API processes of one deployment: one Redis, one QUEUE_PREFIX (their databases do not matter here).
    const QUEUE_PREFIX = `bt_${randomBytes(4).toString('hex')}`;
    [a, b] = await Promise.all([startTestApi({ QUEUE_PREFIX }), startTestApi({ QUEUE_PREFIX })]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  test('by hash alone: PERSISTED_QUERY_NOT_FOUND; with the document it runs and is kept; then either replica runs it by hash', async () => {
    const doc = hashed(`query Apq${uniq().replace(/\W/g, '')} { returnReasons { code } }`);
    const miss = await send(a, { extensions: persisted(doc.__meta__.hash) });
    expect(miss.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(miss.data).toBeUndefined();
    const registered = await send(a, { query: doc.text, extensions: persisted(doc.__meta__.hash) });
    expect(registered.status).toBe(200);
    expect(registered.data.returnReasons.length).toBeGreaterThan(0);
    // Apollo keeps the document while it runs the request, without waiting for Redis: known shortly after, if not at once.
    for (const replica of [a, b]) {
      const hit = await eventually(async () => {
        const res = await send(replica, { extensions: persisted(doc.__meta__.hash) });
        return res.errors ? null : res;
      });
      expect(hit).toEqual({ status: 200, data: registered.data });
    }
  });

  test('a document that does not hash to the hash it is sent with is refused (400) and not kept', async () => {
    const hash = sha256('query Other { viewer { role } }');
    const res = await send(a, { query: '{ returnReasons { code } }', extensions: persisted(hash) });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toEqual({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
    expect((await send(b, { extensions: persisted(hash) })).errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const version = await send(a, { extensions: { persistedQuery: { version: 2, sha256Hash: hash } } });
    expect(version).toEqual({ status: 400, errors: [{ message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } }] });
  });

  test("the apps' client sends the hash, then the document when asked, and the hash alone from then on", async () => {
    const doc = hashed<{ returnReasons: Array<{ code: string }> }>(`query Client${uniq().replace(/\W/g, '')} { returnReasons { code merchantFault } }`);
    const first = await recordingRequests(() => runOperation(a.url, doc, {}, null));
    expect(first.result.returnReasons.length).toBeGreaterThan(0);
    expect(first.bodies).toEqual([
      { variables: {}, extensions: persisted(doc.__meta__.hash) },
      { query: doc.text, variables: {}, extensions: persisted(doc.__meta__.hash) },
    ]);
    await eventually(async () => !(await send(b, { extensions: persisted(doc.__meta__.hash) })).errors);
    const again = await recordingRequests(() => runOperation(b.url, doc, {}, null));
    expect(again.result).toEqual(first.result);
    expect(again.bodies).toEqual([{ variables: {}, extensions: persisted(doc.__meta__.hash) }]);
  });

  test('a document over 64 KiB runs but is not kept', async () => {
    const text = `# ${'x'.repeat(64 * 1024)}\nquery Long { returnReasons { code } }`;
    const res = await send(a, { query: text, extensions: persisted(sha256(text)) });
    expect(res.data.returnReasons.length).toBeGreaterThan(0);
    expect((await send(b, { extensions: persisted(sha256(text)) })).errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  test('without GRAPHQL_IDE (production, tests) a browser at the GraphQL URL gets no IDE', async () => {
    const res = await fetch(a.url, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(await res.text()).not.toMatch(/GraphQL IDE|graphiql/i);
  });

  test("the client's top-level errors keep their code", async () => {
    const doc = hashed('query Staff { returns(first: 1) { totalCount } }');
    await expect(runOperation(a.url, doc, {}, null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(runOperation(a.url, doc, {}, null)).rejects.toBeInstanceOf(GraphQLRequestError);
  });
});

describe('automatic persisted queries while Redis is unreachable', () => {
  let api: TestApi;
  beforeAll(async () => { api = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1' }); }, 60_000);
  afterAll(async () => { await api?.stop(); });

  test('a lookup is a miss, never an error: the client sends the document and the request runs', async () => {
    const doc = hashed('query WithoutRedis { returnReasons { code } }');
    const miss = await send(api, { extensions: persisted(doc.__meta__.hash) });
    expect(miss.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const { result, bodies } = await recordingRequests(() => runOperation(api.url, doc, {}, null));
    expect(result.returnReasons.length).toBeGreaterThan(0);
    expect(bodies).toHaveLength(2);
  });
});

describe('trusted documents only (GRAPHQL_TRUSTED_DOCUMENTS)', () => {
  let api: TestApi;
  let dir: string;

  beforeAll(async () => {
    dir = scratchDir('trusted-');
    const manifest = path.join(dir, 'persisted-documents.json');
    fs.writeFileSync(manifest, JSON.stringify({ [VIEWER.__meta__.hash]: VIEWER.text, [REASONS.__meta__.hash]: REASONS.text }, null, 2));
    api = await startTestApi({ GRAPHQL_TRUSTED_DOCUMENTS: manifest, GRAPHQL_IDE: 'true' });
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const refused = (res: { status: number; data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> }) => {
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_TRUSTED');
    expect(res.errors?.[0].message).toMatch(/only trusted documents/);
  };

  test("a manifest document runs by its hash alone, never registered first (the apps' client: one request)", async () => {
    const customer = await api.token('CUSTOMER', 'cust-trusted');
    expect(await send(api, { extensions: persisted(VIEWER.__meta__.hash) }, customer)).toEqual({ status: 200, data: { viewer: { role: 'CUSTOMER' } } });
    const { result, bodies } = await recordingRequests(() => runOperation(api.url, REASONS, {}, null));
    expect(result.returnReasons.length).toBeGreaterThan(0);
    expect(bodies).toHaveLength(1);
    // Its exact text (what a client without persisted queries sends) is the same document.
    expect((await send(api, { query: REASONS.text })).data).toEqual(result);
  });

  test('any other operation is refused with PERSISTED_QUERY_NOT_TRUSTED (400): by text, by unknown hash, even unparsable, for every non-staff caller', async () => {
    const tokens = [null, await api.token('CUSTOMER', 'cust-trusted'), await api.token('OPERATOR', 'op-trusted')];
    const unknown = hashed('query Unknown { returnReasons { code } }');
    for (const token of tokens) {
      refused(await send(api, { query: '{ returnReasons { code } }' }, token ?? undefined));
      refused(await send(api, { extensions: persisted(unknown.__meta__.hash) }, token ?? undefined));
      refused(await send(api, { query: unknown.text, extensions: persisted(unknown.__meta__.hash) }, token ?? undefined));
      // Refused before parsing: no syntax or validation error that would describe the schema.
      refused(await send(api, { query: '{ secretField( ' }, token ?? undefined));
      refused(await send(api, { query: '{ __schema { types { name } } }' }, token ?? undefined));
    }
    // A listed hash with some other text is no way around it.
    const swapped = await send(api, { query: '{ returnReasons { code merchantFault } }', extensions: persisted(VIEWER.__meta__.hash) });
    expect(swapped.status).toBe(400);
    expect(swapped.data).toBeUndefined();
    // GET too.
    const get = await fetch(`${api.url}?query=${encodeURIComponent('{ returnReasons { code } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    refused({ status: get.status, ...(await get.json() as object) });
    await expect(runOperation(api.url, unknown, {}, null)).rejects.toMatchObject({ code: 'PERSISTED_QUERY_NOT_TRUSTED' });
  });

  test('a refused mutation changes nothing', async () => {
    const [order] = await importOrders(api, [orderInput({ customer: { externalId: 'cust-trusted', email: 't@example.com', name: 'T' } })]);
    const customer = await api.token('CUSTOMER', 'cust-trusted');
    const res = await send(api, { query: REQUEST, variables: { input: { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'STYLE' }] } } }, customer);
    refused(res);
    const admin = await api.token('ADMIN', 'admin-1');
    expect((await api.gql('{ returns(first: 5) { totalCount } }', {}, admin)).data).toEqual({ returns: { totalCount: 0 } });
  });

  test('admins (the IDE, staff scripts) and partners (their integrations) may run any document', async () => {
    const admin = await api.token('ADMIN', 'admin-1');
    const schema = await api.gql('{ __schema { queryType { name } } }', {}, admin);
    expect(schema).toEqual({ status: 200, data: { __schema: { queryType: { name: 'Query' } } } });
    const created = await api.gql('mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }',
      { input: { kind: 'LOCKER_NETWORK', name: uniq('lockers-'), adapter: 'boomerang-locker-v1', endpoint: 'http://127.0.0.1:9/' } }, admin);
    const key = await api.gql('mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret } }',
      { input: { partnerId: created.data.createPartner.partner.id, label: 'trusted test' } }, admin);
    expect(await api.gql('{ viewer { role } }', {}, key.data.createPartnerApiKey.secret)).toEqual({ status: 200, data: { viewer: { role: 'PARTNER' } } });
  });

  test('a query an admin made known (answered without Apollo from then on) is still refused to everyone else', async () => {
    const admin = await api.token('ADMIN', 'admin-1');
    const adHoc = '{ returnReasons { code requiresNote } }';
    const before = api.app.http!.executions()!.direct;
    for (let i = 0; i < 3; i++) expect((await send(api, { query: adHoc }, admin)).status).toBe(200);
    expect(api.app.http!.executions()!.direct).toBe(before + 1);
    for (const token of [null, await api.token('CUSTOMER', 'cust-trusted'), await api.token('OPERATOR', 'op-trusted')]) {
      refused(await send(api, { query: adHoc }, token ?? undefined));
    }
    expect(api.app.http!.executions()!.direct).toBe(before + 1);
  });

  test('the IDE page is still served at the GraphQL URL, and says trusted documents only is on', async () => {
    const res = await fetch(api.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    // Built (npm run build) or not, the page is Boomerang's own; when built, the meta tag tells the page the mode.
    if (html.includes('boomerang-trusted-documents')) expect(html).toContain('<meta name="boomerang-trusted-documents" content="on"');
    else expect(html).toMatch(/npm run build/);
  });
});

describe('configuration', () => {
  const base = { NODE_ENV: 'test', JWT_SECRET };
  let dir: string;
  beforeAll(() => { dir = scratchDir('trusted-config-'); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const manifest = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const configError = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('loadConfig accepted it');
  };

  test('a missing or invalid manifest stops the start with a message saying what is wrong', () => {
    const missing = path.join(dir, 'nope.json');
    expect(configError({ GRAPHQL_TRUSTED_DOCUMENTS: missing })).toBe(`GRAPHQL_TRUSTED_DOCUMENTS: cannot read the manifest "${missing}" (no such file); \`npm run codegen\` writes web/gql/persisted-documents.json`);
    expect(configError({ GRAPHQL_TRUSTED_DOCUMENTS: manifest('bad.json', '{ "a": ') })).toMatch(/^GRAPHQL_TRUSTED_DOCUMENTS: ".*bad\.json" is not JSON/);
    expect(configError({ GRAPHQL_TRUSTED_DOCUMENTS: manifest('list.json', '["query A { a }"]') })).toMatch(/must be a JSON object of sha256 hash → document/);
    expect(configError({ GRAPHQL_TRUSTED_DOCUMENTS: manifest('prefixed.json', JSON.stringify({ [`sha256:${VIEWER.__meta__.hash}`]: VIEWER.text })) }))
      .toMatch(/"sha256:[0-9a-f]+" is not a hex SHA-256 hash/);
    expect(configError({ GRAPHQL_TRUSTED_DOCUMENTS: manifest('number.json', JSON.stringify({ [VIEWER.__meta__.hash]: 42 })) })).toMatch(/is not a GraphQL document/);
    expect(configError({ GRAPHQL_TRUSTED_DOCUMENTS: manifest('tampered.json', JSON.stringify({ [VIEWER.__meta__.hash]: REASONS.text })) }))
      .toMatch(new RegExp(`the document under ${VIEWER.__meta__.hash} does not hash to it`));
    expect(configError({ GRAPHQL_TRUSTED_DOCUMENTS: manifest('empty.json', '{}') })).toMatch(/lists no documents/);
    const ok = loadConfig({ ...base, GRAPHQL_TRUSTED_DOCUMENTS: manifest('ok.json', JSON.stringify({ [VIEWER.__meta__.hash]: VIEWER.text })) });
    expect([...ok.trustedDocuments!.documents.keys()]).toEqual([VIEWER.__meta__.hash]);
    // A migration job serves nothing and need not have the manifest.
    expect(loadConfig({ ...base, GRAPHQL_TRUSTED_DOCUMENTS: missing }, 'migrate').trustedDocuments).toBeNull();
  });

  test('GRAPHQL_IDE: on in development, off in production and tests; GRAPHQL_SANDBOX still works, with a deprecation warning', () => {
    expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ graphqlIde: true, introspection: true, warnings: [] });
    expect(loadConfig(base)).toMatchObject({ graphqlIde: false, warnings: [] });
    const sandbox = loadConfig({ ...base, GRAPHQL_SANDBOX: 'true' });
    expect(sandbox.graphqlIde).toBe(true);
    expect(sandbox.warnings).toEqual([expect.stringMatching(/GRAPHQL_SANDBOX is deprecated: rename it GRAPHQL_IDE/)]);
    const both = loadConfig({ ...base, GRAPHQL_SANDBOX: 'true', GRAPHQL_IDE: 'false' });
    expect(both.graphqlIde).toBe(false);
    expect(both.warnings).toEqual([expect.stringMatching(/GRAPHQL_SANDBOX is deprecated and ignored/)]);
    // The IDE reads the schema by introspection: on with it unless turned off, and then it is a contradiction.
    expect(loadConfig({ ...base, GRAPHQL_IDE: 'true' }).introspection).toBe(true);
    expect(configError({ GRAPHQL_IDE: 'true', GRAPHQL_INTROSPECTION: 'false' })).toMatch(/GRAPHQL_IDE needs GRAPHQL_INTROSPECTION/);
    expect(configError({ GRAPHQL_IDE: 'maybe' })).toMatch(/GRAPHQL_IDE: expected a boolean/);
  });

  test("the checked-in manifest (npm run codegen) lists exactly the apps' operations, each under its own hash", () => {
    const entries = Object.entries(JSON.parse(fs.readFileSync(path.join(ROOT, 'web/gql/persisted-documents.json'), 'utf8')) as Record<string, string>);
    for (const [hash, document] of entries) expect(sha256(document)).toBe(hash);
    const generated = fs.readFileSync(path.join(ROOT, 'web/gql/graphql.ts'), 'utf8');
    const hashes = [...generated.matchAll(/"__meta__":\{"hash":"([0-9a-f]{64})"\}/g)].map((m) => m[1]);
    expect(entries.map(([hash]) => hash).sort()).toEqual([...new Set(hashes)].sort());
  });
});
