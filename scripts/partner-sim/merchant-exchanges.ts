import { formatAmount, isSupportedCurrency, parseAmount } from '../../src/domain/money';
import { fail, json, type Answer, type Call } from './answers';

/** One variant the simulated shop sells: stock and price (minor units). */
export interface SimVariant { sku: string; name: string; attributes: Record<string, string>; stock: number; priceMinor: number; currencyCode: string }
/** A product: the variants a customer can exchange between. */
export interface SimProduct { productId: string; variants: SimVariant[] }

interface ExchangeOrder { orderReference: string; rmaNumber: string; sku: string; originalSku: string; quantity: number; charge: string; holdId: string | null; at: string }
interface Hold { holdId: string; rmaNumber: string; customer: string; amount: string; currencyCode: string; status: 'HELD' | 'RELEASED' | 'CAPTURED'; chargeReference: string | null;
  /** What a capture charged (all or part of `amount`; the rest went back to the customer). */
  captured: string | null }

/** The demo shop's products: a running shoe in six sizes (one sold out, the largest dearer, the smallest on sale). */
export const DEMO_PRODUCTS: SimProduct[] = [{
  productId: 'running-shoe',
  variants: [40, 41, 42, 43, 44, 45].map((size) => ({
    sku: `SHOE-${size}`, name: `Running shoe, size ${size}`, attributes: { size: String(size) },
    stock: size === 41 ? 0 : 5, priceMinor: size === 45 ? 9990 : size === 40 ? 6990 : 8990, currencyCode: 'EUR',
  })),
}];

/** A product as `POST /_sim/merchant/catalog` takes it. */
function isProduct(p: unknown): p is SimProduct {
  const product = p as Partial<SimProduct> | null;
  return typeof product?.productId === 'string' && Array.isArray(product.variants) && product.variants.every((v) => typeof v?.sku === 'string' && v.sku !== ''
    && typeof v.name === 'string' && typeof v.attributes === 'object' && v.attributes !== null && Number.isSafeInteger(v.stock) && v.stock >= 0
    && Number.isSafeInteger(v.priceMinor) && v.priceMinor >= 0 && typeof v.currencyCode === 'string' && isSupportedCurrency(v.currencyCode));
}

const bodyOf = (call: Call): Record<string, unknown> => call.body ?? fail(400, 'body must be a JSON object');
const str = (body: Record<string, unknown>, field: string): string => {
  const v = body[field];
  return typeof v === 'string' && v.trim() ? v : fail(422, `${field} must be a non-empty string`);
};
const moneyOf = (body: Record<string, unknown>, field: string, signed = false): { amount: string; currencyCode: string; minor: number } => {
  const m = body[field] as { amount?: unknown; currencyCode?: unknown } | undefined;
  if (!m || typeof m.amount !== 'string' || typeof m.currencyCode !== 'string' || !isSupportedCurrency(m.currencyCode)) fail(422, `${field} must be { amount, currencyCode }`);
  const { amount, currencyCode } = m as { amount: string; currencyCode: string };
  const negative = signed && amount.startsWith('-');
  let minor = 0;
  try { minor = parseAmount(negative ? amount.slice(1) : amount, currencyCode); } catch { fail(422, `${field}.amount must be a decimal string`); }
  return { amount, currencyCode, minor: negative ? -minor : minor };
};

/**
 * The merchant's side of exchanges (docs/partner-protocol.md, "Merchant: exchanges"): a catalog with stock and prices,
 * exchange orders that take stock (409 out_of_stock when there is none left), and payment holds that are placed,
 * released or captured. Tests and the demo change the catalog and refuse holds through `POST /_sim/merchant/...` or
 * these methods.
 */
export class MerchantExchanges {
  private products: SimProduct[] = structuredClone(DEMO_PRODUCTS);
  private readonly orders = new Map<string, ExchangeOrder>();
  private readonly holds = new Map<string, Hold>();
  /** Holds for these customers (external ids) are refused with 402; `*` refuses every hold. */
  readonly refuseHoldsFor = new Set<string>();
  /** Exchange orders for these customers (external ids) are refused with 409 (the shop cannot supply); `*` refuses every one. */
  readonly refuseOrdersFor = new Set<string>();
  /** How long a hold's answer takes, ms (a slow payment provider); 0 answers at once. */
  holdDelayMs = 0;
  /** How long an exchange order's answer takes, ms (a slow shop); 0 answers at once. */
  orderDelayMs = 0;
  private unavailable = 0;

  constructor(private readonly nextId: (prefix: string) => string, private readonly log: (kind: string, message: string) => void) {}

  /** Replaces the catalog (each product's variants are what a customer may exchange between). */
  setCatalog(products: SimProduct[]): void {
    this.products = structuredClone(products);
  }

  /** Adds a product (or replaces the one with its productId). */
  addProduct(product: SimProduct): void {
    this.products = [...this.products.filter((p) => p.productId !== product.productId), structuredClone(product)];
  }

