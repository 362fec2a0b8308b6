import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { sustainabilityCsv } from '../../domain/sustainability-csv';
import { listFactors } from '../../domain/sustainability-factors';
import {
  setSustainabilityFactors, sustainabilityFactors, type FactorSetInForce,
} from '../../services/insight/sustainability-factors.service';
import { sustainabilityReport, type SustainabilityReport as ReportData } from '../../services/insight/sustainability.service';
import type { GqlContext } from '../context';
import {
  SetSustainabilityFactorsInput, SetSustainabilityFactorsPayload, SustainabilityFactorSet, SustainabilityReport,
} from '../types/sustainability.types';

const toFactorSet = (set: FactorSetInForce): SustainabilityFactorSet => ({
  version: set.version, createdAt: set.createdAt, createdBy: set.createdBy,
  overrides: (set.overrides ?? {}) as Record<string, unknown>,
  factors: listFactors(set.factors, set.overrides),
});

/** The sustainability report (staff) and its factor tables (read: staff; replace: admin). */
@Resolver(() => SustainabilityReport)
export class SustainabilityResolver {
  @Authorized('OPERATOR')
  @Query(() => SustainabilityReport, { description: 'Weight by GRI 306 route, landfill diversion, transport CO2e and CO2e avoided for returns requested in [from, to).' })
  sustainabilityReport(
    @Arg('from', () => GraphQLDateTime, { description: 'Start of the period (inclusive): returns requested at or after it.' }) from: Date, @Arg('to', () => GraphQLDateTime, { description: 'End of the period (exclusive).' }) to: Date, @Ctx() ctx: GqlContext,
  ): Promise<ReportData> {
    return sustainabilityReport(ctx.svc, from, to);
  }

  @FieldResolver(() => String, { description: 'The report as CSV (one row per route/disposition/material, method and category, with units); also GET /reports/sustainability.csv.' })
  csv(@Root() report: ReportData): string {
    return sustainabilityCsv(report);
  }

  @Authorized('OPERATOR')
  @Query(() => SustainabilityFactorSet, { description: 'The sustainability factors in force, each with its source.' })
  async sustainabilityFactors(@Ctx() ctx: GqlContext): Promise<SustainabilityFactorSet> {
    return toFactorSet(await sustainabilityFactors(ctx.svc));
  }

  @Authorized('ADMIN')
  @Mutation(() => SetSustainabilityFactorsPayload, { description: 'Stores override rows as the next factor set version; invalid rows are userErrors and store nothing.' })
  async setSustainabilityFactors(@Arg('input', { description: 'The override rows.' }) input: SetSustainabilityFactorsInput, @Ctx() ctx: GqlContext): Promise<SetSustainabilityFactorsPayload> {
    const outcome = await setSustainabilityFactors(ctx.svc, input.factors);
    return outcome.ok ? { factorSet: toFactorSet(outcome.value), userErrors: [] } : { factorSet: null, userErrors: outcome.userErrors };
  }
}
