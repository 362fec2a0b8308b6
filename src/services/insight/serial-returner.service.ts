import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { analyticsCustomerStats } from '../../db/schema';
import { isSerialReturner } from '../../domain/analytics';
import type { EffectivePolicy } from '../../domain/return-policy';
import { requireStaff } from '../access';
import { replicaReads, type ServiceContext } from '../context';
import { fetchPage, type Page } from '../paging';

export type CustomerStatsRow = typeof analyticsCustomerStats.$inferSelect;

/** A page of customers ranked by how far above their cohort they return. */
export type SerialReturnerPage = Page<CustomerStatsRow>;

/** Keyset position in the ranking: (score, customer id), both descending. */
export interface SerialReturnerCursor { score: number; customerId: string }

/**
 * `serialReturners`: customers by excess score, highest first, with at least `minUnits` units bought and a score of at
 * least `minScore` (defaults: the thresholds that flag a serial returner). Keyset-paginated on
 * analytics_customer_stats_excess_idx. Staff only.
 */
export async function serialReturners(
  ctx: ServiceContext, first: number, after: SerialReturnerCursor | null, opts: { minUnits?: number | null; minScore?: number | null },
): Promise<SerialReturnerPage> {
  requireStaff(ctx);
  const minScore = opts.minScore ?? ctx.config.serialReturnerMinScore;
  const minUnits = opts.minUnits ?? ctx.config.serialReturnerMinUnits;
  const s = analyticsCustomerStats;
  return fetchPage(first, (limit) => replicaReads(ctx).select().from(s)
    .where(and(
      gte(s.excessScore, minScore), gte(s.unitsBought, minUnits),
      after ? sql`(${s.excessScore}, ${s.customerId}) < (${after.score}::float8, ${after.customerId}::uuid)` : undefined,
    ))
    .orderBy(desc(s.excessScore), desc(s.customerId))
    .limit(limit));
}

/** Why a request waits for an operator instead of approving itself. */
export interface ManualReviewReason { code: string; message: string; evidence: Record<string, unknown> }

/**
 * The serial-returner review of a new request: when any line's policy asks for it and the customer is flagged (as of
 * the last analytics refresh), one reason with the evidence; otherwise none.
 */
export async function serialReturnerReview(tx: ServiceContext, customerId: string, policies: EffectivePolicy[]): Promise<ManualReviewReason[]> {
  if (!policies.some((p) => p.manualReviewSerialReturners)) return [];
  const [stats] = await tx.db.select().from(analyticsCustomerStats).where(eq(analyticsCustomerStats.customerId, customerId));
  const thresholds = { minScore: tx.config.serialReturnerMinScore, minUnits: tx.config.serialReturnerMinUnits };
  if (!stats || !isSerialReturner(stats, thresholds)) return [];
  return [{
    code: 'SERIAL_RETURNER',
    message: `Manual review: serial returner (returns ${stats.excessScore.toFixed(2)} standard deviations above customers buying the same categories)`,
    evidence: {
      ...stats.evidence, score: stats.excessScore, unitsBought: stats.unitsBought, unitsReturned: stats.unitsReturned,
      expectedReturned: stats.expectedReturned, returnRate: stats.returnRate, thresholds, statsRefreshedAt: stats.refreshedAt.toISOString(),
    },
  }];
}
