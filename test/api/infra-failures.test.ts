import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { SignJWT, generateKeyPair } from 'jose';
import { startTestApi, type TestApi } from '../support/harness';
import { REQUEST, importOrders, orderInput } from '../support/fixtures';

// An infrastructure failure is a classified INTERNAL_SERVER_ERROR (logged server-side), never a business answer that
// would mislead the client: a broken order lookup is not "order not found", an unreachable identity provider is not
// "your token is invalid".
let api: TestApi;

beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api?.stop(); });

test('requestReturn: a failing order lookup is INTERNAL_SERVER_ERROR, not a NOT_FOUND userError; nothing is written', async () => {
  const [order] = await importOrders(api, [orderInput()]);
  const customer = await api.token('CUSTOMER', 'cust-a');
  const input = { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'STYLE' }] };
  const admin = postgres(api.app.config.databaseUrl!, { max: 1, onnotice: () => undefined });
  try {
    // The lookup's table is gone for a moment (a botched migration, a failover to a stale replica): a real SQL error.
    await admin.unsafe('alter table orders rename to orders_away');
    const broken = await api.gql(REQUEST, { input }, customer);
    await admin.unsafe('alter table orders_away rename to orders');
    expect(broken.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    expect(JSON.stringify(broken)).not.toMatch(/NOT_FOUND|orders_away|relation|stack/);
    expect((await admin`select count(*)::int as n from returns`)[0].n).toBe(0);
  } finally {
    await admin.unsafe('alter table if exists orders_away rename to orders');
    await admin.end();
  }
  // The same request works once the database is whole again, and an unknown order is still NOT_FOUND.
  const ok = await api.gql(REQUEST, { input }, customer);
  expect(ok.data.requestReturn.userErrors).toEqual([]);
  const stranger = await api.gql(REQUEST, { input }, await api.token('CUSTOMER', 'cust-b'));
  expect(stranger.data.requestReturn.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['orderId'] })]);
});

test('an identity provider that answers 503 is INTERNAL_SERVER_ERROR, not UNAUTHENTICATED', async () => {
  const idp = http.createServer((_req, res) => { res.writeHead(503, { connection: 'close' }); res.end('down'); });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  const jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/.well-known/jwks.json`;
  const withIdp = await startTestApi({ JWT_JWKS_URL: jwksUrl });
  try {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ role: 'OPERATOR' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('ops-7')
      .setIssuedAt().setExpirationTime('5m').sign(privateKey);
    const res = await withIdp.gql('{ viewer { role } }', {}, token);
    expect(res.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(res.errors?.[0].message).toBe('Internal server error');
    // A token that is itself malformed is still the caller's fault.
    const garbage = await withIdp.gql('{ viewer { role } }', {}, 'abc.def.ghi');
    expect(garbage.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  } finally {
    await withIdp.stop();
    await new Promise((r) => idp.close(r));
  }
});
