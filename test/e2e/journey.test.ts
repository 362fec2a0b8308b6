import type { Page } from 'playwright-core';
import { buildWebApps, launchBrowser, type TestBrowser } from '../support/browser';
import { SimulatedPartners, blockNonLoopback, checkScreen, guestToDropOffCode, heading, portalOrder, portalPolicies, scan, scanInputHasFocus, signedInConsole } from '../support/e2e';
import { completeReturn } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/harness';
import { eventually } from '../support/partner-server';

// One return from start to finish, in Debian's chromium against one real Boomerang (PostgreSQL, Redis, its workers).
// The partner simulator plays the carrier, locker and store networks (it knows their signing secrets, so it sends the
// locker's scans as a real network would) and the merchant's payment system (it accepts the refund and confirms it by
// a signed webhook a moment later). A customer, in the portal, gets a drop-off code as a guest; the simulated locker
// reports the parcel deposited and collected; an operator, in the console (a second page), scans the drop-off code,
// receives, grades and accepts the recommended disposition; the merchant confirms the refund; the portal page, still
// open and polling, shows the return completed and refunded with the amount. Every screen is scanned by axe-core and
// kept in .cache/artifacts/e2e/journey-*.png; any request leaving 127.0.0.1 is blocked and fails the test.
jest.setTimeout(300_000);

const EMAIL = 'grace@example.com';
/** The simulator's delays (8 s between a booking's events, 8 s before a payment's confirmation) divided by 4. */
const SPEED = 4;

let api: TestApi;
let sim: SimulatedPartners;
let browser: TestBrowser;
let operator: string;
let base: string;
const blocked: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  await buildWebApps();
  api = await startTestApi();
  base = api.url.replace(/\/graphql$/, '');
  operator = await api.token('OPERATOR', 'op-journey');
  sim = await SimulatedPartners.start(api, { play: true, speed: SPEED });
  await sim.partner('MERCHANT', 'merchant', 'Sim Shop', 'boomerang-merchant-v1', [], true, { refunds: true, storeCredit: true });
  await portalPolicies(api);
  browser = await launchBrowser({ locale: 'en-GB' });
  await blockNonLoopback(browser.context, blocked);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await sim?.close();
});

afterEach(() => {
  expect(blocked).toEqual([]);
  expect(pageErrors).toEqual([]);
});

const RETURN = `query($rma: String!) { returnByRma(rmaNumber: $rma) { id status
  refund { amount { amount currencyCode } status reference requestedAt confirmedAt awaitingMerchant }
  storeCredit { amount { amount currencyCode } status code failureReason }
  items { id quantity receivedQuantity grade disposition dispositionReason recommendedDisposition { disposition } }
  events { type } } }`;

async function returnByRma(rma: string) {
  const res = await api.gql(RETURN, { rma }, operator);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.returnByRma;
}

/** The simulated locker network reports the parcel of `rma` deposited, then collected; resolves once both were applied. */
async function parcelArrives(portal: Page, rma: string, code: string) {
  const reservation = (await sim.state()).reservations.find((r: { rmaNumber: string }) => r.rmaNumber === rma);
  expect(reservation).toMatchObject({ dropOffCode: code, status: 'RESERVED' });
  await eventually(async () => {
    const sent = (await sim.state()).webhooks.filter((w: { ref: string }) => w.ref === reservation.reservationId);
    return sent.length === 2 && sent.every((w: { status: number | null }) => w.status !== null && w.status < 300) ? sent : null;
  }, 120_000);
  await portal.getByTestId('return-status').filter({ hasText: 'On its way' }).waitFor({ timeout: 60_000 });
}

const portalShot = (page: Page, name: string) => checkScreen(browser, page, `journey-portal-${name}`);
const consoleShot = (page: Page, name: string) => checkScreen(browser, page, `journey-console-${name}`);

