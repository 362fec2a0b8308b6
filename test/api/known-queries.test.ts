import { startTestApi, type TestApi } from '../support/harness';
import { cast, importOrders, lineInput, orderInput, requestReturn } from '../support/fixtures';

// Known queries (src/graphql/known-queries.ts): from a query text's third request on (the first runs through
// graphql-js, the second compiled through Apollo), a request that succeeds is answered without Apollo's pipeline.
// Every answer here is compared byte for byte, with its status and headers, against Apollo's answer to the same
// request, and `executions().direct` says which ones the lane answered. Anything that is not a clean success must be
// Apollo's answer, with the operation run once.
let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;
let returnId: string;

beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
  const [order] = await importOrders(api, [orderInput({ customer: { externalId: 'cust-a', email: 'a@example.com' }, lines: [lineInput({ quantity: 2 })] })]);
  returnId = (await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 1 }])).id;
});

afterAll(() => api?.stop());

interface Answer { status: number; contentType: string | null; contentLength: string | null; body: string }

async function send(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, contentType: res.headers.get('content-type'), contentLength: res.headers.get('content-length'), body: await res.text() };
}

const direct = () => api.app.http!.executions()!.direct;

/** Sends the same request `times` times: every answer must be the first one (Apollo's), byte for byte. */
async function repeated(body: unknown, headers: Record<string, string>, times = 4): Promise<{ answer: Answer; direct: number }> {
  const before = direct();
  const answers: Answer[] = [];
  for (let i = 0; i < times; i++) answers.push(await send(body, headers));
  for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  return { answer: answers[0], direct: direct() - before };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const NODE = 'query One($id: ID!) { node(id: $id) { __typename id ... on Return { status method { type } items { quantity } events { type } } } }';
const SEARCH = `query Near($near: GeoPointInput!, $first: Int) {
  dropOffLocations(near: $near, radiusKm: 5, first: $first) { id name distanceKm }
}`;
const AMSTERDAM = { latitude: 52.37, longitude: 4.9 };

test('a query sent again is answered without Apollo, exactly as Apollo answers it', async () => {
  const { answer, direct: lane } = await repeated({ query: NODE, variables: { id: returnId } }, bearer(t.customerA));
  expect(answer.status).toBe(200);
  expect(answer.contentType).toBe('application/json; charset=utf-8');
  expect(answer.contentLength).toBe(String(Buffer.byteLength(answer.body)));
  expect(JSON.parse(answer.body).data.node).toEqual({
    __typename: 'Return', id: returnId, status: 'REQUESTED', method: null, items: [{ quantity: 1 }], events: [{ type: 'RETURN_REQUESTED' }],
  });
  // The third and fourth requests.
  expect(lane).toBe(2);
});

test('the Accept header is negotiated as Apollo negotiates it, and what Apollo refuses stays refused', async () => {
  const body = { query: NODE, variables: { id: returnId }, operationName: 'One' };
  const spec = await repeated(body, { ...bearer(t.customerA), accept: 'application/graphql-response+json, application/json;q=0.9' });
  expect(spec.answer.contentType).toBe('application/graphql-response+json; charset=utf-8');
  // The document already runs compiled (the test above): known under this operation name from the first request on.
  expect(spec.direct).toBe(3);
  const none = await repeated(body, { ...bearer(t.customerA), accept: '' });
  expect(none.answer.contentType).toBe('application/json; charset=utf-8');
  expect(none.direct).toBe(4);
  const html = await repeated(body, { ...bearer(t.customerA), accept: 'text/html' });
  expect(html.answer.status).toBe(406);
  expect(html.direct).toBe(0);
});

test('another customer and a bad token get Apollo\'s answers', async () => {
  const body = { query: NODE, variables: { id: returnId } };
  const other = await repeated(body, bearer(t.customerB));
  expect(JSON.parse(other.answer.body)).toEqual({ data: { node: null } });
  expect(other.direct).toBe(4);
  const forged = await repeated(body, bearer(`${t.customerA}x`));
  expect(forged.answer.status).toBe(401);
  expect(JSON.parse(forged.answer.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(forged.direct).toBe(0);
  const unknownKey = await repeated(body, bearer('bk_0123456789abcdef0123456789abcdef'));
  expect(unknownKey.answer.status).toBe(401);
  expect(unknownKey.direct).toBe(0);
});

test('a known query whose resolver fails is answered by Apollo with the result already computed, not run twice; a failed authentication is tried once', async () => {
  // An API with nothing running in the background (no outbox sweep, no writes to dispatch): every statement counted
  // is the request's own.
  const quiet = await startTestApi({ OUTBOX_SWEEP_MS: '3600000' });
  try {
    const token = await quiet.token('CUSTOMER', 'cust-a');
    let settled = -1;
    while (settled !== quiet.statements()) {
      settled = quiet.statements();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    // The search runs its statement, node refuses an id that is not one: data and an error in one answer.
    const query = `query Mixed($near: GeoPointInput!) {
      ok: dropOffLocations(near: $near, radiusKm: 5) { id }
      bad: node(id: "not-an-id") { id }
    }`;
    const sendCounted = async (key: string) => {
      const before = quiet.statements();
      const res = await fetch(quiet.url, {
        method: 'POST', headers: { 'content-type': 'application/json', ...bearer(key) }, body: JSON.stringify({ query, variables: { near: AMSTERDAM } }),
      });
      return { answer: `${res.status} ${await res.text()}`, statements: quiet.statements() - before };
    };
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await sendCounted(token));
    const answers = sent.map((r) => r.answer);
    const statements = sent.map((r) => r.statements);
    expect(new Set(answers).size).toBe(1);
    const parsed = JSON.parse(answers[0].slice(4));
    expect(parsed.data).toEqual({ ok: [], bad: null });
    expect(parsed.errors).toEqual([expect.objectContaining({ path: ['bad'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    // The same statements each time (the search's, in the snapshot node reads in): the third and fourth requests
    // ran without Apollo first, and Apollo answered with their results instead of running them again.
    expect(statements[0]).toBeGreaterThanOrEqual(1);
    expect(statements).toEqual([statements[0], statements[0], statements[0], statements[0]]);
    expect(quiet.app.http!.executions()).toEqual({ compiled: 3, interpreted: 1, direct: 0 });
    // A partner key is looked up in the database: one statement per request, so the context was made once.
    for (let i = 0; i < 2; i++) {
      const unknownKey = await sendCounted('bk_0123456789abcdef0123456789abcdef');
      expect(unknownKey.answer).toMatch(/^401 .*UNAUTHENTICATED/);
      expect(unknownKey.statements).toBe(1);
    }
  } finally {
    await quiet.stop();
  }
});

test('variables that do not coerce, unstorable input and a too costly query are refused by Apollo every time', async () => {
  const headers = bearer(t.operator);
  await repeated({ query: SEARCH, variables: { near: AMSTERDAM, first: 3 } }, headers, 2);
  const notInt = await repeated({ query: SEARCH, variables: { near: AMSTERDAM, first: 'three' } }, headers);
  expect(notInt.answer.status).toBe(400);
  expect(JSON.parse(notInt.answer.body).errors[0]).toEqual(expect.objectContaining({ message: expect.stringMatching(/^Variable "\$first" got an invalid value/), extensions: { code: 'BAD_USER_INPUT' } }));
  expect(notInt.direct).toBe(0);

  const nul = await repeated({ query: NODE, variables: { id: 'a\u0000b' } }, headers);
  expect(nul.answer.status).toBe(400);
  expect(JSON.parse(nul.answer.body).errors[0].message).toMatch(/^Variable "\$id"/);
  expect(nul.direct).toBe(0);

  const page = 'query Big($first: Int) { returns(first: $first) { edges { node { id items { quantity } } } } }';
  expect((await repeated({ query: page, variables: { first: 50 } }, headers)).direct).toBe(2);
  const big = await repeated({ query: page, variables: { first: 5000 } }, headers);
  expect(JSON.parse(big.answer.body).errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  expect(big.direct).toBe(0);
});

test('an operation name the document does not have runs nothing: 400, a mutation changes nothing', async () => {
  for (const operationName of ['Nope', '']) {
    const query = await repeated({ query: NODE, variables: { id: returnId }, operationName }, bearer(t.customerA));
    expect(query.answer.status).toBe(400);
    expect(JSON.parse(query.answer.body).errors).toEqual([expect.objectContaining({
      message: `Unknown operation named "${operationName}".`, extensions: expect.objectContaining({ code: 'OPERATION_RESOLUTION_FAILURE' }),
    })]);
    expect(query.direct).toBe(0);
  }
  const cancel = 'mutation Cancel($id: ID!) { cancelReturn(input: { returnId: $id }) { return { status } userErrors { code } } }';
  const refused = await repeated({ query: cancel, variables: { id: returnId }, operationName: 'Other' }, bearer(t.customerA), 3);
  expect(refused.answer.status).toBe(400);
  expect(JSON.parse(refused.answer.body).errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  const state = await send({ query: NODE, variables: { id: returnId } }, bearer(t.customerA));
  expect(JSON.parse(state.body).data.node.status).toBe('REQUESTED');
});

test('mutations, GET requests and persisted-query requests always go through Apollo', async () => {
  const before = direct();
  const mutation = 'mutation Cancel($id: ID!) { cancelReturn(input: { returnId: $id }) { userErrors { code } } }';
  for (let i = 0; i < 4; i++) expect((await send({ query: mutation, variables: { id: returnId } }, bearer(t.customerB))).status).toBe(200);
  const get = `${api.url}?query=${encodeURIComponent('{ returnReasons { code } }')}`;
  for (let i = 0; i < 4; i++) expect((await fetch(get, { headers: { 'apollo-require-preflight': 'true' } })).status).toBe(200);
  const apq = { query: '{ returnReasons { code } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } };
  for (let i = 0; i < 4; i++) expect((await send(apq)).status).toBe(400);
  expect(direct()).toBe(before);
  // The same text as a plain POST is a known query.
  expect((await repeated({ query: '{ returnReasons { code } }' }, {})).direct).toBe(4);
});

test('answers without Apollo are counted in the latency metric under their operation name', async () => {
  const sample = 'boomerang_graphql_operation_duration_seconds_count{operation="Near",type="query",errors="false"}';
  const before = await api.metric(sample).catch(() => 0);
  const { direct: lane } = await repeated({ query: SEARCH, variables: { near: AMSTERDAM, first: 2 } }, bearer(t.customerA));
  expect(await api.metric(sample)).toBe(before + 4);
  expect(lane).toBeGreaterThanOrEqual(2);
});

test('GRAPHQL_DIRECT_QUERIES=false: every request through Apollo, the same answers', async () => {
  const plain = await startTestApi({ GRAPHQL_DIRECT_QUERIES: 'false' });
  try {
    const token = await plain.token('CUSTOMER', 'cust-a');
    for (let i = 0; i < 4; i++) {
      const res = await plain.gql(SEARCH, { near: AMSTERDAM, first: 2 }, token);
      expect(res).toEqual({ status: 200, data: { dropOffLocations: [] } });
    }
    expect(plain.app.http!.executions()).toEqual({ compiled: 3, interpreted: 1, direct: 0 });
  } finally {
    await plain.stop();
  }
});
