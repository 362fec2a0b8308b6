import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { AnalyticsGroupBy } from '../../domain/analytics';
import { DEFAULT_FORECAST_GROUPS, expectedReturnedInventory, returnForecast } from '../../services/insight/forecast.service';
import type { GqlContext } from '../context';
import { AnalyticsGroupByEnum } from '../types/enums';
import { ExpectedReturnedInventory, ReturnForecast } from '../types/forecast.types';

const AS_OF = 'Evaluate as of this past instant (not in the future): the history ends with the last ISO week complete by then, and the forecast starts '
  + 'with the week that contains it. Default: now. expectedReturnedInventory\'s receipt and sellable rates count only what was known by then: returns '
  + 'requested, units received and dispositions decided before that week (docs/forecasting.md).';

/** Return forecasts and expected returned inventory: staff only, read from the analytics aggregates. */
@Resolver()
export class ForecastResolver {
  @Authorized('OPERATOR')
  @Query(() => ReturnForecast, {
    description: 'Staff: expected units requested back per week for the next 1–52 weeks, in total or per CATEGORY, SKU or REASON '
      + '(WEEK = total; DISPOSITION is refused), with 80 % intervals and backtest MAPE/MASE. See docs/forecasting.md.',
    complexity: ({ args, childComplexity }) => 1 + Math.min(Number(args.first ?? DEFAULT_FORECAST_GROUPS), 100) * childComplexity,
  })
  returnForecast(
    @Arg('horizonWeeks', () => Int, { description: 'Weeks to forecast, from the week after the last complete one.' }) horizonWeeks: number,
    @Arg('groupBy', () => AnalyticsGroupByEnum, { nullable: true, description: 'Forecast per CATEGORY, SKU or REASON; left out, one TOTAL group.' }) groupBy: AnalyticsGroupBy | null,
    @Arg('first', () => Int, { nullable: true, description: `Groups returned, most returned units first (default ${DEFAULT_FORECAST_GROUPS}, at most 100).` }) first: number | null,
    @Arg('asOf', () => GraphQLDateTime, { nullable: true, description: AS_OF }) asOf: Date | null,
    @Ctx() ctx: GqlContext,
  ): Promise<ReturnForecast> {
    return returnForecast(ctx.svc, { horizonWeeks, groupBy, first, asOf });
  }

  @Authorized('OPERATOR')
  @Query(() => ExpectedReturnedInventory, {
    description: 'Staff: units expected back in sellable condition per week for one SKU or one category (exactly one), '
      + 'for inventory planning. See docs/forecasting.md.',
  })
  expectedReturnedInventory(
    @Arg('sku', () => String, { nullable: true, description: 'The SKU to plan for (or give category).' }) sku: string | null,
    @Arg('category', () => String, { nullable: true, description: 'The category to plan for, when no sku is given.' }) category: string | null,
    @Arg('horizonWeeks', () => Int, { description: 'Weeks to forecast.' }) horizonWeeks: number,
    @Arg('asOf', () => GraphQLDateTime, { nullable: true, description: AS_OF }) asOf: Date | null,
    @Ctx() ctx: GqlContext,
  ): Promise<ExpectedReturnedInventory> {
    return expectedReturnedInventory(ctx.svc, { sku, category, horizonWeeks, asOf });
  }
}
