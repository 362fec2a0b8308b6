import { startTestApi, type GqlResponse, type TestApi } from '../support/harness';
import { APPROVE, cast, importOrders, lineInput, orderInput, REQUEST, requestReturn, returnState } from '../support/fixtures';

// The compiled executor (src/graphql/executor.ts) runs a document through graphql-js the first time and compiled by
// graphql-jit from the second time on. Every answer below is asked three times: the compiled runs must answer exactly
// what graphql-js answered (data, error codes, messages, paths, HTTP status), auth checks and validation included.
let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;
let order: Awaited<ReturnType<typeof importOrders>>[number];
let ret: { id: string; status: string };

beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
  [order] = await importOrders(api, [orderInput({ customer: { externalId: 'cust-a', email: 'a@example.com' }, lines: [lineInput({ quantity: 2 }), lineInput()] })]);
  ret = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 1 }]);
});

afterAll(() => api?.stop());

/** Sends the same request three times; all three answers must be equal. Returns the answer and how many ran compiled. */
async function thrice(query: string, variables: Record<string, unknown>, token: string | null): Promise<{ res: GqlResponse; compiled: number }> {
  const before = api.app.http!.executions()!.compiled;
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await api.gql(query, variables, token));
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[2]).toEqual(answers[0]);
  return { res: answers[0], compiled: api.app.http!.executions()!.compiled - before };
}

const PAGE = `query Page($first: Int, $filter: ReturnFilter) { returns(first: $first, filter: $filter) {
  edges { node { id rmaNumber status createdAt items { quantity reason orderLine { sku quantity unitPrice { amount currencyCode } } } } }
  pageInfo { hasNextPage endCursor } } }`;

test('a page of returns: the same data compiled as interpreted', async () => {
  const { res, compiled } = await thrice(PAGE, { first: 5, filter: { status: ['REQUESTED'] } }, t.operator);
  expect(res.errors).toBeUndefined();
  expect(res.data.returns.edges).toEqual([{ node: expect.objectContaining({ id: ret.id, status: 'REQUESTED', items: [expect.objectContaining({ quantity: 1 })] }) }]);
  expect(res.data.returns.edges[0].node.items[0].orderLine).toEqual({ sku: order.lines[0].sku, quantity: 2, unitPrice: expect.objectContaining({ currencyCode: 'EUR' }) });
  expect(compiled).toBeGreaterThanOrEqual(2);
});

test('node(id) through the Node interface: the owner sees the return, another customer null', async () => {
  const query = 'query One($id: ID!) { node(id: $id) { __typename id ... on Return { status items { quantity } } } }';
  const own = await thrice(query, { id: ret.id }, t.customerA);
  expect(own.res.data.node).toEqual({ __typename: 'Return', id: ret.id, status: 'REQUESTED', items: [{ quantity: 1 }] });
  expect(own.compiled).toBeGreaterThanOrEqual(2);
  expect((await thrice(query, { id: ret.id }, t.customerB)).res.data).toEqual({ node: null });
});

test('a customer calling an operator mutation gets FORBIDDEN every time, and nothing changes', async () => {
  const { res, compiled } = await thrice(APPROVE, { input: { returnId: ret.id } }, t.customerA);
  expect(res.data).toBeNull();
  expect(res.errors).toEqual([expect.objectContaining({ message: 'Not allowed', path: ['approveReturn'], extensions: { code: 'FORBIDDEN' } })]);
  expect(compiled).toBeGreaterThanOrEqual(2);
  expect((await returnState(api, ret.id)).status).toBe('REQUESTED');
});

test('anonymous callers get UNAUTHENTICATED from a compiled query', async () => {
  const { res } = await thrice(PAGE, { first: 1 }, null);
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
});

test('variables that do not coerce are BAD_USER_INPUT with HTTP 400, worded by graphql-js', async () => {
  const { res } = await thrice(PAGE, { first: 'fifty' }, t.operator);
  expect(res.status).toBe(400);
  expect(res.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
  expect(res.errors![0].message).toMatch(/^Variable "\$first" got an invalid value;/);
});

test('argument validation (class-validator) and user errors keep their contract', async () => {
  const invalid = await thrice(REQUEST, { input: { orderId: order.id, items: [{ orderLineId: order.lines[1].id, quantity: -1, reason: 'SIZE_TOO_SMALL' }] } }, t.customerA);
  expect(invalid.res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  // Two units of a one-unit line: a user error in the payload, not a top-level error, and no return is created.
  const tooMany = await thrice(REQUEST, { input: { orderId: order.id, items: [{ orderLineId: order.lines[1].id, quantity: 2, reason: 'SIZE_TOO_SMALL' }] } }, t.customerA);
  expect(tooMany.res.errors).toBeUndefined();
  expect(tooMany.res.data.requestReturn.return).toBeNull();
  expect(tooMany.res.data.requestReturn.userErrors).toEqual([expect.objectContaining({ field: expect.arrayContaining(['items']) })]);
  expect(tooMany.compiled).toBeGreaterThanOrEqual(2);
  const page = await api.gql(PAGE, { first: 10 }, t.operator);
  expect(page.data.returns.edges).toHaveLength(1);
});

test('a query too costly for the limit is refused however often it is sent, and a cheap one with the same document is not', async () => {
  const query = 'query Big($first: Int) { returns(first: $first) { edges { node { id items { quantity } } } } }';
  for (let i = 0; i < 2; i++) {
    expect((await api.gql(query, { first: 50 }, t.operator)).errors).toBeUndefined();
    const big = await api.gql(query, { first: 5000 }, t.operator);
    expect(big.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
  }
});
