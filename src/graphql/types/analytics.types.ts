import { IsOptional, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import type { AnalyticsGroupBy } from '../../domain/analytics';
import { AdminOperation } from './admin-operation.types';
import { Money, UserError, connectionOf } from './common.types';
import { AnalyticsGroupByEnum, ReturnReasonCodeEnum } from './enums';
import { Customer } from './order.types';

@ObjectType({ simpleResolvers: true, description: 'Returned units with one reason.' })
export class ReasonUnits {
  @Field(() => ReturnReasonCodeEnum, { description: 'The return reason.' }) code!: string;
  @Field(() => Int, { description: 'Returned units with this reason.' }) units!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Returned units with one disposition (the disposition mix).' })
export class DispositionUnits {
  @Field({ description: 'A DispositionType, or NONE while undecided (on its way back, awaiting inspection, or returnless).' }) disposition!: string;
  @Field(() => Int, { description: 'Returned units with this disposition.' }) units!: number;
  @Field(() => Float, { description: 'units ÷ returned units.' }) share!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Money figures in one currency (no conversion between currencies).' })
export class AnalyticsCurrencyFigures {
  @Field({ description: 'ISO 4217 currency of the figures.' }) currencyCode!: string;
  @Field(() => Money, { description: 'Refunds issued.' }) refunded!: Money;
  @Field(() => Money, { description: 'Realized: resale sales, vendor credits and disposal proceeds of the returned units.' }) valueRecovered!: Money;
  @Field(() => Money, { description: 'What the dispositioned units were sold for originally (the recovery rate\'s base).' }) dispositionedValue!: Money;
  @Field(() => Float, { nullable: true, description: 'valueRecovered ÷ dispositionedValue; null when nothing is dispositioned.' }) recoveryRate!: number | null;
  @Field(() => Money, { description: 'Return shipping the merchant paid: the carrying partner\'s cost per parcel minus the fee charged.' }) returnShippingCost!: Money;
  @Field(() => Money, { description: 'What refurbishers charged for the returned units.' }) refurbishmentCost!: Money;
}

/** The figures the whole range and every group share. */
@ObjectType({ simpleResolvers: true })
export abstract class AnalyticsFigures {
  @Field(() => Int, { description: 'Units of orders placed in the range (for REASON and DISPOSITION groups: all of them).' }) soldUnits!: number;
  @Field(() => Int, { description: 'Units of those orders requested back (cancelled, rejected and expired returns excluded).' }) returnedUnits!: number;
  @Field(() => Float, { description: 'returnedUnits ÷ soldUnits (0 when nothing was sold).' }) returnRate!: number;
  @Field(() => Int, { description: 'Returned units received at the warehouse.' }) receivedUnits!: number;
  @Field(() => Int, { description: 'Returned units refunded.' }) refundedUnits!: number;
  @Field(() => Int, { description: 'Received units back in sellable stock (restocked, open box, refurbished).' }) sellableUnits!: number;
  @Field(() => Money, { nullable: true, description: 'Refunds issued, in the report\'s currency (currencyCode); null when there is none.' }) refunded!: Money | null;
  @Field(() => [Money], { description: 'Refunds issued per currency.' }) refundedByCurrency!: Money[];
  @Field(() => Money, { nullable: true, description: 'Value recovered, in the report\'s currency.' }) valueRecovered!: Money | null;
  @Field(() => Float, { nullable: true, description: 'Value recovered ÷ original value of the dispositioned units, in the report\'s currency.' }) recoveryRate!: number | null;
  @Field(() => Money, { nullable: true, description: 'Return shipping the merchant paid, in the report\'s currency.' }) returnShippingCost!: Money | null;
  @Field(() => Money, { nullable: true, description: 'Refurbishment cost, in the report\'s currency.' }) refurbishmentCost!: Money | null;
  @Field(() => [AnalyticsCurrencyFigures], { description: 'Every money figure per currency.' }) byCurrency!: AnalyticsCurrencyFigures[];
  @Field(() => Float, { nullable: true, description: 'Median whole days from request to refund over refunded return lines; null when none.' }) medianDaysToRefund!: number | null;
  @Field(() => Int, { description: 'Refunded return lines behind medianDaysToRefund.' }) refundsTimed!: number;
  @Field(() => [ReasonUnits], { description: 'Returned units by reason, most first.' }) reasons!: ReasonUnits[];
  @Field(() => [DispositionUnits], { description: 'Returned units by disposition, most first.' }) dispositions!: DispositionUnits[];
}

@ObjectType({ simpleResolvers: true, description: 'The figures of one category, SKU, reason, disposition or order week.' })
export class AnalyticsGroup extends AnalyticsFigures {
  @Field({ description: 'The category, SKU, reason code, disposition (NONE: undecided) or the Monday (UTC, YYYY-MM-DD) of the order week.' }) key!: string;
}

@ObjectType({ simpleResolvers: true, description: 'When the aggregates behind the figures were last refreshed.' })
export class AnalyticsFreshness {
  @Field(() => GraphQLDateTime, { nullable: true, description: 'The last refresh; null: never (the figures are empty).' }) refreshedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'The last full rebuild.' }) lastFullRefreshAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'Return analytics over a sales cohort: the orders placed in [from, to), by UTC day (docs/analytics.md).' })
