import { uniq } from '../support/fixtures';
import { DispositionDesk } from '../support/dispositions';
import { PartnerServer, eventually } from '../support/partner-server';

// Changing a disposition away from REFURBISH, RECYCLE or RETURN_TO_VENDOR (or between them): while the refurbishment
// job, recycling lot or vendor return authorization has not gone to its partner, the item's units leave it (weight or
// credit recomputed, an event written, an emptied lot/VRA cancelled, a job cancelled and reopened if chosen again);
// once it went — or while it is being handed over — the change is refused and nothing changes. Every item here has a
// second unit still on its way, so its return stays open and its disposition may change.
let desk: DispositionDesk;

beforeAll(async () => {
  desk = await DispositionDesk.start({ INTEGRATION_MAX_ATTEMPTS: '2', REFURB_OVERDUE_SWEEP_MS: '300' });
});

afterAll(() => desk?.stop());

const open = { quantity: 2, received: 1 };
const types = (x: { events: Array<{ type: string }> }) => x.events.map((e) => e.type);
const dispositionEvents = async (returnId: string) => (await desk.returnOf(returnId)).events.filter((e: any) => e.type === 'DISPOSITION_SET');

/** Everything a refused change must leave as it was: the item, its return's history and its lot/VRA/job. */
async function snapshot(returnId: string, holder: () => Promise<unknown>) {
  const ret = await desk.returnOf(returnId);
  return { items: ret.items, events: ret.events.length, holder: await holder() };
}

