import { sql } from 'drizzle-orm';
import { decodeGlobalId } from '../../src/domain/ids';
import { APPROVE, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutate, mutateOk, orderInput, uniq, upsertPolicy } from '../support/fixtures';
import { DispositionDesk } from '../support/dispositions';
import { waitForOperation } from '../support/operations';
import { eventually } from '../support/partner-server';

// Every physical unit can get its own grade, disposition and refurbishment job (docs/dispositions.md, "Several units
// of one line"): inspectReturnItem with `units` splits graded units off into an item of their own; REFURBISH gives each
// unit of an item an item and a job of its own. Splitting never changes a count or an amount.
let desk: DispositionDesk;

beforeAll(async () => {
  desk = await DispositionDesk.start({ INTEGRATION_MAX_ATTEMPTS: '2' });
});

afterAll(() => desk?.stop());

const ITEM = `id quantity receivedQuantity missingQuantity grade disposition refund { amount } splitFrom { id }
  custody { receivedUnits receivedAt splitAt steps { kind status } }`;
const RECORD_REFUND = `mutation($input: RecordRefundInput!) { recordRefund(input: $input) { return { id } userErrors { code message } } }`;
const RETURN = `query($id: ID!) { node(id: $id) { ... on Return { id status refund { amount { amount } status } items { ${ITEM} } events { type data } } } }`;
const INSPECT_UNITS = 'mutation($input: InspectReturnItemInput!) { inspectReturnItem(input: $input) { item { id quantity receivedQuantity grade splitFrom { id } } userErrors { code message field } } }';
const LISTINGS = 'query($filter: ResaleListingFilter) { resaleListings(first: 10, filter: $filter) { edges { node { id status units returnItem { id } } } } }';
const ANALYTICS = `query($from: DateTime!, $to: DateTime!, $sku: String) { returnAnalytics(from: $from, to: $to, sku: $sku) {
  returnedUnits receivedUnits refundedUnits refunded { amount } byCurrency { dispositionedValue { amount } } } }`;
const REFRESH = 'mutation { refreshAnalytics(input: { full: true }) { operation { id } userErrors { code message } } }';
const RANGE = { from: new Date(Date.now() - 30 * 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };

async function query(doc: string, variables: Record<string, unknown>, token = desk.operator) {
  const res = await desk.api.gql(doc, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const returnOf = async (id: string) => (await query(RETURN, { id })).node;
const inspectUnits = (returnItemId: string, grade: string, units?: number, token = desk.operator) =>
  desk.api.gql(INSPECT_UNITS, { input: { returnItemId, grade, ...(units === undefined ? {} : { units }) } }, token);
const decide = (returnItemId: string, disposition: string) =>
  mutate(desk.api, SET_DISPOSITION, { returnItemId, disposition, reason: `test: ${disposition}` }, desk.operator);

/** One order line of `quantity` units, returned (all of them) for `reason`, approved and `received` units received. */
async function received(opts: { quantity: number; received: number; category?: string; sku?: string; unitPrice?: string; discount?: string; reason?: string }) {
  const [order] = await importOrders(desk.api, [orderInput({
    lines: [{
      sku: opts.sku ?? uniq('U-'), name: 'Returned thing', category: opts.category ?? uniq('things-'), quantity: opts.quantity,
      unitPrice: opts.unitPrice ?? '40.00', discount: opts.discount ?? '0.00', weightGrams: 500, refurbishable: true, recyclable: true,
    }],
  })]);
  const ret = await mutateOk(desk.api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: opts.quantity, reason: opts.reason ?? 'DEFECTIVE' }] }, desk.customer);
  if (ret.status === 'REQUESTED') await mutateOk(desk.api, APPROVE, { returnId: ret.id }, desk.operator);
  const itemId = ret.items[0].id as string;
  await mutateOk(desk.api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: itemId, quantity: opts.received }] }, desk.operator);
  return { returnId: ret.id as string, itemId };
}

