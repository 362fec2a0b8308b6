import postgres from 'postgres';
import { startTestApi, type TestApi } from '../support/harness';
import { START_GUEST, cast, importOrders, orderInput } from '../support/fixtures';
import { Dock, type IncomingReturn } from '../support/dock';

// returnByScan: the dock scans whatever the parcel carries (RMA, carrier tracking number, locker drop-off code) and gets
// the return; staff only; nothing matches → null; bad input is a clear error.
let api: TestApi;
let dock: Dock;
let t: Awaited<ReturnType<typeof cast>>;
let byCarrier: IncomingReturn;
let byLocker: IncomingReturn;

const SCAN = `query($code: String!) { returnByScan(code: $code) { id rmaNumber status } }`;

beforeAll(async () => {
  api = await startTestApi();
  t = await cast(api);
  dock = await new Dock(api).start();
  byCarrier = await dock.incomingReturn('CARRIER_DROP_OFF');
  byLocker = await dock.incomingReturn('LOCKER');
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await dock?.stop();
});

test('an RMA, a tracking number or a drop-off code finds its return, spaces around the code ignored', async () => {
  expect(byCarrier.trackingNumber).toMatch(/^TRK/);
  expect(byLocker.dropOffCode).toMatch(/^D/);
  for (const [code, expected] of [
    [byCarrier.rmaNumber, byCarrier], [` ${byCarrier.trackingNumber!}\n`, byCarrier], [byLocker.dropOffCode!, byLocker], [byLocker.rmaNumber, byLocker],
  ] as const) {
    const res = await api.gql(SCAN, { code }, t.operator);
    expect(res.errors).toBeUndefined();
    expect(res.data.returnByScan).toEqual({ id: expected.id, rmaNumber: expected.rmaNumber, status: 'AWAITING_DROP_OFF' });
  }
  // An admin may scan too.
  expect((await api.gql(SCAN, { code: byLocker.dropOffCode }, t.admin)).data.returnByScan.id).toBe(byLocker.id);
});

test('an unknown code, an empty one or a code of another kind of field answers null', async () => {
  for (const code of ['TRK-NOPE', '', '   ', 'res_x', 'LoopPost']) {
    const res = await api.gql(SCAN, { code }, t.operator);
    expect(res.errors).toBeUndefined();
    expect(res.data.returnByScan).toBeNull();
  }
});

test('customers, guests and anonymous callers cannot scan; an over-long code is BAD_USER_INPUT', async () => {
  const asCustomer = await api.gql(SCAN, { code: byCarrier.rmaNumber }, t.customerA);
  expect(asCustomer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(asCustomer.data?.returnByScan ?? null).toBeNull();
  const [order] = await importOrders(api, [orderInput()]);
  const guest = (await api.gql(START_GUEST, { input: { orderNumber: order.orderNumber, email: 'a@example.com' } })).data.startGuestReturn.token;
  expect(guest).toEqual(expect.any(String));
  expect((await api.gql(SCAN, { code: byCarrier.rmaNumber }, guest)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const anonymous = await api.gql(SCAN, { code: byCarrier.rmaNumber });
  expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const long = await api.gql(SCAN, { code: 'X'.repeat(101) }, t.operator);
  expect(long.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

test('the booking codes lookup is served by its GIN index', async () => {
  const sql = postgres(api.app.config.databaseUrl!, { max: 1, onnotice: () => undefined });
  try {
    await sql`set enable_seqscan = off`;
    const plan = await sql.unsafe(`explain select return_id from return_bookings
      where (array[external_ref, artefact ->> 'trackingNumber', artefact ->> 'dropOffCode']) @> array[$1]::text[]`, [byCarrier.trackingNumber!]);
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('return_bookings_scan_codes_gin');
  } finally {
    await sql.end();
  }
});
