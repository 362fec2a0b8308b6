import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { webAppsRouter } from '../../src/http/web-apps';
import { buildWebApps, launchBrowser, seriousAccessibilityViolations, type TestBrowser } from '../support/browser';

// The browser tests' own parts, on the real build of web/: Debian's chromium starts from playwright-core, loads an app
// Boomerang's router serves, runs its script, and axe-core scans it.
describe('browser test support', () => {
  let server: http.Server;
  let base: string;
  let browser: TestBrowser;

  beforeAll(async () => {
    await buildWebApps();
    const app = express();
    app.use(webAppsRouter());
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('renders each built app in chromium and finds no serious accessibility violation', async () => {
    for (const app of ['returns', 'console']) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/${app}`);
      await page.locator('h1').waitFor();
      expect(errors).toEqual([]);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await browser.screenshot(page, `smoke-${app}`);
      await page.close();
    }
  });
});
