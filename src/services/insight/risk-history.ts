import { sql, type SQL } from 'drizzle-orm';
import { returnPolicies } from '../../db/schema';
import { CURRENCY_EXPONENTS } from '../../domain/currency-exponents';
import { DEFAULT_POLICY } from '../../domain/return-policy';
import type { ServiceContext } from '../context';

/*
 * When an order line's return outcome is final, shared by training and scoring so both read the
 * history the same way. A line's label is "units requested back (returns not CANCELLED or
 * REJECTED) no later than its return deadline"; that outcome is *known* at
 * max(placed + window + grace, delivered + window) — before then the customer could still ask.
 */

/** The return windows the labels were computed with (stored with each model, reused when scoring). */
export interface LabelRule {
  /** Window days per category that has a policy row; other categories use defaultWindowDays. */
  windows: Record<string, number>;
  defaultWindowDays: number;
  /** Days added after the order date before an undelivered order's outcome counts as known. */
  graceDays: number;
}

/** The label rule under the policies in force now. */
export async function currentLabelRule(ctx: ServiceContext, graceDays: number): Promise<LabelRule> {
  const rows = await ctx.db.select({ category: returnPolicies.category, windowDays: returnPolicies.windowDays }).from(returnPolicies);
  const windows: Record<string, number> = {};
  for (const r of rows) if (r.category !== null) windows[r.category] = r.windowDays;
  const def = rows.find((r) => r.category === null);
  return { windows, defaultWindowDays: def?.windowDays ?? DEFAULT_POLICY.windowDays, graceDays };
}

/** The longest window any category has. */
export function longestWindowDays(rule: LabelRule): number {
  return Math.max(rule.defaultWindowDays, ...Object.values(rule.windows));
}

/** Statuses whose units do not count as returned. */
const NOT_RETURNED = sql`('CANCELLED', 'REJECTED')`;

/** Window days of a line's category (an SQL expression over `category`). */
function windowOf(rule: LabelRule, category: SQL): SQL {
  return sql`coalesce((${JSON.stringify(rule.windows)}::jsonb ->> ${category})::int, ${rule.defaultWindowDays}::int)`;
}

/**
 * `horizon` (the return deadline) and `known_at` of each line, for lines `l` of orders `o` in the
 * FROM clause the caller writes; `days` is the window expression.
 */
export function outcomeTimes(rule: LabelRule, line: string, order: string): { horizon: SQL; knownAt: SQL } {
  const days = windowOf(rule, sql.raw(`${line}.category`));
  const start = sql.raw(`coalesce(${order}.delivered_at, ${order}.placed_at)`);
  const placed = sql.raw(`${order}.placed_at`);
  return {
    horizon: sql`(${start} + make_interval(days => ${days}))`,
    knownAt: sql`greatest(${placed} + make_interval(days => ${days} + ${rule.graceDays}::int), ${start} + make_interval(days => ${days}))`,
  };
}

/**
 * Units requested back per line by its deadline: a query over `source`, a CTE or table with
 * `line_id` and `horizon` columns (a set-based join, not a subquery per line).
 */
export function returnedByLine(source: string): SQL {
  return sql`select t.line_id, sum(ri.quantity)::int as units
    from ${sql.raw(source)} t join return_items ri on ri.order_line_id = t.line_id join returns r on r.id = ri.return_id
    where r.status not in ${NOT_RETURNED} and r.created_at <= t.horizon
    group by t.line_id`;
}

/** A minor-unit amount column in major units of its currency column (ISO 4217 exponents, 2 when unknown). */
export function majorUnits(amount: string, currency: string): SQL {
  const exponents = JSON.stringify(Object.fromEntries(CURRENCY_EXPONENTS));
  return sql`(${sql.raw(amount)}::float8 / power(10, coalesce((${exponents}::jsonb ->> ${sql.raw(currency)})::int, 2)))`;
}

