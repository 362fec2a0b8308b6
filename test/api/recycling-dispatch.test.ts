import { decodeGlobalId } from '../../src/domain/ids';
import { uniq } from '../support/fixtures';
import { DispositionDesk, RETRY_JOB } from '../support/dispositions';
import { eventually } from '../support/partner-server';

// Recycling lots when the recycler fails: a refusal (4xx) is DEAD at once and visible to admins, and an admin's retry
// of that DEAD job really hands the lot over, with the same Idempotency-Key; a recycler failing for a while (5xx) is
// retried; a retried job finds nothing to do when the lot was dispatched again or cancelled meanwhile.
let desk: DispositionDesk;

beforeAll(async () => {
  desk = await DispositionDesk.start({ INTEGRATION_MAX_ATTEMPTS: '3' });
});

afterAll(() => desk?.stop());

/**
 * A recycler of its own category (so each test fills its own lot) and a RECYCLE unit in its lot; the second unit of the
 * line is still on its way, so the return stays open and the disposition may still change.
 */
async function recycledItem() {
  const category = uniq('scrap-');
  await desk.partner('RECYCLER', desk.server.url, { categories: [category] });
  const { itemId, returnId } = await desk.item({ category, quantity: 2, received: 1, weightGrams: 1200, grade: 'UNSALVAGEABLE', disposition: 'RECYCLE' });
  return { itemId, returnId, lot: await desk.lotOf(itemId) };
}

const dispatchJobs = (lotId: string) => desk.integrationJobsFor('recycling.dispatch', 'recyclingLotId', lotId);
const callsFor = (lotId: string) => desk.server.calls.filter((c) => c.path === '/lots' && JSON.parse(c.body).lotId === lotId);
const deadJob = (lotId: string) => eventually(async () => (await dispatchJobs(lotId)).find((j: any) => j.status === 'DEAD'));
const lotWith = (lotId: string, ok: (lot: any) => boolean) => eventually(async () => {
  const lot = await desk.lot(lotId);
  return ok(lot) ? lot : null;
});

test('a recycler refusing the dispatch (4xx): DEAD at once, visible to admins; the admin\'s retry dispatches the lot with the same key', async () => {
  const { lot } = await recycledItem();
  desk.server.next({ status: 422, body: '{"error":"lot rejected: account on hold"}' });
  expect((await desk.dispatchLot(lot.id)).userErrors).toEqual([]);

  const dead = await deadJob(lot.id);
  expect(dead).toMatchObject({ attempts: 1, lastError: expect.stringContaining('422') });
  const failed = await lotWith(lot.id, (l) => l.events.some((e: any) => e.type === 'DISPATCH_FAILED'));
  expect(failed.status).toBe('OPEN');
  expect(callsFor(lot.id)).toHaveLength(1);
  // Integration jobs are the admin's: an operator neither sees nor retries them.
  expect((await desk.api.gql(RETRY_JOB, { id: dead.id }, desk.operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

  const retried = await desk.api.gql(RETRY_JOB, { id: dead.id }, desk.admin);
  expect(retried.data.retryIntegrationJob).toEqual({ job: { status: 'PENDING', attempts: 0 }, userErrors: [] });
  const dispatched = await lotWith(lot.id, (l) => l.status === 'DISPATCHED');
  expect(dispatched.events.find((e: any) => e.type === 'DISPATCHED').data).toMatchObject({ recyclerReference: 'REC-OK' });
  const requests = dispatched.events.filter((e: any) => e.type === 'DISPATCH_REQUESTED');
  expect(requests).toHaveLength(2);
  expect(requests[1].data).toMatchObject({ retried: true, integrationJobId: decodeGlobalId(dead.id)!.id });
  // The recycler got the lot twice under one Idempotency-Key (the integration job's id): never a second lot.
  const calls = callsFor(lot.id);
  expect(calls).toHaveLength(2);
  expect(calls.map((c) => c.headers['idempotency-key'])).toEqual([decodeGlobalId(dead.id)!.id, decodeGlobalId(dead.id)!.id]);
  expect(JSON.parse(calls[1].body)).toMatchObject({ declaredWeightKg: 1.2, units: [expect.objectContaining({ units: 1, weightKg: 1.2 })] });
  expect((await dispatchJobs(lot.id)).map((j: any) => j.status)).toEqual(['SUCCEEDED']);
});

test('dispatched again by the operator after a refusal, the lot goes once; retrying the old DEAD job then does nothing', async () => {
  const { lot } = await recycledItem();
  desk.server.next({ status: 400, body: '{"error":"bad request"}' });
  await desk.dispatchLot(lot.id);
  const dead = await deadJob(lot.id);
  await lotWith(lot.id, (l) => l.events.some((e: any) => e.type === 'DISPATCH_FAILED'));
  expect((await desk.dispatchLot(lot.id)).userErrors).toEqual([]);
  await lotWith(lot.id, (l) => l.status === 'DISPATCHED');

  await desk.api.gql(RETRY_JOB, { id: dead.id }, desk.admin);
  await eventually(async () => ((await dispatchJobs(lot.id)).every((j: any) => j.status === 'SUCCEEDED') ? true : null));
  expect(callsFor(lot.id)).toHaveLength(2);
  expect((await desk.lot(lot.id)).events.filter((e: any) => e.type === 'DISPATCHED')).toHaveLength(1);
});

test('a recycler failing for a while (5xx) is retried with the same key until it answers', async () => {
  const { lot } = await recycledItem();
  desk.server.next({ status: 503 }, { status: 500 });
  await desk.dispatchLot(lot.id);
  const done = await lotWith(lot.id, (l) => l.status === 'DISPATCHED');
  expect(done.events.some((e: any) => e.type === 'DISPATCH_FAILED')).toBe(false);
  const calls = callsFor(lot.id);
  expect(calls).toHaveLength(3);
  expect(new Set(calls.map((c) => c.headers['idempotency-key'])).size).toBe(1);
  expect((await dispatchJobs(lot.id))[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 3 });
});

test('a lot whose units all changed disposition after a refused dispatch is cancelled; retrying its DEAD job sends nothing', async () => {
  const { lot, itemId } = await recycledItem();
  desk.server.next({ status: 409, body: '{"error":"duplicate"}' });
  await desk.dispatchLot(lot.id);
  const dead = await deadJob(lot.id);
  await lotWith(lot.id, (l) => l.events.some((e: any) => e.type === 'DISPATCH_FAILED'));

  expect((await desk.setDisposition(itemId, 'DISPOSE')).userErrors).toEqual([]);
  const cancelled = await desk.lot(lot.id);
  expect(cancelled).toMatchObject({ status: 'CANCELLED', units: [], declaredWeightKg: 0 });
  expect((await desk.dispatchLot(lot.id)).userErrors[0].code).toBe('ILLEGAL_TRANSITION');

  await desk.api.gql(RETRY_JOB, { id: dead.id }, desk.admin);
  const [skipped] = await eventually(async () => {
    const jobs = await dispatchJobs(lot.id);
    return jobs[0]?.status === 'SUCCEEDED' ? jobs : null;
  });
  expect(skipped.status).toBe('SUCCEEDED');
  expect(callsFor(lot.id)).toHaveLength(1);
  expect((await desk.lot(lot.id)).status).toBe('CANCELLED');
});
