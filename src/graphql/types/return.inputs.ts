import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { ConditionGradeEnum, CosmeticGradeEnum, DispositionTypeEnum, FunctionalGradeEnum, RefundStatusEnum, ReturnMethodTypeEnum, ReturnReasonCodeEnum, ReturnResolutionEnum, ReturnStatusEnum } from './enums';
import type { RefundStatus } from '../../db/schema';
import type { ConditionGrade, CosmeticGrade, DispositionType, FunctionalGrade } from '../../domain/disposition';
import type { ReturnReasonCode } from '../../domain/return-reasons';
import type { ReturnStatus } from '../../domain/return-status';

@InputType({ description: 'One order line to return, with how many units and why.' })
export class ReturnItemInput {
  @Field(() => ID, { description: 'Id of the order line (OrderLine.id) on the order named by orderId.' }) @MaxLength(200)
  orderLineId!: string;

  @Field(() => Int, { description: 'Units to return (1 to the line\'s returnableQuantity).' }) @Min(1) @Max(100000)
  quantity!: number;

  @Field(() => ReturnReasonCodeEnum, { description: 'Why the customer returns it (returnReasons lists the reasons with their labels).' })
  reason!: ReturnReasonCode;

  @Field(() => String, { nullable: true, description: 'The customer\'s own words (up to 2000 characters); required for reasons whose definition has requiresNote.' }) @IsOptional() @MaxLength(2000)
  note?: string | null;

  @Field(() => ReturnResolutionEnum, { nullable: true, defaultValue: 'REFUND', description: 'What the customer wants instead; REFUND when left out.' }) @IsOptional()
  resolution?: 'REFUND' | 'STORE_CREDIT' | 'EXCHANGE' | null;

  @Field(() => String, { nullable: true, description: 'The SKU wanted in exchange; required with resolution EXCHANGE, refused otherwise.' }) @IsOptional() @MaxLength(100)
  exchangeSku?: string | null;
}

@InputType({ description: 'A customer\'s request to return lines of one order.' })
export class RequestReturnInput {
  @Field(() => ID, { description: 'Id of the order (Order.id); a customer or guest may only name their own.' }) @MaxLength(200)
  orderId!: string;

  @Field(() => [ReturnItemInput], { description: 'The lines to return (1-100), each order line at most once.' }) @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true })
  items!: ReturnItemInput[];

  @Field(() => String, { nullable: true, description: 'Same key and same input returns the first result.' })
  @IsOptional() @MinLength(1) @MaxLength(200)
  idempotencyKey?: string | null;
}

@InputType({ description: 'Names one return.' })
export class ReturnIdInput {
  @Field(() => ID, { description: 'Id of the return (Return.id).' }) @MaxLength(200)
  returnId!: string;
}

@InputType({ description: 'Cancels a return that has not shipped yet.' })
export class CancelReturnInput extends ReturnIdInput {
  @Field(() => String, { nullable: true, description: 'Why it is cancelled (up to 1000 characters); optional, kept in the history.' }) @IsOptional() @MaxLength(1000)
  reason?: string | null;
}

@InputType({ description: 'Approves a REQUESTED return.' })
export class ApproveReturnInput extends ReturnIdInput {}

@InputType({ description: 'Closes the units of a received return that never arrived.' })
export class CloseMissingItemsInput extends ReturnIdInput {}

@InputType({ description: 'Rejects a REQUESTED return.' })
export class RejectReturnInput extends ReturnIdInput {
  @Field({ description: 'Why it is rejected (1-1000 characters); shown to the customer.' }) @MinLength(1) @MaxLength(1000)
  reason!: string;
}

@InputType({ description: 'Units of one return item counted at the dock.' })
export class ReceiveItemInput {
  @Field(() => ID, { description: 'Id of the item (ReturnItem.id) on this return.' }) @MaxLength(200)
  returnItemId!: string;

