import { PAGE_FIELDS } from '../../src/graphql/read-snapshot';
import { startTestApi, type TestApi } from '../support/harness';
import {
  APPROVE, CANCEL, REJECT,
  cast, completeReturn, importOrders, lineInput, mutateOk, orderInput, requestReturn,
} from '../support/fixtures';

let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;
/** Every return created, oldest first, with what the filters look at. */
const created: Array<{ id: string; rmaNumber: string; createdAt: string; orderNumber: string; customer: string; status: string }> = [];

beforeAll(async () => {
  // The statement counter is process-wide: keep the periodic sweepers out of the way of the measurements.
  api = await startTestApi({ OUTBOX_SWEEP_MS: '3600000', EXPIRY_SWEEP_MS: '86400000' });
  t = await cast(api);
  const customers = ['q-1', 'q-2', 'q-3', 'q-4'];
  const orders = await importOrders(api, Array.from({ length: 24 }, (_, i) => orderInput({
    customer: { externalId: customers[i % 4], email: `${customers[i % 4]}@example.com` },
    lines: [lineInput({ quantity: 3 }), lineInput({ quantity: 2 }), lineInput()],
  })));
  // 40 returns: every order gets one, the first 16 a second one, some with several items.
  for (let i = 0; i < 40; i++) {
    const order = orders[i % 24];
    const token = await api.token('CUSTOMER', customers[(i % 24) % 4]);
    const items = i < 24
      ? [{ orderLineId: order.lines[0].id, quantity: 1 }, { orderLineId: order.lines[2].id, quantity: 1 }]
      : [{ orderLineId: order.lines[1].id, quantity: 2 }];
    const ret = await requestReturn(api, token, order.id, items);
    created.push({ id: ret.id, rmaNumber: ret.rmaNumber, createdAt: ret.createdAt, orderNumber: order.orderNumber, customer: customers[(i % 24) % 4], status: 'REQUESTED' });
  }
  const move = async (i: number, doc: string, input: Record<string, unknown>, status: string) => {
    await mutateOk(api, doc, { returnId: created[i].id, ...input }, t.operator);
    created[i].status = status;
  };
  for (const i of [1, 5, 9, 13, 17, 21, 25, 29]) await move(i, APPROVE, {}, 'APPROVED');
  for (const i of [2, 12, 22]) await move(i, REJECT, { reason: 'No' }, 'REJECTED');
  for (const i of [3, 33]) await move(i, CANCEL, {}, 'CANCELLED');
  for (const i of [0, 30]) {
    const ret = (await api.gql(`query($id: ID!) { node(id: $id) { ... on Return { id status items { id quantity } } } }`, { id: created[i].id }, t.operator)).data.node;
    await completeReturn(api, ret);
    created[i].status = 'COMPLETED';
  }
});
afterAll(async () => { await api?.stop(); });

const PAGE = `query($n: Int) { returns(first: $n) { totalCount edges { node {
  rmaNumber customer { email } order { orderNumber lines { sku } }
  items { quantity orderLine { sku unitPrice { amount } } recommendedDisposition { disposition } refund { amount } }
  events { type } refund { amount { amount } } } } } }`;