export class ReturnAnalytics extends AnalyticsFigures {
  @Field(() => AnalyticsGroupByEnum, { nullable: true, description: 'How groups are formed, as asked; null when no grouping was asked for (groups is then empty).' }) groupBy!: AnalyticsGroupBy | null;
  @Field(() => GraphQLDateTime, { description: 'Start of the first whole UTC day counted.' }) from!: Date;
  @Field(() => GraphQLDateTime, { description: 'End (exclusive) of the last whole UTC day counted.' }) to!: Date;
  @Field(() => String, { nullable: true, description: 'The currency of the single-currency money fields: ANALYTICS_CURRENCY, else the one with the most units sold.' }) currencyCode!: string | null;
  // The figures are computed from aggregates whatever the number of groups: a nominal 10 groups' worth of fields.
  @Field(() => [AnalyticsGroup], { description: 'WEEK groups in date order; others by returned units, most first; at most `first`.', complexity: ({ childComplexity }) => 10 * childComplexity })
  groups!: AnalyticsGroup[];
  @Field(() => Int, { description: 'How many groups there are in all.' }) groupCount!: number;
  @Field(() => AnalyticsFreshness, { description: 'When the aggregates behind these figures were refreshed: figures lag changes until the next refresh.' }) analyticsFreshness!: AnalyticsFreshness;
}

@ArgsType()
export class ReturnAnalyticsArgs {
  @Field(() => GraphQLDateTime, { description: 'Orders placed at or after (widened to the start of its UTC day).' }) from!: Date;
  @Field(() => GraphQLDateTime, { description: 'Orders placed before (widened to the end of its UTC day); at most 3 years after from.' }) to!: Date;
  @Field(() => AnalyticsGroupByEnum, { nullable: true, description: 'Group the figures by category, SKU, reason, disposition or order week; left out, totals only.' }) @IsOptional() groupBy?: AnalyticsGroupBy | null;
  @Field(() => String, { nullable: true, description: 'Only this category.' }) @IsOptional() @MinLength(1) @MaxLength(100) category?: string | null;
  @Field(() => String, { nullable: true, description: 'Only this SKU.' }) @IsOptional() @MinLength(1) @MaxLength(100) sku?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: 200, description: 'Most groups returned; at most 1000.' }) @IsOptional() @Min(1) @Max(1000) first?: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'What one analytics refresh did.' })
