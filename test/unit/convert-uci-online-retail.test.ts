import fs from 'node:fs';
import path from 'node:path';
import { convertOnlineRetail, parseInvoiceDate } from '../../scripts/convert-uci-online-retail';

// The UCI Online Retail converter on a small CSV in the published layout: invoices become order lines of the bulk
// import format, cancellations and adjustments are counted and left out.
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'uci-online-retail-sample.csv');

test('invoices become one order line each, in the bulk import format', async () => {
  const lines: string[] = [];
  const summary = await convertOnlineRetail(fs.createReadStream(FIXTURE), (l) => lines.push(l));
  const orders = lines.map((l) => JSON.parse(l));
  expect(orders.map((o) => o.orderNumber)).toEqual(['536365', '536366', '536414', '536415']);
  expect(orders[0]).toEqual({
    kind: 'order', orderNumber: '536365', currencyCode: 'GBP', placedAt: '2010-12-01T08:26:00.000Z',
    customer: { externalId: '17850', email: '17850@customers.invalid', name: 'United Kingdom customer 17850' },
    lines: [
      { sku: '85123A', name: 'WHITE HANGING HEART T-LIGHT HOLDER', category: 'general', quantity: 6, unitPrice: '2.55' },
      { sku: '71053', name: 'WHITE METAL LANTERN', category: 'general', quantity: 6, unitPrice: '3.39' },
      { sku: '84406B', name: 'CREAM CUPID HEARTS COAT HANGER, SET', category: 'general', quantity: 8, unitPrice: '2.75' },
    ],
  });
  // No CustomerID: a guest customer per invoice; a three-decimal price rounded to pence.
  expect(orders[1].customer.externalId).toBe('guest-536366');
  expect(orders[1].lines[1].unitPrice).toBe('0.00');
  // A blank description falls back to the stock code; quoted commas and quotes survive.
  expect(orders[2].lines[0]).toMatchObject({ sku: '22139', name: '22139', unitPrice: '0.00' });
  expect(orders[3].lines).toEqual([expect.objectContaining({ name: 'BIRTHDAY PARTY CORDON "BARRIER" TAPE', quantity: 12 })]);
  expect(summary).toEqual({
    rows: 11, orders: 4, lines: 7, cancellations: 2, skippedRows: 2,
    skipped: { 'quantity not positive (stock adjustment)': 1, 'negative or missing UnitPrice (bad debt adjustment)': 1 },
  });
});

test('invoice dates are read as month/day/year', () => {
  expect(parseInvoiceDate('8/12/2011 14:50')?.toISOString()).toBe('2011-08-12T14:50:00.000Z');
  expect(parseInvoiceDate('2011-08-12T14:50:00Z')?.toISOString()).toBe('2011-08-12T14:50:00.000Z');
  expect(parseInvoiceDate('yesterday')).toBeNull();
});
