import { inArray, sql } from 'drizzle-orm';
import { orderLines, orders } from '../../db/schema';
import { CURRENCY_EXPONENTS } from '../../domain/currency-exponents';
import { predict, standardize } from '../../domain/risk-model';
import { bracketedLines, orderRisk, RISK_FEATURE_NAMES, riskFeatureRow } from '../../domain/return-risk-features';
import type { EffectivePolicy } from '../../domain/return-policy';
import { requireStaff } from '../access';
import type { ServiceContext } from '../context';
import { rowsOf } from '../../db/rows';
import { outcomeTimes, returnedByLine } from './risk-history';
import { activeRiskModel, type RiskModelRow, type StoredRiskModel } from './risk-model.service';
import type { ManualReviewReason } from './serial-returner.service';

/** An order's return risk under one model version: per line and for the whole order. */
export interface OrderRiskScore {
  orderId: string;
  /** Probability that any line comes back: 1 − Π(1 − pᵢ). */
  risk: number;
  /** Per order line id: probability that units of it are requested back within the window. */
  lines: Map<string, number>;
  modelVersion: number;
}

/**
 * Units each order's customer bought and returned on earlier orders whose outcome was known when
 * that order was placed — the same rule the model was trained with — and how many orders they had
 * placed before it (one query for all orders).
 */
async function customerHistoryBefore(ctx: ServiceContext, model: StoredRiskModel, orderIds: string[]) {
  const { horizon, knownAt } = outcomeTimes(model.labelRule, 'l', 'o');
  const rows = rowsOf<{ order_id: string; bought: number; returned: number; prior_orders: number }>(await ctx.db.execute(sql`
    with q as (
      select id, customer_id, placed_at from orders where id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(orderIds)}::jsonb))
    ),
    prev as (
      select q.id as scored, l.id as line_id, l.quantity, ${horizon} as horizon
      from q join orders o on o.customer_id = q.customer_id and o.placed_at < q.placed_at join order_lines l on l.order_id = o.id
      where ${knownAt} <= q.placed_at
    ),
    returned as (${returnedByLine('(select distinct line_id, horizon from prev)')}),
    known as (
      select p.scored, sum(p.quantity)::float8 as bought, sum(least(coalesce(r.units, 0), p.quantity))::float8 as returned
      from prev p left join returned r using (line_id) group by p.scored
    )
    select q.id as order_id, coalesce(k.bought, 0)::float8 as bought, coalesce(k.returned, 0)::float8 as returned,
      (select count(*) from orders o2 where o2.customer_id = q.customer_id and o2.placed_at < q.placed_at)::int as prior_orders
    from q left join known k on k.scored = q.id`));
  return new Map(rows.map((r) => [r.order_id, r]));
}

const major = (minor: number, currency: string) => minor / 10 ** (CURRENCY_EXPONENTS.get(currency) ?? 2);

/**
 * Scores orders with the active model (or `modelRow`): one query for the model, one for the lines,
 * one for the customers' past history, whatever the number of orders. No access check: callers
 * decide who may see the result. Orders without lines or without a model are absent from the map.
 */
export async function scoreOrders(ctx: ServiceContext, orderIds: readonly string[], modelRow?: RiskModelRow | null): Promise<Map<string, OrderRiskScore>> {
  const result = new Map<string, OrderRiskScore>();
  if (orderIds.length === 0) return result;
  const row = modelRow === undefined ? await activeRiskModel(ctx) : modelRow;
  if (!row) return result;
  const model = row.model as unknown as StoredRiskModel;
  // A model trained with another feature list (older code) cannot score: it waits for the next training.
  if (model.features.join() !== RISK_FEATURE_NAMES.join()) return result;
  const ids = [...new Set(orderIds)];
  const [lines, history] = await Promise.all([
    ctx.db.select({ line: orderLines, placedAt: orders.placedAt, deliveredAt: orders.deliveredAt })
      .from(orderLines).innerJoin(orders, sql`${orders.id} = ${orderLines.orderId}`)
      .where(inArray(orderLines.orderId, ids)).orderBy(orderLines.orderId, orderLines.lineNumber),
    customerHistoryBefore(ctx, model, ids),
  ]);
  const byOrder = new Map<string, typeof lines>();
  for (const l of lines) {
    if (!byOrder.has(l.line.orderId)) byOrder.set(l.line.orderId, []);
    byOrder.get(l.line.orderId)!.push(l);
  }
  for (const [orderId, own] of byOrder) {
    const bracketed = bracketedLines(own.map((l) => l.line.sku));
    const past = history.get(orderId);
    const scores = new Map<string, number>();
    own.forEach(({ line, placedAt, deliveredAt }, i) => {
      const x = riskFeatureRow({
        sku: line.sku, category: line.category, quantity: line.quantity,
        unitPriceMajor: major(line.unitPriceMinor, line.currencyCode), discountMajor: major(line.discountMinor, line.currencyCode),
        customerBoughtUnits: past?.bought ?? 0, customerReturnedUnits: past?.returned ?? 0, customerPriorOrders: past?.prior_orders ?? 0, bracketed: bracketed[i],
        deliveryDelayDays: deliveredAt ? (deliveredAt.getTime() - placedAt.getTime()) / 86_400_000 : null,
      }, model.encodings);
      scores.set(line.id, predict(model, standardize(model.standardizer, x)));
    });
    result.set(orderId, { orderId, risk: orderRisk([...scores.values()]), lines: scores, modelVersion: row.version });
  }
  return result;
}

/** Batch loader body for `Order.returnRisk` / `OrderLine.returnRisk`: staff only, aligned with `ids`. */
export async function returnRiskByOrderIds(ctx: ServiceContext, ids: readonly string[]): Promise<(OrderRiskScore | null)[]> {
  requireStaff(ctx);
  const scores = await scoreOrders(ctx, ids);
  return ids.map((id) => scores.get(id) ?? null);
}

/**
 * The return-risk review of a new request: when the requested lines' policies set a threshold (the
 * lowest applies) and the order's risk under the active model is at or above it, one reason with
 * the score and model version; otherwise none (also when no model is active).
 */
export async function returnRiskReview(tx: ServiceContext, orderId: string, policies: EffectivePolicy[]): Promise<ManualReviewReason[]> {
  const thresholds = policies.map((p) => p.manualReviewRiskAbove).filter((t): t is number => t !== null);
  if (thresholds.length === 0) return [];
  const threshold = Math.min(...thresholds);
  const score = (await scoreOrders(tx, [orderId])).get(orderId);
  if (!score || score.risk < threshold) return [];
  return [{
    code: 'RETURN_RISK',
    message: `Manual review: order return risk ${score.risk.toFixed(3)} is at or above the policy threshold ${threshold}`,
    evidence: { riskScore: score.risk, threshold, modelVersion: score.modelVersion },
  }];
}
