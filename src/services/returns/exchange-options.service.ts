import { and, asc, eq, inArray } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { adapterFor } from '../../../integrations/registry';
import { orderLines, partners, returns } from '../../db/schema';
import { offeredVariants, type ExchangeVariant } from '../../domain/exchange';
import { isSupportedCurrency, parseAmount } from '../../domain/money';
import { computeItemRefund } from '../../domain/refund';
import type { ServiceContext } from '../context';
import { NotFoundError, PartnerUnavailableError, type Outcome, type UserError } from '../errors';
import type { ReturnItemRequest } from './return.service';
import { visibleOrder, type OrderLineRow } from './returnable.service';

type PartnerRow = typeof partners.$inferSelect;

/** A variant offered for one order line, with what it costs per unit compared to what the customer paid. */
export interface ExchangeOffer extends ExchangeVariant {
  /** Per unit: variant price − what the customer paid per unit (minor units; negative is refunded). */
  priceDifferenceMinor: number;
}

/** The variant chosen for one EXCHANGE item of a request, from the merchant that confirmed it. */
export interface ChosenExchange { partnerId: string; line: OrderLineRow; variant: ExchangeVariant }

// Per process, briefly: a customer browsing sizes asks for the same product several times within a minute, and the
// stock is checked again by the exchange order itself, whose refusal falls back to a refund.
const cache = new LRUCache<string, ExchangeVariant[]>({ max: 5000 });

/** The merchant that takes exchanges: the oldest ACTIVE MERCHANT partner, or null when none is connected. */
export async function exchangeMerchant(ctx: ServiceContext): Promise<PartnerRow | null> {
  const [row] = await ctx.db.select().from(partners).where(and(eq(partners.kind, 'MERCHANT'), eq(partners.status, 'ACTIVE')))
    .orderBy(asc(partners.createdAt), asc(partners.id)).limit(1);
  return row ?? null;
}

/** The variants of `sku`'s product from the merchant (cached for EXCHANGE_OPTIONS_CACHE_MS); PARTNER_UNAVAILABLE when it fails. */
async function variantsOf(ctx: ServiceContext, partner: PartnerRow, sku: string): Promise<ExchangeVariant[]> {
  const key = `${partner.id}|${sku}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let answers;
  try {
    answers = await adapterFor('MERCHANT', partner.adapter).exchangeOptions({ ...partner, timeoutMs: ctx.config.exchangeOptionsTimeoutMs }, sku);
  } catch (e) {
    throw new PartnerUnavailableError(`The shop's stock could not be checked just now (${e instanceof Error ? e.message.slice(0, 120) : 'error'}); try again`);
  }
  const variants = answers.flatMap((a): ExchangeVariant[] => {
    // A price the merchant cannot state in a currency Boomerang knows is not offered.
    if (!isSupportedCurrency(a.price.currencyCode)) return [];
    try {
      return [{ sku: a.sku, name: a.name, attributes: a.attributes, available: a.available, priceMinor: parseAmount(a.price.amount, a.price.currencyCode), currencyCode: a.price.currencyCode }];
    } catch {
      return [];
    }
  });
  if (ctx.config.exchangeOptionsCacheMs > 0) cache.set(key, variants, { ttl: ctx.config.exchangeOptionsCacheMs });
  return variants;
}

/** What the customer paid for one unit of a line (after its discount). */
function paidPerUnit(line: OrderLineRow): number {
  return computeItemRefund({
    line: { quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, discountMinor: line.discountMinor },
    alreadyRefundedUnits: 0, units: 1, restockingFeePercent: 0, reason: 'DEFECTIVE',
  }).grossMinor;
}

/**
 * `exchangeOptions(orderLineId)`: the variants in stock the customer may exchange a line of their order for (owner,
 * guest token for the order, or staff; NOT_FOUND otherwise). Empty when no merchant system is connected.
 */