/** Every row a refused split must leave alone: the return, its items and events, jobs and outbox rows. */
async function rows(returnId: string) {
  const id = decodeGlobalId(returnId)!.id;
  const q = (text: ReturnType<typeof sql>) => desk.api.app.database.db.execute(text);
  return {
    ret: await q(sql`select * from returns where id = ${id}`),
    items: await q(sql`select * from return_items where return_id = ${id} order by id`),
    events: await q(sql`select id from return_events where return_id = ${id} order by id`),
    jobs: await q(sql`select j.* from refurbishment_jobs j join return_items ri on ri.id = j.return_item_id where ri.return_id = ${id} order by j.id`),
    outbox: await q(sql`select id from integration_jobs where return_id = ${id} order by id`),
  };
}

const sum = (amounts: string[]) => amounts.reduce((n, a) => n + Math.round(Number(a) * 100), 0);

test('grading 1 of 3 units splits it off: two items, two grades, two dispositions, each unit reaches its own next life', async () => {
  const category = uniq('scrap-');
  await desk.partner('RECYCLER', desk.server.url, { categories: [category] });
  const { returnId, itemId } = await received({ quantity: 3, received: 3, category });

  const graded = await inspectUnits(itemId, 'LIKE_NEW', 1);
  expect(graded.errors).toBeUndefined();
  const split = graded.data.inspectReturnItem;
  expect(split.userErrors).toEqual([]);
  expect(split.item).toMatchObject({ quantity: 1, receivedQuantity: 1, grade: 'LIKE_NEW', splitFrom: { id: itemId } });
  expect(split.item.id).not.toBe(itemId);
  const newId = split.item.id as string;

  let ret = await returnOf(returnId);
  expect(ret.status).toBe('RECEIVED'); // two units are still ungraded
  expect(ret.items.find((i: any) => i.id === itemId)).toMatchObject({ quantity: 2, receivedQuantity: 2, grade: null, splitFrom: null });
  expect(ret.events.filter((e: any) => e.type === 'ITEM_SPLIT')).toEqual([
    { type: 'ITEM_SPLIT', data: { returnItemId: itemId, newReturnItemId: newId, units: 1, cause: 'INSPECTION' } },
  ]);

  expect((await inspectUnits(itemId, 'UNSALVAGEABLE')).data.inspectReturnItem.userErrors).toEqual([]);
  expect((await decide(newId, 'RESTOCK')).userErrors).toEqual([]);
  expect((await decide(itemId, 'RECYCLE')).userErrors).toEqual([]);

  ret = await returnOf(returnId);
  expect(ret.status).toBe('COMPLETED');
  const byId = new Map(ret.items.map((i: any) => [i.id, i]));
  expect(byId.get(newId)).toMatchObject({ grade: 'LIKE_NEW', disposition: 'RESTOCK' });
  expect(byId.get(itemId)).toMatchObject({ grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  // One unit is listed for resale, two are in a recycling lot.
  const listings = (await query(LISTINGS, { filter: { category } })).resaleListings.edges.map((e: any) => e.node);
  expect(listings).toEqual([expect.objectContaining({ status: 'AVAILABLE', units: 1, returnItem: { id: newId } })]);
  const lot = await desk.lotOf(itemId);
  expect(lot.units).toEqual([expect.objectContaining({ units: 2, returnItem: { id: itemId } })]);
  expect(await desk.lotOf(newId)).toBeNull();

  // Custody: the split unit shows the original's receipt and its own path; the original its own.
  const original = byId.get(itemId) as any;
  const apart = byId.get(newId) as any;
  expect(original.custody).toMatchObject({ receivedUnits: 2, splitAt: null, steps: [{ kind: 'RECYCLING_LOT', status: 'OPEN' }] });
  expect(apart.custody).toMatchObject({ receivedUnits: 1, steps: [{ kind: 'RESALE_LISTING', status: 'AVAILABLE' }] });
  expect(apart.custody.receivedAt).toBe(original.custody.receivedAt);
  expect(apart.custody.receivedAt).not.toBeNull();
  expect(new Date(apart.custody.splitAt).getTime()).toBeGreaterThanOrEqual(new Date(apart.custody.receivedAt).getTime());

  // The customer sees both items of their return, the split one pointing at the original.
  const mine = await desk.api.gql('query($id: ID!) { node(id: $id) { ... on Return { items { id quantity splitFrom { id } } events { type } } } }', { id: returnId }, desk.customer);
  expect(mine.errors).toBeUndefined();
  expect(mine.data.node.items).toEqual(expect.arrayContaining([{ id: itemId, quantity: 2, splitFrom: null }, { id: newId, quantity: 1, splitFrom: { id: itemId } }]));
  // Another customer sees neither the return nor the split item.
  const stranger = await desk.api.token('CUSTOMER', 'someone-else');
  expect((await desk.api.gql('query($id: ID!) { node(id: $id) { id } }', { id: newId }, stranger)).data.node).toBeNull();
});

test('REFURBISH on a 2-unit item: two items, two jobs, two outbox rows, each dispatched to the refurbisher once', async () => {
  const category = uniq('gadgets-');
  await desk.partner('REFURBISHER', desk.server.url, { categories: [category], capacity: 10 }, { costPerUnit: 20, turnaroundDays: 3 });
  const { returnId, itemId } = await desk.item({ category, quantity: 2, received: 2, grade: 'DAMAGED', disposition: 'REFURBISH' });

  const ret = await returnOf(returnId);
  expect(ret.status).toBe('COMPLETED');
  expect(ret.items).toHaveLength(2);
  const other = ret.items.find((i: any) => i.id !== itemId);
  expect(ret.items.find((i: any) => i.id === itemId)).toMatchObject({ quantity: 1, receivedQuantity: 1, grade: 'DAMAGED', disposition: 'REFURBISH', splitFrom: null });
  expect(other).toMatchObject({ quantity: 1, receivedQuantity: 1, grade: 'DAMAGED', disposition: 'REFURBISH', splitFrom: { id: itemId } });
  expect(ret.events.filter((e: any) => e.type === 'ITEM_SPLIT').map((e: any) => e.data)).toEqual([
    { returnItemId: itemId, newReturnItemId: other.id, units: 1, cause: 'REFURBISH' },
  ]);
  expect(ret.events.filter((e: any) => e.type === 'DISPOSITION_SET').map((e: any) => e.data.returnItemId).sort()).toEqual([itemId, other.id].sort());

  const jobs = [await desk.jobOf(itemId), await desk.jobOf(other.id)];
  expect(jobs[0].id).not.toBe(jobs[1].id);
  for (const job of jobs) expect(await desk.integrationJobsFor('refurbishment.dispatch', 'refurbishmentJobId', job.id)).toHaveLength(1);
  await eventually(async () => (await desk.jobOf(itemId)).status === 'DISPATCHED' && (await desk.jobOf(other.id)).status === 'DISPATCHED');
  for (const job of jobs) {
    expect(desk.server.calls.filter((c) => c.path === '/jobs' && JSON.parse(c.body).jobId === job.id)).toHaveLength(1);
  }
  // Each item's custody shows its own job.
  for (const item of (await returnOf(returnId)).items) expect(item.custody.steps).toEqual([{ kind: 'REFURBISHMENT', status: 'DISPATCHED' }]);
});

test('bad units are refused and nothing changes: zero, negative, too many, after a disposition, committed units, wrong role', async () => {
  const { returnId, itemId } = await received({ quantity: 3, received: 2 });
  const before = await rows(returnId);
  const refused = async (units: number, code: string, id = itemId) => {
    const res = await inspectUnits(id, 'GOOD', units);
    expect(res.errors).toBeUndefined();
    expect(res.data.inspectReturnItem).toMatchObject({ item: null, userErrors: [expect.objectContaining({ code })] });
  };
  await refused(0, 'INVALID_UNITS');
  await refused(-1, 'INVALID_UNITS');
  await refused(3, 'QUANTITY_EXCEEDS_RECEIVED'); // three requested, two received
  const forbidden = await inspectUnits(itemId, 'GOOD', 1, desk.customer);
  expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(await rows(returnId)).toEqual(before);

  // Once decided, no unit is split off (the same as grading again).
  await desk.inspect(itemId, 'DAMAGED');
  expect((await decide(itemId, 'LIQUIDATE')).userErrors).toEqual([]);
  const decided = await rows(returnId);
  await refused(1, 'ALREADY_DISPOSITIONED');
  expect(await rows(returnId)).toEqual(decided);

  // Units already in a lot stay with the original: of three received (two in its lot) only the later one can be split off.
  const recycled = await desk.item({ category: uniq('scrap-'), quantity: 3, received: 2, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  await desk.receive(recycled.returnId, recycled.itemId, 1);
  const waiting = await rows(recycled.returnId);
  await refused(2, 'UNITS_COMMITTED', recycled.itemId);
  await refused(4, 'QUANTITY_EXCEEDS_RECEIVED', recycled.itemId);
  expect(await rows(recycled.returnId)).toEqual(waiting);
  const later = (await inspectUnits(recycled.itemId, 'GOOD', 1)).data.inspectReturnItem;
  expect(later.userErrors).toEqual([]);
  expect(later.item).toMatchObject({ receivedQuantity: 1, grade: 'GOOD', splitFrom: { id: recycled.itemId } });
  expect((await desk.lotOf(recycled.itemId)).units).toEqual([expect.objectContaining({ units: 2, returnItem: { id: recycled.itemId } })]);
});

test('refund totals and analytics do not change when units are split; the refund equals an unsplit twin\'s', async () => {
  const category = uniq('fees-');
  await upsertPolicy(desk.api, { category, windowDays: 30, restockingFeePercent: 7 });
  // 3 × 3.33 − 0.01 = 9.98 paid: unit shares 3.33, 3.33, 3.32; a 7 % fee rounds differently per unit than in total.
  const line = { quantity: 3, received: 3, category, unitPrice: '3.33', discount: '0.01', reason: 'CHANGED_MIND' };
  const skuSplit = uniq('SPLIT-');
  const skuTwin = uniq('TWIN-');
  const split = await received({ ...line, sku: skuSplit });
  const twin = await received({ ...line, sku: skuTwin });
  const figures = async (sku: string) => (await query(ANALYTICS, { ...RANGE, sku })).returnAnalytics;
  const refresh = async () => {
    const { refreshAnalytics } = await query(REFRESH, {}, desk.admin);
    expect(refreshAnalytics.userErrors).toEqual([]);
    expect((await waitForOperation(desk.api, refreshAnalytics.operation.id, desk.admin)).status).toBe('SUCCEEDED');
  };

  await refresh();
  const quoted = await returnOf(split.returnId);
  const analyticsBefore = await figures(skuSplit);
  expect(analyticsBefore).toMatchObject({ returnedUnits: 3, receivedUnits: 3 });

  const a = (await inspectUnits(split.itemId, 'GOOD', 1)).data.inspectReturnItem.item;
  const b = (await inspectUnits(split.itemId, 'FAIR', 1)).data.inspectReturnItem.item;
  expect(b.splitFrom).toEqual({ id: split.itemId });
  const after = await returnOf(split.returnId);
  expect(after.items).toHaveLength(3);
  expect(after.refund).toEqual(quoted.refund);
  expect(sum(after.items.map((i: any) => i.refund.amount))).toBe(sum(quoted.items.map((i: any) => i.refund.amount)));
  expect(after.items.reduce((n: number, i: any) => n + i.quantity, 0)).toBe(3);
  await refresh();
  expect(await figures(skuSplit)).toEqual(analyticsBefore);

  // Decide all of them; the twin goes through unsplit. Same refund, same refunded and dispositioned figures.
  await desk.inspect(split.itemId, 'DAMAGED');
  for (const [id, disposition] of [[a.id, 'RESTOCK'], [b.id, 'RESELL_OPEN_BOX'], [split.itemId, 'LIQUIDATE']]) {
    expect((await decide(id, disposition)).userErrors).toEqual([]);
  }
  await desk.inspect(twin.itemId, 'GOOD');
  expect((await decide(twin.itemId, 'RESTOCK')).userErrors).toEqual([]);
  const [done, twinDone] = [await returnOf(split.returnId), await returnOf(twin.returnId)];
  expect(done.status).toBe('COMPLETED');
  expect(twinDone.status).toBe('COMPLETED');
  expect(done.refund.amount).toEqual(twinDone.refund.amount);
  expect(sum(done.items.map((i: any) => i.refund.amount))).toBe(sum([done.refund.amount.amount]));
  expect(sum(twinDone.items.map((i: any) => i.refund.amount))).toBe(sum([twinDone.refund.amount.amount]));
  // No merchant takes refunds here: they wait until an operator records them paid (docs/refunds.md); only then count.
  for (const returnId of [split.returnId, twin.returnId]) {
    expect((await mutate(desk.api, RECORD_REFUND, { returnId, reference: `PSP-${uniq()}` }, desk.operator)).userErrors).toEqual([]);
  }
  await refresh();
  const [splitFigures, twinFigures] = [await figures(skuSplit), await figures(skuTwin)];
  expect(splitFigures).toEqual(twinFigures);
  expect(splitFigures).toMatchObject({ returnedUnits: 3, receivedUnits: 3, refundedUnits: 3 });
});

test('units arriving later for the line go to the original item', async () => {
  const { returnId, itemId } = await received({ quantity: 3, received: 2 });
  const apart = (await inspectUnits(itemId, 'GOOD', 1)).data.inspectReturnItem.item;
  // The split item expects nothing more; the outstanding unit is the original's.
  const refused = await mutate(desk.api, RECEIVE, { returnId, items: [{ returnItemId: apart.id, quantity: 1 }] }, desk.operator);
  expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'QUANTITY_EXCEEDS_OUTSTANDING' })]);
  await desk.receive(returnId, itemId, 1);
  const ret = await returnOf(returnId);
  expect(ret.items.find((i: any) => i.id === itemId)).toMatchObject({ quantity: 2, receivedQuantity: 2, grade: null });
  expect(ret.items.find((i: any) => i.id === apart.id)).toMatchObject({ quantity: 1, receivedQuantity: 1, grade: 'GOOD' });
  await desk.inspect(itemId, 'GOOD');
  for (const id of [itemId, apart.id]) expect((await decide(id, 'RESTOCK')).userErrors).toEqual([]);
  expect((await returnOf(returnId)).status).toBe('COMPLETED');
});

