import { uniq } from '../support/fixtures';
import { DispositionDesk } from '../support/dispositions';
import { eventually } from '../support/partner-server';

// Units of an item that arrive after it was decided: the item is inspected again, and when it is given RECYCLE or
// RETURN_TO_VENDOR again the later units join its lot or VRA while that has not gone out (weight and credit updated).
// Once the lot or VRA went out, the item keeps its disposition (ALREADY_DISPATCHED for any other) and the later units
// join the lot or VRA now filling for the item, as a second row of the item there (see docs/dispositions.md). A
// REFURBISH item keeps its job for its first unit; a later unit becomes an item with a job of its own (one unit per job).
let desk: DispositionDesk;

beforeAll(async () => {
  desk = await DispositionDesk.start({ INTEGRATION_MAX_ATTEMPTS: '2' });
});

afterAll(() => desk?.stop());

const last = (x: { events: Array<{ type: string; data: any }> }, type: string) => x.events.filter((e) => e.type === type).at(-1)?.data;

const CUSTODY = 'query($id: ID!) { node(id: $id) { ... on ReturnItem { custody { receivedUnits steps { kind status } } } } }';

/** Received units of returns requested since the test started, per the sustainability report. */
const since = new Date(Date.now() - 60_000).toISOString();
async function reportedUnits(): Promise<number> {
  const res = await desk.api.gql('query($from: DateTime!, $to: DateTime!) { sustainabilityReport(from: $from, to: $to) { units } }',
    { from: since, to: new Date(Date.now() + 3_600_000).toISOString() }, desk.operator);
  expect(res.errors).toBeUndefined();
  return res.data.sustainabilityReport.units;
}

/** The item's custody chain, as staff see it. */
async function custodyOf(itemId: string) {
  const res = await desk.api.gql(CUSTODY, { id: itemId }, desk.operator);
  expect(res.errors).toBeUndefined();
  return res.data.node.custody;
}

/** Receives `quantity` more units, inspects the item again and gives it `disposition`; the payload. */
async function later(item: { returnId: string; itemId: string }, quantity: number, disposition: string, grade = 'UNSALVAGEABLE') {
  const received = await desk.receive(item.returnId, item.itemId, quantity);
  expect(received.items.find((i: any) => i.id === item.itemId).disposition).toBeNull();
  await desk.inspect(item.itemId, grade);
  return desk.setDisposition(item.itemId, disposition);
}

