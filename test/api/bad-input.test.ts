import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../support/harness';
import {
  APPROVE, CANCEL, IMPORT, INSPECT, RECEIVE, REJECT, REQUEST, SET_DISPOSITION, START_GUEST, UPSERT_POLICY,
  cast, importOrders, lineInput, mutateOk, orderInput, requestReturn, worldSnapshot,
} from '../support/fixtures';

let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;
let order: Awaited<ReturnType<typeof importOrders>>[number];
let requested: any;
let received: any;

beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
  [order] = await importOrders(api, [orderInput({ lines: [lineInput({ quantity: 5 }), lineInput({ quantity: 5 })] })]);
  requested = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 1 }]);
  received = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[1].id, quantity: 2 }]);
  await mutateOk(api, APPROVE, { returnId: received.id }, t.operator);
  await mutateOk(api, RECEIVE, { returnId: received.id, items: [{ returnItemId: received.items[0].id, quantity: 1 }] }, t.operator);
});
afterAll(async () => { await api?.stop(); });

const CLIENT_CODES = ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'QUERY_TOO_COMPLEX', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN'];
const BIG = 'Z'.repeat(100_000);
const gid = (type: string, id: string = randomUUID()) => Buffer.from(`${type}:${id}`).toString('base64url');

interface Sent { status: number; text: string; body: any }

async function send(query: string, variables: Record<string, unknown> = {}, token: string | null = null): Promise<Sent> {
  const res = await api.post(JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {});
  return { ...res, body: JSON.parse(res.text) };
}

