import { ArrayMaxSize, ArrayMinSize, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { ReturnReasonCode } from '../../domain/return-reasons';
import { Money, UserError } from './common.types';
import { ReturnReasonCodeEnum } from './enums';
import { OrderLine } from './order.types';

@InputType({ description: 'One order line of a selection to price: how many units and why.' })
export class ReturnQuoteItemInput {
  @Field(() => ID, { description: 'The order line (OrderLine id).' }) @MaxLength(200)
  orderLineId!: string;

  @Field(() => Int, { description: 'Units to return; at most the line\'s returnableQuantity.' }) @Min(1) @Max(100000)
  quantity!: number;

  @Field(() => ReturnReasonCodeEnum, { description: 'The reason: some reasons waive the restocking fee or the return shipping fee.' })
  reason!: ReturnReasonCode;
}

@InputType({ description: 'A selection of order lines to price before requesting the return.' })
export class ReturnQuoteInput {
  @Field(() => ID, { description: 'The order the lines belong to.' }) @MaxLength(200)
  orderId!: string;

  @Field(() => [ReturnQuoteItemInput], { description: 'The lines to price, each at most once (1 to 100).' })
  @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true })
  items!: ReturnQuoteItemInput[];
}

@ObjectType({ simpleResolvers: true, description: 'The refund one line of the selection would get.' })
export class ReturnQuoteItem {
  @Field(() => OrderLine, { description: 'The order line priced.' })
  orderLine!: OrderLine;

  @Field(() => Int, { description: 'Units priced.' })
  quantity!: number;

  @Field(() => Money, { description: 'What the customer paid for these units (their share of the line\'s discounted total).' })
  subtotal!: Money;

  @Field(() => Float, { description: 'The restocking fee percent of the policy in force for this line (0 when none).' })
  restockingFeePercent!: number;

  @Field(() => Money, { description: 'Restocking fee kept for these units (0 when the reason is the merchant\'s fault).' })
  restockingFee!: Money;

  @Field(() => Money, { description: 'Subtotal minus restocking fee.' })
  refund!: Money;
}

@ObjectType({ simpleResolvers: true, description: 'What a return of the selection would refund, priced as requestReturn prices it; nothing is stored.' })
export class ReturnQuote {
  @Field(() => [ReturnQuoteItem], { description: 'One entry per selected line, in the order given.' })
  items!: ReturnQuoteItem[];

  @Field(() => Money, { description: 'What the customer paid for the selected units.' })
  subtotal!: Money;

  @Field(() => Money, { description: 'Restocking fees of all selected units.' })
  restockingFee!: Money;

  @Field(() => Money, { description: 'Refund before the return method\'s fee (see ReturnMethodOption.fee, deducted when the method is chosen).' })
  refund!: Money;

  @Field({ description: 'True when every selected reason gets free return shipping under the policy: no method fee will be deducted.' })
  freeReturnShipping!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'The quote, or why the selection cannot be returned.' })
export class ReturnQuotePayload {
  @Field(() => ReturnQuote, { nullable: true, description: 'The quote; null when there are userErrors.' })
  quote!: ReturnQuote | null;

  @Field(() => [UserError], { description: 'Lines not returnable (the ineligible reason as code), quantities above what is returnable (QUANTITY_EXCEEDS_RETURNABLE), lines given twice (DUPLICATE_LINE) or not on the order (NOT_FOUND).' })
  userErrors!: UserError[];
}
