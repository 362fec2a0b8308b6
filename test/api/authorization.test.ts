import { SignJWT, decodeJwt } from 'jose';
import { JWT_SECRET, startTestApi, type TestApi } from '../support/harness';
import {
  APPROVE, CANCEL, CLOSE_MISSING, IMPORT, INSPECT, RECEIVE, REJECT, REQUEST, RETURNABLE, SET_DISPOSITION, START_GUEST, UPSERT_POLICY,
  cast, importOrders, mutate, mutateOk, orderInput, requestReturn, returnState,
} from '../support/fixtures';

let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;
let a1: Awaited<ReturnType<typeof importOrders>>[number];
let a2: typeof a1;
let b1: typeof a1;
let retA1: any;
let retA2: any;
let retB1: any;

beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
  [a1, a2, b1] = await importOrders(api, [
    orderInput({ customer: { externalId: 'cust-a', email: 'Alice@Example.com', name: 'Alice' } }),
    orderInput({ customer: { externalId: 'cust-a', email: 'alice@example.com', name: 'Alice' } }),
    orderInput({ customer: { externalId: 'cust-b', email: 'bob@example.com', name: 'Bob' } }),
  ]);
  retA1 = await requestReturn(api, t.customerA, a1.id, [{ orderLineId: a1.lines[0].id, quantity: 1 }]);
  retA2 = await requestReturn(api, t.customerA, a2.id, [{ orderLineId: a2.lines[0].id, quantity: 1 }]);
  retB1 = await requestReturn(api, t.customerB, b1.id, [{ orderLineId: b1.lines[0].id, quantity: 1 }]);
});
afterAll(async () => { await api?.stop(); });

