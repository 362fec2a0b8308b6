import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { ReturnReasonCodeEnum } from './enums';

@ObjectType({ simpleResolvers: true, description: 'The default return policy (category null) or one category\'s override; null fields fall back to the default.' })
export class ReturnPolicy {
  @Field(() => String, { nullable: true, description: 'The category it applies to; null for the default policy.' })
  category!: string | null;

  @Field(() => Int, { description: 'Days after delivery (or the order date) a return can be requested.' })
  windowDays!: number;

  @Field(() => Float, { nullable: true, description: 'Percent of the item price kept as a restocking fee; null: inherits (none by default).' })
  restockingFeePercent!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the category cannot be returned; null: inherits.' })
  nonReturnable!: boolean | null;

  @Field(() => [ReturnReasonCodeEnum], { nullable: true, description: 'Reasons for which return shipping is free.' })
  freeShippingReasons!: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Requests approve themselves when every line\'s policy says so.' })
  autoApprove!: boolean | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Methods offered and their fee in major units (default policy).' })
  methodFees!: Record<string, number> | null;

  @Field(() => Float, { nullable: true, description: 'Default policy: "keep it" (RETURNLESS) is offered when the return\'s value is at or below this, in major units; null: never.' })
  returnlessThreshold!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Default policy: trusted customers are refunded at the first carrier scan instead of after inspection.' })
  refundAtFirstScan!: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Default policy: days a booked method stays valid before the return expires.' })
  dropOffDays!: number | null;

  @Field(() => Float, { nullable: true, description: 'Refurbishment quotes at or below this (major units) proceed without an operator.' })
  refurbAutoApproveLimit!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Requests from customers flagged as serial returners wait for an operator (see serialReturners).' })
  manualReviewSerialReturners!: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Requests whose order return risk (0–1, active model) is at or above this wait for an operator; null: inherit (off by default).' })
  manualReviewRiskAbove!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Exchanges ship at once, against a hold on the original payment that is released when the return arrives or charged if it never does; otherwise the replacement ships when the return arrives. Null: inherit (off by default).' })
  instantExchange!: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Bonus in percent on the value of items taken as store credit (e.g. 10 for +10 %); null: inherit (0).' })
  storeCreditBonusPercent!: number | null;

  @Field(() => GraphQLDateTime, { description: 'When the policy was last changed.' })
  updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A return reason the customer can pick, with its label and rules.' })
export class ReturnReasonDefinition {
  @Field(() => ReturnReasonCodeEnum, { description: 'The code to send in ReturnItemInput.reason.' })
  code!: string;

  @Field({ description: 'Short English label for a picker, e.g. "Too small".' })
  label!: string;

  @Field({ description: 'One English sentence explaining the reason, for help text.' })
  description!: string;

  @Field({ description: 'A note is required with this reason.' })
  requiresNote!: boolean;

  @Field({ description: 'The merchant is at fault: no restocking fee.' })
  merchantFault!: boolean;
}
