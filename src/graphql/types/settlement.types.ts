import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { PAYMENT_TEXT_MAX } from '../../services/returns/settlement.service';
import { UserError, UserErrorsField } from './common.types';
import { PaymentOutcomeEnum, RefundKindEnum, RefundStatusEnum } from './enums';
import { payloadOf } from './payloads';
import { MoneyInput } from './refurbishment.types';
import { Return } from './return.types';

@InputType({ description: 'Sends a FAILED refund (or one waiting for a merchant) to the merchant again.' })
export class RetryRefundInput {
  @Field(() => ID, { description: 'The return whose refund to retry.' }) @MaxLength(200) returnId!: string;
  @Field(() => RefundKindEnum, { nullable: true, description: 'Only this payout (money refund or store credit); null: every one that failed.' }) @IsOptional()
  kind?: 'REFUND' | 'STORE_CREDIT' | null;
}

@InputType({ description: 'Records a refund paid outside Boomerang (no merchant integration, or paid by hand after a failure).' })
export class RecordRefundInput {
  @Field(() => ID, { description: 'The return whose refund was paid.' }) @MaxLength(200) returnId!: string;
  @Field(() => RefundKindEnum, { nullable: true, description: 'Only this payout; null: every one waiting or failed.' }) @IsOptional()
  kind?: 'REFUND' | 'STORE_CREDIT' | null;
  @Field({ description: 'The payment system\'s reference of the refund (or the gift card id).' }) @MaxLength(PAYMENT_TEXT_MAX) reference!: string;
  @Field(() => String, { nullable: true, description: 'STORE_CREDIT: the code the customer redeems.' }) @IsOptional() @MaxLength(PAYMENT_TEXT_MAX)
  storeCreditCode?: string | null;
}

@InputType({ description: 'The merchant confirms or declines a refund or store credit Boomerang asked it for.' })
export class ConfirmRefundInput {
  @Field(() => ID, { description: 'The refundId or storeCreditId from the request.' }) @MaxLength(200) refundId!: string;
  @Field(() => PaymentOutcomeEnum, { description: 'CONFIRMED (paid) or DECLINED.' }) outcome!: 'CONFIRMED' | 'DECLINED';
  @Field(() => String, { nullable: true, description: 'The payment reference; required when CONFIRMED.' }) @IsOptional() @MaxLength(PAYMENT_TEXT_MAX)
  reference?: string | null;
  @Field(() => String, { nullable: true, description: 'DECLINED: why.' }) @IsOptional() @MaxLength(PAYMENT_TEXT_MAX)
  reason?: string | null;
  @Field(() => String, { nullable: true, description: 'Store credit: the code the customer redeems.' }) @IsOptional() @MaxLength(PAYMENT_TEXT_MAX)
  storeCreditCode?: string | null;
  @Field(() => MoneyInput, { nullable: true, description: 'Store credit: the balance on the code after the credit.' }) @IsOptional() @ValidateNested()
  storeCreditBalance?: MoneyInput | null;
}

@ObjectType({ simpleResolvers: true, description: 'A refund or store credit as its merchant sees it after confirming.' })
export class MerchantPayment {
  @Field(() => ID, { description: 'The refundId or storeCreditId.' }) id!: string;
  @Field(() => RefundKindEnum, { description: 'Money refund or store credit.' }) kind!: string;
  @Field(() => RefundStatusEnum, { description: 'ISSUED once confirmed, FAILED once declined.' }) status!: string;
  @Field(() => String, { nullable: true, description: 'The merchant\'s reference.' }) reference!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was confirmed.' }) confirmedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'The result of confirmRefund.' })
export class ConfirmRefundPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => MerchantPayment, { nullable: true, description: 'The payment as recorded.' }) payment!: MerchantPayment | null;
}

export const RetryRefundPayload = payloadOf('RetryRefundPayload', 'return', Return, 'Result of retryRefund.', 'The return, its refund or store credit REQUESTED again.');
export type RetryRefundPayload = InstanceType<typeof RetryRefundPayload>;
export const RecordRefundPayload = payloadOf('RecordRefundPayload', 'return', Return, 'Result of recordRefund.', 'The return, its refund or store credit ISSUED with the reference given.');
export type RecordRefundPayload = InstanceType<typeof RecordRefundPayload>;
