import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Config } from '../config';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Who may read /metrics. With METRICS_TOKEN: callers sending it as a bearer token (compared in constant time; hashing
 * first makes the comparison length-independent). Without: everyone outside production, nobody in it (null: the
 * route is not served, since queue depths and job failure rates are no one else's business).
 */
export function metricsAccess(config: Pick<Config, 'metricsToken' | 'nodeEnv'>): RequestHandler | null {
  const { metricsToken } = config;
  if (!metricsToken) return config.nodeEnv === 'production' ? null : (_req, _res, next) => next();
  const expected = digest(metricsToken);
  return (req, res, next) => {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization?.trim() ?? '');
    if (match && timingSafeEqual(digest(match[1]), expected)) { next(); return; }
    res.status(401).set('www-authenticate', 'Bearer realm="metrics"').json({ error: 'metrics token required (Authorization: Bearer <METRICS_TOKEN>)' });
  };
}
