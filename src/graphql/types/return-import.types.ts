import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ConditionGrade, DispositionType } from '../../domain/disposition';
import type { ImportRefundMethod } from '../../domain/return-import';
import type { ReturnReasonCode } from '../../domain/return-reasons';
import type { ReturnStatus } from '../../domain/return-status';
import { UserError } from './common.types';
import { ConditionGradeEnum, DispositionTypeEnum, enumOf, ReturnReasonCodeEnum, ReturnStatusEnum } from './enums';
import { Return } from './return.types';

export const ImportRefundMethodEnum = enumOf(['ORIGINAL_PAYMENT', 'STORE_CREDIT', 'EXCHANGE'] as const);
registerEnumType(ImportRefundMethodEnum, {
  name: 'ImportRefundMethod',
  description: 'How the merchant refunded a past return; sets the items\' resolution.',
  valuesConfig: {
    ORIGINAL_PAYMENT: { description: 'Paid back to the original payment method (resolution REFUND).' },
    STORE_CREDIT: { description: 'Given as store credit (resolution STORE_CREDIT).' },
    EXCHANGE: { description: 'Exchanged for another item (resolution EXCHANGE).' },
  },
});

export const ImportReturnOutcomeEnum = enumOf(['CREATED', 'UNCHANGED', 'FAILED'] as const);
registerEnumType(ImportReturnOutcomeEnum, {
  name: 'ImportReturnOutcome',
  description: 'What importReturns did with one row.',
  valuesConfig: {
    CREATED: { description: 'The return was written.' },
    UNCHANGED: { description: 'Imported before with the same content (same externalId): nothing written.' },
    FAILED: { description: 'Refused: see the userErrors whose field starts with this row\'s index; nothing of the row was written.' },
  },
});

@InputType({ description: 'One line of a past return: the order line (by lineNumber, or by sku when it is on one line only), units and reason.' })
export class ImportReturnItemInput {
  @Field(() => Int, { nullable: true, description: 'The order line\'s number (1-based, in the order\'s import); needed when the SKU is on several lines.' })
  @IsOptional() @Min(1) @Max(100000)
  lineNumber?: number | null;

  @Field(() => String, { nullable: true, description: 'The order line\'s SKU, when lineNumber is not given.' })
  @IsOptional() @MaxLength(100)
  sku?: string | null;

  @Field(() => Int, { description: 'Units returned: at most what the line has left to return after the returns already recorded.' })
  @Min(1) @Max(100000)
  quantity!: number;

  @Field({ description: 'The merchant\'s own reason code, mapped through reasonMapping (or the stored mapping); a Boomerang code is taken as is; anything else becomes OTHER and is kept as merchantReasonCode.' })
  @MinLength(1) @MaxLength(100)
  reasonCode!: string;

  @Field(() => String, { nullable: true, description: 'The customer\'s or agent\'s note.' })
  @IsOptional() @MaxLength(2000)
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'Units that arrived (default: all of them when the return has receivedAt, else none).' })
  @IsOptional() @Min(0) @Max(100000)
  receivedQuantity?: number | null;

  @Field(() => ConditionGradeEnum, { nullable: true, description: 'Grade found at inspection, where known.' })
  @IsOptional()
  grade?: ConditionGrade | null;

  @Field(() => DispositionTypeEnum, { nullable: true, description: 'Where the units went, where known.' })
  @IsOptional()
  disposition?: DispositionType | null;

  @Field(() => String, { nullable: true, description: 'What the merchant got back for these units (resale, vendor credit…): a decimal amount in the order\'s currency, e.g. "12.50". Counted as value recovered in analytics.' })
  @IsOptional() @MaxLength(30)
  valueRecovered?: string | null;
}

@InputType({ description: 'One past return as the merchant\'s system knows it, with its real dates and final status.' })
export class ImportReturnInput {
  @Field({ description: 'The merchant\'s own return id, unique per merchant: sending it again changes nothing.' })
  @MinLength(1) @MaxLength(200)
  externalId!: string;

  @Field({ description: 'The number of an already imported order (importOrders).' })
  @MinLength(1) @MaxLength(200)
  orderNumber!: string;

