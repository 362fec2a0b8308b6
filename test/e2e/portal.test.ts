import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { Locator, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { WEB_DIST_DIR } from '../../src/http/web-apps';
import { QR_OPTIONS } from '../../web/returns/qr';
import { buildWebApps, launchBrowser, type TestBrowser } from '../support/browser';
import { AMSTERDAM, SimulatedPartners, blockNonLoopback, checkScreen, guestToDropOffCode as toDropOffCode, guestToMethods, heading, isFocused, portalOrder, portalPolicies } from '../support/e2e';
import { RETURN_FIELDS, completeReturn, importOrders, orderInput, upsertPolicy, uniq } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/harness';

// The customer returns portal in Debian's chromium against a real Boomerang (PostgreSQL, Redis, its workers) whose
// carrier, locker and store partners are the partner simulator on loopback: a guest signs in, picks an item and a
// reason (the refund quoted live), requests the return, picks a locker, and gets the drop-off code and its QR in at
// most six taps; then the portal follows the return to COMPLETED with its refund. The same flow runs from a page on
// another origin (CORS), in Dutch, with a pasted customer token, from the keyboard alone, under trusted documents only,
// and for a return an operator must approve first; a carrier label and a home pickup show their confirmations. Every step is scanned by axe-core and kept as a
// screenshot in .cache/artifacts/e2e/; any request that would leave 127.0.0.1 is blocked and fails the test.

const EMAIL = 'ada@example.com';
const CUSTOMER = 'cust-portal';

let api: TestApi;
let sim: SimulatedPartners;
let otherOrigin: http.Server;
let otherBase = '';
let browser: TestBrowser;
const blocked: string[] = [];
let admin: string;

/** Serves the built portal on its own origin, its meta tag pointing at Boomerang's /graphql (as a shop's CDN would). */
function startOtherOrigin(apiUrl: () => string): Promise<http.Server> {
  const app = express();
  app.get('/returns', (_req, res) => {
    const page = fs.readFileSync(path.join(WEB_DIST_DIR, 'returns', 'index.html'), 'utf8');
    res.type('html').send(page.replace('<meta name="boomerang-graphql-url" content="/graphql"', `<meta name="boomerang-graphql-url" content="${apiUrl()}"`));
  });
  app.use('/web', express.static(WEB_DIST_DIR, { index: false }));
  const server = http.createServer(app);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function gqlOk(query: string, variables: Record<string, unknown>, token = admin) {
  const res = await api.gql(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const payload = Object.values(res.data as Record<string, any>)[0];
  if (payload?.userErrors?.length) throw new Error(JSON.stringify(payload.userErrors));
  return payload;
}

beforeAll(async () => {
  await buildWebApps();
  otherOrigin = await startOtherOrigin(() => api.url);
  otherBase = `http://127.0.0.1:${(otherOrigin.address() as AddressInfo).port}`;
  api = await startTestApi({ CORS_ORIGINS: otherBase });
  admin = await api.token('ADMIN', 'admin-1');
  // The simulator answers bookings; no partner secret is registered with it, so it sends no scans: the test moves the
  // return on (as the warehouse would) when it wants to, and nothing races the page.
  sim = await SimulatedPartners.start(api);
  // The shop's side of exchanges (its running shoe in sizes 40-45: 41 sold out, 40 cheaper, 45 dearer); it takes no
  // refunds here, so refunds still wait for the shop as the tests below expect.
  await sim.partner('MERCHANT', 'merchant', 'Sim Shop', 'boomerang-merchant-v1', []);
  // Home pickups too, so the method step offers all four ways back.
  await sim.partner('PICKUP', 'pickup', 'Demo Pickup', 'boomerang-pickup-v1', []);
  await portalPolicies(api);
  await upsertPolicy(api, { category: 'jewellery', windowDays: 30, autoApprove: false });
  browser = await launchBrowser({ locale: 'en-GB' });
  // Nothing leaves the machine: every request not to 127.0.0.1 is refused and remembered.
  await blockNonLoopback(browser.context, blocked);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await sim?.close();
  otherOrigin?.closeAllConnections();
  await new Promise((resolve) => otherOrigin?.close(resolve));
});

afterEach(() => {
  expect(blocked).toEqual([]);
});

/** An order of this customer delivered to Amsterdam: a shoe pair and a gift card (not returnable). */
const seedOrder = () => portalOrder(api, { externalId: CUSTOMER, email: EMAIL, name: 'Ada' });

/** axe-core finds nothing serious or critical, and the step is kept as a screenshot. */
const checkStep = (page: Page, name: string) => checkScreen(browser, page, `portal-${name}`);

/** Landing page → drop-off code as a guest (test/support/e2e.ts); returns the code, the taps it took and the page. */
const guestToDropOffCode = (base: string, orderNumber: string, shots: string, extra?: (page: Page) => Promise<void>) =>
  toDropOffCode(browser, { base, orderNumber, email: EMAIL, shots: `portal-${shots}` }, extra);

/** The return the page shows, by the RMA number on it, as an operator sees it. */
async function returnShown(page: Page) {
  const rma = await page.locator('.rma strong').innerText();
  const res = await api.gql(`query($rma: String!) { returnByRma(rmaNumber: $rma) { ${RETURN_FIELDS} method { dropOffCode qrCode status } } }`, { rma }, await api.token('OPERATOR', 'op-1'));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.returnByRma;
}

test('a guest gets from the landing page to a drop-off code in at most 6 taps, then follows the return to its refund, in English and Dutch', async () => {
  const order = await seedOrder();
  const { page, taps, code } = await guestToDropOffCode(api.url.replace(/\/graphql$/, ''), order.orderNumber, 'same-origin');
  process.stdout.write(`portal: landing page to drop-off code in ${taps} taps (typing the order number and email not counted)\n`);
  expect(taps).toBeLessThanOrEqual(6);

  // The code is the one the simulated locker network issued, and the QR drawn in the page encodes what it scans.
  const ret = await returnShown(page);
  expect(ret).toMatchObject({ status: 'AWAITING_DROP_OFF', method: { status: 'BOOKED', dropOffCode: code } });
  expect(sim.log.some((line) => line.includes(`code ${code}`))).toBe(true);
  const qr = page.getByTestId('qr');
  expect(await qr.getAttribute('alt')).toBe(`QR code for ${ret.method.qrCode}`);
  expect(await qr.getAttribute('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(await QRCode.toString(ret.method.qrCode, QR_OPTIONS))}`);
  await page.getByText('Locker Westermarkt, Westermarkt 4').waitFor();
  await page.getByTestId('return-status').filter({ hasText: 'Waiting for drop-off' }).waitFor();
  await checkStep(page, 'same-origin-4-code');

  // The warehouse receives, grades and routes it; the page, polling, shows the return completed with its refund.
  const done = await completeReturn(api, ret);
  expect(done.status).toBe('COMPLETED');
  const amount = done.refund.amount.amount as string;
  await page.getByTestId('return-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('refund').filter({ hasText: `€${amount}` }).waitFor();
  // No merchant payment system is connected here: the refund is asked for and waits for the shop (docs/refunds.md),
  // and the page says so rather than "refunded" (test/e2e/journey.test.ts has the shop confirm it).
  expect(done.refund.status).toBe('REQUESTED');
  await page.getByTestId('refund').filter({ hasText: `€${amount} (refund requested, waiting for the shop)` }).waitFor();
  await page.getByText('Refund requested from the shop').waitFor();
  await page.getByText('Return completed').waitFor();
  await heading(page, 'Your return is complete').waitFor();
  await checkStep(page, 'same-origin-5-completed');

  // Dutch: the labels are translated and the amount is formatted the Dutch way (€ 73,46).
  await page.getByLabel('Language').selectOption('nl');
  await heading(page, 'Je retour is afgerond').waitFor();
  expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('nl');
  await page.getByTestId('return-status').filter({ hasText: 'Afgerond' }).waitFor();
  const dutchAmount = new RegExp(`€\\s?${amount.replace('.', ',')}`);
  expect(await page.getByTestId('refund').innerText()).toMatch(dutchAmount);
  expect(await page.getByTestId('refund').innerText()).toContain('terugbetaling aangevraagd, wacht op de winkel');
  expect(await page.getByText('Retournummer').count()).toBeGreaterThan(0);
  await checkStep(page, 'same-origin-6-dutch');
  await page.close();
});

test('the same flow from a page on another origin calls the API across origins (CORS) and quotes live as the quantity changes', async () => {
  const order = await seedOrder();
  const apiOrigin = new URL(api.url).origin;
  expect(apiOrigin).not.toBe(otherBase);
  const crossOrigin: Array<{ status: number; allowOrigin: string | undefined }> = [];
  const { page, taps, code } = await guestToDropOffCode(otherBase, order.orderNumber, 'other-origin', async (p) => {
    p.on('response', (r) => {
      if (r.url() === api.url) crossOrigin.push({ status: r.status(), allowOrigin: r.headers()['access-control-allow-origin'] });
    });
    // Two shoes: twice the share, twice the fee; back to one.
    await p.getByLabel('Quantity').selectOption('2');
    await p.getByTestId('quote-refund').filter({ hasText: '€152.82' }).waitFor();
    await p.getByLabel('Quantity').selectOption('1');
    await p.getByTestId('quote-refund').filter({ hasText: '€76.41' }).waitFor();
  });
  process.stdout.write(`portal (other origin): drop-off code in ${taps} taps, plus two quantity changes for the live-quote check\n`);
  expect(code).toMatch(/^\d{6}$/);
  expect(new URL(page.url()).origin).toBe(otherBase);
  // Every API answer the page read came across origins, allowed for this origin only.
  expect(crossOrigin.length).toBeGreaterThan(3);
  expect(crossOrigin.every((r) => r.status === 200 && r.allowOrigin === otherBase)).toBe(true);
  await checkStep(page, 'other-origin-4-code');
  await page.close();
});

/** The same guest flow to the method step (test/support/e2e.ts), for a fresh order. */
async function guestOnMethodStep(shots: string, extra?: (page: Page) => Promise<void>) {
  const order = await seedOrder();
  return guestToMethods(browser, { base: api.url.replace(/\/graphql$/, ''), orderNumber: order.orderNumber, email: EMAIL, shots: `portal-${shots}` }, extra);
}

test('a carrier label: the confirmation links the label, a real PDF; the gift card says why it cannot be returned', async () => {
  const { page, errors } = await guestOnMethodStep('label', async (p) => {
    // The gift card is listed but not selectable, with the policy's reason in words.
    const gift = p.locator('li.line', { hasText: 'Gift card' });
    expect(await gift.locator('.why-not').innerText()).toBe('Cannot be returned: this kind of item cannot be returned');
    expect(await p.getByRole('checkbox', { name: 'Return Gift card' }).count()).toBe(0);
  });
  await page.getByRole('radio', { name: /Drop off at a parcel point/ }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  const link = page.getByRole('link', { name: 'Download the shipping label (PDF)' });
  await link.waitFor({ timeout: 60_000 });
  await heading(page, 'Your return is booked').waitFor();
  const ret = await returnShown(page);
  expect(ret.method).toMatchObject({ status: 'BOOKED', dropOffCode: null });
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(new RegExp(`^${sim.url}/carrier/labels/[^/]+\\.pdf$`));
  expect(await link.getAttribute('target')).toBe('_blank');
  // The link fetches a PDF (the simulated carrier's document), not an error page.
  const pdf = await page.request.get(href);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // The tracking number is shown and the QR carries what the parcel point scans.
  await page.getByText(/Demo Parcel DP/).first().waitFor();
  await page.getByTestId('qr').waitFor();
  await checkStep(page, 'label-4-booked');
  expect(errors).toEqual([]);
  await page.close();
});

test('a home pickup: the confirmation shows the booked pickup window, in Dutch with a Dutch date', async () => {
  const { page, errors } = await guestOnMethodStep('pickup');
  await page.getByRole('radio', { name: /Pickup from home/ }).click();
  // The first window offered is chosen for the customer.
  const windows = page.getByRole('group', { name: 'Choose a pickup time' });
  await windows.waitFor();
  expect(await windows.getByRole('radio').first().isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await heading(page, 'Your return is booked').waitFor({ timeout: 60_000 });
  await page.getByText('Pickup window').waitFor();
  const ret = await returnShown(page);
  expect(ret.method).toMatchObject({ status: 'BOOKED' });
  const pickup = await api.gql(`query($id: ID!) { node(id: $id) { ... on Return { method { type pickupWindow { start end } } } } }`, { id: ret.id }, admin);
  const { type, pickupWindow } = pickup.data.node.method;
  expect(type).toBe('HOME_PICKUP');
  await checkStep(page, 'pickup-4-booked');

  await page.getByLabel('Language').selectOption('nl');
  await heading(page, 'Je retour is geboekt').waitFor();
  const shown = await page.locator('dt', { hasText: 'Ophaalmoment' }).locator('xpath=following-sibling::dd').innerText();
  // The booked window in the browser's time zone, formatted as Dutch readers write it (5 dec 2026, 09:00).
  const timeZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const dutch = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone });
  expect(shown).toBe(`${dutch.format(new Date(pickupWindow.start))} – ${dutch.format(new Date(pickupWindow.end))}`);
  expect(shown).toMatch(/^\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.? \d{4},? \d{2}:\d{2} – /);
  await checkStep(page, 'pickup-5-dutch');
  expect(errors).toEqual([]);
  await page.close();
});

test("under trusted documents only (the apps' manifest), the portal gets to its drop-off code; an ad-hoc query from its page is refused", async () => {
  // A second Boomerang (its own database, partners and policies) locked to web/gql/persisted-documents.json (the
  // manifest `npm run build` copies to dist/ for production).
  const manifest = path.resolve(__dirname, '../../web/gql/persisted-documents.json');
  const trusted = await startTestApi({ GRAPHQL_TRUSTED_DOCUMENTS: manifest });
  const partners = await SimulatedPartners.start(trusted);
  await portalPolicies(trusted);
  const base = trusted.url.replace(/\/graphql$/, '');
  const sent: Array<{ body: Record<string, any>; status: Promise<number | undefined> }> = [];
  const onRequest = (req: import('playwright-core').Request) => {
    if (req.url() !== trusted.url || req.method() !== 'POST') return;
    sent.push({ body: req.postDataJSON(), status: req.response().then((r) => r?.status()) });
  };
  browser.context.on('request', onRequest);
  try {
    const order = await portalOrder(trusted, { externalId: CUSTOMER, email: EMAIL, name: 'Ada' });
    const { page, code } = await toDropOffCode(browser, { base, orderNumber: order.orderNumber, email: EMAIL, shots: 'portal-trusted' });
    expect(code).toMatch(/^\d{6}$/);
    // Every operation the portal sent went by its hash alone (never the text) and ran.
    expect(sent.length).toBeGreaterThan(3);
    for (const { body, status } of sent) {
      expect(body.query).toBeUndefined();
      expect(body.extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await status).toBe(200);
    }
    // The same page, same origin, with the customer's own token: a query of its own is refused in words, before parsing.
    const customer = await api.token('CUSTOMER', CUSTOMER);
    const adHoc = await page.evaluate(async (token) => {
      const res = await fetch('/graphql', {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ returnReasons { code label } }' }),
      });
      return { status: res.status, body: await res.json() as { data?: unknown; errors?: unknown[] } };
    }, customer);
    expect(adHoc.status).toBe(400);
    expect(adHoc.body.data).toBeUndefined();
    expect(adHoc.body.errors).toEqual([expect.objectContaining({
      message: expect.stringMatching(/^This server runs only trusted documents \(GRAPHQL_TRUSTED_DOCUMENTS\)/),
      extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_TRUSTED' }),
    })]);
    await checkStep(page, 'trusted-4-code');
    await page.close();
  } finally {
    browser.context.off('request', onRequest);
    await trusted.stop();
    await partners.close();
  }
}, 240_000);

test('a customer with an account token pastes it and returns from their order; a wrong email is told plainly', async () => {
  const order = await seedOrder();
  const page = await browser.newPage();
  await page.goto(`${api.url.replace(/\/graphql$/, '')}/returns`);
  await heading(page, 'Start a return').waitFor();
  await page.getByLabel('Order number').first().fill(order.orderNumber);
  await page.getByLabel('Email address').fill('someone@else.example');
  await page.getByRole('button', { name: 'Find my order' }).click();
  await page.getByRole('alert').filter({ hasText: 'We could not find an order with this number and email address.' }).waitFor();

  await page.getByText('I have an account token').click();
  await page.getByLabel('Customer token').fill(await api.token('CUSTOMER', 'someone-else'));
  await page.locator('#token-order-number').fill(order.orderNumber);
  await page.getByRole('button', { name: 'Continue with my token' }).click();
  await page.getByRole('alert').filter({ hasText: 'This token cannot see an order with this number.' }).waitFor();
  await checkStep(page, 'token-1-refused');

  await page.getByLabel('Customer token').fill(await api.token('CUSTOMER', CUSTOMER));
  await page.getByRole('button', { name: 'Continue with my token' }).click();
  await heading(page, 'What are you returning?').waitFor();
  await page.getByText(`Order ${order.orderNumber}`).waitFor();
  await page.getByRole('checkbox', { name: 'Return Running shoe' }).waitFor();
  await checkStep(page, 'token-2-items');
  await page.close();
});

/** Presses Tab until `target` has the focus (it is in the tab order), failing after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reached with Tab: ${target.toString()}`);
}

/** In a focused radio group, presses ArrowDown until `target` has the focus (arrow keys also select). */
async function arrowTo(page: Page, target: Locator, max = 20): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await isFocused(target)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`not reached with the arrow keys: ${target.toString()}`);
}

test('the whole flow works from the keyboard alone, each step starting at its heading', async () => {
  const order = await seedOrder();
  const page = await browser.newPage();
  await page.goto(`${api.url.replace(/\/graphql$/, '')}/returns`);
  await heading(page, 'Start a return').waitFor();
  await tabTo(page, page.getByLabel('Order number').first());
  await page.keyboard.type(order.orderNumber);
  await page.keyboard.press('Tab');
  await page.keyboard.type(EMAIL);
  await page.keyboard.press('Enter');

  await heading(page, 'What are you returning?').waitFor();
  expect(await isFocused(heading(page, 'What are you returning?'))).toBe(true);
  await tabTo(page, page.getByRole('checkbox', { name: 'Return Running shoe' }));
  await page.keyboard.press('Space');
  const reason = page.getByRole('radio', { name: 'Too large' });
  await tabTo(page, page.getByRole('radio', { name: 'Too small' }));
  await arrowTo(page, reason);
  expect(await reason.isChecked()).toBe(true);
  await page.getByTestId('quote-refund').filter({ hasText: '€76.41' }).waitFor();
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');

  await heading(page, 'How will you send it back?').waitFor();
  expect(await isFocused(heading(page, 'How will you send it back?'))).toBe(true);
  const store = page.getByRole('radio', { name: /Drop off in store/ });
  await store.waitFor();
  await tabTo(page, page.getByRole('radio').first());
  await arrowTo(page, store);
  expect(await store.isChecked()).toBe(true);
  await tabTo(page, page.getByRole('button', { name: 'Confirm' }));
  await page.keyboard.press('Enter');

  await heading(page, 'Your return is booked').waitFor({ timeout: 60_000 });
  expect(await isFocused(heading(page, /Your return is booked|Booking your return method/))).toBe(true);
  // A store drop-off: the store's reference (announced to the simulated store network) is what the QR carries.
  const ret = await returnShown(page);
  expect(ret.method.status).toBe('BOOKED');
  await page.getByTestId('qr').waitFor();
  await checkStep(page, 'keyboard-4-store');
  await page.close();
});

test('a return the policy holds for an operator waits on the method step, which updates by itself once approved', async () => {
  const [order] = await importOrders(api, [orderInput({
    orderNumber: uniq('WEB-'), customer: { externalId: CUSTOMER, email: EMAIL, name: 'Ada' },
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL', ...AMSTERDAM },
    lines: [{ sku: 'RING-1', name: 'Silver ring', category: 'jewellery', quantity: 1, unitPrice: '120.00', weightGrams: 50 }],
  })]);
  const page = await browser.newPage();
  await page.goto(`${api.url.replace(/\/graphql$/, '')}/returns`);
  await page.getByLabel('Order number').first().fill(order.orderNumber);
  await page.getByLabel('Email address').fill(EMAIL);
  await page.getByRole('button', { name: 'Find my order' }).click();
  await page.getByRole('checkbox', { name: 'Return Silver ring' }).click();
  await page.locator('label.chip', { hasText: 'Changed my mind' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText(/is waiting for approval/).waitFor();
  expect(await page.getByRole('radio').count()).toBe(0);
  await checkStep(page, 'approval-1-waiting');

  const ret = await returnShown(page);
  expect(ret.status).toBe('REQUESTED');
  await gqlOk(`mutation($id: ID!) { approveReturn(input: { returnId: $id }) { userErrors { code message } } }`, { id: ret.id }, await api.token('OPERATOR', 'op-1'));
  await page.getByRole('radio', { name: /Parcel locker/ }).waitFor({ timeout: 30_000 });
  expect(await page.getByText(/is waiting for approval/).count()).toBe(0);
  await checkStep(page, 'approval-2-approved');
  await page.close();
});

test('exchange offers the shop\'s variants in stock with their price difference; the return carries the chosen SKU; a line with none says why', async () => {
  const [order] = await importOrders(api, [orderInput({
    orderNumber: uniq('WEB-'), customer: { externalId: CUSTOMER, email: EMAIL, name: 'Ada' },
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL', ...AMSTERDAM },
    lines: [
      { sku: 'SHOE-42', name: 'Running shoe', category: 'footwear', quantity: 2, unitPrice: '89.90', discount: '10.00', weightGrams: 900 },
      { sku: 'HAT-1', name: 'Sun hat', category: 'apparel', quantity: 1, unitPrice: '19.90', weightGrams: 100 },
    ],
  })]);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${api.url.replace(/\/graphql$/, '')}/returns`);
  await page.getByLabel('Order number').first().fill(order.orderNumber);
  await page.getByLabel('Email address').fill(EMAIL);
  await page.getByRole('button', { name: 'Find my order' }).click();

  // The hat: the shop has no other variant of it, so exchange is not offered and the line says why.
  await page.getByRole('checkbox', { name: 'Return Sun hat' }).click();
  const hat = page.locator('li.line', { hasText: 'Sun hat' });
  await hat.getByText('Exchange is not available for this item: no other size or colour is in stock.').waitFor();
  expect(await hat.getByRole('radio', { name: 'Exchange' }).isDisabled()).toBe(true);
  await page.getByRole('checkbox', { name: 'Return Sun hat' }).click();

  // The shoe: the sizes in stock (not 41, sold out; not 42, the one returned), each with its price and the difference
  // against the 84.90 paid per unit.
  await page.getByRole('checkbox', { name: 'Return Running shoe' }).click();
  const shoe = page.locator('li.line', { hasText: 'Running shoe' });
  await shoe.locator('label.chip', { hasText: 'Too small' }).click();
  await shoe.locator('label.chip', { hasText: 'Exchange' }).click();
  await shoe.getByRole('group', { name: 'Exchange for' }).waitFor();
  // The exchanged shoe is not quoted as a refund: the quote says how it is settled instead.
  await page.getByTestId('quote-exchange-note').filter({ hasText: 'only the price difference' }).waitFor();
  expect(await page.getByTestId('quote').count()).toBe(0);
  const variants = shoe.locator('fieldset.variants');
  expect(await variants.getByRole('radio').evaluateAll((els) => els.map((el) => (el as unknown as { value: string }).value))).toEqual(['SHOE-40', 'SHOE-43', 'SHOE-44', 'SHOE-45']);
  expect(await variants.locator('label', { hasText: 'size 40' }).innerText()).toMatch(/€69\.90 · €15\.00 back to you/);
  expect(await variants.locator('label', { hasText: 'size 45' }).innerText()).toMatch(/€99\.90 · €15\.00 more to pay/);
  await checkStep(page, 'exchange-1-variants');
  // Continue without a variant is refused in words.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').filter({ hasText: 'Running shoe: Choose what you want instead.' }).waitFor();
  // Dutch: the differences in Dutch words and money.
  await page.getByLabel('Language').selectOption('nl');
  await shoe.getByRole('group', { name: 'Ruilen voor' }).waitFor();
  expect(await variants.locator('label', { hasText: 'size 43' }).innerText()).toMatch(/€\s?89,90 · €\s?5,00 bijbetalen/);
  await page.getByLabel('Taal').selectOption('en');

  await variants.getByRole('radio', { name: /size 43/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'How will you send it back?').waitFor();
  const ret = await returnShown(page);
  expect(ret.items).toEqual([expect.objectContaining({ resolution: 'EXCHANGE', orderLine: expect.objectContaining({ sku: 'SHOE-42' }), quantity: 1 })]);
  const exchange = await api.gql(`query($id: ID!) { node(id: $id) { ... on Return { items { exchangeSku exchange { sku status priceDifference { amount } } } } } }`, { id: ret.id }, admin);
  expect(exchange.data.node.items).toEqual([{ exchangeSku: 'SHOE-43', exchange: { sku: 'SHOE-43', status: 'AWAITING_RETURN', priceDifference: { amount: '5.00' } } }]);
  expect(errors).toEqual([]);
  await page.close();
});
