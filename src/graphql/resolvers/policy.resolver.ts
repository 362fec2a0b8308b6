import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { RETURN_REASONS } from '../../domain/return-reasons';
import { activeRuleSet, setDispositionRules } from '../../services/next-life/disposition-rules.service';
import { listPolicies, upsertReturnPolicy } from '../../services/returns/policy.service';
import type { GqlContext } from '../context';
import { DispositionRuleSetInfo, SetDispositionRulesPayload, UpsertReturnPolicyPayload } from '../types/payloads';
import { ReturnPolicy, ReturnReasonDefinition } from '../types/policy.types';
import { ReturnPolicyInput } from '../types/return.inputs';

/** Return policy, reasons and the disposition rule set. */
@Resolver()
export class PolicyResolver {
  @Query(() => [ReturnReasonDefinition], { description: 'Reason codes a customer can pick, with labels.' })
  returnReasons(): ReturnReasonDefinition[] {
    return RETURN_REASONS.map((r) => ({ ...r }));
  }

  @Authorized('OPERATOR')
  @Query(() => [ReturnPolicy], { description: 'The default policy first, then category overrides.' })
  returnPolicies(@Ctx() ctx: GqlContext) {
    return listPolicies(ctx.svc);
  }

  @Authorized('ADMIN')
  @Mutation(() => UpsertReturnPolicyPayload, { description: 'Creates or replaces the default policy (category null) or a category override.' })
  async upsertReturnPolicy(@Arg('input', { description: 'The policy to store.' }) input: ReturnPolicyInput, @Ctx() ctx: GqlContext): Promise<UpsertReturnPolicyPayload> {
    const policy = await upsertReturnPolicy(ctx.svc, { ...input, category: input.category ?? null });
    return { policy, userErrors: [] };
  }

  @Authorized('OPERATOR')
  @Query(() => DispositionRuleSetInfo, { description: 'The disposition rule set in force.' })
  async dispositionRules(@Ctx() ctx: GqlContext): Promise<DispositionRuleSetInfo> {
    const ruleSet = await activeRuleSet(ctx.svc);
    return { version: ruleSet.version, ruleSet: ruleSet as unknown as Record<string, unknown> };
  }

  @Authorized('ADMIN')
  @Mutation(() => SetDispositionRulesPayload, { description: 'Replaces the disposition rules with a new version (data, no code change).' })
  async setDispositionRules(@Arg('ruleSet', () => GraphQLJSONObject, { validate: false, description: 'The whole rule set as a JSON object (see docs/dispositions.md); invalid sets are INVALID_RULE_SET.' }) ruleSet: Record<string, unknown>, @Ctx() ctx: GqlContext): Promise<SetDispositionRulesPayload> {
    const outcome = await setDispositionRules(ctx.svc, ruleSet);
    if (!outcome.ok) return { ruleSet: null, userErrors: outcome.userErrors };
    return { ruleSet: { version: outcome.value.version, ruleSet: outcome.value as unknown as Record<string, unknown> }, userErrors: [] };
  }
}