export async function exchangeOptions(ctx: ServiceContext, orderLineId: string): Promise<ExchangeOffer[]> {
  const [line] = await ctx.db.select().from(orderLines).where(eq(orderLines.id, orderLineId));
  if (!line) throw new NotFoundError('Order line');
  const order = await visibleOrder(ctx, line.orderId);
  const merchant = await exchangeMerchant(ctx);
  if (!merchant) return [];
  const perUnit = paidPerUnit(line);
  return offeredVariants(await variantsOf(ctx, merchant, line.sku), line.sku, 1, order.currencyCode)
    .map((v) => ({ ...v, priceDifferenceMinor: v.priceMinor - perUnit }));
}

/**
 * Checks the EXCHANGE items of a return request against the merchant's stock before anything is written: the chosen
 * variant must be offered for the line, in stock for the units asked. Lines that are not the order's are left to
 * requestReturn (NOT_FOUND), and so is a request whose idempotency key already made a return (it is replayed as it was).
 */
export async function checkExchanges(
  ctx: ServiceContext, orderId: string, items: ReturnItemRequest[], idempotencyKey?: string | null,
): Promise<Outcome<Map<string, ChosenExchange>>> {
  const chosen = new Map<string, ChosenExchange>();
  const wanted = items.map((item, i) => ({ item, i })).filter(({ item }) => item.resolution === 'EXCHANGE' && item.exchangeSku);
  if (!wanted.length) return { ok: true, value: chosen };
  let order;
  try {
    order = await visibleOrder(ctx, orderId);
  } catch (e) {
    if (e instanceof NotFoundError) return { ok: true, value: chosen };
    throw e;
  }
  if (idempotencyKey) {
    const [prior] = await ctx.db.select({ id: returns.id }).from(returns)
      .where(and(eq(returns.customerId, order.customerId), eq(returns.idempotencyKey, idempotencyKey)));
    if (prior) return { ok: true, value: chosen };
  }
  const lines = new Map((await ctx.db.select().from(orderLines)
    .where(and(eq(orderLines.orderId, order.id), inArray(orderLines.id, wanted.map(({ item }) => item.orderLineId))))).map((l) => [l.id, l]));
  const merchant = await exchangeMerchant(ctx);
  const errors: UserError[] = [];
  for (const { item, i } of wanted) {
    const line = lines.get(item.orderLineId);
    if (!line) continue;
    const field = ['items', String(i), 'exchangeSku'];
    if (!merchant) {
      errors.push({ code: 'EXCHANGE_UNAVAILABLE', message: 'Exchanges are not available: no shop system is connected to check stock', field });
      continue;
    }
    let variants: ExchangeVariant[];
    try {
      variants = await variantsOf(ctx, merchant, line.sku);
    } catch (e) {
      if (!(e instanceof PartnerUnavailableError)) throw e;
      errors.push({ code: 'EXCHANGE_CHECK_FAILED', message: 'The shop\'s stock could not be checked just now; try again in a moment', field });
      continue;
    }
    const variant = offeredVariants(variants, line.sku, item.quantity, order.currencyCode).find((v) => v.sku === item.exchangeSku);
    if (!variant) {
      const known = variants.find((v) => v.sku === item.exchangeSku);
      const why = !known || known.sku === line.sku ? `${item.exchangeSku} is not offered in exchange for ${line.sku}`
        : known.available < item.quantity ? `${item.exchangeSku} is out of stock${known.available > 0 ? ` (${known.available} left)` : ''}`
          : `${item.exchangeSku} is not sold in ${order.currencyCode}`;
      errors.push({ code: 'EXCHANGE_VARIANT_UNAVAILABLE', message: `${why}; see exchangeOptions for what can be chosen`, field });
      continue;
    }
    chosen.set(item.orderLineId, { partnerId: merchant.id, line, variant });
  }
  return errors.length ? { ok: false, userErrors: errors } : { ok: true, value: chosen };
}