  /** The next `n` exchange calls that change something (orders, holds) answer 503, as a shop mid-deploy would. */
  failNext(n: number): void {
    this.unavailable = n;
  }

  /** Sets one variant's stock. */
  setStock(sku: string, stock: number): void {
    const variant = this.variant(sku) ?? fail(404, `no variant ${sku}`);
    variant.stock = stock;
  }

  /** Exchange orders placed so far, and holds. */
  state() {
    return { exchangeOrders: [...this.orders.values()], paymentHolds: [...this.holds.values()], catalog: this.products };
  }

  indexLines(): string[] {
    return [
      'Exchange orders:', ...[...this.orders.values()].map((o) => `  ${o.rmaNumber} ${o.orderReference} ${o.originalSku} → ${o.sku} ×${o.quantity} charge ${o.charge}${o.holdId ? ` (hold ${o.holdId})` : ''}`),
      'Payment holds:', ...[...this.holds.values()].map((h) => `  ${h.rmaNumber} ${h.holdId} ${h.amount} ${h.currencyCode} ${h.status}`),
    ];
  }

  /** Answers a merchant exchange call, or null when the route is not one of these. */
  perform(call: Call, route: string): Answer | null {
    if (route.startsWith('merchant POST ') && route !== 'merchant POST events' && this.unavailable > 0) {
      this.unavailable -= 1;
      this.log('merchant', `← ${route.slice(9)}: unavailable (simulated) → 503`);
      return json(503, { error: 'temporarily unavailable' });
    }
    switch (route) {
      case 'merchant GET exchange-options': return this.options(call);
      case 'merchant POST exchange-orders': return this.order(call);
      case 'merchant POST payment-holds': return this.hold(call);
      case 'merchant POST payment-holds/:id/release': return this.release(call);
      case 'merchant POST payment-holds/:id/capture': return this.capture(call);
      default: return null;
    }
  }

  /**
   * `/_sim/merchant/...`: `POST catalog` { products }, `POST stock` { sku, stock }, `POST holds` { refuse: [customerExternalId | "*"],
   * delayMs? }, `POST orders` { refuse: [customerExternalId | "*"], delayMs? } (delays up to 60 s; leaving it out keeps the current one).
   */
  simRoute(method: string, parts: string[], body: Record<string, unknown> | null): Answer {
    const route = `${method} ${parts.join('/')}`;
    if (!body && method === 'POST') return json(400, { error: 'body must be a JSON object' });
    if (route === 'POST catalog' && Array.isArray(body!.products)) {
      const bad = (body!.products as unknown[]).some((p) => !isProduct(p));
      if (bad) return json(422, { error: 'products must be [{ productId, variants: [{ sku, name, attributes, stock, priceMinor, currencyCode }] }] with whole-number stock and price' });
      this.setCatalog(body!.products as SimProduct[]);
      return json(200, { products: this.products.length });
    }
    if (route === 'POST stock' && typeof body!.sku === 'string' && Number.isSafeInteger(body!.stock) && (body!.stock as number) >= 0) {
      this.setStock(body!.sku, body!.stock as number);
      return json(200, { sku: body!.sku, stock: body!.stock });
    }
    const delay = body?.delayMs;
    const delayOk = delay === undefined || (Number.isSafeInteger(delay) && (delay as number) >= 0 && (delay as number) <= 60_000);
    if ((route === 'POST holds' || route === 'POST orders') && (!Array.isArray(body!.refuse) || !delayOk)) {
      return json(422, { error: 'expected { refuse: [customerExternalId | "*"], delayMs?: 0..60000 }' });
    }
    if (route === 'POST holds') {
      this.refuseHoldsFor.clear();
      for (const c of body!.refuse as unknown[]) if (typeof c === 'string') this.refuseHoldsFor.add(c);
      if (delay !== undefined) this.holdDelayMs = delay as number;
      return json(200, { refuse: [...this.refuseHoldsFor], delayMs: this.holdDelayMs });
    }
    if (route === 'POST orders') {
      this.refuseOrdersFor.clear();
      for (const c of body!.refuse as unknown[]) if (typeof c === 'string') this.refuseOrdersFor.add(c);
      if (delay !== undefined) this.orderDelayMs = delay as number;
      return json(200, { refuse: [...this.refuseOrdersFor], delayMs: this.orderDelayMs });
    }
    return json(404, { error: 'the simulator\'s merchant answers POST /_sim/merchant/catalog, /stock, /holds and /orders' });
  }

  private variant(sku: string): SimVariant | undefined {
    return this.products.flatMap((p) => p.variants).find((v) => v.sku === sku);
  }

  private options(call: Call): Answer {
    const sku = call.query.get('sku') ?? fail(400, 'sku is required');
    const product = this.products.find((p) => p.variants.some((v) => v.sku === sku));
    if (!product) {
      this.log('merchant', `← GET exchange-options for ${sku}: not a product here, no variants`);
      return json(200, { sku, variants: [] });
    }
    this.log('merchant', `← GET exchange-options for ${sku}: ${product.variants.length} variants (${product.variants.filter((v) => v.stock > 0).length} in stock)`);
    return json(200, {
      sku, productId: product.productId,
      variants: product.variants.map((v) => ({ sku: v.sku, name: v.name, attributes: v.attributes, available: v.stock, price: { amount: formatAmount(v.priceMinor, v.currencyCode), currencyCode: v.currencyCode } })),
    });
  }

