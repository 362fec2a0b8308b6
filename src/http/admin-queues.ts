import type { RequestHandler, Router } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Authenticator } from '../services/auth.service';

const COOKIE = 'boomerang_admin';
const BASE = '/admin/queues';

function cookieToken(header: string | undefined): string | undefined {
  const match = /(?:^|;\s*)boomerang_admin=([^;]+)/.exec(header ?? '');
  return match?.[1];
}

/**
 * Bull Board at /admin/queues, for admins only. A browser cannot send a bearer header for the board's own asset
 * requests, so `?token=<admin JWT>` is exchanged once for an HttpOnly, SameSite=Strict cookie scoped to the board.
 */
export function adminQueuesRouter(queues: Queue[], auth: Authenticator): { path: string; guard: RequestHandler; router: Router } {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BASE);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter });
  const guard: RequestHandler = async (req, res, next) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const token = fromQuery ?? cookieToken(req.headers.cookie) ?? req.headers.authorization?.replace(/^Bearer /, '');
    const actor = token ? await auth.authenticate(`Bearer ${token}`).catch(() => null) : null;
    if (!actor) { res.status(401).json({ error: 'admin token required' }); return; }
    if (actor.kind !== 'admin') { res.status(403).json({ error: 'admins only' }); return; }
    if (fromQuery) {
      res.cookie(COOKIE, fromQuery, { httpOnly: true, sameSite: 'strict', path: BASE, secure: req.secure });
      res.redirect(BASE);
      return;
    }
    next();
  };
  return { path: BASE, guard, router: serverAdapter.getRouter() as Router };
}
