import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CACHE_DIR, scratchDir } from './scratch';

// Browser tests: Debian's chromium (`apt-get install chromium`; .ci/run installs it) driven by playwright-core with
// executablePath, never a downloaded browser. Everything the browser writes stays in the checkout: its profile in a
// scratch folder, downloads and traces there too, screenshots under .cache/artifacts/e2e/ (kept after the run).

/** Debian's chromium, or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags a headless chromium needs on a machine with no network beyond loopback (no background connections). */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
  '--metrics-recording-only', '--no-default-browser-check',
];

/** Where screenshots are kept: .cache/artifacts/e2e/ in the checkout. */
export const ARTIFACTS_DIR = path.join(CACHE_DIR, 'artifacts', 'e2e');

/** The built browser apps (web/ → dist/web), built first when older than web/. */
export async function buildWebApps(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildWeb } = require('../../scripts/build-web') as { buildWeb(stdio: string): Promise<number> };
  const code = await buildWeb('pipe');
  if (code !== 0) throw new Error(`building web/ failed (exit ${code}): run \`node scripts/build-web.js\` to see why`);
}

/** A headless browser with its own empty profile; `close()` closes it and removes the profile. */
export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Saves a full-page screenshot as .cache/artifacts/e2e/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`No chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const profile = scratchDir('chromium-');
  const context = await chromium.launchPersistentContext(path.join(profile, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    downloadsPath: path.join(profile, 'downloads'),
    tracesDir: path.join(profile, 'traces'),
    locale: options.locale ?? 'en-GB',
    viewport: options.viewport ?? { width: 390, height: 844 },
  });
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    context,
    newPage: () => context.newPage(),
    async screenshot(page, name) {
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One axe-core finding. */
export interface AxeViolation { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }

/**
 * A finding not to count: one rule on the elements matching one CSS selector. Only for third-party markup the page
 * cannot change by configuration or CSS; each use says why.
 */
export interface AxeExclusion { rule: string; selector: string; why: string }

/**
 * Runs axe-core in the page (injected from node_modules, no network) and returns the serious and critical violations,
 * less the nodes `exclude` names (that rule on elements matching that selector; a violation left with no node is
 * dropped).
 */
export async function seriousAccessibilityViolations(page: Page, exclude: AxeExclusion[] = []): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async (skip) => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }>; utils: { shadowSelect(target: unknown): { matches(selector: string): boolean } | null } } }).axe;
    const found = (await axe.run()).violations;
    return found.map((v) => ({
      ...v,
      nodes: v.nodes.filter((n) => {
        const el = axe.utils.shadowSelect(n.target);
        return !skip.some((x) => x.rule === v.id && el?.matches(x.selector));
      }),
    })).filter((v) => v.nodes.length > 0);
  }, exclude.map(({ rule, selector }) => ({ rule, selector })));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
