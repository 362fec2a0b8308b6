import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { SalesModelKind } from '../../domain/holt-winters';

export const SalesModelKindEnum = {
  ZERO: 'ZERO', MEAN: 'MEAN', DAMPED_HOLT: 'DAMPED_HOLT',
  HOLT_WINTERS_ADDITIVE: 'HOLT_WINTERS_ADDITIVE', HOLT_WINTERS_MULTIPLICATIVE: 'HOLT_WINTERS_MULTIPLICATIVE',
} as const satisfies Record<SalesModelKind, SalesModelKind>;
registerEnumType(SalesModelKindEnum, {
  name: 'SalesModelKind',
  description: 'The weekly-sales model: Holt-Winters (52-week season, damped trend) with ≥ 104 weeks of history, damped-trend Holt with 4–103, the mean below that, ZERO without sales.',
  valuesConfig: {
    ZERO: { description: 'No sales: forecast zero.' },
    MEAN: { description: 'Too little history (under 4 weeks): the mean weekly sales.' },
    DAMPED_HOLT: { description: 'Damped-trend Holt (4-103 weeks of history).' },
    HOLT_WINTERS_ADDITIVE: { description: 'Holt-Winters with an additive 52-week season (104+ weeks).' },
    HOLT_WINTERS_MULTIPLICATIVE: { description: 'Holt-Winters with a multiplicative 52-week season (104+ weeks).' },
  },
});