  @Field(() => Int, { description: 'Units counted now (at least 1, at most the units still outstanding).' }) @Min(1) @Max(100000)
  quantity!: number;
}

@InputType({ description: 'Units received at the warehouse for one return.' })
export class ReceiveReturnInput extends ReturnIdInput {
  @Field(() => [ReceiveItemInput], { description: 'The items counted (1-100); an item may appear more than once, the quantities add up.' }) @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true })
  items!: ReceiveItemInput[];

  @Field(() => Boolean, { nullable: true, description: 'Whether the packaging is fit for reuse; left out, it is not recorded.' }) @IsOptional()
  packagingReusable?: boolean | null;
}

@InputType({ description: 'An inspector\'s grade for a received item.' })
export class InspectReturnItemInput {
  @Field(() => ID, { description: 'Id of the item (ReturnItem.id) to grade.' }) @MaxLength(200)
  returnItemId!: string;

  @Field(() => ConditionGradeEnum, { description: 'Condition found: what the disposition rules use.' })
  grade!: ConditionGrade;

  @Field(() => CosmeticGradeEnum, { nullable: true, description: 'How the unit looks, recorded beside the grade (ReturnItem.cosmeticGrade); optional.' }) @IsOptional()
  cosmeticGrade?: CosmeticGrade | null;

  @Field(() => FunctionalGradeEnum, { nullable: true, description: 'Whether the unit works or is complete, recorded beside the grade (ReturnItem.functionalGrade); optional.' }) @IsOptional()
  functionalGrade?: FunctionalGrade | null;

  @Field(() => String, { nullable: true, description: 'Inspector\'s notes (up to 2000 characters); optional.' }) @IsOptional() @MaxLength(2000)
  notes?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Grade only this many of the item\'s received units (fewer than all): they are split off into a new item of the same line, '
      + 'which the payload returns; the rest keep their state. Left out: every received unit gets the grade.',
  })
  @IsOptional()
  units?: number | null;
}

@InputType({ description: 'An operator\'s decision on an inspected item\'s next life.' })
export class SetDispositionInput {
  @Field(() => ID, { description: 'Id of the inspected item (ReturnItem.id).' }) @MaxLength(200)
  returnItemId!: string;

  @Field(() => DispositionTypeEnum, { description: 'The disposition: the recommended one, or another one with a reason.' })
  disposition!: DispositionType;

  @Field(() => String, { nullable: true, description: 'Required when overriding the recommendation.' }) @IsOptional() @MaxLength(1000)
  reason?: string | null;
}

@InputType({ description: 'Narrows the returns list; every field given must match.' })
export class ReturnFilter {
  @Field(() => [ReturnStatusEnum], { nullable: true, description: 'Only returns in one of these statuses (up to 10).' }) @IsOptional() @ArrayMaxSize(10)
  status?: ReturnStatus[] | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only returns requested at or after this instant.' }) @IsOptional()
  createdFrom?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only returns requested before this instant.' }) @IsOptional()
  createdTo?: Date | null;

  @Field(() => String, { nullable: true, description: 'Only the return with this RMA number.' }) @IsOptional() @MaxLength(40)
  rmaNumber?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only returns of this customer (Customer.id; staff).' }) @IsOptional() @MaxLength(200)
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: 'The merchant\'s customer id.' }) @IsOptional() @MaxLength(200)
  customerExternalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only returns of the order with this order number.' }) @IsOptional() @MaxLength(100)
  orderNumber?: string | null;

  @Field(() => [RefundStatusEnum], { nullable: true, description: 'Refund statuses to include: the operator\'s refund queue is [REQUESTED, FAILED] (docs/refunds.md).' })
  @IsOptional() @ArrayMaxSize(5)
  refundStatus?: RefundStatus[] | null;
}

@ArgsType()
export class ReturnsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @Min(1) @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor to start after (PageInfo.endCursor of the previous page); left out, the first page.' }) @IsOptional() @MaxLength(200)
  after?: string | null;

  @Field(() => ReturnFilter, { nullable: true, description: 'Which returns; left out, all the caller may see.' }) @IsOptional() @ValidateNested()
  filter?: ReturnFilter | null;
}