test('INSPECT without units still grades every received unit of the item', async () => {
  const { returnId, itemId } = await received({ quantity: 2, received: 2 });
  const item = await mutateOk(desk.api, INSPECT, { returnItemId: itemId, grade: 'GOOD' }, desk.operator);
  expect(item).toMatchObject({ id: itemId, receivedQuantity: 2, grade: 'GOOD' });
  expect((await returnOf(returnId)).items).toHaveLength(1);
});

test('a split values a unit like its original: the recovery per unit is the same for every part', async () => {
  // 3 × 400.00 − 0.01 discount = 1,199.99: shared out by units, the split unit gets 399.99 and the two left 800.00.
  const { returnId, itemId } = await received({ quantity: 3, received: 3, unitPrice: '400.00', discount: '0.01' });
  const split = await inspectUnits(itemId, 'LIKE_NEW', 1);
  expect(split.data.inspectReturnItem.userErrors).toEqual([]);
  const splitId = split.data.inspectReturnItem.item.id as string;
  expect((await inspectUnits(itemId, 'LIKE_NEW')).data.inspectReturnItem.userErrors).toEqual([]);
  const REC = `query($id: ID!) { node(id: $id) { ... on Return { items { id receivedQuantity refund { amount }
    recommendedDisposition { disposition expectedRecovery { amount } } } } } }`;
  const items: any[] = (await query(REC, { id: returnId })).node.items;
  const one = items.find((i) => i.id === splitId);
  const rest = items.find((i) => i.id === itemId);
  expect([one.receivedQuantity, rest.receivedQuantity]).toEqual([1, 2]);
  expect(one.recommendedDisposition.disposition).toBe(rest.recommendedDisposition.disposition);
  // Each unit is valued at 1,199.99 / 3, rounded: the two left recover exactly twice what the split one does.
  const minor = (amount: string) => Math.round(Number(amount) * 100);
  expect(minor(rest.recommendedDisposition.expectedRecovery.amount)).toBe(2 * minor(one.recommendedDisposition.expectedRecovery.amount));
  expect(Math.abs(minor(one.recommendedDisposition.expectedRecovery.amount))).toBeGreaterThan(0);
});
