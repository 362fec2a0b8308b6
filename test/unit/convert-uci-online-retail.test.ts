import fs from 'node:fs';
import path from 'node:path';
import { convertOnlineRetail, parseInvoiceDate } from '../../scripts/convert-uci-online-retail';

// The UCI Online Retail converter on a small CSV in the published layout: invoices become order lines of the bulk
// import format, a cancellation a return line against the customer's earlier purchase, adjustments are left out.
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'uci-online-retail-sample.csv');

test('invoices become one order line each, in the bulk import format', async () => {
  const lines: string[] = [];
  const summary = await convertOnlineRetail(fs.createReadStream(FIXTURE), (l) => lines.push(l));
  const records = lines.map((l) => JSON.parse(l));
  const orders = records.filter((r) => r.kind === 'order');
  expect(orders.map((o) => o.orderNumber)).toEqual(['536365', '536366', '536414', '536415']);
  // C536400 takes back 2 lanterns (line 2) and a coat hanger (line 3) of 536365; the other cancellations match nothing.
  expect(records.filter((r) => r.kind === 'return')).toEqual([{
    kind: 'return', externalId: 'C536400', orderNumber: '536365', status: 'COMPLETED', requestedAt: '2010-12-01T12:00:00.000Z',
    receivedAt: '2010-12-01T12:00:00.000Z', refundedAt: '2010-12-01T12:00:00.000Z', refundAmount: '9.53', refundMethod: 'ORIGINAL_PAYMENT',
    items: [{ lineNumber: 2, quantity: 2, reasonCode: 'CANCELLED' }, { lineNumber: 3, quantity: 1, reasonCode: 'CANCELLED' }],
  }]);
  expect(records.map((r) => r.kind)).toEqual(['order', 'order', 'return', 'order', 'order']);
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
    rows: 13, orders: 4, lines: 7, cancellations: 3, returns: 1, returnItems: 2, skippedRows: 4,
    skipped: {
      'cancellation without a matching earlier purchase': 2, 'quantity not positive (stock adjustment)': 1, 'negative or missing UnitPrice (bad debt adjustment)': 1,
    },
  });
});

test('invoice dates are read as month/day/year', () => {
  expect(parseInvoiceDate('8/12/2011 14:50')?.toISOString()).toBe('2011-08-12T14:50:00.000Z');
  expect(parseInvoiceDate('2011-08-12T14:50:00Z')?.toISOString()).toBe('2011-08-12T14:50:00.000Z');
  expect(parseInvoiceDate('yesterday')).toBeNull();
});
