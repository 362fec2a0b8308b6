import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { PROJECT_ROOT } from '../db/client';

/** Where `npm run build` puts the browser apps (web/, built by Vite). */
export const WEB_DIST_DIR = path.join(PROJECT_ROOT, 'dist', 'web');

/** The browser apps Boomerang serves, by URL path: each is one page whose own router handles the rest of the path. */
const APPS = { '/returns': 'returns', '/console': 'console' } as const;

/**
 * The built browser apps: /returns (customer returns portal) and /console (warehouse console), their hashed assets under
 * /web/ (cached for a year: a new build has new names), and each app's index.html for any path below it (no-cache, so
 * a deploy is seen at once). Without a build, each app's path answers 503 saying how to build it.
 */
export function webAppsRouter(dir = WEB_DIST_DIR): Router {
  const router = express.Router();
  router.use('/web', express.static(dir, { index: false, immutable: true, maxAge: '365d' }));
  for (const [mount, app] of Object.entries(APPS)) {
    const root = path.join(dir, app);
    const page = path.join(root, 'index.html');
    router.get([mount, `${mount}/{*rest}`], (_req, res) => {
      if (!fs.existsSync(page)) {
        res.status(503).type('text/plain').send(`The ${app} app is not built: run \`npm run build\` (or \`npm start\`).\n`);
        return;
      }
      res.setHeader('cache-control', 'no-cache');
      res.sendFile('index.html', { root });
    });
  }
  return router;
}