test('a customer return from the portal to a drop-off code, through the locker and the console, to a refund the merchant confirmed', async () => {
  const order = await portalOrder(api, { externalId: 'cust-journey', email: EMAIL, name: 'Grace' });
  // The merchant accepts each refund (PENDING) and confirms it by webhook a moment later.
  await sim.post('/_sim/merchant/payments', { outcomes: [], default: 'later' });

  // 1. The customer: landing page to drop-off code as a guest.
  const { page: portal, taps, code } = await guestToDropOffCode(browser, { base, orderNumber: order.orderNumber, email: EMAIL, shots: 'journey-portal' });
  portal.on('pageerror', (e) => pageErrors.push(e.message));
  process.stdout.write(`journey: landing page to drop-off code in ${taps} taps\n`);
  expect(taps).toBeLessThanOrEqual(6);
  expect(code).toMatch(/^\d{6}$/);
  const rma = await portal.locator('.rma strong').innerText();
  await portalShot(portal, '4-code');

  // 2. The parcel: the simulated locker network issued this code, and reports the parcel deposited, then collected.
  await parcelArrives(portal, rma, code);
  await portalShot(portal, '5-on-its-way');

  // 3. The warehouse: an operator scans the drop-off code in the console, receives, grades, accepts the recommendation.
  const desk = await signedInConsole(browser, { base, token: operator, pageErrors, shots: 'journey-console', viewport: { width: 1280, height: 900 } });
  await consoleShot(desk, 'scan');
  await scan(desk, code);
  await desk.getByRole('heading', { name: rma }).waitFor();
  await desk.getByRole('heading', { name: '1. Receive' }).waitFor();
  expect(await desk.getByLabel('Received units of Running shoe').inputValue()).toBe('1');
  await consoleShot(desk, 'receive');
  await desk.keyboard.press('Enter');

  await desk.getByRole('heading', { name: /^2\. Grade: Running shoe/ }).waitFor();
  await desk.getByLabel('Cosmetic').selectOption('LIGHT_WEAR');
  await desk.getByLabel('Functional').selectOption('WORKS');
  expect(await desk.getByLabel('Condition grade').inputValue()).toBe('GOOD');
  await consoleShot(desk, 'grade');
  await desk.getByRole('button', { name: 'Save grade' }).click();

  await desk.getByRole('heading', { name: /^3\. Disposition: Running shoe/ }).waitFor();
  const label = (await desk.getByTestId('recommended-disposition').textContent())!;
  await consoleShot(desk, 'disposition');
  await desk.getByRole('button', { name: `Accept: ${label}` }).click();
  await desk.getByRole('status').filter({ hasText: `${rma} is completed. Scan the next parcel.` }).waitFor();
  await scanInputHasFocus(desk);
  await consoleShot(desk, 'done');

  // 4. The merchant: its payment system received the refund request, accepted it and confirmed it by webhook.
  const done = await eventually(async () => {
    const ret = await returnByRma(rma);
    return ret.refund.status === 'ISSUED' ? ret : null;
  }, 120_000);
  expect(done.status).toBe('COMPLETED');
  expect(done.items).toEqual([expect.objectContaining({ receivedQuantity: 1, grade: 'GOOD', disposition: done.items[0].recommendedDisposition.disposition, dispositionReason: null })]);
  const payments = (await sim.state()).payments.filter((p: { rmaNumber: string }) => p.rmaNumber === rma);
  expect(payments).toEqual([expect.objectContaining({ kind: 'refund', mode: 'later', amount: done.refund.amount.amount, reference: done.refund.reference })]);
  expect(done.refund).toMatchObject({ awaitingMerchant: false, requestedAt: expect.any(String), confirmedAt: expect.any(String) });
  const types: string[] = done.events.map((e: { type: string }) => e.type);
  expect(types.indexOf('REFUND_REQUESTED')).toBeGreaterThan(-1);
  expect(types.indexOf('PAYOUT_CONFIRMED')).toBeGreaterThan(types.indexOf('REFUND_REQUESTED'));
  expect(types.indexOf('REFUND_ISSUED')).toBeGreaterThan(types.indexOf('REFUND_REQUESTED'));

  // 5. The customer's page, open all along and polling, shows the return completed and refunded, with the amount.
  await portal.getByTestId('return-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 60_000 });
  await portal.getByTestId('refund').filter({ hasText: `€${done.refund.amount.amount} (refunded)` }).waitFor({ timeout: 60_000 });
  await heading(portal, 'Your return is complete').waitFor();
  await portal.getByText('Payment confirmed by the shop').waitFor();
  await portal.getByText('Refund issued').waitFor();
  await portalShot(portal, '6-refunded');
  await desk.close();
  await portal.close();
});

test('store credit the merchant declines is shown as not issued yet, and once an operator retries it, as issued with its code', async () => {
  const order = await portalOrder(api, { externalId: 'cust-journey-2', email: EMAIL, name: 'Grace' });
  // The first store-credit request is declined; the retry is confirmed in the answer.
  await sim.post('/_sim/merchant/payments', { outcomes: ['decline'], default: 'confirm' });
  const { page: portal, code } = await guestToDropOffCode(browser, { base, orderNumber: order.orderNumber, email: EMAIL, shots: 'journey-credit-portal' },
    (page) => page.locator('label.chip', { hasText: 'Store credit' }).click());
  portal.on('pageerror', (e) => pageErrors.push(e.message));
  const rma = await portal.locator('.rma strong').innerText();
  await parcelArrives(portal, rma, code);

  // The warehouse completes it (through the API this time); the merchant declines the credit.
  const ret = await returnByRma(rma);
  await completeReturn(api, ret);
  const failed = await eventually(async () => {
    const r = await returnByRma(rma);
    return r.storeCredit?.status === 'FAILED' ? r : null;
  }, 120_000);
  expect(failed.refund.status).toBe('FAILED');
  const credit = failed.storeCredit.amount.amount as string;
  await portal.getByTestId('store-credit').filter({ hasText: `€${credit} (the shop could not issue it yet; it will be retried)` }).waitFor({ timeout: 60_000 });
  await portal.getByText('The shop could not pay the refund').waitFor();
  // All of it is store credit: no money refund line.
  expect(await portal.getByTestId('refund').count()).toBe(0);
  await portalShot(portal, 'credit-5-declined');

  // An operator retries; the merchant confirms at once with a gift card code, which the customer's page then shows.
  const retried = await api.gql(`mutation($input: RetryRefundInput!) { retryRefund(input: $input) { userErrors { code message } } }`, { input: { returnId: ret.id, kind: 'STORE_CREDIT' } }, operator);
  expect(retried).toMatchObject({ status: 200, data: { retryRefund: { userErrors: [] } } });
  expect(retried.errors).toBeUndefined();
  const issued = await eventually(async () => {
    const r = await returnByRma(rma);
    return r.storeCredit?.status === 'ISSUED' ? r : null;
  }, 120_000);
  expect(issued.storeCredit.code).toMatch(/^GIFT-/);
  await portal.getByTestId('store-credit').filter({ hasText: `€${credit} (issued)` }).waitFor({ timeout: 60_000 });
  await portal.getByTestId('store-credit-code').filter({ hasText: issued.storeCredit.code }).waitFor();
  await portal.getByText('Refund sent to the shop again').waitFor();
  await portalShot(portal, 'credit-6-issued');

  // In Dutch too.
  await portal.getByLabel('Language').selectOption('nl');
  await portal.getByTestId('store-credit').filter({ hasText: 'uitgegeven' }).waitFor();
  await portal.getByText('Tegoedcode').waitFor();
  await portal.close();
});
