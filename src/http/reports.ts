import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import type { Config } from '../config';
import { utcDay } from '../domain/analytics';
import type { Database } from '../db/client';
import { isCalendarDay } from '../domain/storable-input';
import { sustainabilityCsv } from '../domain/sustainability-csv';
import { requireStaff } from '../services/access';
import type { Authenticator } from '../services/auth.service';
import type { ServiceContext } from '../services/context';
import { BadInputError, DomainError } from '../services/errors';
import { sustainabilityReport } from '../services/insight/sustainability.service';

/** An ISO-8601 date (midnight UTC) or date-time with a zone, as the GraphQL DateTime scalar takes it. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function instant(value: unknown): Date | null {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return null;
  // Date would roll 2025-02-30 over to March 2; the calendar day must exist, as the DateTime scalar requires.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  if (!isCalendarDay(year, month, day)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const STATUS: Partial<Record<DomainError['code'], number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400 };

/**
 * GET /reports/sustainability.csv?from=&to= — the sustainability report as CSV, with the same bearer-token auth as
 * /graphql: 401 without valid credentials, 403 for anyone but staff, 400 for a missing or bad period.
 */
export function reportsRouter(database: Database, config: Config, auth: Authenticator): Router {
  const router = express.Router();
  router.get('/sustainability.csv', async (req, res, next) => {
    try {
      const actor = await auth.authenticate(req.headers.authorization);
      const ctx: ServiceContext = { actor, requestId: randomUUID(), db: database.db, database, config, now: () => new Date() };
      const from = instant(req.query.from);
      const to = instant(req.query.to);
      // Who is asking is checked before the input, so strangers learn nothing from 400s.
      requireStaff(ctx);
      if (!from || !to) throw new BadInputError('from and to must be ISO-8601 dates or date-times');
      const report = await sustainabilityReport(ctx, from, to);
      const name = `sustainability-${utcDay(from)}-${utcDay(to)}.csv`;
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' });
      res.send(sustainabilityCsv(report));
    } catch (e) {
      const status = e instanceof DomainError ? STATUS[e.code] : undefined;
      if (status === undefined) { next(e); return; }
      res.status(status).json({ errors: [{ message: (e as DomainError).message, extensions: { code: (e as DomainError).code } }] });
    }
  });
  return router;
}
