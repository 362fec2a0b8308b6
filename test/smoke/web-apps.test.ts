import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { webAppsRouter } from '../../src/http/web-apps';
import { scratchDir } from '../support/scratch';

// The router that serves the built browser apps, over HTTP, against a build folder laid out as Vite writes it.
describe('web apps router', () => {
  let dir: string;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    dir = scratchDir('web-apps-');
    fs.mkdirSync(path.join(dir, 'returns'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'returns', 'index.html'), '<!doctype html><title>portal</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'returns-abc.js'), 'console.log(1)');
    const app = express();
    app.use(webAppsRouter(dir));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves an app's page at its path and at any path below it, never cached", async () => {
    for (const url of ['/returns', '/returns/', '/returns/r/123/status']) {
      const res = await fetch(base + url);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<title>portal</title>');
    }
  });

  it('serves hashed assets under /web/ with a long cache, and 404 for a missing one', async () => {
    const res = await fetch(`${base}/web/assets/returns-abc.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toBe('console.log(1)');
    expect((await fetch(`${base}/web/assets/missing.js`)).status).toBe(404);
  });

  it('answers 503 with how to build when an app is not built', async () => {
    const res = await fetch(`${base}/console`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
