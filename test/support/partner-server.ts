import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a loopback partner received. */
export interface ReceivedCall { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }

/** What the partner answers next: a status (and body), or a delay longer than the client's timeout. */
export type Reply = { status: number; body?: string } | { delayMs: number; status: number };

/**
 * A local HTTP server playing a partner: records every call and answers from a script of replies
 * (then `fallback`), so tests can make it fail for a while, refuse, hang or answer garbage.
 */
export class PartnerServer {
  readonly calls: ReceivedCall[] = [];
  protected script: Reply[] = [];
  fallback: Reply = { status: 200, body: '{"ok":true}' };
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      this.calls.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const reply = this.script.shift() ?? this.fallback;
      // No keep-alive: a later server may get this port, and a pooled socket to the stopped one would fail the call.
      const send = () => { res.writeHead(reply.status, { 'content-type': 'application/json', connection: 'close' }); res.end('body' in reply ? reply.body ?? '' : ''); };
      if ('delayMs' in reply) setTimeout(send, reply.delayMs); else send();
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Queue replies for the next calls. */
  next(...replies: Reply[]): void {
    this.script.push(...replies);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** Polls fn until it returns a truthy value or the timeout passes (then throws with the last value). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 15_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}