const code = (res: { errors?: Array<{ extensions?: { code?: string } }> }) => res.errors?.[0]?.extensions?.code;
const RETURNS = `{ returns { totalCount edges { node { id } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;

async function guestToken(orderNumber: string, email: string) {
  const payload = await mutate(api, START_GUEST, { orderNumber, email }, null);
  return payload;
}

describe('customer B and customer A\'s data', () => {
  test('order, returnableItems, returns, returnByRma', async () => {
    const order = await api.gql(`query($id: ID!) { order(id: $id) { id } }`, { id: a1.id }, t.customerB);
    expect(order.errors).toBeUndefined();
    expect(order.data.order).toBeNull();
    const returnable = await api.gql(RETURNABLE, { id: a1.id }, t.customerB);
    expect(code(returnable)).toBe('NOT_FOUND');
    expect(returnable.data).toBeNull();

    const mine = await api.gql(RETURNS, {}, t.customerB);
    expect(mine.data.returns.edges.map((e: any) => e.node.id)).toEqual([retB1.id]);
    expect(mine.data.returns.totalCount).toBe(1);
    const filtered = await api.gql(`{ returns(filter: { customerExternalId: "cust-a" }) { totalCount edges { node { id } } } }`, {}, t.customerB);
    expect(filtered.data.returns).toEqual({ totalCount: 0, edges: [] });
    const byRma = await api.gql(`query($rma: String!) { returnByRma(rmaNumber: $rma) { id } }`, { rma: retA1.rmaNumber }, t.customerB);
    expect(byRma.errors).toBeUndefined();
    expect(byRma.data.returnByRma).toBeNull();
    // The owner sees it all.
    const own = await api.gql(`query($rma: String!) { returnByRma(rmaNumber: $rma) { id } }`, { rma: retA1.rmaNumber }, t.customerA);
    expect(own.data.returnByRma.id).toBe(retA1.id);
  });

  test('node and nodes answer null for every kind of foreign object', async () => {
    const foreign = [retA1.id, retA1.items[0].id, a1.id, a1.lines[0].id, a1.customer.id];
    for (const id of foreign) {
      const res = await api.gql(NODE, { id }, t.customerB);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
      expect((await api.gql(NODE, { id }, t.customerA)).data.node).toEqual({ id });
    }
    const many = await api.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [...foreign, retB1.id, b1.id] }, t.customerB);
    expect(many.data.nodes).toEqual([null, null, null, null, null, { id: retB1.id }, { id: b1.id }]);
  });

  test('a signed-in customer without orders sees nothing', async () => {
    const stranger = await api.token('CUSTOMER', 'cust-nobody');
    expect((await api.gql(RETURNS, {}, stranger)).data.returns).toEqual({ totalCount: 0, edges: [] });
    expect((await api.gql(NODE, { id: retA1.id }, stranger)).data.node).toBeNull();
  });

  test('B cannot cancel A\'s return nor request a return on A\'s order', async () => {
    const before = await returnState(api, retA1.id);
    const cancel = await mutate(api, CANCEL, { returnId: retA1.id }, t.customerB);
    expect(cancel.return).toBeNull();
    expect(cancel.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['returnId'] })]);
    expect(await returnState(api, retA1.id)).toEqual(before);

    const request = await mutate(api, REQUEST, { orderId: a1.id, items: [{ orderLineId: a1.lines[1].id, quantity: 1, reason: 'STYLE' }] }, t.customerB);
    expect(request.return).toBeNull();
    expect(request.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['orderId'] })]);
    const onA1 = await api.gql(`query($n: String) { returns(filter: { orderNumber: $n }) { totalCount } }`, { n: a1.orderNumber }, t.operator);
    expect(onA1.data.returns.totalCount).toBe(1);
  });
});

describe('guest tokens', () => {
  test('a wrong email and an unknown order give the same ORDER_NOT_FOUND', async () => {
    const wrong = await guestToken(a1.orderNumber, 'bob@example.com');
    const unknown = await guestToken('ORD-DOES-NOT-EXIST', 'alice@example.com');
    for (const p of [wrong, unknown]) {
      expect(p).toMatchObject({ token: null, expiresAt: null, order: null });
      expect(p.userErrors).toEqual([expect.objectContaining({ code: 'ORDER_NOT_FOUND' })]);
    }
    expect(wrong.userErrors[0].message).toBe(unknown.userErrors[0].message);
  });

  test('the token works for its one order only', async () => {
    const started = await guestToken(a1.orderNumber, '  ALICE@example.com ');
    expect(started.userErrors).toEqual([]);
    expect(started.order).toEqual({ id: a1.id, orderNumber: a1.orderNumber });
    expect(Date.parse(started.expiresAt)).toBeGreaterThan(Date.now());
    const guest = started.token as string;

    const viewer = await api.gql(`{ viewer { role subject customer { externalId } } }`, {}, guest);
    expect(viewer.data.viewer).toEqual({ role: 'GUEST', subject: null, customer: { externalId: 'cust-a' } });
    expect((await api.gql(RETURNS, {}, guest)).data.returns.edges.map((e: any) => e.node.id)).toEqual([retA1.id]);
    expect((await api.gql(RETURNABLE, { id: a1.id }, guest)).data.returnableItems).toHaveLength(2);

    // Same customer, other order: invisible.
    expect((await api.gql(`query($id: ID!) { order(id: $id) { id } }`, { id: a2.id }, guest)).data.order).toBeNull();
    expect(code(await api.gql(RETURNABLE, { id: a2.id }, guest))).toBe('NOT_FOUND');
    expect((await api.gql(NODE, { id: retA2.id }, guest)).data.node).toBeNull();
    expect((await mutate(api, CANCEL, { returnId: retA2.id }, guest)).userErrors[0].code).toBe('NOT_FOUND');
    expect((await mutate(api, REQUEST, { orderId: a2.id, items: [{ orderLineId: a2.lines[1].id, quantity: 1, reason: 'STYLE' }] }, guest)).userErrors[0].code).toBe('NOT_FOUND');

    const own = await requestReturn(api, guest, a1.id, [{ orderLineId: a1.lines[1].id, quantity: 1 }]);
    expect(own.events[0].actor).toBe(`guest:${decodeJwt(guest).ord}`);
    // Staff-only operations stay closed.
    expect(code(await api.gql(APPROVE, { input: { returnId: own.id } }, guest))).toBe('FORBIDDEN');
  });

  test('expired, garbage and forged tokens are UNAUTHENTICATED, never anonymous', async () => {
    const { token } = await guestToken(a1.orderNumber, 'alice@example.com');
    const claims = decodeJwt(token);
    const sign = (secret: string, exp: number, iss = 'boomerang:guest', extra: Record<string, unknown> = {}) =>
      new SignJWT({ ord: claims.ord, cus: claims.cus, role: 'GUEST', ...extra }).setProtectedHeader({ alg: 'HS256' })
        .setIssuer(iss).setSubject(String(claims.sub)).setIssuedAt(exp - 1800).setExpirationTime(exp).sign(new TextEncoder().encode(secret));
    const now = Math.floor(Date.now() / 1000);
    const person = (role: string, secret = JWT_SECRET, exp = now + 600) =>
      new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime(exp).sign(new TextEncoder().encode(secret));
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'ADMIN' })).toString('base64url')}.`;
    const bad: Array<[string, string]> = [
      ['expired guest', await sign(JWT_SECRET, now - 60)],
      ['guest signed with another secret', await sign('another-secret-0123456789-0123456789', now + 600)],
      ['garbage', 'abc'],
      ['three garbage segments', 'abc.def.ghi'],
      ['alg none admin', unsigned],
      ['admin signed with another secret', await person('ADMIN', 'another-secret-0123456789-0123456789')],
      ['expired admin', await person('ADMIN', JWT_SECRET, now - 60)],
      ['person token claiming GUEST', await person('GUEST')],
      ['unknown role', await person('ROOT')],
    ];
    for (const [label, tok] of bad) {
      for (const query of ['{ viewer { role } }', RETURNS, '{ returnReasons { code } }']) {
        const res = await api.gql(query, {}, tok);
        expect([label, res.status, code(res)]).toEqual([label, 401, 'UNAUTHENTICATED']);
        expect(res.data).toBeUndefined();
      }
    }
    const basic = await api.post(JSON.stringify({ query: '{ viewer { role } }' }), { authorization: 'Basic YWxpY2U6c2VjcmV0' });
    expect(basic.status).toBe(401);
    expect(JSON.parse(basic.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('roles', () => {
  const staffOnly = (ret: any): Array<[string, string, Record<string, unknown>]> => [
    ['approveReturn', APPROVE, { returnId: ret.id }],
    ['rejectReturn', REJECT, { returnId: ret.id, reason: 'x' }],
    ['receiveReturn', RECEIVE, { returnId: ret.id, items: [{ returnItemId: ret.items[0].id, quantity: 1 }] }],
    ['closeMissingItems', CLOSE_MISSING, { returnId: ret.id }],
    ['inspectReturnItem', INSPECT, { returnItemId: ret.items[0].id, grade: 'GOOD' }],
    ['setDisposition', SET_DISPOSITION, { returnItemId: ret.items[0].id, disposition: 'RESTOCK' }],
  ];
  const adminOnly: Array<[string, string, Record<string, unknown>]> = [
    ['importOrders', IMPORT, { orders: [orderInput({ orderNumber: 'ORD-FORBIDDEN' })] }],
    ['upsertReturnPolicy', UPSERT_POLICY, { category: 'forbidden-cat', windowDays: 1 }],
  ];
  const setRules = `mutation { setDispositionRules(ruleSet: { version: 1, rules: [] }) { userErrors { code } } }`;

  test('customers get FORBIDDEN for operator and admin mutations, and nothing changes', async () => {
    const before = await returnState(api, retA1.id);
    for (const [name, doc, input] of [...staffOnly(retA1), ...adminOnly]) {
      const res = await api.gql(doc, { input }, t.customerA);
      expect([name, code(res)]).toEqual([name, 'FORBIDDEN']);
      expect(res.data).toBeNull();
    }
    expect(code(await api.gql(setRules, {}, t.customerA))).toBe('FORBIDDEN');
    expect(code(await api.gql(`{ returnPolicies { windowDays } }`, {}, t.customerA))).toBe('FORBIDDEN');
    expect(await returnState(api, retA1.id)).toEqual(before);
    const policies = await api.gql(`{ returnPolicies { category } }`, {}, t.admin);
    expect(policies.data.returnPolicies).toEqual([]);
    expect((await guestToken('ORD-FORBIDDEN', 'alice@example.com')).token).toBeNull();
  });

  test('operators work returns but cannot import orders or change policy', async () => {
    for (const [name, doc, input] of adminOnly) {
      expect([name, code(await api.gql(doc, { input }, t.operator))]).toEqual([name, 'FORBIDDEN']);
    }
    expect(code(await api.gql(setRules, {}, t.operator))).toBe('FORBIDDEN');
    expect((await api.gql(`{ returnPolicies { category } }`, {}, t.admin)).data.returnPolicies).toEqual([]);
    expect((await api.gql(`{ returnPolicies { category } dispositionRules { version } }`, {}, t.operator)).errors).toBeUndefined();
    const ret = await requestReturn(api, t.customerB, b1.id, [{ orderLineId: b1.lines[1].id, quantity: 1 }]);
    expect((await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator)).status).toBe('APPROVED');
  });

  test('an admin can do everything', async () => {
    const [order] = await importOrders(api, [orderInput({ customer: { externalId: 'cust-c', email: 'c@example.com' } })]);
    expect((await mutateOk(api, UPSERT_POLICY, { category: 'admin-cat', windowDays: 10 }, t.admin)).windowDays).toBe(10);
    const ret = await requestReturn(api, t.admin, order.id, [{ orderLineId: order.lines[0].id, quantity: 1 }]);
    expect(ret.events[0].actor).toBe('admin:admin-1');
    const item = ret.items[0].id;
    await mutateOk(api, APPROVE, { returnId: ret.id }, t.admin);
    await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: item, quantity: 1 }] }, t.admin);
    const graded = await mutateOk(api, INSPECT, { returnItemId: item, grade: 'GOOD' }, t.admin);
    await mutateOk(api, SET_DISPOSITION, { returnItemId: item, disposition: graded.recommendedDisposition.disposition }, t.admin);
    const done = await returnState(api, ret.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.events.filter((e: any) => e.actor !== 'system').every((e: any) => e.actor === 'admin:admin-1')).toBe(true);
    const other = await requestReturn(api, t.admin, order.id, [{ orderLineId: order.lines[1].id, quantity: 1 }]);
    expect((await mutateOk(api, CANCEL, { returnId: other.id }, t.admin)).status).toBe('CANCELLED');
    const current = (await api.gql(`{ dispositionRules { version ruleSet } }`, {}, t.admin)).data.dispositionRules;
    const saved = await api.gql(`mutation($r: JSONObject!) { setDispositionRules(ruleSet: $r) { ruleSet { version } userErrors { code } } }`, { r: current.ruleSet }, t.admin);
    expect(saved.data.setDispositionRules).toEqual({ ruleSet: { version: current.version + 1 }, userErrors: [] });
    // An inline literal reaches the rule validator too (it used to crash argument validation).
    expect((await api.gql(setRules, {}, t.admin)).data.setDispositionRules.userErrors[0].code).toBe('INVALID_RULE_SET');
    // So does a JSON object whose keys look like an object's own (argument validation never walks a JSON scalar).
    const odd = await api.gql(`mutation($r: JSONObject!) { setDispositionRules(ruleSet: $r) { userErrors { code } } }`,
      { r: { constructor: 'x', version: 1, rules: [] } }, t.admin);
    expect(odd.errors).toBeUndefined();
    expect(odd.data.setDispositionRules.userErrors[0].code).toBe('INVALID_RULE_SET');
  });

  test('viewer reports who is asking', async () => {
    const viewer = async (tok: string | null) => (await api.gql(`{ viewer { role subject customer { externalId } } }`, {}, tok)).data.viewer;
    expect(await viewer(t.customerA)).toEqual({ role: 'CUSTOMER', subject: 'cust-a', customer: { externalId: 'cust-a' } });
    expect(await viewer(t.operator)).toEqual({ role: 'OPERATOR', subject: 'op-1', customer: null });
    expect(await viewer(t.admin)).toEqual({ role: 'ADMIN', subject: 'admin-1', customer: null });
  });
});