/** No 5xx, no stack trace, and the raw bad value is not echoed back. */
function expectSafe(res: Sent, echo?: string) {
  expect(res.status).toBeLessThan(500);
  expect(res.text).not.toMatch(/stacktrace|"stack"|\bat [\w.<>]+ \(|node_modules|INTERNAL_SERVER_ERROR/);
  if (echo) expect(res.text).not.toContain(echo.length > 40 ? echo.slice(0, 40) : echo);
}

/** A top-level error with one of the client codes (or exactly `code`). */
function expectRefused(res: Sent, code?: string, echo?: string) {
  expectSafe(res, echo);
  const got = res.body.errors?.[0]?.extensions?.code;
  if (code) expect(got).toBe(code);
  else expect(CLIENT_CODES).toContain(got);
  // No data: null, or (for nullable root fields) every field null.
  expect(Object.values(res.body.data ?? {}).every((v) => v === null)).toBe(true);
}

/** A payload whose first userError has `code`. */
function expectUserError(res: Sent, code: string, echo?: string) {
  expectSafe(res, echo);
  expect(res.body.errors).toBeUndefined();
  const payload: any = Object.values(res.body.data)[0];
  expect(payload.userErrors[0]?.code).toBe(code);
}

type Case = [label: string, doc: string, input: () => Record<string, unknown>, token: () => string, expected: string, echo?: string];
const item = (over: Record<string, unknown> = {}) => ({ orderLineId: order.lines[0].id, quantity: 1, reason: 'STYLE', ...over });
const req = (over: Record<string, unknown> = {}, itemOver: Record<string, unknown> = {}) => ({ orderId: order.id, items: [item(itemOver)], ...over });
const recv = (quantity: unknown) => ({ returnId: received.id, items: [{ returnItemId: received.items[0].id, quantity }] });

const mutationCases: Case[] = [
  ['requestReturn quantity -1', REQUEST, () => req({}, { quantity: -1 }), () => t.customerA, 'BAD_USER_INPUT'],
  ['requestReturn quantity 0', REQUEST, () => req({}, { quantity: 0 }), () => t.customerA, 'BAD_USER_INPUT'],
  ['requestReturn quantity 2^31', REQUEST, () => req({}, { quantity: 2 ** 31 }), () => t.customerA, 'BAD_USER_INPUT', '2147483648'],
  ['requestReturn quantity 1.5', REQUEST, () => req({}, { quantity: 1.5 }), () => t.customerA, 'BAD_USER_INPUT'],
  ['requestReturn quantity 100001', REQUEST, () => req({}, { quantity: 100_001 }), () => t.customerA, 'BAD_USER_INPUT'],
  ['requestReturn quantity above the line', REQUEST, () => req({}, { quantity: 99 }), () => t.customerA, 'userError:QUANTITY_EXCEEDS_RETURNABLE'],
  ['requestReturn no items', REQUEST, () => ({ orderId: order.id, items: [] }), () => t.customerA, 'BAD_USER_INPUT'],
  ['requestReturn the same line twice', REQUEST, () => ({ orderId: order.id, items: [item(), item()] }), () => t.customerA, 'userError:DUPLICATE_LINE'],
  ['requestReturn OTHER without a note', REQUEST, () => req({}, { reason: 'OTHER' }), () => t.customerA, 'userError:NOTE_REQUIRED'],
  ['requestReturn EXCHANGE without a SKU', REQUEST, () => req({}, { resolution: 'EXCHANGE' }), () => t.customerA, 'userError:EXCHANGE_SKU_REQUIRED'],
  ['requestReturn unknown reason', REQUEST, () => req({}, { reason: 'NOT_A_REASON_XYZ' }), () => t.customerA, 'BAD_USER_INPUT', 'NOT_A_REASON_XYZ'],
  ['requestReturn 100 kB note', REQUEST, () => req({}, { note: BIG }), () => t.customerA, 'BAD_USER_INPUT', BIG],
  ['requestReturn 100 kB idempotency key', REQUEST, () => req({ idempotencyKey: BIG }), () => t.customerA, 'BAD_USER_INPUT', BIG],
  ['requestReturn unknown order', REQUEST, () => req({ orderId: gid('Order') }), () => t.customerA, 'userError:NOT_FOUND'],
  ['requestReturn unknown order line', REQUEST, () => req({}, { orderLineId: gid('OrderLine') }), () => t.customerA, 'userError:NOT_FOUND'],
  ['requestReturn order id "abc"', REQUEST, () => req({ orderId: 'abc' }), () => t.customerA, 'BAD_USER_INPUT', 'abc"'],
  ['requestReturn a Return id as order id', REQUEST, () => req({ orderId: requested.id }), () => t.customerA, 'BAD_USER_INPUT'],
  ['requestReturn an Order id as line id', REQUEST, () => req({}, { orderLineId: order.id }), () => t.customerA, 'BAD_USER_INPUT'],
  ['requestReturn a non-UUID inside the id', REQUEST, () => req({ orderId: gid('Order', 'not-a-uuid') }), () => t.customerA, 'BAD_USER_INPUT'],
  ['requestReturn a 100 kB id', REQUEST, () => req({ orderId: BIG }), () => t.customerA, 'BAD_USER_INPUT', BIG],
  ['receiveReturn quantity -1', RECEIVE, () => recv(-1), () => t.operator, 'BAD_USER_INPUT'],
  ['receiveReturn quantity 0', RECEIVE, () => recv(0), () => t.operator, 'BAD_USER_INPUT'],
  ['receiveReturn quantity 2^31', RECEIVE, () => recv(2 ** 31), () => t.operator, 'BAD_USER_INPUT', '2147483648'],
  ['receiveReturn quantity 2', RECEIVE, () => recv(2), () => t.operator, 'userError:QUANTITY_EXCEEDS_OUTSTANDING'],
  ['receiveReturn an item of another return', RECEIVE, () => ({ returnId: received.id, items: [{ returnItemId: requested.items[0].id, quantity: 1 }] }), () => t.operator, 'userError:NOT_FOUND'],
  ['approveReturn unknown return', APPROVE, () => ({ returnId: gid('Return') }), () => t.operator, 'userError:NOT_FOUND'],
  ['approveReturn id "abc"', APPROVE, () => ({ returnId: 'abc' }), () => t.operator, 'BAD_USER_INPUT'],
  ['approveReturn an Order id', APPROVE, () => ({ returnId: order.id }), () => t.operator, 'BAD_USER_INPUT'],
  ['rejectReturn 100 kB reason', REJECT, () => ({ returnId: requested.id, reason: BIG }), () => t.operator, 'BAD_USER_INPUT', BIG],
  ['rejectReturn empty reason', REJECT, () => ({ returnId: requested.id, reason: '' }), () => t.operator, 'BAD_USER_INPUT'],
  ['cancelReturn 100 kB reason', CANCEL, () => ({ returnId: requested.id, reason: BIG }), () => t.customerA, 'BAD_USER_INPUT', BIG],
  ['inspectReturnItem unknown item', INSPECT, () => ({ returnItemId: gid('ReturnItem'), grade: 'GOOD' }), () => t.operator, 'userError:NOT_FOUND'],
  ['inspectReturnItem unknown grade', INSPECT, () => ({ returnItemId: received.items[0].id, grade: 'SHINY_XYZ' }), () => t.operator, 'BAD_USER_INPUT', 'SHINY_XYZ'],
  ['inspectReturnItem 100 kB notes', INSPECT, () => ({ returnItemId: received.items[0].id, grade: 'GOOD', notes: BIG }), () => t.operator, 'BAD_USER_INPUT', BIG],
  ['setDisposition unknown disposition', SET_DISPOSITION, () => ({ returnItemId: received.items[0].id, disposition: 'BURN_IT_XYZ' }), () => t.operator, 'BAD_USER_INPUT', 'BURN_IT_XYZ'],
  ['setDisposition 100 kB reason', SET_DISPOSITION, () => ({ returnItemId: received.items[0].id, disposition: 'DONATE', reason: BIG }), () => t.operator, 'BAD_USER_INPUT', BIG],
  ['startGuestReturn 100 kB order number', START_GUEST, () => ({ orderNumber: BIG, email: 'a@example.com' }), () => '', 'BAD_USER_INPUT', BIG],
  ['upsertReturnPolicy fee 12.345 %', UPSERT_POLICY, () => ({ category: 'x', windowDays: 30, restockingFeePercent: 12.345 }), () => t.admin, 'BAD_USER_INPUT'],
  ['upsertReturnPolicy fee -1 %', UPSERT_POLICY, () => ({ category: 'x', windowDays: 30, restockingFeePercent: -1 }), () => t.admin, 'BAD_USER_INPUT'],
  ['upsertReturnPolicy window -1', UPSERT_POLICY, () => ({ category: 'x', windowDays: -1 }), () => t.admin, 'BAD_USER_INPUT'],
  ['upsertReturnPolicy 100 kB category', UPSERT_POLICY, () => ({ category: BIG, windowDays: 1 }), () => t.admin, 'BAD_USER_INPUT', BIG],
];

describe('mutations refuse bad input and write nothing', () => {
  // Rest parameters: a shorter row must not make jest pass `done` in place of `echo`.
  test.each(mutationCases)('%s', async (...[, doc, input, token, expected, echo]: Case) => {
    const before = await worldSnapshot(api);
    const policiesBefore = (await send('{ returnPolicies { category windowDays restockingFeePercent } }', {}, t.admin)).body.data;
    const res = await send(doc, { input: input() }, token() || null);
    if (expected.startsWith('userError:')) expectUserError(res, expected.slice('userError:'.length), echo);
    else expectRefused(res, expected, echo);
    expect(await worldSnapshot(api)).toEqual(before);
    expect((await send('{ returnPolicies { category windowDays restockingFeePercent } }', {}, t.admin)).body.data).toEqual(policiesBefore);
  });
});

describe('importOrders refuses bad input and imports nothing', () => {
  const bad: Array<[string, Record<string, unknown>, Record<string, unknown>, string?]> = [
    ['unit price 1e5', {}, { unitPrice: '1e5' }, '1e5'],
    ['unit price -1', {}, { unitPrice: '-1' }],
    ['unit price 1.999 in EUR', {}, { unitPrice: '1.999' }],
    ['unit price 12,50', {}, { unitPrice: '12,50' }],
    ['unit price 100 kB', {}, { unitPrice: '9'.repeat(100_000) }, '9'.repeat(100)],
    ['discount -1', {}, { discount: '-1' }],
    ['discount above the line total', {}, { unitPrice: '10.00', discount: '10.01' }],
    ['quantity 0', {}, { quantity: 0 }],
    ['quantity -5', {}, { quantity: -5 }],
    ['quantity 2^31', {}, { quantity: 2 ** 31 }, '2147483648'],
    ['unknown currency', { currencyCode: 'XYZ' }, {}],
    ['lower-case currency', { currencyCode: 'eur' }, {}],
    ['delivered before placed', { placedAt: '2024-05-02T00:00:00Z', deliveredAt: '2024-05-01T00:00:00Z' }, {}],
    ['invalid date', { placedAt: '2024-13-45T99:00:00Z' }, {}, '2024-13-45'],
    ['invalid email', { customer: { externalId: 'x', email: 'not-an-email' } }, {}],
    ['no lines', { lines: [] }, {}],
    ['100 kB order number', { orderNumber: BIG }, {}, BIG],
  ];
  test.each(bad)('%s', async (...[, orderOver, lineOver, echo]: (typeof bad)[number]) => {
    const input = orderInput({ lines: [lineInput(lineOver)], ...orderOver });
    const res = await send(IMPORT, { input: { orders: [input] } }, t.admin);
    expectRefused(res, 'BAD_USER_INPUT', echo);
    const lookup = await send(START_GUEST, { input: { orderNumber: String(input.orderNumber).slice(0, 100), email: 'a@example.com' } });
    expect(lookup.body.data.startGuestReturn.userErrors[0].code).toBe('ORDER_NOT_FOUND');
  });

  test('the same order number twice in one import is a userError and imports neither', async () => {
    const one = orderInput();
    const res = await send(IMPORT, { input: { orders: [one, { ...one, lines: [lineInput()] }] } }, t.admin);
    expectUserError(res, 'DUPLICATE_ORDER_NUMBER');
    expect(res.body.data.importOrders.orders).toEqual([]);
    const lookup = await send(START_GUEST, { input: { orderNumber: one.orderNumber, email: 'a@example.com' } });
    expect(lookup.body.data.startGuestReturn.userErrors[0].code).toBe('ORDER_NOT_FOUND');
  });
});

describe('queries', () => {
  test.each<[string, string, () => Record<string, unknown>, string, string?]>([
    ['node("abc")', 'query($id: ID!) { node(id: $id) { id } }', () => ({ id: 'abc' }), 'BAD_USER_INPUT'],
    ['node(100 kB)', 'query($id: ID!) { node(id: $id) { id } }', () => ({ id: BIG }), 'BAD_USER_INPUT', BIG],
    ['order(a Return id)', 'query($id: ID!) { order(id: $id) { id } }', () => ({ id: requested.id }), 'BAD_USER_INPUT'],
    ['returnableItems(unknown order)', 'query($id: ID!) { returnableItems(orderId: $id) { eligible } }', () => ({ id: gid('Order') }), 'NOT_FOUND'],
    ['returnByRma(100 kB)', 'query($r: String!) { returnByRma(rmaNumber: $r) { id } }', () => ({ r: BIG }), 'BAD_USER_INPUT', BIG],
    ['returns(filter: 100 kB order number)', 'query($n: String) { returns(filter: { orderNumber: $n }) { totalCount } }', () => ({ n: BIG }), 'BAD_USER_INPUT', BIG],
    ['returns(filter: unknown status)', 'query($s: [ReturnStatus!]) { returns(filter: { status: $s }) { totalCount } }', () => ({ s: ['NOT_A_STATUS_XYZ'] }), 'BAD_USER_INPUT', 'NOT_A_STATUS_XYZ'],
    ['returns(status literal unknown)', '{ returns(filter: { status: [NOT_A_STATUS_XYZ] }) { totalCount } }', () => ({}), 'GRAPHQL_VALIDATION_FAILED', 'NOT_A_STATUS_XYZ'],
    ['returns(createdFrom: not a date)', 'query($d: DateTime) { returns(filter: { createdFrom: $d }) { totalCount } }', () => ({ d: '2024-02-30T25:61:00ZXYZ' }), 'BAD_USER_INPUT', '2024-02-30'],
    ['returns(first: 101)', '{ returns(first: 101) { totalCount } }', () => ({}), 'BAD_USER_INPUT'],
    ['returns(first: 0)', '{ returns(first: 0) { totalCount } }', () => ({}), 'BAD_USER_INPUT'],
    ['returns(first: -1)', 'query($n: Int) { returns(first: $n) { totalCount } }', () => ({ n: -1 }), 'BAD_USER_INPUT'],
    ['returns(first: 2^31)', 'query($n: Int) { returns(first: $n) { totalCount } }', () => ({ n: 2 ** 31 }), 'BAD_USER_INPUT', '2147483648'],
    ['returns(after: garbage)', '{ returns(after: "garbage") { totalCount } }', () => ({}), 'BAD_USER_INPUT'],
    ['nodes(101 ids)', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', () => ({ ids: Array.from({ length: 101 }, () => requested.id) }), 'BAD_USER_INPUT'],
    ['unknown field', '{ returns { totalCount secretField } }', () => ({}), 'GRAPHQL_VALIDATION_FAILED'],
    ['syntax error', '{ returns { totalCount ', () => ({}), 'GRAPHQL_PARSE_FAILED'],
  ])('%s → %s', async (...[, query, vars, code, echo]: [string, string, () => Record<string, unknown>, string, string?]) => {
    expectRefused(await send(query, vars(), t.operator), code, echo);
  });

  const ofTypes = (n: number): string => (n === 0 ? 'name' : `ofType { ${ofTypes(n - 1)} }`);
  test('deep queries are refused before execution, also through fragments', async () => {
    expectRefused(await send(`{ __type(name: "Return") { fields { type { ${ofTypes(9)} } } } }`), 'GRAPHQL_VALIDATION_FAILED');
    const viaFragments = `{ __type(name: "Return") { ...F1 } }
      fragment F1 on __Type { fields { type { ...F2 } } } fragment F2 on __Type { ofType { ofType { ...F3 } } }
      fragment F3 on __Type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } }`;
    expectRefused(await send(viaFragments), 'GRAPHQL_VALIDATION_FAILED');
    expectRefused(await send('{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }'), 'GRAPHQL_VALIDATION_FAILED');
    // A normal frontend query written with fragments is within the limit.
    const normal = `{ returns(first: 5) { ...Page } } fragment Page on ReturnConnection { edges { node { ...Ret } } }
      fragment Ret on Return { items { orderLine { unitPrice { amount } } } order { customer { email } } }`;
    const ok = await send(normal, {}, t.operator);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.returns.edges.length).toBeGreaterThan(0);
  });

  test('costly queries are refused: too much estimated work, or too many aliases', async () => {
    const page = 'returns(first: 100) { edges { node { items { quantity orderLine { sku unitPrice { amount } } } events { type data } } } }';
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${page}`).join(' ')} }`;
    expectRefused(await send(aliased(8), {}, t.operator), 'QUERY_TOO_COMPLEX');
    expectRefused(await send(aliased(16), {}, t.operator), 'GRAPHQL_VALIDATION_FAILED');
    // The page size from variables counts too.
    const viaVariable = `query($n: Int) { ${Array.from({ length: 8 }, (_, i) => `a${i}: ${page.replace('first: 100', 'first: $n')}`).join(' ')} }`;
    expectRefused(await send(viaVariable, { n: 100 }, t.operator), 'QUERY_TOO_COMPLEX');
    expect((await send(viaVariable, { n: 5 }, t.operator)).body.errors).toBeUndefined();
  });
});

describe('transport', () => {
  const expectTransport = (res: { status: number; text: string }, status: number, code: string) => {
    expect(res.status).toBe(status);
    const body = JSON.parse(res.text);
    expect(body.errors[0].extensions.code).toBe(code);
    expect(res.text).not.toMatch(/stack|node_modules/);
  };

  test('JSON array batching is rejected', async () => {
    const res = await api.post(JSON.stringify([{ query: '{ viewer { role } }' }, { query: '{ viewer { role } }' }]));
    expectTransport(res, 400, 'BAD_REQUEST');
  });

  test('a body over the limit is 413 and nothing is written', async () => {
    const before = await worldSnapshot(api);
    const res = await api.post(JSON.stringify({ query: REQUEST, variables: { input: req({}, { note: 'Y'.repeat(1_100_000) }) } }), { authorization: `Bearer ${t.customerA}` });
    expectTransport(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.text).not.toContain('YYYYYYYYYY');
    expect(await worldSnapshot(api)).toEqual(before);
  });

  test.each([
    ['malformed JSON', '{"query": '],
    ['empty body', ''],
    ['query not a string', '{"query": 5}'],
    ['variables as a string', '{"query": "{ viewer { role } }", "variables": "x"}'],
  ])('%s is 400', async (_label, body) => {
    expectTransport(await api.post(body), 400, 'BAD_REQUEST');
  });

  test('mutations over GET are refused', async () => {
    const url = `${api.url}?query=${encodeURIComponent(`mutation { cancelReturn(input: { returnId: "${requested.id}" }) { userErrors { code } } }`)}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${t.customerA}`, 'apollo-require-preflight': '1' } });
    expectTransport({ status: res.status, text: await res.text() }, 405, 'BAD_REQUEST');
    expect((await worldSnapshot(api)).edges.find((e: any) => e.node.id === requested.id).node.status).toBe('REQUESTED');
  });
});
