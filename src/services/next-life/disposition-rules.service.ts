import { desc } from 'drizzle-orm';
import { dispositionRuleSets } from '../../db/schema';
import { DEFAULT_RULESET, validateRuleSet, type DispositionRuleSet } from '../../domain/disposition';
import { requireAdmin } from '../access';
import { actorLabel, runMutation, type ServiceContext } from '../context';
import { UserErrorAbort, type Outcome } from '../errors';

/** The rule set in force: the newest stored version, else the built-in default. */
export async function activeRuleSet(ctx: ServiceContext): Promise<DispositionRuleSet> {
  const [row] = await ctx.db.select().from(dispositionRuleSets).orderBy(desc(dispositionRuleSets.version)).limit(1);
  return row?.ruleSet ?? DEFAULT_RULESET;
}

/** Stores a validated rule set as the next version; the version given in the input is ignored. */
export async function setDispositionRules(ctx: ServiceContext, input: unknown): Promise<Outcome<DispositionRuleSet>> {
  requireAdmin(ctx);
  const checked = validateRuleSet(input);
  if (!checked.ok) {
    return { ok: false, userErrors: checked.errors.slice(0, 20).map((message) => ({ code: 'INVALID_RULE_SET', message, field: ['ruleSet'] })) };
  }
  return runMutation(ctx, async (tx) => {
    const current = await activeRuleSet(tx);
    const ruleSet = { ...checked.ruleSet, version: current.version + 1 };
    const inserted = await tx.db.insert(dispositionRuleSets)
      .values({ version: ruleSet.version, ruleSet, createdBy: actorLabel(tx.actor).actorId ?? 'system' })
      .onConflictDoNothing().returning();
    if (inserted.length === 0) throw new UserErrorAbort([{ code: 'CONCURRENT_UPDATE', message: 'Another rule set was saved at the same time; retry', field: null }]);
    return ruleSet;
  });
}
