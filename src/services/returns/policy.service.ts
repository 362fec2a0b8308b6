import { isNull, or, sql } from 'drizzle-orm';
import { builtOnce } from '../../db/prepared';
import { returnPolicies } from '../../db/schema';
import { isRiskThreshold, resolvePolicy, type EffectivePolicy, type PolicyRule } from '../../domain/return-policy';
import type { ReturnReasonCode } from '../../domain/return-reasons';
import { requireAdmin } from '../access';
import type { ServiceContext } from '../context';
import { BadInputError } from '../errors';

type PolicyRow = typeof returnPolicies.$inferSelect;

/** What an admin sends: category null is the default policy. */
export interface PolicyInput {
  category: string | null;
  windowDays: number;
  restockingFeePercent?: number | null;
  nonReturnable?: boolean | null;
  freeShippingReasons?: ReturnReasonCode[] | null;
  autoApprove?: boolean | null;
  methodFees?: Array<{ type: 'CARRIER_DROP_OFF' | 'LOCKER' | 'STORE_DROP_OFF' | 'HOME_PICKUP'; fee: number }> | null;
  returnlessThreshold?: number | null;
  refundAtFirstScan?: boolean | null;
  dropOffDays?: number | null;
  refurbAutoApproveLimit?: number | null;
  manualReviewSerialReturners?: boolean | null;
  manualReviewRiskAbove?: number | null;
  instantExchange?: boolean | null;
  storeCreditBonusPercent?: number | null;
}

function toRule(row: PolicyRow): PolicyRule {
  return {
    category: row.category, windowDays: row.windowDays, restockingFeePercent: row.restockingFeePercent,
    nonReturnable: row.nonReturnable, freeShippingReasons: row.freeShippingReasons, autoApprove: row.autoApprove,
    manualReviewSerialReturners: row.manualReviewSerialReturners,
    manualReviewRiskAbove: row.manualReviewRiskAbove,
    instantExchange: row.instantExchange,
    storeCreditBonusPercent: row.storeCreditBonusPercent,
  };
}

/** Creates or replaces the default policy or one category's override. */
export async function upsertReturnPolicy(ctx: ServiceContext, input: PolicyInput): Promise<PolicyRow> {
  requireAdmin(ctx);
  const pct = input.restockingFeePercent;
  if (pct !== undefined && pct !== null && (pct < 0 || pct > 100 || Math.round(pct * 100) !== pct * 100)) {
    throw new BadInputError('restockingFeePercent must be between 0 and 100 with at most two decimals', ['restockingFeePercent']);
  }
  if (input.category !== null && [input.methodFees, input.returnlessThreshold, input.refundAtFirstScan, input.dropOffDays, input.refurbAutoApproveLimit].some((v) => v !== undefined && v !== null)) {
    throw new BadInputError('methodFees, returnlessThreshold, refundAtFirstScan, dropOffDays and refurbAutoApproveLimit belong to the default policy (category null)', ['category']);
  }
  if (input.manualReviewRiskAbove !== undefined && input.manualReviewRiskAbove !== null && !isRiskThreshold(input.manualReviewRiskAbove)) {
    throw new BadInputError('manualReviewRiskAbove must be from 0 to 1 with at most three decimals', ['manualReviewRiskAbove']);
  }
  const bonus = input.storeCreditBonusPercent;
  if (bonus !== undefined && bonus !== null && (bonus < 0 || bonus > 100 || Math.round(bonus * 100) !== bonus * 100)) {
    throw new BadInputError('storeCreditBonusPercent must be between 0 and 100 with at most two decimals', ['storeCreditBonusPercent']);
  }
  const values = {
    category: input.category, windowDays: input.windowDays, restockingFeePercent: pct ?? null,
    nonReturnable: input.nonReturnable ?? null,
    freeShippingReasons: input.freeShippingReasons ? [...new Set(input.freeShippingReasons)] : null,
    autoApprove: input.autoApprove ?? null,
    methodFees: input.methodFees ? Object.fromEntries(input.methodFees.map((m) => [m.type, m.fee])) : null,
    returnlessThreshold: input.returnlessThreshold ?? null,
    refundAtFirstScan: input.refundAtFirstScan ?? null,
    dropOffDays: input.dropOffDays ?? null,
    refurbAutoApproveLimit: input.refurbAutoApproveLimit ?? null,
    manualReviewSerialReturners: input.manualReviewSerialReturners ?? null,
    manualReviewRiskAbove: input.manualReviewRiskAbove ?? null,
    instantExchange: input.instantExchange ?? null,
    storeCreditBonusPercent: bonus ?? null,
  };
  const [row] = await ctx.db.insert(returnPolicies).values(values).onConflictDoUpdate({
    target: returnPolicies.category,
    set: { ...values, updatedAt: sql`now()` },
  }).returning();
  return row;
}

/** All policy rows, default first. */
export async function listPolicies(ctx: ServiceContext): Promise<PolicyRow[]> {
  const rows = await ctx.db.select().from(returnPolicies);
  return rows.sort((a, b) => (a.category === null ? -1 : b.category === null ? 1 : a.category.localeCompare(b.category)));
}

// The default policy and the categories' (one array parameter, so one statement text for any number of categories).
const POLICIES = builtOnce<{ categories: string[] }, Array<typeof returnPolicies.$inferSelect>>('effectivePolicies', (db) =>
  db.select().from(returnPolicies)
    .where(or(isNull(returnPolicies.category), sql`${returnPolicies.category} = any(${sql.placeholder('categories')}::text[])`)));

/** Effective policy per category for the given categories, in one query. */
export async function effectivePolicies(ctx: ServiceContext, categories: string[]): Promise<Map<string, EffectivePolicy>> {
  const unique = [...new Set(categories)];
  const rows = await POLICIES(ctx.db, { categories: unique });
  const def = rows.find((r) => r.category === null);
  const result = new Map<string, EffectivePolicy>();
  for (const c of unique) {
    const cat = rows.find((r) => r.category === c);
    result.set(c, resolvePolicy(def ? toRule(def) : null, cat ? toRule(cat) : null));
  }
  return result;
}
