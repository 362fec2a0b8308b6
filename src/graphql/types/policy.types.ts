import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { ReturnReasonCodeEnum } from './enums';

@ObjectType({ simpleResolvers: true, description: 'The default return policy (category null) or one category\'s override; null fields fall back to the default.' })
export class ReturnPolicy {
  @Field(() => String, { nullable: true })
  category!: string | null;

  @Field(() => Int)
  windowDays!: number;

  @Field(() => Float, { nullable: true })
  restockingFeePercent!: number | null;

  @Field(() => Boolean, { nullable: true })
  nonReturnable!: boolean | null;

  @Field(() => [ReturnReasonCodeEnum], { nullable: true, description: 'Reasons for which return shipping is free.' })
  freeShippingReasons!: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Requests approve themselves when every line\'s policy says so.' })
  autoApprove!: boolean | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Methods offered and their fee in major units (default policy).' })
  methodFees!: Record<string, number> | null;

  @Field(() => Float, { nullable: true })
  returnlessThreshold!: number | null;

  @Field(() => Boolean, { nullable: true })
  refundAtFirstScan!: boolean | null;

  @Field(() => Int, { nullable: true })
  dropOffDays!: number | null;

  @Field(() => Float, { nullable: true, description: 'Refurbishment quotes at or below this (major units) proceed without an operator.' })
  refurbAutoApproveLimit!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Requests from customers flagged as serial returners wait for an operator (see serialReturners).' })
  manualReviewSerialReturners!: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Requests whose order return risk (0–1, active model) is at or above this wait for an operator; null: inherit (off by default).' })
  manualReviewRiskAbove!: number | null;

  @Field(() => Float, { nullable: true, description: 'Bonus in percent on the value of items taken as store credit (e.g. 10 for +10 %); null: inherit (0).' })
  storeCreditBonusPercent!: number | null;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class ReturnReasonDefinition {
  @Field(() => ReturnReasonCodeEnum)
  code!: string;

  @Field()
  label!: string;

  @Field()
  description!: string;

  @Field({ description: 'A note is required with this reason.' })
  requiresNote!: boolean;

  @Field({ description: 'The merchant is at fault: no restocking fee.' })
  merchantFault!: boolean;
}
