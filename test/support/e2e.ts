import type { BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_CARRIER_POINTS, DEMO_LOCKERS, DEMO_METHOD_FEES, DEMO_STORES } from '../../src/demo/demo-partners';
import { PartnerSimulator } from '../../scripts/partner-sim/simulator';
import { seriousAccessibilityViolations, type TestBrowser } from './browser';
import { importOrders, orderInput, uniq, upsertPolicy } from './fixtures';
import type { TestApi } from './harness';

// What the browser tests share (test/e2e): nothing leaving 127.0.0.1, an accessibility scan and a screenshot per
// screen, the partner simulator playing the carrier, locker and store networks, the portal's guest flow up to the
// drop-off code, and the console's sign-in and scanner.

/** Refuses every request of `context` that is not to 127.0.0.1 and remembers it in `blocked` (assert it stays empty). */
export async function blockNonLoopback(context: BrowserContext, blocked: string[]): Promise<void> {
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
}

/** axe-core finds nothing serious or critical on the screen as it is; the screen is kept as .cache/artifacts/e2e/<name>.png. */
export async function checkScreen(browser: TestBrowser, page: Page, name: string): Promise<void> {
  expect({ screen: name, violations: await seriousAccessibilityViolations(page) }).toEqual({ screen: name, violations: [] });
  await browser.screenshot(page, name);
}

export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 2, name });
export const isFocused = (locator: Locator) => locator.evaluate((el: any) => el.ownerDocument.activeElement === el);

/** Counts the taps of one flow. */
export class Taps {
  count = 0;
  async tap(target: Locator): Promise<void> {
    this.count += 1;
    await target.click();
  }
}

/** Where the portal's customers live (the simulator's demo lockers and stores are around it). */
export const AMSTERDAM = { latitude: 52.3731, longitude: 4.8922 };

/** An order of `customer` delivered to Amsterdam: a pair of running shoes (89.90 each, 10.00 off) and a gift card. */
export async function portalOrder(api: TestApi, customer: { externalId: string; email: string; name: string }) {
  const [order] = await importOrders(api, [orderInput({
    orderNumber: uniq('WEB-'),
    customer,
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL', ...AMSTERDAM },
    lines: [
      { sku: 'SHOE-42', name: 'Running shoe', category: 'footwear', quantity: 2, unitPrice: '89.90', discount: '10.00', weightGrams: 900 },
      { sku: 'GIFT-25', name: 'Gift card', category: 'gift-cards', quantity: 1, unitPrice: '25.00', weightGrams: 10 },
    ],
  })]);
  return order;
}

/** The policies `portalOrder` and `guestToDropOffCode` expect: 30 days, a 10 % restocking fee, the demo method fees, gift cards not returnable. */
export async function portalPolicies(api: TestApi): Promise<void> {
  await upsertPolicy(api, { windowDays: 30, restockingFeePercent: 10, autoApprove: true, freeShippingReasons: ['DEFECTIVE'], methodFees: DEMO_METHOD_FEES });
  await upsertPolicy(api, { category: 'gift-cards', windowDays: 30, nonReturnable: true });
}

type PartnerKind = 'CARRIER' | 'LOCKER_NETWORK' | 'STORE_NETWORK' | 'PICKUP' | 'MERCHANT';

/**
 * The partner simulator (scripts/partner-sim) on loopback, in process, as the carrier, locker and store networks of a
 * test's Boomerang, with the demo locations. `play: true` tells the simulator each partner's signing secret, so after
 * each booking it sends the scans a real partner would (drop-off, collection, ...), `speed` times faster than the demo;
 * without it, it answers bookings and sends nothing, and the test moves returns on itself.
 */
export class SimulatedPartners {
  readonly sim: PartnerSimulator;
  readonly log: string[] = [];
  url = '';

  private constructor(private readonly api: TestApi, private readonly admin: string, speed: number) {
    this.sim = new PartnerSimulator({ speed, boomerangUrl: api.url.replace(/\/graphql$/, ''), log: (kind, message) => this.log.push(`${kind} ${message}`) });
  }

  static async start(api: TestApi, opts: { play?: boolean; speed?: number } = {}): Promise<SimulatedPartners> {
    const me = new SimulatedPartners(api, await api.token('ADMIN', 'admin-1'), opts.speed ?? 1);
    me.url = await me.sim.listen(0);
    await me.partner('CARRIER', 'carrier', 'Demo Parcel', 'boomerang-carrier-v1', DEMO_CARRIER_POINTS, opts.play);
    await me.partner('LOCKER_NETWORK', 'locker', 'Demo Lockers', 'boomerang-locker-v1', DEMO_LOCKERS, opts.play);
    await me.partner('STORE_NETWORK', 'store', 'Demo Stores', 'boomerang-store-v1', DEMO_STORES, opts.play);
    return me;
  }

