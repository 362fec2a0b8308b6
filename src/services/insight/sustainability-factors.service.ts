import { desc } from 'drizzle-orm';
import { sustainabilityFactorSets } from '../../db/schema';
import { validateFactorOverrides } from '../../domain/sustainability-factor-validator';
import { applyOverrides, type FactorOverrides, type SustainabilityFactors } from '../../domain/sustainability-factors';
import { requireAdmin, requireStaff } from '../access';
import { actorLabel, runMutation, type ServiceContext } from '../context';
import { UserErrorAbort, type Outcome } from '../errors';

/** The factor set in force: version 0 is the built-in defaults; higher versions are stored overrides. */
export interface FactorSetInForce {
  version: number;
  createdAt: Date | null;
  createdBy: string | null;
  /** The stored override rows (null for the defaults). */
  overrides: FactorOverrides | null;
  /** Defaults with the overrides laid over them: what the report computes with. */
  factors: SustainabilityFactors;
}

/** The newest stored override set over the defaults (no access check: callers check). */
export async function factorsInForce(ctx: ServiceContext): Promise<FactorSetInForce> {
  const [row] = await ctx.db.select().from(sustainabilityFactorSets).orderBy(desc(sustainabilityFactorSets.version)).limit(1);
  if (!row) return { version: 0, createdAt: null, createdBy: null, overrides: null, factors: applyOverrides(null) };
  const overrides = row.factors as FactorOverrides;
  return { version: row.version, createdAt: row.createdAt, createdBy: row.createdBy, overrides, factors: applyOverrides(overrides) };
}

/** `sustainabilityFactors`: staff see the factors in force with their sources. */
export async function sustainabilityFactors(ctx: ServiceContext): Promise<FactorSetInForce> {
  requireStaff(ctx);
  return factorsInForce(ctx);
}

/**
 * `setSustainabilityFactors`: an admin stores override rows as the next version (they replace the previous override
 * set, on top of the built-in defaults; `{}` restores the defaults). Invalid input stores nothing.
 */
export async function setSustainabilityFactors(ctx: ServiceContext, input: unknown): Promise<Outcome<FactorSetInForce>> {
  requireAdmin(ctx);
  const who = actorLabel(ctx.actor);
  const createdBy = `${who.actorType}:${who.actorId ?? 'unknown'}`;
  const checked = validateFactorOverrides(input, `Set by ${createdBy} without a source`);
  if (!checked.ok) {
    return {
      ok: false,
      userErrors: checked.problems.map((p) => ({ code: 'INVALID_FACTORS', message: p.message, field: ['input', 'factors', ...p.path] })),
    };
  }
  return runMutation(ctx, async (tx) => {
    const current = await factorsInForce(tx);
    const version = current.version + 1;
    const inserted = await tx.db.insert(sustainabilityFactorSets)
      .values({ version, factors: checked.overrides as Record<string, unknown>, createdBy })
      .onConflictDoNothing().returning();
    if (inserted.length === 0) {
      throw new UserErrorAbort([{ code: 'CONCURRENT_UPDATE', message: 'Another factor set was saved at the same time; retry', field: null }]);
    }
    return { version, createdAt: inserted[0].createdAt, createdBy, overrides: checked.overrides, factors: applyOverrides(checked.overrides) };
  });
}