export const IntervalMethodEnum = { EMPIRICAL: 'EMPIRICAL', POISSON: 'POISSON' } as const;
registerEnumType(IntervalMethodEnum, {
  name: 'ForecastIntervalMethod',
  description: 'EMPIRICAL: quantiles of backtest errors; POISSON: too few backtest weeks, Poisson noise only.',
  valuesConfig: {
    EMPIRICAL: { description: 'Quantiles of the backtest errors.' },
    POISSON: { description: 'Too few backtest weeks: Poisson noise only.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'Expected units requested back in one ISO week (Monday, UTC) with an 80 % interval.' })
export class ForecastWeek {
  @Field({ description: 'Monday of the week, YYYY-MM-DD (UTC).' }) weekStart!: string;
  @Field(() => Float, { description: 'fromPastSales + fromFutureSales.' }) expectedUnits!: number;
  @Field(() => Float, { description: 'Returns still to come from units already sold (sales × the return-rate-by-lag curve).' }) fromPastSales!: number;
  @Field(() => Float, { description: 'Returns from units not yet sold (the sales forecast × the curve).' }) fromFutureSales!: number;
  @Field(() => Float, { description: 'Forecast units sold that week.' }) expectedSales!: number;
  @Field(() => Float, { description: '10th percentile (from backtest errors).' }) low!: number;
  @Field(() => Float, { description: '90th percentile.' }) high!: number;
}

@ObjectType({ simpleResolvers: true, description: 'The rolling-origin backtest: forecasts from every week of the window compared with the returns that came.' })
export class ForecastBacktest {
  @Field({ description: 'First held-out week (Monday).' }) fromWeek!: string;
  @Field({ description: 'Last held-out week (the last complete week).' }) toWeek!: string;
  @Field(() => Int, { description: 'Forecast origins in the window.' }) origins!: number;
  @Field(() => Int, { description: '(origin, week ahead) pairs compared.' }) points!: number;
  @Field(() => Int, { description: 'Season of the naïve forecast scaling MASE: 52 (seasonal naïve) or 1.' }) maseSeasonWeeks!: number;
  @Field(() => IntervalMethodEnum, { description: 'How the 80 % interval was estimated.' }) intervalMethod!: keyof typeof IntervalMethodEnum;
  @Field(() => Int, { description: 'Errors the interval was estimated from.' }) intervalSamples!: number;
}

@ObjectType({ simpleResolvers: true, description: 'The fitted sales model and its smoothing parameters.' })
export class SalesModel {
  @Field(() => SalesModelKindEnum, { description: 'Which model was fitted to the weekly sales.' }) kind!: SalesModelKind;
  @Field(() => Float, { description: 'Level smoothing parameter (0-1).' }) alpha!: number;
  @Field(() => Float, { description: 'Trend smoothing parameter (0-1; 0 without a trend).' }) beta!: number;
  @Field(() => Float, { description: '0 without a season.' }) gamma!: number;
  @Field(() => Float, { description: 'Trend damping (1 = none).' }) phi!: number;
  @Field(() => Int, { description: '52, or 0 without a season.' }) seasonWeeks!: number;
}

@ObjectType({ simpleResolvers: true, description: 'The return forecast of one group (a category, a SKU, a reason, or TOTAL).' })
export class ForecastGroup {
  @Field({ description: 'Category, SKU or reason code; TOTAL when not grouped.' }) key!: string;
  @Field(() => String, { nullable: true, description: 'The category of a category or SKU group.' }) category!: string | null;
  @Field(() => [ForecastWeek], { description: 'The forecast per week, horizonWeeks of them from the week after historyTo.' }) weeks!: ForecastWeek[];
  @Field(() => Float, { nullable: true, description: 'Backtest MAPE in percent (weeks with no returns skipped); null without a backtest.' }) backtestMape!: number | null;
  @Field(() => Float, { nullable: true, description: 'Backtest MASE: the MAE over the in-sample (seasonal) naïve MAE; < 1 beats the naïve forecast.' }) backtestMase!: number | null;
  @Field(() => ForecastBacktest, { nullable: true, description: 'How the backtest was run; null when the history is too short for one.' }) backtest!: ForecastBacktest | null;
  @Field(() => SalesModel, { description: 'The sales model behind fromFutureSales.' }) salesModel!: SalesModel;
  @Field(() => Float, { description: 'Units requested back per unit sold, all lags (Σ returnRateByLag).' }) returnRate!: number;
  @Field(() => [Float], { description: 'Fraction of a week\'s sold units requested back k weeks later, k = 0…52.' }) returnRateByLag!: number[];
  @Field(() => Int, { description: 'Weeks from the group\'s first sale to the last complete week.' }) historyWeeks!: number;
  @Field(() => [String], { description: 'Caveats in words, e.g. a short history or a model fallback.' }) notes!: string[];
}

@ObjectType({ simpleResolvers: true, description: 'Expected returned units per week for the next weeks (docs/forecasting.md).' })
export class ReturnForecast {
  @Field(() => Int, { description: 'Weeks forecast, as asked.' }) horizonWeeks!: number;
  @Field({ description: 'First week of the history read (Monday).' }) historyFrom!: string;
  @Field({ description: 'Last complete week of the history (Monday); the forecast starts the week after.' }) historyTo!: string;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the analytics aggregates were last refreshed; null: never.' }) dataRefreshedAt!: Date | null;
  @Field(() => [ForecastGroup], { description: 'One forecast per group (one TOTAL group when not grouped).' }) groups!: ForecastGroup[];
  @Field(() => [String], { description: 'Caveats about the whole forecast in words, e.g. stale aggregates.' }) notes!: string[];
}

@ObjectType({ simpleResolvers: true, description: 'A probability estimated from a group\'s own units, shrunk toward its parent\'s (the category, or all categories).' })
export class ShrunkProbability {
  @Field(() => Float, { description: 'The estimate, 0 to 1.' }) value!: number;
  @Field(() => Int, { description: 'Units of the group itself it was estimated from.' }) fromUnits!: number;
  @Field(() => Float, { description: 'The parent\'s rate.' }) parentValue!: number;
  @Field(() => Float, { description: 'Weight of the parent\'s rate: 50 / (fromUnits + 50).' }) parentWeight!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Expected sellable units coming back from the requests of one week.' })
export class ExpectedInventoryWeek {
  @Field({ description: 'Monday of the request week, YYYY-MM-DD (UTC); units arrive after the transit time.' }) weekStart!: string;
  @Field(() => Float, { description: 'Forecast units requested back.' }) expectedReturnedUnits!: number;
  @Field(() => Float, { description: 'expectedReturnedUnits × probability.' }) expectedSellableUnits!: number;
  @Field(() => Float, { description: 'The forecast\'s low × probability.' }) low!: number;
  @Field(() => Float, { description: 'The forecast\'s high × probability.' }) high!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Units expected back in sellable condition, for inventory planning (docs/forecasting.md).' })
export class ExpectedReturnedInventory {
  @Field(() => String, { nullable: true, description: 'The SKU asked about; null when asked per category.' }) sku!: string | null;
  @Field({ description: 'The category (of the SKU, when one was asked about).' }) category!: string;
  @Field(() => Int, { description: 'Weeks forecast, as asked.' }) horizonWeeks!: number;
  @Field(() => [ExpectedInventoryWeek], { description: 'Expected sellable units per request week.' }) weeks!: ExpectedInventoryWeek[];
  @Field(() => Float, { description: 'receiptProbability × sellableProbability: a requested unit comes back sellable.' }) probability!: number;
  @Field(() => ShrunkProbability, { description: 'A requested unit is received (requests at least 4 weeks old).' }) receiptProbability!: ShrunkProbability;
  @Field(() => ShrunkProbability, { description: 'A received, dispositioned unit goes back to sellable stock (RESTOCK, RESELL_OPEN_BOX, completed REFURBISH).' }) sellableProbability!: ShrunkProbability;
  @Field(() => ForecastGroup, { description: 'The return forecast behind it.' }) forecast!: ForecastGroup;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the analytics aggregates were last refreshed; null: never.' }) dataRefreshedAt!: Date | null;
  @Field(() => [String], { description: 'Caveats in words, e.g. few units behind a probability.' }) notes!: string[];
}