  /** Registers a partner at `/<path>/` of the simulator (with its locations); `play` gives the simulator its secret. */
  async partner(kind: PartnerKind, path: string, name: string, adapter: string, locations: unknown[], play = false, capabilities?: Record<string, unknown>): Promise<{ id: string; signingSecret: string }> {
    const made = await this.ok(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code message } } }`,
      { input: { kind, name, adapter, endpoint: `${this.url}/${path}/`, ...(capabilities ? { capabilities } : {}) } });
    const partner = { id: made.partner.id as string, signingSecret: made.signingSecret as string };
    if (locations.length) {
      await this.ok(`mutation($input: UpsertDropOffLocationsInput!) { upsertDropOffLocations(input: $input) { locations { id } userErrors { code message } } }`,
        { input: { partnerId: partner.id, locations } });
    }
    if (play) await this.post('/_sim/partners', { kind, partnerId: partner.id, signingSecret: partner.signingSecret, name });
    return partner;
  }

  /** POSTs JSON to one of the simulator's own endpoints (`/_sim/...`). */
  async post(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  }

  /** GET /_sim/state: what the simulator booked, received and sent. */
  async state(): Promise<Record<string, any>> {
    return (await fetch(`${this.url}/_sim/state`)).json() as Promise<Record<string, any>>;
  }

  close(): Promise<void> {
    return this.sim.close();
  }

  private async ok(query: string, variables: Record<string, unknown>) {
    const res = await this.api.gql(query, variables, this.admin);
    const payload = res.data && Object.values(res.data as Record<string, any>)[0];
    if (res.errors || payload.userErrors.length) throw new Error(JSON.stringify(res.errors ?? payload.userErrors));
    return payload;
  }
}

/**
 * The portal from its landing page to the drop-off code as a guest (order number and email typed, not counted), for
 * an order with a "Running shoe" line under a policy with a 10 % restocking fee: the shoe, "Too small", Continue, the
 * parcel locker (its nearest point preselected), Confirm. `shots` prefixes the screenshots (each step is also scanned
 * by axe-core); `extra` runs on the items step before Continue. Resolves with the page, left on the confirmation.
 */
export async function guestToDropOffCode(browser: TestBrowser, opts: { base: string; orderNumber: string; email: string; shots: string }, extra?: (page: Page) => Promise<void>) {
  const { page, taps, errors } = await guestToMethods(browser, opts, extra);
  const locker = page.getByRole('radio', { name: /Parcel locker/ });
  await taps.tap(locker);
  // The nearest locker is chosen for the customer; another is one tap away.
  const nearest = page.getByRole('radio', { name: /Locker Westermarkt/ });
  await nearest.waitFor();
  expect(await nearest.isChecked()).toBe(true);
  await taps.tap(page.getByRole('button', { name: 'Confirm' }));

  const code = page.getByTestId('drop-off-code');
  await code.waitFor({ timeout: 60_000 });
  await heading(page, 'Your return is booked').waitFor();
  expect(errors).toEqual([]);
  return { page, taps: taps.count, code: await code.innerText() };
}

/**
 * The first steps of `guestToDropOffCode`: sign-in, the shoe with "Too small" (quote checked), Continue; resolves on the
 * method step (its options checked and screenshot taken) with the page, the taps so far and the page errors seen.
 */
export async function guestToMethods(browser: TestBrowser, opts: { base: string; orderNumber: string; email: string; shots: string }, extra?: (page: Page) => Promise<void>) {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const taps = new Taps();
  await page.goto(`${opts.base}/returns`);
  await heading(page, 'Start a return').waitFor();
  await checkScreen(browser, page, `${opts.shots}-1-sign-in`);

  await page.getByLabel('Order number').first().fill(opts.orderNumber);
  await page.getByLabel('Email address').fill(opts.email);
  await taps.tap(page.getByRole('button', { name: 'Find my order' }));

  await heading(page, 'What are you returning?').waitFor();
  expect(await isFocused(heading(page, 'What are you returning?'))).toBe(true);
  await taps.tap(page.getByRole('checkbox', { name: 'Return Running shoe' }));
  await taps.tap(page.locator('label.chip', { hasText: 'Too small' }));
  // The quote follows the selection: one shoe (84.90 of the discounted pair) less the 10 % restocking fee.
  await page.getByTestId('quote-refund').filter({ hasText: '€76.41' }).waitFor();
  expect(await page.getByTestId('quote').innerText()).toMatch(/€84\.90[\s\S]*€8\.49[\s\S]*€76\.41/);
  await extra?.(page);
  await checkScreen(browser, page, `${opts.shots}-2-items`);
  await taps.tap(page.getByRole('button', { name: 'Continue' }));

  await heading(page, 'How will you send it back?').waitFor();
  const locker = page.getByRole('radio', { name: /Parcel locker/ });
  await locker.waitFor();
  // Each option shows its fee, CO2e, refund timing and nearest points with distance and opening hours.
  await page.getByText('Locker Centraal Station').first().waitFor();
  await page.getByText('Demo Parcel point Jordaan').first().waitFor();
  expect(await page.locator('.option').first().innerText()).toMatch(/Fee[\s\S]*kg CO₂e[\s\S]*Refund/);
  expect(await page.locator('.locations').first().innerText()).toMatch(/km away/);
  await checkScreen(browser, page, `${opts.shots}-3-methods`);
  return { page, taps, errors };
}

/** The warehouse console at `base`/console, signed in with `token` pasted into the focused field and Enter. */
export async function signedInConsole(browser: TestBrowser, opts: { base: string; token: string; pageErrors: string[]; shots?: string; viewport?: { width: number; height: number } }): Promise<Page> {
  const page = await browser.newPage();
  if (opts.viewport) await page.setViewportSize(opts.viewport);
  page.on('pageerror', (e) => opts.pageErrors.push(e.message));
  await page.goto(`${opts.base}/console`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  if (opts.shots) await checkScreen(browser, page, `${opts.shots}-sign-in`);
  await page.keyboard.insertText(opts.token);
  await page.keyboard.press('Enter');
  await page.getByLabel('Scan or type an RMA, tracking number or drop-off code').waitFor();
  expect(page.url()).not.toContain(opts.token.slice(-20));
  return page;
}

/** Scans a code in the console as a barcode scanner does: F2 to the scan input, the code typed, Enter. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.press('F2');
  await page.locator('#scan-input:focus').waitFor();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

export async function scanInputHasFocus(page: Page): Promise<void> {
  await page.locator('#scan-input:focus').waitFor();
}
