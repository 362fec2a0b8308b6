import postgres from 'postgres';
import { decodeGlobalId, uuidv7 } from '../../src/domain/ids';
import { startTestApi, type TestApi } from '../support/harness';
import { APPROVE, REQUEST, cast, importOrders, mutateOk, orderInput } from '../support/fixtures';

// A request's reads of one return come from one committed state. A writer flips a return between the two states the
// booking worker moves it through (booking.handler.ts: the booking BOOKED, the return AWAITING_DROP_OFF and the
// METHOD_BOOKED event commit in one transaction) while readers poll every path a frontend uses: node, returnByRma,
// the returns list and a mutation payload's return. No answer may mix the two states.
let api: TestApi;
let writer: postgres.Sql;
let t: Awaited<ReturnType<typeof cast>>;
let returnId: string;
let rmaNumber: string;
let bookingId: string;
let replay: Record<string, unknown>;

const FIELDS = 'status version method { status label { trackingNumber } } events { type } items { quantity }';
const READS: Array<{ name: string; run: () => Promise<any> }> = [
  { name: 'node', run: async () => (await api.gql(`query($id: ID!) { node(id: $id) { ... on Return { ${FIELDS} } } }`, { id: returnId }, t.operator)).data?.node },
  { name: 'returnByRma', run: async () => (await api.gql(`query($rma: String!) { returnByRma(rmaNumber: $rma) { ${FIELDS} } }`, { rma: rmaNumber }, t.customerA)).data?.returnByRma },
  {
    name: 'returns',
    run: async () => (await api.gql(`query($rma: String) { returns(filter: { rmaNumber: $rma }) { edges { node { ${FIELDS} } } } }`, { rma: rmaNumber }, t.operator))
      .data?.returns.edges[0]?.node,
  },
  {
    // The same idempotency key and input replay the first result: a mutation payload's return, read after its commit.
    name: 'requestReturn payload',
    run: async () => (await api.gql(`mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { ${FIELDS} } userErrors { code } } }`,
      { input: replay }, t.customerA)).data?.requestReturn.return,
  },
];

beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
  const [order] = await importOrders(api, [orderInput({
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL' },
  })]);
  replay = { orderId: order.id, idempotencyKey: 'poll-me', items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'STYLE' }] };
  const requested = await mutateOk(api, REQUEST, replay, t.customerA);
  if (requested.status === 'REQUESTED') await mutateOk(api, APPROVE, { returnId: requested.id }, t.operator);
  returnId = requested.id;
  rmaNumber = requested.rmaNumber;
  const partner = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }`,
    { input: { kind: 'CARRIER', name: 'Flip Post', adapter: 'boomerang-carrier-v1', endpoint: 'http://127.0.0.1:9/' } }, t.admin);
  writer = postgres(api.app.config.databaseUrl!, { max: 1, onnotice: () => undefined });
  // The row selectReturnMethod writes, without its outbox job: only this test's writer moves the booking.
  bookingId = uuidv7();
  await writer`insert into return_bookings (id, return_id, partner_id, type, status, fee_minor, co2e_kg, created_at, updated_at)
    values (${bookingId}, ${decodeGlobalId(returnId)!.id}, ${decodeGlobalId(partner.data.createPartner.partner.id)!.id}, 'CARRIER_DROP_OFF', 'PENDING', 0, 0, now(), now())`;
});
afterAll(async () => {
  await writer?.end();
  await api?.stop();
});

/** The one transaction each way, as the booking worker writes it (and as a cancel/expiry would undo it). */
async function flip(booked: boolean): Promise<void> {
  const id = decodeGlobalId(returnId)!.id;
  await writer.begin(async (tx) => {
    await tx`update return_bookings set status = ${booked ? 'BOOKED' : 'PENDING'}, artefact = ${tx.json(booked ? { trackingNumber: 'TRK-1' } : {})}, updated_at = now() where id = ${bookingId}`;
    await tx`update returns set status = ${booked ? 'AWAITING_DROP_OFF' : 'APPROVED'}, version = version + 1, updated_at = now() where id = ${id}`;
    if (booked) await tx`insert into return_events (id, return_id, type, at, actor_type, data) values (${uuidv7()}, ${id}, 'METHOD_BOOKED', now(), 'system', ${tx.json({ bookingId })})`;
    else await tx`delete from return_events where return_id = ${id} and type = 'METHOD_BOOKED'`;
  });
}

/** The only two committed states: approved with the booking pending, or awaiting drop-off with it booked and told. */
function describeState(r: any): string {
  const booked = r.events.some((e: { type: string }) => e.type === 'METHOD_BOOKED');
  return `${r.status}/${r.method?.status}/${booked ? 'event' : 'no event'}/${r.method?.label?.trackingNumber ?? 'no label'}`;
}
const COMMITTED = new Set(['APPROVED/PENDING/no event/no label', 'AWAITING_DROP_OFF/BOOKED/event/TRK-1']);

test('every read of a flipping return shows one committed state, on every path', async () => {
  let writing = true;
  let flips = 0;
  const flipper = (async () => {
    while (writing) {
      await flip(flips % 2 === 0);
      flips += 1;
    }
    if (flips % 2 === 1) await flip(false);
  })();
  const seen = new Map<string, Map<string, number>>(READS.map((r) => [r.name, new Map()]));
  try {
    // Four readers at a time, each walking the paths in turn.
    await Promise.all(Array.from({ length: 4 }, async (_, reader) => {
      for (let i = 0; i < 60; i++) {
        const path = READS[(reader + i) % READS.length];
        const r = await path.run();
        if (!r) throw new Error(`${path.name} answered no return`);
        const state = describeState(r);
        const counts = seen.get(path.name)!;
        counts.set(state, (counts.get(state) ?? 0) + 1);
      }
    }));
  } finally {
    writing = false;
    await flipper;
  }
  const mixed = [...seen].flatMap(([name, counts]) => [...counts].filter(([s]) => !COMMITTED.has(s)).map(([s, n]) => `${name}: ${s} ×${n}`));
  expect(mixed).toEqual([]);
  // Not vacuous: the writer really flipped under the readers, and both states were read.
  expect(flips).toBeGreaterThan(20);
  const states = new Set([...seen.values()].flatMap((counts) => [...counts.keys()]));
  expect(states).toEqual(COMMITTED);
}, 120_000);

test('two mutations in one document: each payload shows the state after its own mutation', async () => {
  const [order] = await importOrders(api, [orderInput({ lines: [{ sku: 'TWO-1', name: 'Thing', category: 'general', quantity: 1, unitPrice: '10.00' }] })]);
  const created = await mutateOk(api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'STYLE' }] }, t.customerA);
  const res = await api.gql(`mutation($id: ID!) {
    first: cancelReturn(input: { returnId: $id }) { return { status events { type } } userErrors { code } }
    second: cancelReturn(input: { returnId: $id }) { return { status } userErrors { code } } }`, { id: created.id }, t.operator);
  expect(res.errors).toBeUndefined();
  expect(res.data.first.return.status).toBe('CANCELLED');
  expect(res.data.first.return.events.map((e: { type: string }) => e.type)).toContain('RETURN_CANCELLED');
  // The snapshot the first payload was read in is closed before the second mutation runs, which sees the cancellation.
  expect(res.data.second).toEqual({ return: null, userErrors: [{ code: 'ILLEGAL_TRANSITION' }] });
});
