import type http from 'node:http';
import type { Logger } from '../logger';

interface InFlight {
  req: http.IncomingMessage & { originalUrl?: string; body?: { operationName?: unknown; query?: unknown } };
  res: http.ServerResponse;
  startedAt: number;
}

/** A GraphQL request's operation name: the one it gives, else the first one its document names. */
function operationOf(body: InFlight['req']['body']): string | undefined {
  if (typeof body?.operationName === 'string') return body.operationName.slice(0, 60);
  return typeof body?.query === 'string' ? /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(body.query)?.[1]?.slice(0, 60) : undefined;
}

/**
 * Tracks an HTTP server's requests so that a shutdown can drain them: stop accepting, close idle keep-alive
 * connections, let requests in flight finish (each answer closes its connection), and cut what is still running at
 * the deadline, saying which requests those were.
 */
export class HttpDrain {
  private readonly inFlight = new Set<InFlight>();
  private draining = false;
  private onIdle: (() => void) | null = null;

  constructor(private readonly server: http.Server, private readonly log: Logger) {
    // Before the app's own listener (prepended): a draining server must mark the answer "Connection: close" before the
    // app writes it, or a client's pooled keep-alive connection is answered and kept, request after request.
    server.prependListener('request', (req: InFlight['req'], res: http.ServerResponse) => {
      const entry: InFlight = { req, res, startedAt: Date.now() };
      this.inFlight.add(entry);
      // A keep-alive connection may still bring a request after the listener closed: answer it, then close.
      if (this.draining) res.shouldKeepAlive = false;
      res.once('close', () => {
        this.inFlight.delete(entry);
        if (this.inFlight.size === 0) this.onIdle?.();
      });
    });
  }

  /**
   * Stops accepting connections and waits up to timeoutMs for the requests in flight; those still running then are
   * logged and their connections destroyed. Resolves with how many were cut, once the server is closed.
   */
  async drain(timeoutMs: number): Promise<number> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const { res } of this.inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    this.server.closeIdleConnections();
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.onIdle = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      this.onIdle = null;
    }
    const now = Date.now();
    const cut = [...this.inFlight].map(({ req, startedAt }) => ({
      method: req.method, path: (req.originalUrl ?? req.url)?.split('?')[0], operation: operationOf(req.body), runningMs: now - startedAt,
    }));
    if (cut.length) this.log.warn(`shutdown: cut ${cut.length} request(s) still running after SHUTDOWN_TIMEOUT_MS`, { timeoutMs, requests: cut });
    this.server.closeAllConnections();
    await closed;
    return cut.length;
  }
}