@InputType({ description: 'The fee of one return method in the default policy.' })
export class MethodFeeInput {
  @Field(() => ReturnMethodTypeEnum, { description: 'The return method (RETURNLESS has no fee and is not listed here).' })
  type!: 'CARRIER_DROP_OFF' | 'LOCKER' | 'STORE_DROP_OFF' | 'HOME_PICKUP';

  @Field(() => Float, { description: 'Fee in major units of the return\'s currency (0 = free), e.g. 4.95.' }) @Min(0) @Max(10_000)
  fee!: number;
}

@InputType({ description: 'A return policy: the default (category null) or one category\'s override.' })
export class ReturnPolicyInput {
  @Field(() => String, { nullable: true, description: 'null: the default policy.' }) @IsOptional() @MinLength(1) @MaxLength(100)
  category?: string | null;

  @Field(() => Int, { description: 'Days after delivery (or the order date when not delivered) a return can be requested (0-3650).' }) @Min(0) @Max(3650)
  windowDays!: number;

  @Field(() => Float, { nullable: true, description: 'Percent of the item price kept as a restocking fee (0-100, two decimals); null: none.' }) @IsOptional() @Min(0) @Max(100)
  restockingFeePercent?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the category cannot be returned at all.' }) @IsOptional()
  nonReturnable?: boolean | null;

  @Field(() => [ReturnReasonCodeEnum], { nullable: true, description: 'Reasons for which the customer pays no return shipping (e.g. DEFECTIVE, WRONG_ITEM).' }) @IsOptional() @ArrayMaxSize(20)
  freeShippingReasons?: ReturnReasonCode[] | null;

  @Field(() => Boolean, { nullable: true, description: 'True to approve requests at once (unless a manual-review rule holds them); otherwise an operator approves.' }) @IsOptional()
  autoApprove?: boolean | null;

  @Field(() => [MethodFeeInput], { nullable: true, description: 'Default policy only: the methods offered and their fee (major units; 0 = free).' })
  @IsOptional() @ArrayMaxSize(5) @ValidateNested({ each: true })
  methodFees?: MethodFeeInput[] | null;

  @Field(() => Float, { nullable: true, description: 'Default policy only: offer "keep it" when the return\'s value is at or below this (major units).' })
  @IsOptional() @Min(0) @Max(1_000_000)
  returnlessThreshold?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Default policy only: refund trusted customers at the first scan.' }) @IsOptional()
  refundAtFirstScan?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Default policy only: days a booked method stays valid before the return expires (default 14).' })
  @IsOptional() @Min(1) @Max(365)
  dropOffDays?: number | null;

  @Field(() => Float, { nullable: true, description: 'Default policy only: refurbishment quotes at or below this (major units) are approved without an operator; null: none are.' })
  @IsOptional() @Min(0) @Max(1_000_000)
  refurbAutoApproveLimit?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Requests from customers flagged as serial returners (serialReturners) are not auto-approved; they wait for an operator.' })
  @IsOptional()
  manualReviewSerialReturners?: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Requests whose order return risk (0–1, from the active model) is at or above this are not auto-approved; they wait for an operator. Category rows override the default; null: inherit.' })
  @IsOptional() @Min(0) @Max(1)
  manualReviewRiskAbove?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Exchanges ship at once, against a hold on the original payment (released when the return arrives, charged if it never does), instead of when the return arrives. Category rows override the default; null: inherit (off).' })
  @IsOptional()
  instantExchange?: boolean | null;
  @Field(() => Float, { nullable: true, description: 'Bonus in percent (0–100, two decimals) on the value of items the customer takes as store credit instead of money, e.g. 10 for +10 %. Category rows override the default; null: inherit (0).' })
  @IsOptional() @Min(0) @Max(100)
  storeCreditBonusPercent?: number | null;
}