  @Field(() => ReturnStatusEnum, { description: 'The status the return ended in (or is in) at the merchant; kept as is.' })
  status!: ReturnStatus;

  @Field(() => GraphQLDateTime, { description: 'When the customer asked for the return: the return\'s createdAt.' })
  requestedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the parcel arrived; only for RECEIVED, INSPECTED or COMPLETED returns.' })
  @IsOptional()
  receivedAt?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the refund was paid; with a refundAmount above zero the refund is ISSUED (otherwise QUOTED).' })
  @IsOptional()
  refundedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The refund, a decimal amount in the order\'s currency, at most what the returned units were paid.' })
  @IsOptional() @MaxLength(30)
  refundAmount?: string | null;

  @Field(() => ImportRefundMethodEnum, { nullable: true, description: 'How the refund was paid (default ORIGINAL_PAYMENT).' })
  @IsOptional()
  refundMethod?: ImportRefundMethod | null;

  @Field(() => String, { nullable: true, description: 'Why a REJECTED return was rejected.' })
  @IsOptional() @MaxLength(1000)
  rejectionReason?: string | null;

  @Field(() => [ImportReturnItemInput], { description: 'The lines returned (each order line at most once).' })
  @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true })
  items!: ImportReturnItemInput[];
}

@InputType({ description: 'One merchant reason code and the Boomerang reason it stands for.' })
export class ReasonMappingInput {
  @Field({ description: 'The merchant\'s code (compared case-insensitively).' })
  @MinLength(1) @MaxLength(100)
  code!: string;

  @Field(() => ReturnReasonCodeEnum, { description: 'The Boomerang reason.' })
  reason!: ReturnReasonCode;
}

@InputType({ description: 'Past returns of one merchant, loaded with their real dates (docs/importing.md, "Importing past returns").' })
export class ImportReturnsInput {
  @Field(() => String, { nullable: true, description: 'The merchant system the returns come from: its return ids and reason mapping are kept apart from other merchants\' (default "default").' })
  @IsOptional() @MinLength(1) @MaxLength(100)
  merchant?: string | null;

  @Field(() => [ImportReturnInput], { description: 'Up to 1,000 returns per call.' })
  @ArrayMaxSize(1000) @ValidateNested({ each: true })
  returns!: ImportReturnInput[];

  @Field(() => [ReasonMappingInput], { nullable: true, description: 'Merchant reason code → Boomerang reason for this import, over the merchant\'s stored mapping.' })
  @IsOptional() @ArrayMaxSize(500) @ValidateNested({ each: true })
  reasonMapping?: ReasonMappingInput[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Store reasonMapping as the merchant\'s mapping, used by later imports that do not send one (default false).' })
  @IsOptional()
  saveReasonMapping?: boolean | null;
}

@ObjectType({ simpleResolvers: true, description: 'What importReturns did with one row of the input.' })
export class ImportedReturnResult {
  @Field(() => Int, { description: 'The row\'s position in input.returns (0-based); its userErrors\' field starts with ["returns", "<index>"].' })
  index!: number;

  @Field({ description: 'The row\'s externalId.' })
  externalId!: string;

  @Field(() => ImportReturnOutcomeEnum, { description: 'CREATED, UNCHANGED (imported before) or FAILED.' })
  outcome!: string;

  @Field(() => Return, { nullable: true, description: 'The return created or found; null when the row failed.' })
  return!: Return | null;
}

@ObjectType({ simpleResolvers: true, description: 'The result of importReturns: one result per row, and every row\'s errors.' })
export class ImportReturnsPayload {
  @Field(() => [ImportedReturnResult], { description: 'One per input row, in input order.' })
  results!: ImportedReturnResult[];

  @Field(() => Int, { description: 'Rows written by this call.' })
  created!: number;

  @Field(() => Int, { description: 'Rows found imported before with the same content.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Rows refused (nothing of them written).' })
  failed!: number;

  @Field(() => [UserError], { description: 'Per-row errors, field paths starting ["returns", "<index>"], e.g. ORDER_NOT_FOUND, QUANTITY_EXCEEDS_RETURNABLE, RETURN_ALREADY_IMPORTED.' })
  userErrors!: UserError[];
}