test('recycling lot, not dispatched: units leave it, the declared weight is recomputed, an emptied lot is cancelled', async () => {
  const category = uniq('scrap-');
  await desk.partner('RECYCLER', desk.server.url, { categories: [category] });
  const a = await desk.item({ ...open, category, weightGrams: 1000, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  const b = await desk.item({ ...open, category, weightGrams: 500, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  const lot = await desk.lotOf(a.itemId);
  expect(lot).toMatchObject({ status: 'OPEN', declaredWeightKg: 1.5 });
  expect(lot.units).toHaveLength(2);

  expect((await desk.setDisposition(a.itemId, 'DISPOSE')).userErrors).toEqual([]);
  const lighter = await desk.lot(lot.id);
  expect(lighter).toMatchObject({ status: 'OPEN', declaredWeightKg: 0.5, units: [{ units: 1, weightKg: 0.5, returnItem: { id: b.itemId } }] });
  expect(lighter.events.at(-1)).toMatchObject({ type: 'UNITS_REMOVED', data: { returnItemId: a.itemId, units: 1, weightKg: 1, reason: 'Disposition changed to DISPOSE' } });
  expect((await dispositionEvents(a.returnId)).at(-1).data).toMatchObject({ disposition: 'DISPOSE' });

  // Between the three: the last unit leaves for the vendor; the empty lot is cancelled and cannot be dispatched.
  expect((await desk.setDisposition(b.itemId, 'RETURN_TO_VENDOR')).userErrors).toEqual([]);
  const cancelled = await desk.lot(lot.id);
  expect(cancelled).toMatchObject({ status: 'CANCELLED', declaredWeightKg: 0, units: [] });
  expect(types(cancelled).slice(-2)).toEqual(['UNITS_REMOVED', 'CANCELLED']);
  expect((await desk.dispatchLot(lot.id)).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  expect(await desk.lotOf(b.itemId)).toBeNull();
  expect(await desk.vraOf(b.itemId)).toMatchObject({ status: 'OPEN', expectedCredit: { amount: '30.00' } });

  // A new RECYCLE unit of that category starts a new lot rather than reviving the cancelled one.
  const d = await desk.item({ ...open, category, weightGrams: 700, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  expect(await desk.lotOf(d.itemId)).toMatchObject({ status: 'OPEN', declaredWeightKg: 0.7 });
  expect((await desk.lotOf(d.itemId)).id).not.toBe(lot.id);
});

test('recycling lot, dispatched or being dispatched: the change is refused and nothing changes; after a failed dispatch it is allowed', async () => {
  const category = uniq('scrap-');
  await desk.partner('RECYCLER', desk.server.url, { categories: [category] });
  const { itemId, returnId } = await desk.item({ ...open, category, weightGrams: 800, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  const lot = await desk.lotOf(itemId);

  // The recycler takes its time and then refuses: while the call is in flight the units stay put.
  desk.server.next({ delayMs: 1500, status: 422 });
  expect((await desk.dispatchLot(lot.id)).userErrors).toEqual([]);
  await eventually(async () => desk.server.calls.some((c) => c.path === '/lots' && JSON.parse(c.body).lotId === lot.id));
  const before = await snapshot(returnId, () => desk.lot(lot.id));
  const pending = await desk.setDisposition(itemId, 'DISPOSE');
  expect(pending.userErrors).toEqual([expect.objectContaining({ code: 'DISPATCH_PENDING', field: ['returnItemId'] })]);
  expect(await snapshot(returnId, () => desk.lot(lot.id))).toEqual(before);

  // Refused by the recycler: the lot is OPEN again, so the units may still leave it.
  await eventually(async () => types(await desk.lot(lot.id)).includes('DISPATCH_FAILED'));
  expect((await desk.setDisposition(itemId, 'LIQUIDATE')).userErrors).toEqual([]);
  expect((await desk.lot(lot.id)).status).toBe('CANCELLED');

  // Handed over: the units are with the recycler.
  const other = await desk.item({ ...open, category, weightGrams: 800, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  const sent = await desk.lotOf(other.itemId);
  await desk.dispatchLot(sent.id);
  await eventually(async () => (await desk.lot(sent.id)).status === 'DISPATCHED');
  const frozen = await snapshot(other.returnId, () => desk.lot(sent.id));
  for (const disposition of ['DISPOSE', 'REFURBISH', 'RETURN_TO_VENDOR']) {
    const refused = await desk.setDisposition(other.itemId, disposition);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DISPATCHED', message: expect.stringMatching(/recycler/) })]);
  }
  expect(await snapshot(other.returnId, () => desk.lot(sent.id))).toEqual(frozen);
  expect(await desk.jobOf(other.itemId)).toBeNull();
  expect(await desk.vraOf(other.itemId)).toBeNull();
});

test('vendor return, not dispatched: units leave it, the expected credit is recomputed, an emptied VRA is cancelled', async () => {
  const supplier = uniq('Supplier ');
  await desk.partner('VENDOR', desk.server.url, { suppliers: [supplier] });
  // 60 % of the unit price paid: 30.00 and 12.00.
  const x = await desk.item({ ...open, supplier, unitPrice: '50.00', disposition: 'RETURN_TO_VENDOR' });
  const y = await desk.item({ ...open, supplier, unitPrice: '20.00', disposition: 'RETURN_TO_VENDOR' });
  const vra = await desk.vraOf(x.itemId);
  expect(vra).toMatchObject({ status: 'OPEN', expectedCredit: { amount: '42.00' } });

  expect((await desk.setDisposition(x.itemId, 'RECYCLE')).userErrors).toEqual([]);
  const smaller = await desk.vra(vra.id);
  expect(smaller).toMatchObject({ status: 'OPEN', expectedCredit: { amount: '12.00' }, units: [{ units: 1, returnItem: { id: y.itemId } }] });
  expect(smaller.events.at(-1)).toMatchObject({ type: 'UNITS_REMOVED', data: { returnItemId: x.itemId, units: 1, expectedCreditMinor: 3000, reason: 'Disposition changed to RECYCLE' } });
  expect(await desk.lotOf(x.itemId)).toMatchObject({ status: 'OPEN', units: [expect.objectContaining({ units: 1 })] });

  expect((await desk.setDisposition(y.itemId, 'LIQUIDATE')).userErrors).toEqual([]);
  const cancelled = await desk.vra(vra.id);
  expect(cancelled).toMatchObject({ status: 'CANCELLED', expectedCredit: { amount: '0.00' }, units: [] });
  expect(types(cancelled).slice(-2)).toEqual(['UNITS_REMOVED', 'CANCELLED']);
  expect((await desk.dispatchVra(vra.id)).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
});

test('vendor return, dispatched: the change is refused and nothing changes', async () => {
  const supplier = uniq('Supplier ');
  await desk.partner('VENDOR', desk.server.url, { suppliers: [supplier] });
  const { itemId, returnId } = await desk.item({ ...open, supplier, disposition: 'RETURN_TO_VENDOR' });
  const vra = await desk.vraOf(itemId);
  await desk.dispatchVra(vra.id);
  await eventually(async () => (await desk.vra(vra.id)).status === 'DISPATCHED');
  const frozen = await snapshot(returnId, () => desk.vra(vra.id));
  const refused = await desk.setDisposition(itemId, 'RECYCLE');
  expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DISPATCHED', message: expect.stringMatching(/vendor/) })]);
  expect(await snapshot(returnId, () => desk.vra(vra.id))).toEqual(frozen);
  expect(await desk.lotOf(itemId)).toBeNull();
});

test('refurbishment job waiting for a vendor: cancelled when the disposition changes, reopened and routed when REFURBISH is chosen again', async () => {
  const category = uniq('gadgets-');
  const { itemId } = await desk.item({ ...open, category, disposition: 'REFURBISH' });
  const waiting = await desk.jobOf(itemId);
  expect(waiting).toMatchObject({ status: 'CREATED', partner: null });

  expect((await desk.setDisposition(itemId, 'RECYCLE')).userErrors).toEqual([]);
  const cancelled = await desk.jobOf(itemId);
  expect(cancelled.status).toBe('CANCELLED');
  expect(cancelled.events.at(-1)).toMatchObject({ type: 'CANCELLED', data: { reason: 'Disposition changed to RECYCLE' } });
  const lot = await desk.lotOf(itemId);
  expect(lot.status).toBe('OPEN');

  // Back to REFURBISH: out of the lot (now empty, cancelled), the same job reopened; a refurbisher registered later gets it.
  expect((await desk.setDisposition(itemId, 'REFURBISH')).userErrors).toEqual([]);
  expect((await desk.lot(lot.id)).status).toBe('CANCELLED');
  const reopened = await desk.jobOf(itemId);
  expect(reopened).toMatchObject({ id: waiting.id, status: 'CREATED' });
  expect(types(reopened)).toEqual(expect.arrayContaining(['JOB_CREATED', 'CANCELLED', 'REOPENED']));
  const vendorId = await desk.partner('REFURBISHER', desk.server.url, { categories: [category], capacity: 5 }, { costPerUnit: 20, turnaroundDays: 3 });
  const routed = await eventually(async () => {
    const job = await desk.jobOf(itemId);
    return job.status === 'DISPATCHED' ? job : null;
  });
  expect(routed.partner.id).toBe(vendorId);
});

test('refurbishment job being dispatched or with its vendor: the change is refused and nothing changes', async () => {
  const category = uniq('gadgets-');
  const slow = await new PartnerServer().start();
  slow.fallback = { status: 201, body: JSON.stringify({ vendorReference: 'FIX-1' }) };
  try {
    await desk.partner('REFURBISHER', slow.url, { categories: [category], capacity: 5 }, { costPerUnit: 20, turnaroundDays: 3 });
    slow.next({ delayMs: 1500, status: 201 });
    const { itemId, returnId } = await desk.item({ ...open, category, disposition: 'REFURBISH' });
    await eventually(async () => slow.calls.some((c) => c.path === '/jobs'));
    const before = await snapshot(returnId, () => desk.jobOf(itemId));
    expect((await desk.setDisposition(itemId, 'RECYCLE')).userErrors).toEqual([expect.objectContaining({ code: 'DISPATCH_PENDING' })]);
    expect(await snapshot(returnId, () => desk.jobOf(itemId))).toEqual(before);

    // The delayed answer has no reference, so the worker tries again (same key) and the vendor acknowledges.
    const dispatched = await eventually(async () => {
      const job = await desk.jobOf(itemId);
      return job.status === 'DISPATCHED' ? job : null;
    });
    const frozen = await snapshot(returnId, () => desk.jobOf(itemId));
    for (const disposition of ['RECYCLE', 'RETURN_TO_VENDOR', 'RESTOCK']) {
      expect((await desk.setDisposition(itemId, disposition)).userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DISPATCHED', message: expect.stringMatching(/refurbisher/) })]);
    }
    expect(await snapshot(returnId, () => desk.jobOf(itemId))).toEqual(frozen);
    expect(dispatched.status).toBe('DISPATCHED');
    expect(await desk.lotOf(itemId)).toBeNull();
    // Choosing REFURBISH again keeps the job as it is.
    expect((await desk.setDisposition(itemId, 'REFURBISH')).userErrors).toEqual([]);
    expect(await desk.jobOf(itemId)).toMatchObject({ id: dispatched.id, status: 'DISPATCHED' });
  } finally {
    await slow.stop();
  }
});