describe('anonymous', () => {
  test.each([
    ['returns', RETURNS, {}],
    ['order', `query($id: ID!) { order(id: $id) { id } }`, () => ({ id: a1.id })],
    ['returnableItems', RETURNABLE, () => ({ id: a1.id })],
    ['returnByRma', `query($r: String!) { returnByRma(rmaNumber: $r) { id } }`, () => ({ r: retA1.rmaNumber })],
    ['node', NODE, () => ({ id: retA1.id })],
    ['requestReturn', REQUEST, () => ({ input: { orderId: a1.id, items: [{ orderLineId: a1.lines[1].id, quantity: 1, reason: 'STYLE' }] } })],
    ['cancelReturn', CANCEL, () => ({ input: { returnId: retA1.id } })],
  ])('%s is UNAUTHENTICATED', async (_name, query, vars) => {
    const res = await api.gql(query, typeof vars === 'function' ? vars() : vars, null);
    expect(code(res)).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res.data ?? null)).not.toContain(a1.id);
  });

  test('returnReasons and viewer work without a token', async () => {
    const res = await api.gql(`{ viewer { role subject customer { id } } returnReasons { code label requiresNote merchantFault } }`, {}, null);
    expect(res.errors).toBeUndefined();
    expect(res.data.viewer).toEqual({ role: 'ANONYMOUS', subject: null, customer: null });
    expect(res.data.returnReasons).toHaveLength(11);
    expect(res.data.returnReasons.find((r: any) => r.code === 'OTHER')).toMatchObject({ requiresNote: true, merchantFault: false });
    expect(res.data.returnReasons.find((r: any) => r.code === 'DEFECTIVE')).toMatchObject({ merchantFault: true });
  });
});
