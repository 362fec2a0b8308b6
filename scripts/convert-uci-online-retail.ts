import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';

/*
 * `npm run convert:uci -- OnlineRetail.csv [--out orders.jsonl]` (docs/importing.md, "Example: UCI Online Retail"):
 * converts the UCI Online Retail CSV layout (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
 * CustomerID, Country) to the JSON Lines that POST /imports and `npm run import` take: one `order` line per invoice, and
 * one `return` line (the shape of one of importReturns' returns) per cancellation invoice ("C…") and original order.
 * A cancellation names no invoice: each of its rows is matched to the customer's latest earlier purchase of that
 * stock code with enough units left. The CSV is streamed: rows of one invoice must be consecutive, as in the file.
 */

/** One CSV row, by the layout's column names. */
interface Row { InvoiceNo: string; StockCode: string; Description: string; Quantity: string; InvoiceDate: string; UnitPrice: string; CustomerID: string; Country: string }

/** What the conversion did, printed to stderr at the end. */
export interface ConversionSummary {
  rows: number; orders: number; lines: number; cancellations: number; returns: number; returnItems: number; skippedRows: number; skipped: Record<string, number>;
}

/** A line bought earlier, which a later cancellation may take units back from. */
interface Bought { orderNumber: string; lineNumber: number; left: number }

/** A cancellation invoice being read: its items grouped by the order they take back from. */
interface Cancellation { invoice: string; at: Date; byOrder: Map<string, { items: Map<number, number>; amountMinor: number }> }