test('RECYCLE: later units join the item\'s open lot, with the declared weight updated', async () => {
  const category = uniq('scrap-');
  await desk.partner('RECYCLER', desk.server.url, { categories: [category] });
  const first = await desk.item({ category, quantity: 3, received: 1, weightGrams: 400, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  const neighbour = await desk.item({ category, quantity: 2, received: 1, weightGrams: 250, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  const lot = await desk.lotOf(first.itemId);
  expect(lot.declaredWeightKg).toBe(0.65);

  expect((await later(first, 2, 'RECYCLE')).userErrors).toEqual([]);
  const fuller = await desk.lot(lot.id);
  expect(fuller.status).toBe('OPEN');
  expect(fuller.declaredWeightKg).toBe(1.45);
  expect(fuller.units.find((u: any) => u.returnItem.id === first.itemId)).toMatchObject({ units: 3, weightKg: 1.2 });
  expect(last(fuller, 'UNITS_ADDED')).toMatchObject({ returnItemId: first.itemId, units: 2, weightKg: 0.8, later: true });
  // Every unit is received and decided: the return completes.
  expect((await desk.returnOf(first.returnId)).status).toBe('COMPLETED');

  // Choosing RECYCLE again adds nothing twice; the lot goes out with all three units.
  expect((await desk.setDisposition(neighbour.itemId, 'RECYCLE')).userErrors).toEqual([]);
  expect((await desk.lot(lot.id)).declaredWeightKg).toBe(1.45);
  await desk.dispatchLot(lot.id);
  await eventually(async () => (await desk.lot(lot.id)).status === 'DISPATCHED');
  const call = desk.server.calls.find((c) => c.path === '/lots' && JSON.parse(c.body).lotId === lot.id)!;
  expect(JSON.parse(call.body)).toMatchObject({ declaredWeightKg: 1.45, units: expect.arrayContaining([expect.objectContaining({ units: 3, weightKg: 1.2 })]) });
});

test('RETURN_TO_VENDOR: later units join the item\'s open VRA, with the expected credit updated', async () => {
  const supplier = uniq('Supplier ');
  await desk.partner('VENDOR', desk.server.url, { suppliers: [supplier] });
  const item = await desk.item({ supplier, quantity: 3, received: 1, unitPrice: '50.00', disposition: 'RETURN_TO_VENDOR' });
  const vra = await desk.vraOf(item.itemId);
  expect(vra.expectedCredit.amount).toBe('30.00');

  expect((await later(item, 2, 'RETURN_TO_VENDOR', 'DAMAGED')).userErrors).toEqual([]);
  const fuller = await desk.vra(vra.id);
  expect(fuller).toMatchObject({ status: 'OPEN', expectedCredit: { amount: '90.00' }, units: [{ units: 3, expectedCredit: { amount: '90.00' } }] });
  expect(last(fuller, 'UNITS_ADDED')).toMatchObject({ returnItemId: item.itemId, units: 2, expectedCreditMinor: 6000, later: true });
  await desk.dispatchVra(vra.id);
  await eventually(async () => (await desk.vra(vra.id)).status === 'DISPATCHED');
  const call = desk.server.calls.find((c) => c.path === '/authorizations' && JSON.parse(c.body).authorizationId === vra.id)!;
  expect(JSON.parse(call.body)).toMatchObject({ expectedCredit: { amount: '90.00' }, units: [expect.objectContaining({ units: 3 })] });
});

test('after the lot or VRA went out: the item keeps its disposition, later units join a new lot or VRA', async () => {
  const category = uniq('scrap-');
  const supplier = uniq('Supplier ');
  await desk.partner('RECYCLER', desk.server.url, { categories: [category] });
  await desk.partner('VENDOR', desk.server.url, { suppliers: [supplier] });
  const recycled = await desk.item({ category, quantity: 3, received: 1, weightGrams: 400, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  const vendored = await desk.item({ supplier, quantity: 3, received: 1, disposition: 'RETURN_TO_VENDOR' });
  const lot = await desk.lotOf(recycled.itemId);
  const vra = await desk.vraOf(vendored.itemId);
  await desk.dispatchLot(lot.id);
  await desk.dispatchVra(vra.id);
  await eventually(async () => (await desk.lot(lot.id)).status === 'DISPATCHED' && (await desk.vra(vra.id)).status === 'DISPATCHED');
  const sentLot = await desk.lot(lot.id);
  const sentVra = await desk.vra(vra.id);

  expect((await later(recycled, 1, 'DISPOSE')).userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DISPATCHED' })]);
  expect((await desk.setDisposition(recycled.itemId, 'RECYCLE')).userErrors).toEqual([]);
  expect((await later(vendored, 1, 'RECYCLE', 'DAMAGED')).userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DISPATCHED' })]);
  expect((await desk.setDisposition(vendored.itemId, 'RETURN_TO_VENDOR')).userErrors).toEqual([]);

  // What went out is untouched; the later unit is in a new lot / VRA of its own, with its weight / credit.
  expect(await desk.lot(lot.id)).toEqual(sentLot);
  expect(await desk.vra(vra.id)).toEqual(sentVra);
  const lots = (await desk.api.gql(`query { recyclingLots(first: 100) { edges { node { id status declaredWeightKg units { units weightKg returnItem { id } } events { type data } } } } }`, {}, desk.operator))
    .data.recyclingLots.edges.map((e: any) => e.node).filter((l: any) => l.units.some((u: any) => u.returnItem.id === recycled.itemId));
  expect(lots).toHaveLength(2);
  const newLot = lots.find((l: any) => l.id !== lot.id);
  expect(newLot).toMatchObject({ status: 'OPEN', declaredWeightKg: 0.4, units: [{ units: 1, weightKg: 0.4, returnItem: { id: recycled.itemId } }] });
  expect(last(newLot, 'UNITS_ADDED')).toMatchObject({ returnItemId: recycled.itemId, units: 1, weightKg: 0.4, later: true });
  const newVra = await desk.vra((await desk.api.gql(`query { vendorReturnAuthorizations(first: 100) { edges { node { id units { returnItem { id } } } } } }`, {}, desk.operator))
    .data.vendorReturnAuthorizations.edges.map((e: any) => e.node)
    .find((v: any) => v.id !== vra.id && v.units.some((u: any) => u.returnItem.id === vendored.itemId)).id);
  expect(newVra).toMatchObject({ status: 'OPEN', expectedCredit: { amount: '30.00' }, units: [{ units: 1, expectedCredit: { amount: '30.00' } }] });
  expect(last(newVra, 'UNITS_ADDED')).toMatchObject({ returnItemId: vendored.itemId, units: 1, expectedCreditMinor: 3000, later: true });
  for (const { returnId, itemId } of [recycled, vendored]) {
    const ret = await desk.returnOf(returnId);
    expect(ret.status).not.toBe('COMPLETED'); // one unit of three is still due
    expect(last(ret, 'DISPOSITION_SET')).not.toHaveProperty('unbatchedUnits');
    expect(last(ret, 'DISPOSITION_SET')).toMatchObject({ returnItemId: itemId });
  }

  // Custody names both lots / VRAs; deciding again adds nothing twice; the item still cannot leave RECYCLE.
  const steps = (c: any) => c.steps.map((s: any) => `${s.kind}:${s.status}`).sort();
  expect(await custodyOf(recycled.itemId)).toMatchObject({ receivedUnits: 2 });
  expect(steps(await custodyOf(recycled.itemId))).toEqual(['RECYCLING_LOT:DISPATCHED', 'RECYCLING_LOT:OPEN']);
  expect(steps(await custodyOf(vendored.itemId))).toEqual(['VENDOR_RETURN:DISPATCHED', 'VENDOR_RETURN:OPEN']);
  expect((await desk.setDisposition(recycled.itemId, 'RECYCLE')).userErrors).toEqual([]);
  expect((await desk.lot(newLot.id)).declaredWeightKg).toBe(0.4);
  expect((await desk.setDisposition(recycled.itemId, 'DISPOSE')).userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DISPATCHED' })]);
  expect((await desk.lot(newLot.id)).units).toHaveLength(1);

  // The third unit joins the new lot's row while that lot is open; the new lot goes out with both. The item, now in
  // two lots, counts its received units once in the sustainability report.
  const unitsBefore = await reportedUnits();
  expect((await later(recycled, 1, 'RECYCLE')).userErrors).toEqual([]);
  expect(await reportedUnits()).toBe(unitsBefore + 1);
  const fuller = await desk.lot(newLot.id);
  expect(fuller).toMatchObject({ declaredWeightKg: 0.8, units: [{ units: 2, weightKg: 0.8 }] });
  expect(await desk.lot(lot.id)).toEqual(sentLot);
  expect((await desk.returnOf(recycled.returnId)).status).toBe('COMPLETED');
  await desk.dispatchLot(newLot.id);
  await eventually(async () => (await desk.lot(newLot.id)).status === 'DISPATCHED');
  const call = desk.server.calls.find((c) => c.path === '/lots' && JSON.parse(c.body).lotId === newLot.id)!;
  expect(JSON.parse(call.body)).toMatchObject({ declaredWeightKg: 0.8, units: [expect.objectContaining({ units: 2, weightKg: 0.8 })] });
});

test('REFURBISH: the item keeps its job for its first unit; a later unit gets an item and a job of its own', async () => {
  const item = await desk.item({ category: uniq('gadgets-'), quantity: 2, received: 1, disposition: 'REFURBISH' });
  const job = await desk.jobOf(item.itemId);
  expect(job.status).toBe('CREATED');
  expect((await later(item, 1, 'REFURBISH', 'DAMAGED')).userErrors).toEqual([]);
  const after = await desk.jobOf(item.itemId);
  expect(after).toMatchObject({ id: job.id, status: 'CREATED' });
  expect(after.events.filter((e: any) => e.type === 'JOB_CREATED')).toHaveLength(1);
  const ret = await desk.returnOf(item.returnId);
  expect(ret.status).toBe('COMPLETED');
  expect(ret.items).toEqual(expect.arrayContaining([
    expect.objectContaining({ id: item.itemId, receivedQuantity: 1, disposition: 'REFURBISH' }),
    expect.objectContaining({ receivedQuantity: 1, disposition: 'REFURBISH' }),
  ]));
  const second = ret.items.find((i: any) => i.id !== item.itemId);
  expect(ret.items).toHaveLength(2);
  const own = await desk.jobOf(second.id);
  expect(own.id).not.toBe(job.id);
  expect(own.events.filter((e: any) => e.type === 'JOB_CREATED')).toHaveLength(1);
});