export class AnalyticsRefreshSummary {
  @Field({ description: 'FULL or INCREMENTAL.' }) mode!: string;
  @Field(() => Int, { description: 'Order days recomputed.' }) orderDays!: number;
  @Field(() => Int, { description: 'Daily sales aggregate rows written.' }) salesRows!: number;
  @Field(() => Int, { description: 'Daily return aggregate rows written.' }) returnRows!: number;
  @Field(() => Int, { description: 'Customers whose serial-returner statistics were recomputed.' }) customers!: number;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Changes stamped at or after this were folded in; null for a full refresh.' }) changedSince!: Date | null;
  @Field(() => GraphQLDateTime, { description: 'When the refresh finished.' }) refreshedAt!: Date;
  @Field(() => Int, { description: 'How long it took, in milliseconds.' }) durationMs!: number;
}

@InputType({ description: 'Options of refreshAnalytics.' })
export class RefreshAnalyticsInput {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Rebuild every day instead of folding in what changed.' }) @IsOptional() full?: boolean | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of refreshAnalytics.' })
export class RefreshAnalyticsPayload {
  @Field(() => [UserError], { description: 'ALREADY_RUNNING: a refresh was already queued or running, so none was queued; operation is that one (its id is in the message too).' })
  userErrors!: UserError[];
  @Field(() => AdminOperation, { nullable: true, description: 'The refresh this request queued, or with ALREADY_RUNNING the one queued or running: poll it until SUCCEEDED; its result is the summary.' })
  operation!: AdminOperation | null;
  @Field(() => AnalyticsRefreshSummary, { nullable: true, deprecationReason: 'The refresh runs in the background now and this is always null: use operation (its result once SUCCEEDED).', description: 'Always null (see the deprecation).' }) summary!: AnalyticsRefreshSummary | null;
}

@ObjectType({ simpleResolvers: true, description: 'A customer who returns more than customers buying the same categories (docs/analytics.md, "Serial returners").' })
export class SerialReturner {
  @Field(() => Customer, { description: 'The customer.' }) customer!: Customer;
  @Field(() => Int, { description: 'Orders the customer placed.' }) orders!: number;
  @Field(() => Int, { description: 'Units the customer bought.' }) unitsBought!: number;
  @Field(() => Int, { description: 'Units requested back (cancelled, rejected and expired returns excluded).' }) unitsReturned!: number;
  @Field(() => Int, { description: 'Returns the customer requested (cancelled, rejected and expired excluded).' }) returns!: number;
  @Field(() => Float, { description: 'unitsReturned ÷ unitsBought.' }) returnRate!: number;
  @Field(() => Float, { description: 'Σ units bought × their category\'s return rate: what the cohort returns of this basket.' }) expectedReturned!: number;
  @Field(() => Float, { description: 'expectedReturned ÷ unitsBought.' }) expectedReturnRate!: number;
  @Field(() => Float, { description: '(returned − expected) ÷ √(Σ n·p·(1−p)): standard deviations above the cohort.' }) score!: number;
  @Field({ description: 'At or above SERIAL_RETURNER_MIN_SCORE on at least SERIAL_RETURNER_MIN_UNITS units bought.' }) flagged!: boolean;
  @Field(() => GraphQLJSONObject, { description: 'The numbers behind the score, per category.' }) evidence!: Record<string, unknown>;
  @Field(() => GraphQLDateTime, { description: 'When these statistics were computed (by the analytics refresh).' }) refreshedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A page of serial returners, highest score first.' })
export class SerialReturnerConnection extends connectionOf(SerialReturner, 'SerialReturner') {}

@ArgsType()
export class SerialReturnersArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @IsOptional() @Min(1) @Max(100) first!: number | null;
  @Field(() => String, { nullable: true, description: 'Cursor to start after (PageInfo.endCursor); left out, the first page.' }) @IsOptional() @MaxLength(200) after?: string | null;
  @Field(() => Int, { nullable: true, description: 'Least units bought; default SERIAL_RETURNER_MIN_UNITS.' }) @IsOptional() @Min(0) @Max(1_000_000) minUnits?: number | null;
  @Field(() => Float, { nullable: true, description: 'Least score; default SERIAL_RETURNER_MIN_SCORE.' }) @IsOptional() @Min(-1000) @Max(1000) minScore?: number | null;
}
