import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TransientPartnerError } from '../../integrations/errors';
import { callPartner, type PartnerEndpoint } from '../../integrations/partner-http';
import { newSigningSecret } from '../../src/domain/webhook-signature';
import { LoopbackPartner, endpointOf, expectRejects } from '../support/adapter-contract';

/**
 * A partner that closes the connection without answering the requests `drop` picks (by their number, from 1): what
 * the client sees when a pooled keep-alive connection is closed as idle just as its request went out. Chosen by
 * number, not by position on a connection, so the outcome does not hang on whether the client reused a socket.
 */
class DroppingPartner {
  requests = 0;
  dropped = 0;
  /** The client port of each request's connection, in arrival order. */
  readonly ports: number[] = [];
  private readonly server = http.createServer((req, res) => {
    const n = (this.requests += 1);
    this.ports.push(req.socket.remotePort!);
    req.resume();
    req.once('end', () => {
      if (this.drop(n)) {
        this.dropped += 1;
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });

  constructor(private readonly drop: (n: number) => boolean) {}

  async start(): Promise<PartnerEndpoint> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const { port } = this.server.address() as AddressInfo;
    return { id: 'dropping', endpoint: `http://127.0.0.1:${port}/`, signingSecret: newSigningSecret(), settings: {}, timeoutMs: 20_000 };
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

let dropping: DroppingPartner | undefined;
afterEach(async () => {
  await dropping?.stop();
  dropping = undefined;
});

test('a GET whose connection the partner closed under it is sent again, on a new connection, and answered', async () => {
  dropping = new DroppingPartner((n) => n === 2);
  const partner = await dropping.start();
  for (let i = 0; i < 3; i++) {
    expect(await callPartner(partner, { method: 'GET', path: 'points', idempotencyKey: `k${i}` })).toEqual({ ok: true });
  }
  expect(dropping.dropped).toBe(1);
  expect(dropping.requests).toBe(4);
  expect(dropping.ports[2]).not.toBe(dropping.ports[1]);
});

test('a POST is not sent twice: the closed connection is a transient failure naming the socket error', async () => {
  dropping = new DroppingPartner((n) => n === 2);
  const partner = await dropping.start();
  expect(await callPartner(partner, { path: 'bookings', body: { n: 1 }, idempotencyKey: 'k1' })).toEqual({ ok: true });
  const error = await callPartner(partner, { path: 'bookings', body: { n: 2 }, idempotencyKey: 'k2' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransientPartnerError);
  expect((error as Error).message).toBe('POST /bookings: connection failed (UND_ERR_SOCKET)');
  expect(((error as Error).cause as { cause?: { code?: string } }).cause?.code).toBe('UND_ERR_SOCKET');
  expect(dropping.requests).toBe(2);
});

test('a partner that drops every connection gets one more try, then the GET fails', async () => {
  dropping = new DroppingPartner(() => true);
  const partner = await dropping.start();
  await expectRejects(callPartner(partner, { method: 'GET', path: 'points', idempotencyKey: 'k' }), TransientPartnerError, /^GET \/points: connection failed \(UND_ERR_SOCKET\)$/);
  expect(dropping.requests).toBe(2);
});

test('a timeout is reported as one, whichever realm the abort reason comes from', async () => {
  const server = await new LoopbackPartner().start();
  try {
    server.next({ delayMs: 400, status: 200 });
    const partner = endpointOf(server);
    const error = await callPartner(partner, { method: 'GET', path: 'slow', idempotencyKey: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientPartnerError);
    expect((error as Error).message).toBe('GET /slow: timed out');
    expect(((error as Error).cause as { name?: string }).name).toBe('TimeoutError');
  } finally {
    await server.stop();
  }
});

test('a loopback partner gives a generous client timeout to every call it is not scripted to hang on', async () => {
  const server = await new LoopbackPartner().start();
  try {
    const partner = endpointOf(server);
    expect(partner.timeoutMs).toBeGreaterThanOrEqual(10_000);
    server.next({ status: 200 }, { delayMs: 400, status: 200 });
    expect(partner.timeoutMs).toBeGreaterThanOrEqual(10_000);
    await callPartner(partner, { method: 'GET', idempotencyKey: 'k1' });
    expect(partner.timeoutMs).toBeLessThan(400);
    await expectRejects(callPartner(partner, { method: 'GET', idempotencyKey: 'k2' }), TransientPartnerError, /timed out/);
  } finally {
    await server.stop();
  }
});
