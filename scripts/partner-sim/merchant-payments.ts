import { fail, json, type Answer, type Call } from './answers';
import type { Log } from './world';

/**
 * How the simulated payment system treats the next refund or store-credit request: `confirm` pays at once (the answer
 * says CONFIRMED), `later` accepts (PENDING) and confirms a moment later by a signed webhook, `decline` refuses in the
 * answer, `later-decline` accepts and declines by webhook, `reject` answers 422 (a permanent error), `transient` answers
 * 503 (Boomerang retries; the retry takes the next outcome).
 */
export const PAYMENT_MODES = ['confirm', 'later', 'decline', 'later-decline', 'reject', 'transient'] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

type Play = (call: Call, key: string, ref: string, events: Array<{ type: string; data: Record<string, unknown> }>, story: string) => string;

interface Payment { kind: 'refund' | 'store-credit'; id: string; rmaNumber: string; amount: string; currencyCode: string; mode: PaymentMode; reference: string | null; at: string }

const AMOUNT = /^\d{1,15}(\.\d{1,4})?$/;

/**
 * The merchant's payment side (docs/partner-protocol.md, "Refunds and store credit"): `POST refunds` and `POST
 * store-credits`. What happens to each request follows a script set over `POST /_sim/merchant/payments`
 * (`{ "outcomes": [...], "default": "later" }`), so a demo or a test can make it confirm, decline or fail.
 */
export class MerchantPayments {
  private script: PaymentMode[] = [];
  private fallback: PaymentMode = 'later';
  private readonly payments: Payment[] = [];
  private credits = 0;

  constructor(private readonly nextId: (prefix: string) => string, private readonly play: Play, private readonly log: Log) {}

  /** `POST /_sim/merchant/payments`: replaces the script of outcomes (and optionally the default after it). */
  configure(body: Record<string, unknown> | null): Answer {
    const outcomes = body?.outcomes ?? [];
    const isMode = (v: unknown): v is PaymentMode => typeof v === 'string' && (PAYMENT_MODES as readonly string[]).includes(v);
    if (!Array.isArray(outcomes) || !outcomes.every(isMode)) return json(422, { error: `outcomes must list ${PAYMENT_MODES.join(', ')}` });
    if (body?.default !== undefined && !isMode(body.default)) return json(422, { error: `default must be one of ${PAYMENT_MODES.join(', ')}` });
    this.script = [...outcomes];
    if (isMode(body?.default)) this.fallback = body.default;
    this.log('merchant', `payments: next ${this.script.join(', ') || '(none scripted)'}, then ${this.fallback}`);
    return json(200, { outcomes: this.script, default: this.fallback });
  }

  perform(call: Call, route: string): Answer | null {
    if (route === 'merchant POST refunds') return this.request(call, 'refund');
    if (route === 'merchant POST store-credits') return this.request(call, 'store-credit');
    return null;
  }

  state() {
    return { payments: [...this.payments], paymentScript: { outcomes: [...this.script], default: this.fallback } };
  }

  indexLines(): string[] {
    return [`Refunds and store credits: ${this.payments.length} (next: ${[...this.script, this.fallback].join(', ')})`,
      ...this.payments.slice(-10).map((p) => `  ${p.kind.padEnd(12)} ${p.rmaNumber} ${p.amount} ${p.currencyCode} ${p.mode}${p.reference ? ` ${p.reference}` : ''}`)];
  }

  private request(call: Call, kind: 'refund' | 'store-credit'): Answer {
    const body = call.body ?? fail(400, 'body must be a JSON object');
    const idKey = kind === 'refund' ? 'refundId' : 'storeCreditId';
    const id = typeof body[idKey] === 'string' && body[idKey] ? body[idKey] as string : fail(422, `${idKey} must be a non-empty string`);
    const amount = body.amount as { amount?: unknown; currencyCode?: unknown } | undefined;
    if (!amount || typeof amount.amount !== 'string' || !AMOUNT.test(amount.amount) || typeof amount.currencyCode !== 'string') fail(422, 'amount must be { amount, currencyCode }');
    const rmaNumber = String(body.rmaNumber);
    const mode = this.script.shift() ?? this.fallback;
    const payment: Payment = { kind, id, rmaNumber, amount: amount!.amount as string, currencyCode: amount!.currencyCode as string, mode, reference: null, at: new Date().toISOString() };
    this.payments.push(payment);
    if (this.payments.length > 200) this.payments.shift();
    const what = `${kind} of ${payment.amount} ${payment.currencyCode} for ${rmaNumber}`;
    if (mode === 'transient') {
      this.log('merchant', `← ${what}: payment system busy → 503`);
      return json(503, { error: 'payment system temporarily unavailable' });
    }
    if (mode === 'reject') return fail(422, `the payment system refuses ${idKey} ${id}: original payment cannot be refunded`);
    if (mode === 'decline') {
      this.log('merchant', `← ${what}: declined`);
      return json(200, { status: 'DECLINED', reason: 'card account closed' });
    }
    const reference = this.nextId(kind === 'refund' ? 're_' : 'gc_');
    payment.reference = reference;
    const credit = kind === 'store-credit' ? this.credit(payment.amount, payment.currencyCode) : {};
    if (mode === 'confirm') {
      this.log('merchant', `← ${what}: paid, ${reference}`);
      return json(201, { status: 'CONFIRMED', reference, ...credit });
    }
    const declined = mode === 'later-decline';
    const type = kind === 'refund' ? (declined ? 'refund.declined' : 'refund.confirmed') : (declined ? 'store_credit.declined' : 'store_credit.issued');
    const data = declined ? { [idKey]: id, reference, reason: 'chargeback on the original payment' } : { [idKey]: id, reference, ...credit };
    const next = this.play(call, `merchant:${reference}`, id, [{ type, data }], type);
    this.log('merchant', `← ${what}: accepted as ${reference}; ${next}`);
    return json(202, { status: 'PENDING', reference });
  }

  /** A fresh gift card code holding exactly the credit. */
  private credit(amount: string, currencyCode: string) {
    this.credits += 1;
    return { creditCode: `GIFT-${String(this.credits).padStart(4, '0')}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`, creditBalance: { amount, currencyCode } };
  }
}
