import { sql } from 'drizzle-orm';
import { decodeGlobalId } from '../../src/domain/ids';
import { APPROVE, INSPECT, RECEIVE, cast, importOrders, mutateOk, orderInput, requestReturn, returnState } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/harness';

// The two halves of an inspection the warehouse console records — how the unit looks (cosmeticGrade) and whether it
// works (functionalGrade) — are fields of inspectReturnItem, stored in columns of their own beside the condition grade,
// returned on the item and in the ITEM_INSPECTED event; both optional (older clients send neither), refused when not
// one of their enum values (nothing changes), and only staff can set them.

let api: TestApi;
let t: Awaited<ReturnType<typeof cast>>;

beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
});
afterAll(async () => { await api?.stop(); });

const GRADED = `mutation($input: InspectReturnItemInput!) { inspectReturnItem(input: $input) {
  item { id grade cosmeticGrade functionalGrade inspectionNotes recommendedDisposition { disposition } } userErrors { code message field } } }`;

/** A return of customer A with one item of two units, approved and both units received. */
async function receivedItem() {
  const [order] = await importOrders(api, [orderInput()]);
  const ret = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 2 }]);
  if (ret.status === 'REQUESTED') await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator);
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: ret.items[0].id, quantity: 2 }] }, t.operator);
  return { returnId: ret.id as string, itemId: ret.items[0].id as string };
}

/** The item's row as stored (columns, not the API's view of them). */
async function storedItem(itemId: string) {
  const id = decodeGlobalId(itemId)!.id;
  const rows = await api.app.database.db.execute(sql`select grade, cosmetic_grade, functional_grade, inspection_notes, inspected_at from return_items where id = ${id}`);
  return (rows as unknown as Array<Record<string, unknown>>)[0];
}

/** The one top-level error of a refused request (no data). */
function refusal(res: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> }) {
  expect(res.data ?? null).toBeNull();
  expect(res.errors).toHaveLength(1);
  return { code: res.errors![0].extensions?.code, message: res.errors![0].message };
}

test('an operator grades cosmetic and functional: stored in their columns, returned on the item and in the event, notes kept as written', async () => {
  const { returnId, itemId } = await receivedItem();
  const res = await api.gql(GRADED, { input: { returnItemId: itemId, grade: 'GOOD', cosmeticGrade: 'LIGHT_WEAR', functionalGrade: 'WORKS', notes: 'Scuffed left toe' } }, t.operator);
  expect(res.errors).toBeUndefined();
  expect(res.data.inspectReturnItem.userErrors).toEqual([]);
  expect(res.data.inspectReturnItem.item).toMatchObject({ grade: 'GOOD', cosmeticGrade: 'LIGHT_WEAR', functionalGrade: 'WORKS', inspectionNotes: 'Scuffed left toe' });

  expect(await storedItem(itemId)).toMatchObject({ grade: 'GOOD', cosmetic_grade: 'LIGHT_WEAR', functional_grade: 'WORKS', inspection_notes: 'Scuffed left toe' });
  const read = await api.gql(`query($id: ID!) { node(id: $id) { ... on ReturnItem { cosmeticGrade functionalGrade } } }`, { id: itemId }, t.operator);
  expect(read.data.node).toEqual({ cosmeticGrade: 'LIGHT_WEAR', functionalGrade: 'WORKS' });
  // The customer who returned it sees what was found too.
  const own = await api.gql(`query($id: ID!) { node(id: $id) { ... on Return { items { grade cosmeticGrade functionalGrade } } } }`, { id: returnId }, t.customerA);
  expect(own.data.node.items).toEqual([{ grade: 'GOOD', cosmeticGrade: 'LIGHT_WEAR', functionalGrade: 'WORKS' }]);
  const inspected = (await returnState(api, returnId)).events.find((e: { type: string }) => e.type === 'ITEM_INSPECTED');
  expect(inspected.data).toMatchObject({ grade: 'GOOD', cosmeticGrade: 'LIGHT_WEAR', functionalGrade: 'WORKS' });
});

