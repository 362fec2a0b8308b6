import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { ConditionGradeEnum, DispositionTypeEnum, RefundStatusEnum, ReturnMethodTypeEnum, ReturnReasonCodeEnum, ReturnResolutionEnum, ReturnStatusEnum } from './enums';
import type { RefundStatus } from '../../db/schema';
import type { ConditionGrade, DispositionType } from '../../domain/disposition';
import type { ReturnReasonCode } from '../../domain/return-reasons';
import type { ReturnStatus } from '../../domain/return-status';

@InputType()
export class ReturnItemInput {
  @Field(() => ID) @MaxLength(200)
  orderLineId!: string;

  @Field(() => Int) @Min(1) @Max(100000)
  quantity!: number;

  @Field(() => ReturnReasonCodeEnum)
  reason!: ReturnReasonCode;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000)
  note?: string | null;

  @Field(() => ReturnResolutionEnum, { nullable: true, defaultValue: 'REFUND' }) @IsOptional()
  resolution?: 'REFUND' | 'STORE_CREDIT' | 'EXCHANGE' | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100)
  exchangeSku?: string | null;
}

@InputType()
export class RequestReturnInput {
  @Field(() => ID) @MaxLength(200)
  orderId!: string;

  @Field(() => [ReturnItemInput]) @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true })
  items!: ReturnItemInput[];

  @Field(() => String, { nullable: true, description: 'Same key and same input returns the first result.' })
  @IsOptional() @MinLength(1) @MaxLength(200)
  idempotencyKey?: string | null;
}

@InputType()
export class ReturnIdInput {
  @Field(() => ID) @MaxLength(200)
  returnId!: string;
}

@InputType()
export class CancelReturnInput extends ReturnIdInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000)
  reason?: string | null;
}

@InputType()
export class ApproveReturnInput extends ReturnIdInput {}

@InputType()
export class CloseMissingItemsInput extends ReturnIdInput {}

@InputType()
export class RejectReturnInput extends ReturnIdInput {
  @Field() @MinLength(1) @MaxLength(1000)
  reason!: string;
}

@InputType()
export class ReceiveItemInput {
  @Field(() => ID) @MaxLength(200)
  returnItemId!: string;

  @Field(() => Int) @Min(1) @Max(100000)
  quantity!: number;
}

@InputType()
export class ReceiveReturnInput extends ReturnIdInput {
  @Field(() => [ReceiveItemInput]) @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true })
  items!: ReceiveItemInput[];

  @Field(() => Boolean, { nullable: true }) @IsOptional()
  packagingReusable?: boolean | null;
}

@InputType()
export class InspectReturnItemInput {
  @Field(() => ID) @MaxLength(200)
  returnItemId!: string;

  @Field(() => ConditionGradeEnum)
  grade!: ConditionGrade;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000)
  notes?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Grade only this many of the item\'s received units (fewer than all): they are split off into a new item of the same line, '
      + 'which the payload returns; the rest keep their state. Left out: every received unit gets the grade.',
  })
  @IsOptional()
  units?: number | null;
}

@InputType()
export class SetDispositionInput {
  @Field(() => ID) @MaxLength(200)
  returnItemId!: string;

  @Field(() => DispositionTypeEnum)
  disposition!: DispositionType;

  @Field(() => String, { nullable: true, description: 'Required when overriding the recommendation.' }) @IsOptional() @MaxLength(1000)
  reason?: string | null;
}

@InputType()
export class ReturnFilter {
  @Field(() => [ReturnStatusEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(10)
  status?: ReturnStatus[] | null;

  @Field(() => GraphQLDateTime, { nullable: true }) @IsOptional()
  createdFrom?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true }) @IsOptional()
  createdTo?: Date | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40)
  rmaNumber?: string | null;

  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(200)
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: 'The merchant\'s customer id.' }) @IsOptional() @MaxLength(200)
  customerExternalId?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100)
  orderNumber?: string | null;

  @Field(() => [RefundStatusEnum], { nullable: true, description: 'Refund statuses to include: the operator\'s refund queue is [REQUESTED, FAILED] (docs/refunds.md).' })
  @IsOptional() @ArrayMaxSize(5)
  refundStatus?: RefundStatus[] | null;
}

@ArgsType()
export class ReturnsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @Min(1) @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200)
  after?: string | null;

  @Field(() => ReturnFilter, { nullable: true }) @IsOptional() @ValidateNested()
  filter?: ReturnFilter | null;
}

@InputType()
export class MethodFeeInput {
  @Field(() => ReturnMethodTypeEnum)
  type!: 'CARRIER_DROP_OFF' | 'LOCKER' | 'STORE_DROP_OFF' | 'HOME_PICKUP';

  @Field(() => Float) @Min(0) @Max(10_000)
  fee!: number;
}

@InputType()
export class ReturnPolicyInput {
  @Field(() => String, { nullable: true, description: 'null: the default policy.' }) @IsOptional() @MinLength(1) @MaxLength(100)
  category?: string | null;

  @Field(() => Int) @Min(0) @Max(3650)
  windowDays!: number;

  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) @Max(100)
  restockingFeePercent?: number | null;

  @Field(() => Boolean, { nullable: true }) @IsOptional()
  nonReturnable?: boolean | null;

  @Field(() => [ReturnReasonCodeEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(20)
  freeShippingReasons?: ReturnReasonCode[] | null;

  @Field(() => Boolean, { nullable: true }) @IsOptional()
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

  @Field(() => Float, { nullable: true, description: 'Bonus in percent (0–100, two decimals) on the value of items the customer takes as store credit instead of money, e.g. 10 for +10 %. Category rows override the default; null: inherit (0).' })
  @IsOptional() @Min(0) @Max(100)
  storeCreditBonusPercent?: number | null;
}