  private order(call: Call): Answer {
    const body = bodyOf(call);
    const sku = str(body, 'sku');
    const quantity = body.quantity;
    if (!Number.isInteger(quantity) || (quantity as number) < 1) fail(422, 'quantity must be a positive whole number');
    const charge = moneyOf(body, 'charge');
    moneyOf(body, 'priceDifference', true);
    const holdId = typeof body.holdId === 'string' ? body.holdId : null;
    if (holdId && this.holds.get(holdId)?.status !== 'HELD') fail(422, `hold ${holdId} is not held`);
    const variant = this.variant(sku) ?? fail(422, `unknown sku ${sku.slice(0, 40)}`);
    const customer = str(body, 'customerExternalId');
    if (this.refuseOrdersFor.has('*') || this.refuseOrdersFor.has(customer)) {
      this.log('merchant', `← POST exchange-orders ${str(body, 'rmaNumber')}: refused (simulated) → 409`);
      return { ...json(409, { error: 'order_refused', reason: 'the shop cannot supply this order' }), delayMs: this.orderDelayMs || undefined };
    }
    if (variant.stock < (quantity as number)) {
      this.log('merchant', `← POST exchange-orders ${str(body, 'rmaNumber')}: ${sku} out of stock → 409`);
      return json(409, { error: 'out_of_stock', sku, available: variant.stock });
    }
    variant.stock -= quantity as number;
    const order: ExchangeOrder = {
      orderReference: this.nextId('EXO-'), rmaNumber: str(body, 'rmaNumber'), sku, originalSku: str(body, 'originalSku'), quantity: quantity as number,
      charge: `${charge.amount} ${charge.currencyCode}`, holdId, at: new Date().toISOString(),
    };
    this.orders.set(order.orderReference, order);
    this.log('merchant', `← POST exchange-orders ${order.rmaNumber}: ${order.originalSku} → ${sku} ×${order.quantity}, charged ${order.charge}: ${order.orderReference}`);
    return { ...json(201, { orderReference: order.orderReference, status: 'PLACED' }), delayMs: this.orderDelayMs || undefined };
  }

  private hold(call: Call): Answer {
    const body = bodyOf(call);
    const customer = str(body, 'customerExternalId');
    const amount = moneyOf(body, 'amount');
    const rmaNumber = str(body, 'rmaNumber');
    if (this.refuseHoldsFor.has('*') || this.refuseHoldsFor.has(customer)) {
      this.log('merchant', `← POST payment-holds ${rmaNumber}: ${amount.amount} ${amount.currencyCode} refused (insufficient funds) → 402`);
      return json(402, { error: 'hold_refused', reason: 'insufficient funds' });
    }
    const hold: Hold = { holdId: this.nextId('hold_'), rmaNumber, customer, amount: amount.amount, currencyCode: amount.currencyCode, status: 'HELD', chargeReference: null, captured: null };
    this.holds.set(hold.holdId, hold);
    this.log('merchant', `← POST payment-holds ${rmaNumber}: ${hold.amount} ${hold.currencyCode} held: ${hold.holdId}${this.holdDelayMs ? ` (answering in ${this.holdDelayMs} ms)` : ''}`);
    return { ...json(201, { holdId: hold.holdId, status: 'HELD' }), delayMs: this.holdDelayMs || undefined };
  }

  private release(call: Call): Answer {
    const hold = this.holds.get(call.parts[1]) ?? fail(404, 'no such hold');
    if (hold.status === 'CAPTURED') fail(409, 'the hold was captured');
    hold.status = 'RELEASED';
    this.log('merchant', `← release ${hold.holdId} (${hold.rmaNumber})`);
    return json(200, { holdId: hold.holdId, status: hold.status });
  }

  private capture(call: Call): Answer {
    const hold = this.holds.get(call.parts[1]) ?? fail(404, 'no such hold');
    if (hold.status !== 'HELD') fail(409, `the hold is ${hold.status}`);
    const amount = moneyOf(bodyOf(call), 'amount');
    if (amount.currencyCode !== hold.currencyCode || amount.minor > parseAmount(hold.amount, hold.currencyCode)) fail(422, `at most ${hold.amount} ${hold.currencyCode} can be captured`);
    // A capture of part of the hold gives the rest back, as card payments do.
    hold.status = 'CAPTURED';
    hold.captured = amount.amount;
    hold.chargeReference = this.nextId('chg_');
    this.log('merchant', `← capture ${hold.holdId} (${hold.rmaNumber}): ${amount.amount} of ${hold.amount} ${amount.currencyCode} charged, ${hold.chargeReference}`);
    return json(200, { chargeReference: hold.chargeReference, status: 'CAPTURED' });
  }
}