/** "12/1/2010 8:26" (month/day/year, as the file has it; UK time taken as UTC) or ISO; null when neither. */
export function parseInvoiceDate(text: string): Date | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  const date = m ? new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0))) : new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Converts the CSV on `input` to JSON Lines on `write`; resolves with the summary. */
export async function convertOnlineRetail(input: NodeJS.ReadableStream, write: (line: string) => void, category = 'general'): Promise<ConversionSummary> {
  const summary: ConversionSummary = { rows: 0, orders: 0, lines: 0, cancellations: 0, returns: 0, returnItems: 0, skippedRows: 0, skipped: {} };
  const skip = (why: string) => { summary.skippedRows += 1; summary.skipped[why] = (summary.skipped[why] ?? 0) + 1; };
  const bought = new Map<string, Bought[]>();
  let cancellation = null as Cancellation | null;
  const flushCancellation = () => {
    if (!cancellation) return;
    const { invoice, at, byOrder } = cancellation;
    for (const [orderNumber, { items, amountMinor }] of byOrder) {
      write(JSON.stringify({
        kind: 'return', externalId: byOrder.size > 1 ? `${invoice}-${orderNumber}` : invoice, orderNumber, status: 'COMPLETED',
        requestedAt: at.toISOString(), receivedAt: at.toISOString(), refundedAt: at.toISOString(),
        refundAmount: (amountMinor / 100).toFixed(2), refundMethod: 'ORIGINAL_PAYMENT',
        items: [...items].map(([lineNumber, quantity]) => ({ lineNumber, quantity, reasonCode: 'CANCELLED' })),
      }));
      summary.returns += 1;
      summary.returnItems += items.size;
    }
    cancellation = null;
  };
  let current = null as { invoice: string; order: Record<string, unknown>; lines: Array<Record<string, unknown>> } | null;
  const flush = () => {
    if (current?.lines.length) {
      write(JSON.stringify({ ...current.order, lines: current.lines }));
      summary.orders += 1;
      summary.lines += current.lines.length;
    }
    current = null;
  };
  const parser = input.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }));
  for await (const row of parser as AsyncIterable<Row>) {
    summary.rows += 1;
    const invoice = row.InvoiceNo;
    if (!invoice) { skip('no InvoiceNo'); continue; }
    if (invoice.startsWith('C')) {
      // A cancellation: a past return of lines the customer bought earlier.
      flush();
      if (cancellation?.invoice !== invoice) {
        flushCancellation();
        summary.cancellations += 1;
        cancellation = { invoice, at: parseInvoiceDate(row.InvoiceDate) ?? new Date(NaN), byOrder: new Map() };
      }
      const units = -Number(row.Quantity);
      const price = Math.round(Number(row.UnitPrice) * 100);
      const match = row.CustomerID ? bought.get(`${row.CustomerID.replace(/\.0$/, '')}|${row.StockCode}`)?.slice().reverse().find((b) => b.left >= units) : undefined;
      if (Number.isNaN(cancellation!.at.getTime())) { skip('unreadable InvoiceDate'); continue; }
      if (!Number.isInteger(units) || units < 1 || !Number.isFinite(price) || price < 0) { skip('cancellation with a bad quantity or price'); continue; }
      if (!match) { skip('cancellation without a matching earlier purchase'); continue; }
      match.left -= units;
      const group = cancellation!.byOrder.get(match.orderNumber) ?? { items: new Map<number, number>(), amountMinor: 0 };
      group.items.set(match.lineNumber, (group.items.get(match.lineNumber) ?? 0) + units);
      group.amountMinor += units * price;
      cancellation!.byOrder.set(match.orderNumber, group);
      continue;
    }
    flushCancellation();
    const quantity = Number(row.Quantity);
    const price = Number(row.UnitPrice);
    const placedAt = parseInvoiceDate(row.InvoiceDate);
    if (!Number.isInteger(quantity) || quantity < 1) { skip('quantity not positive (stock adjustment)'); continue; }
    if (!Number.isFinite(price) || price < 0) { skip('negative or missing UnitPrice (bad debt adjustment)'); continue; }
    if (!placedAt) { skip('unreadable InvoiceDate'); continue; }
    if (current?.invoice !== invoice) {
      flush();
      // About a quarter of the rows have no CustomerID: each such invoice gets a guest customer of its own.
      const customerId: string = row.CustomerID ? row.CustomerID.replace(/\.0$/, '') : `guest-${invoice}`;
      current = {
        invoice,
        order: {
          kind: 'order', orderNumber: invoice, currencyCode: 'GBP', placedAt: placedAt.toISOString(),
          customer: { externalId: customerId, email: `${customerId.toLowerCase()}@customers.invalid`, ...(row.Country ? { name: `${row.Country} customer ${customerId}` } : {}) },
        },
        lines: [],
      };
    }
    current!.lines.push({
      sku: row.StockCode, name: row.Description || row.StockCode, category, quantity,
      // GBP has two decimals; the file has a few prices with three (e.g. 0.001): rounded half up.
      unitPrice: (Math.round(price * 100) / 100).toFixed(2),
    });
    if (row.CustomerID) {
      const key = `${row.CustomerID.replace(/\.0$/, '')}|${row.StockCode}`;
      const list = bought.get(key) ?? [];
      list.push({ orderNumber: invoice, lineNumber: current!.lines.length, left: quantity });
      bought.set(key, list);
    }
  }
  flush();
  flushCancellation();
  return summary;
}

if (require.main === module) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', short: 'o' }, category: { type: 'string', default: 'general' } } });
  if (positionals.length !== 1) {
    process.stderr.write('usage: npm run convert:uci -- <OnlineRetail.csv> [--out orders.jsonl] [--category general]\n');
    process.exit(2);
  }
  const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
  convertOnlineRetail(fs.createReadStream(positionals[0]), (line) => out.write(`${line}\n`), values.category).then((s) => {
    if (out !== process.stdout) out.end();
    process.stderr.write(`${s.rows} rows → ${s.orders} orders with ${s.lines} lines, ${s.returns} returns with ${s.returnItems} items from ${s.cancellations} cancellation invoices; `
      + `${s.skippedRows} rows skipped${Object.keys(s.skipped).length ? ` (${Object.entries(s.skipped).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}\n`);
  }, (e: unknown) => {
    process.stderr.write(`convert failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