/** Waits until no background statement (outbox relay, workers) ran for 300 ms. */
async function quiet() {
  for (let last = -1; api.statements() !== last;) {
    last = api.statements();
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Runs a request and returns its response and how many SQL statements it cost: the least of three runs, since
 * background work can only add to the process-wide counter while an N+1 would show in every run.
 */
async function counted(query: string, variables: Record<string, unknown>, token: string) {
  await quiet();
  let best = Infinity;
  let res: any;
  for (let run = 0; run < 3; run++) {
    const before = api.statements();
    res = await api.gql(query, variables, token);
    best = Math.min(best, api.statements() - before);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  return { res, statements: best };
}

describe('no N+1', () => {
  test('the statements a page costs do not grow with its size', async () => {
    await counted(PAGE, { n: 5 }, t.operator); // warm-up: connections and type lookups
    const five = await counted(PAGE, { n: 5 }, t.operator);
    const forty = await counted(PAGE, { n: 40 }, t.operator);
    expect(five.res.data.returns.edges).toHaveLength(5);
    expect(forty.res.data.returns.edges).toHaveLength(40);
    // The page really resolved every relation, so the count covers them all.
    const nodes = forty.res.data.returns.edges.map((e: any) => e.node);
    expect(nodes.every((n: any) => n.customer.email && n.order.lines.length === 3 && n.items.every((i: any) => i.orderLine.sku) && n.events.length)).toBe(true);
    expect(nodes.some((n: any) => n.items.some((i: any) => i.recommendedDisposition))).toBe(true);
    expect(forty.statements).toBe(five.statements);
    expect(forty.statements).toBeLessThanOrEqual(12);
    // Again, to show the count is stable rather than lucky.
    expect((await counted(PAGE, { n: 40 }, t.operator)).statements).toBe(forty.statements);
  });

  test('a customer\'s page costs the same whatever its size (one extra lookup for the scope at most)', async () => {
    const customer = await api.token('CUSTOMER', 'q-1');
    await counted(PAGE, { n: 2 }, customer);
    const small = await counted(PAGE, { n: 2 }, customer);
    const large = await counted(PAGE, { n: 10 }, customer);
    expect(large.res.data.returns.edges).toHaveLength(10);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(13);
  });

  test('a page with its items and their order lines is one statement, without a snapshot, and answers what the loaders do', async () => {
    const ITEMS = `items { id quantity reason orderLine { id sku name quantity unitPrice { amount currencyCode } } }`;
    const page = (extra: string) => `query($n: Int, $after: String, $filter: ReturnFilter) { returns(first: $n, after: $after, filter: $filter) {
      edges { cursor node { id rmaNumber status createdAt ${ITEMS} ${extra} } } pageInfo { hasNextPage endCursor } } }`;
    const q2 = await api.token('CUSTOMER', 'q-2');
    // A customer's request first looks up which customer the token's subject is (one statement more, outside the page).
    const variants: Array<[Record<string, unknown>, string, number]> = [
      [{ n: 15 }, t.operator, 0],
      [{ n: 10, after: null, filter: { status: ['APPROVED', 'REJECTED', 'COMPLETED'] } }, t.operator, 0],
      [{ n: 40 }, q2, 1],
    ];
    for (const [variables, token, scope] of variants) {
      const one = await counted(page(''), variables, token);
      expect(one.statements).toBe(1 + scope);
      // Asking for events too takes the snapshot: BEGIN, the page with its items and lines, the events, COMMIT.
      const snapshot = await counted(page('events { type }'), variables, token);
      expect(snapshot.statements).toBe(4 + scope);
      const nodes = one.res.data.returns.edges.map((e: any) => e.node);
      expect(nodes.length).toBeGreaterThan(1);
      expect(nodes.every((n: any) => n.items.length > 0 && n.items.every((i: any) => i.orderLine.sku))).toBe(true);
      expect(snapshot.res.data.returns.edges.map((e: any) => ({ ...e.node, events: undefined }))).toEqual(nodes.map((n: any) => ({ ...n, events: undefined })));
      // The same returns by id go through the items and order-line loaders (one statement for both, after the returns).
      const byId = await api.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Return { id rmaNumber status createdAt ${ITEMS} } } }`,
        { ids: nodes.map((n: any) => n.id) }, token);
      expect(byId.data.nodes).toEqual(nodes);
    }
    // Two pages in one query are two statements: they read in one snapshot (BEGIN, the two pages, COMMIT).
    const two = await counted(`{ a: returns(first: 3) { edges { node { id ${ITEMS} } } } b: returns(first: 3, filter: { status: [REQUESTED] }) { edges { node { id ${ITEMS} } } } }`, {}, t.operator);
    expect(two.statements).toBe(4);
    expect(two.res.data.a.edges).toHaveLength(3);
    expect(two.res.data.b.edges.every((e: any) => e.node.items.length > 0)).toBe(true);
    // So does a page next to any other root field that reads a return (the dock's scan here): BEGIN, page, scan, COMMIT.
    const scan = await counted(`query($code: String!) { returns(first: 3) { edges { node { id } } } returnByScan(code: $code) { id status } }`,
      { code: created[0].rmaNumber }, t.operator);
    expect(scan.statements).toBe(4);
    expect(scan.res.data.returnByScan.id).toBe(created[0].id);
    // A customer's page holds only their own returns.
    const own = await counted(page(''), { n: 40 }, q2);
    expect(own.res.data.returns.edges.map((e: any) => e.node.rmaNumber).sort())
      .toEqual(created.filter((c) => c.customer === 'q-2').map((c) => c.rmaNumber).sort());
  });

  test('a page asking only for page fields reads just their columns, and answers what whole rows answer, field by field', async () => {
    const money = '{ amount currencyCode }';
    const FIELDS = {
      connection: 'pageInfo { __typename hasNextPage endCursor } __typename',
      return: `__typename id rmaNumber status fees { restockingFee ${money} returnShippingFee ${money} total ${money} } rejectionReason packagingReusable version createdAt updatedAt`,
      item: '__typename id quantity receivedQuantity missingQuantity reason note resolution exchangeSku grade cosmeticGrade functionalGrade inspectionNotes disposition dispositionReason merchantReasonCode',
      line: `__typename id lineNumber sku name category quantity unitPrice ${money} discount ${money}`,
    };
    // Every allowlisted field is asked for: a field added to PAGE_FIELDS must be added here (and its columns mapped).
    const asked = (text: string) => new Set(text.replace(/\{[^{}]*\}/g, '').split(/\s+/).filter(Boolean));
    for (const [level, text] of Object.entries({ ...FIELDS, return: `${FIELDS.return} items`, item: `${FIELDS.item} orderLine`, edge: '__typename cursor node' })) {
      const missing = [...PAGE_FIELDS[level]].filter((f) => !asked(text).has(f) && !(level === 'connection' && f === 'edges'));
      expect([level, missing]).toEqual([level, []]);
    }
    const page = (extra: string) => `query($n: Int) { returns(first: $n) { ${FIELDS.connection}
      edges { __typename cursor node { ${FIELDS.return} items { ${FIELDS.item} orderLine { ${FIELDS.line} } } ${extra} } } } }`;
    // Completed returns carry grades, dispositions and received units; the rest their quotes.
    for (const token of [t.operator, await api.token('CUSTOMER', 'q-1')]) {
      const narrow = await counted(page(''), { n: 40 }, token);
      const whole = await counted(page('events { type }'), { n: 40 }, token);
      const strip = (data: any) => ({ ...data.returns, edges: data.returns.edges.map((e: any) => ({ ...e, node: { ...e.node, events: undefined } })) });
      expect(narrow.res.data.returns.edges.length).toBeGreaterThan(5);
      expect(strip(narrow.res.data)).toEqual(strip(whole.res.data));
    }
  });

  test('nodes(ids) batches like a page does', async () => {
    const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Return { rmaNumber order { orderNumber } items { orderLine { sku } } events { type } } } }`;
    await counted(NODES, { ids: created.slice(0, 2).map((c) => c.id) }, t.operator);
    const two = await counted(NODES, { ids: created.slice(0, 2).map((c) => c.id) }, t.operator);
    const thirty = await counted(NODES, { ids: created.slice(0, 30).map((c) => c.id) }, t.operator);
    expect(thirty.res.data.nodes.map((n: any) => n.rmaNumber)).toEqual(created.slice(0, 30).map((c) => c.rmaNumber));
    expect(thirty.statements).toBe(two.statements);
  });
});

type Node = { id: string; rmaNumber: string; status: string; createdAt: string };

/** Walks every page of `returns` with the given filter; returns the nodes in order and the pages seen. */
async function walk(filter: Record<string, unknown>, first: number, token = t.operator) {
  const nodes: Node[] = [];
  const pages: Array<{ size: number; hasNextPage: boolean }> = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let guard = 0; guard < 100; guard++) {
    const res: any = await api.gql(`query($first: Int, $after: String, $filter: ReturnFilter) {
      returns(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id rmaNumber status createdAt } } } }`,
    { first, after, filter }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const conn = res.data.returns;
    totalCount = conn.totalCount;
    nodes.push(...conn.edges.map((e: any) => e.node));
    pages.push({ size: conn.edges.length, hasNextPage: conn.pageInfo.hasNextPage });
    if (conn.edges.length) expect(conn.pageInfo.endCursor).toBe(conn.edges[conn.edges.length - 1].cursor);
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return { nodes, pages, totalCount };
}

/** The expected ids for a predicate over `created`, newest first. */
const expected = (pick: (c: (typeof created)[number]) => boolean) => created.filter(pick).map((c) => c.id).reverse();

describe('keyset pagination', () => {
  test('walking every page: no duplicates, no gaps, newest first', async () => {
    const { nodes, pages, totalCount } = await walk({}, 7);
    const ids = nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(created.map((c) => c.id).reverse());
    expect(totalCount).toBe(40);
    expect(pages.map((p) => p.size)).toEqual([7, 7, 7, 7, 7, 5]);
    expect(pages.map((p) => p.hasNextPage)).toEqual([true, true, true, true, true, false]);
    const times = nodes.map((n) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('a page that ends exactly at the last row says there is no next page', async () => {
    const { pages } = await walk({}, 8);
    expect(pages).toEqual([8, 8, 8, 8, 8].map((size, i) => ({ size, hasNextPage: i < 4 })));
  });

  test('first: null means the default page size, not an empty page', async () => {
    const res = await api.gql(`{ returns(first: null) { pageInfo { hasNextPage } edges { node { id } } } }`, {}, t.operator);
    expect(res.errors).toBeUndefined();
    expect(res.data.returns.edges.map((e: any) => e.node.id)).toEqual(expected(() => true).slice(0, 20));
    expect(res.data.returns.pageInfo.hasNextPage).toBe(true);
  });

  test.each<[string, () => Record<string, unknown>, (c: (typeof created)[number]) => boolean]>([
    ['status APPROVED', () => ({ status: ['APPROVED'] }), (c) => c.status === 'APPROVED'],
    ['status REJECTED or CANCELLED', () => ({ status: ['REJECTED', 'CANCELLED'] }), (c) => c.status === 'REJECTED' || c.status === 'CANCELLED'],
    ['status COMPLETED', () => ({ status: ['COMPLETED'] }), (c) => c.status === 'COMPLETED'],
    ['rmaNumber', () => ({ rmaNumber: created[17].rmaNumber }), (c) => c.id === created[17].id],
    ['unknown rmaNumber', () => ({ rmaNumber: 'RMA-99999999' }), () => false],
    ['orderNumber', () => ({ orderNumber: created[3].orderNumber }), (c) => c.orderNumber === created[3].orderNumber],
    ['customerExternalId', () => ({ customerExternalId: 'q-2' }), (c) => c.customer === 'q-2'],
    ['createdFrom/createdTo (inclusive)', () => ({ createdFrom: created[10].createdAt, createdTo: created[20].createdAt }), (c) => c.createdAt >= created[10].createdAt && c.createdAt <= created[20].createdAt],
    ['createdFrom only', () => ({ createdFrom: created[35].createdAt }), (c) => c.createdAt >= created[35].createdAt],
    ['status and customer combined', () => ({ status: ['REQUESTED'], customerExternalId: 'q-3' }), (c) => c.status === 'REQUESTED' && c.customer === 'q-3'],
  ])('filter %s returns exactly the expected set, across pages', async (_label, filter, pick) => {
    const want = expected(pick);
    const { nodes, totalCount } = await walk(filter(), 3);
    expect(nodes.map((n) => n.id)).toEqual(want);
    expect(totalCount).toBe(want.length);
  });

  test('a customer walking with filters still sees only their own returns', async () => {
    const customer = await api.token('CUSTOMER', 'q-4');
    const mine = await walk({}, 4, customer);
    expect(mine.nodes.map((n) => n.id)).toEqual(expected((c) => c.customer === 'q-4'));
    const other = await walk({ customerExternalId: 'q-1' }, 4, customer);
    expect(other).toMatchObject({ nodes: [], totalCount: 0 });
  });

  test('requestReturn reads the customer, the claimed units and the merchants to notify inside its other statements', async () => {
    const [order] = await importOrders(api, [orderInput({
      customer: { externalId: 'q-1', email: 'q-1@example.com' }, lines: [lineInput({ quantity: 2 }), lineInput()],
    })]);
    const token = await api.token('CUSTOMER', 'q-1');
    const request = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { id status } userErrors { code } } }`;
    const input = { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'SIZE_TOO_SMALL' }] };
    await quiet();
    const before = api.statements();
    const res = await api.gql(request, { input }, token);
    const statements = api.statements() - before;
    expect(res.errors).toBeUndefined();
    expect(res.data.requestReturn.userErrors).toEqual([]);
    expect(res.data.requestReturn.return.status).toBe('REQUESTED');
    // BEGIN; the order FOR UPDATE with the customer's id; the lines with their claimed units; the policies; the return,
    // its items and its event (whose RETURNING carries the active merchants); COMMIT.
    expect(statements).toBe(8);
    // The claimed units count: once both units of the line are claimed, the line is refused.
    expect((await api.gql(request, { input }, token)).data.requestReturn.userErrors).toEqual([]);
    expect((await api.gql(request, { input }, token)).data.requestReturn.userErrors.map((e: any) => e.code)).toEqual(['ALREADY_RETURNED']);
  });
});