test('both are optional: an inspection without them (an older client) stores and returns null; an admin may set them', async () => {
  const plain = await receivedItem();
  const before = await mutateOk(api, INSPECT, { returnItemId: plain.itemId, grade: 'FAIR' }, t.operator);
  expect(before.grade).toBe('FAIR');
  expect(await storedItem(plain.itemId)).toMatchObject({ grade: 'FAIR', cosmetic_grade: null, functional_grade: null });
  const read = await api.gql(`query($id: ID!) { node(id: $id) { ... on ReturnItem { cosmeticGrade functionalGrade } } }`, { id: plain.itemId }, t.operator);
  expect(read.data.node).toEqual({ cosmeticGrade: null, functionalGrade: null });

  // Re-grading replaces both; one given alone leaves the other null.
  const regraded = await api.gql(GRADED, { input: { returnItemId: plain.itemId, grade: 'DAMAGED', functionalGrade: 'NOT_WORKING' } }, t.admin);
  expect(regraded.data.inspectReturnItem.item).toMatchObject({ grade: 'DAMAGED', cosmeticGrade: null, functionalGrade: 'NOT_WORKING' });
  expect(await storedItem(plain.itemId)).toMatchObject({ grade: 'DAMAGED', cosmetic_grade: null, functional_grade: 'NOT_WORKING' });
});

test('a value outside the enums is refused as bad input and nothing changes', async () => {
  const { returnId, itemId } = await receivedItem();
  const before = await returnState(api, returnId);
  const badVariable = await api.gql(GRADED, { input: { returnItemId: itemId, grade: 'GOOD', cosmeticGrade: 'SHINY', functionalGrade: 'WORKS' } }, t.operator);
  expect(refusal(badVariable)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/"CosmeticGrade"/) });
  const badLiteral = await api.gql(`mutation($id: ID!) { inspectReturnItem(input: { returnItemId: $id, grade: GOOD, functionalGrade: MOSTLY }) { item { id } } }`, { id: itemId }, t.operator);
  expect(refusal(badLiteral)).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', message: expect.stringMatching(/FunctionalGrade/) });
  // A grade of another kind is not taken for one of these either.
  const crossed = await api.gql(GRADED, { input: { returnItemId: itemId, grade: 'GOOD', cosmeticGrade: 'WORKS' } }, t.operator);
  expect(refusal(crossed).code).toBe('BAD_USER_INPUT');

  expect(await returnState(api, returnId)).toEqual(before);
  expect(await storedItem(itemId)).toMatchObject({ grade: null, cosmetic_grade: null, functional_grade: null, inspected_at: null });
});

test('only staff can set them: the customer who returned the item is refused, and nothing changes', async () => {
  const { returnId, itemId } = await receivedItem();
  const before = await returnState(api, returnId);
  for (const token of [t.customerA, t.customerB, null]) {
    const res = await api.gql(GRADED, { input: { returnItemId: itemId, grade: 'NEW_SEALED', cosmeticGrade: 'SEALED', functionalGrade: 'WORKS' } }, token);
    expect(refusal(res).code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
  }
  expect(await returnState(api, returnId)).toEqual(before);
  expect(await storedItem(itemId)).toMatchObject({ grade: null, cosmetic_grade: null, functional_grade: null });
});

test('units graded apart carry their own assessment; units arriving later clear it with the grade', async () => {
  const [order] = await importOrders(api, [orderInput()]);
  const ret = await requestReturn(api, t.customerA, order.id, [{ orderLineId: order.lines[0].id, quantity: 2 }]);
  if (ret.status === 'REQUESTED') await mutateOk(api, APPROVE, { returnId: ret.id }, t.operator);
  const itemId = ret.items[0].id as string;
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: itemId, quantity: 1 }] }, t.operator);
  await mutateOk(api, INSPECT, { returnItemId: itemId, grade: 'LIKE_NEW', cosmeticGrade: 'AS_NEW', functionalGrade: 'WORKS' }, t.operator);
  expect(await storedItem(itemId)).toMatchObject({ cosmetic_grade: 'AS_NEW', functional_grade: 'WORKS' });
  // The second unit arrives: the item is inspected again, so its grade and both assessments are cleared.
  await mutateOk(api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: itemId, quantity: 1 }] }, t.operator);
  expect(await storedItem(itemId)).toMatchObject({ grade: null, cosmetic_grade: null, functional_grade: null });

  // One of the two graded apart: the split-off item has the assessment, the rest has none yet.
  const split = await api.gql(`mutation($input: InspectReturnItemInput!) { inspectReturnItem(input: $input) { item { id cosmeticGrade functionalGrade } userErrors { code } } }`,
    { input: { returnItemId: itemId, grade: 'DAMAGED', cosmeticGrade: 'DAMAGED', functionalGrade: 'MINOR_FAULT', units: 1 } }, t.operator);
  expect(split.data.inspectReturnItem.userErrors).toEqual([]);
  const apart = split.data.inspectReturnItem.item;
  expect(apart).toMatchObject({ cosmeticGrade: 'DAMAGED', functionalGrade: 'MINOR_FAULT' });
  expect(apart.id).not.toBe(itemId);
  expect(await storedItem(itemId)).toMatchObject({ grade: null, cosmetic_grade: null, functional_grade: null });
});
