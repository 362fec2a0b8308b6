import { ArrayMaxSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EXCHANGE_HOLD_STATUSES, EXCHANGE_MODES, EXCHANGE_STATUSES, type ExchangeStatus } from '../../domain/exchange';
import { Money, connectionOf } from './common.types';
import { ReturnResolutionEnum, enumOf } from './enums';

export const ExchangeStatusEnum = enumOf(EXCHANGE_STATUSES);
registerEnumType(ExchangeStatusEnum, {
  name: 'ExchangeStatus',
  description: 'Where the exchange of a return item stands.',
  valuesConfig: {
    AWAITING_RETURN: { description: 'Nothing ordered yet: the replacement is ordered when the return arrives (or, for an instant exchange, once the payment hold is asked for).' },
    HOLD_PENDING: { description: 'Instant exchange: the hold on the original payment is being placed with the shop.' },
    ORDER_PENDING: { description: 'The exchange order is being placed with the shop (retried while the shop is unreachable).' },
    ORDERED: { description: 'The shop took the exchange order (see orderReference); the replacement ships from the shop.' },
    FAILED: { description: 'The exchange order could not be placed (e.g. out of stock by then): the item fell back to fallbackResolution (a refund).' },
    CANCELLED: { description: 'The return ended (cancelled, rejected, expired) before anything was ordered.' },
  },
});

export const ExchangeModeEnum = enumOf(EXCHANGE_MODES);
registerEnumType(ExchangeModeEnum, {
  name: 'ExchangeMode',
  description: 'When the replacement is ordered (the policy\'s instantExchange setting at request time).',
  valuesConfig: {
    AT_RECEIPT: { description: 'When the returned item arrives at the warehouse.' },
    INSTANT: { description: 'At once, against a hold on the original payment that is released when the return arrives or charged if it never does.' },
  },
});

export const ExchangeHoldStatusEnum = enumOf(EXCHANGE_HOLD_STATUSES);
registerEnumType(ExchangeHoldStatusEnum, {
  name: 'ExchangeHoldStatus',
  description: 'The hold on the original payment behind an instant exchange.',
  valuesConfig: {
    PENDING: { description: 'Being placed with the shop.' },
    HELD: { description: 'Held: the replacement may ship before the return arrives.' },
    FAILED: { description: 'The shop refused the hold: the exchange waits for the return to arrive instead.' },
    RELEASE_PENDING: { description: 'Being released (the return arrived, or the exchange did not go ahead).' },
    RELEASED: { description: 'Released: the customer was not charged.' },
    CHARGE_PENDING: { description: 'Being charged: the return will not arrive and the replacement went out.' },
    CHARGED: { description: 'Charged: the return never arrived, so the customer paid for the replacement.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One attribute of a variant, e.g. size = 43.' })
export class ExchangeAttribute {
  @Field({ description: 'Attribute name as the shop names it, e.g. "size" or "color".' })
  name!: string;

  @Field({ description: 'The variant\'s value of it, e.g. "43".' })
  value!: string;
}

@ObjectType({ simpleResolvers: true, description: 'A variant of the ordered product the customer can choose in exchange: in stock at the shop now.' })
export class ExchangeOption {
  @Field({ description: 'The variant\'s SKU: pass it as exchangeSku in requestReturn.' })
  sku!: string;

  @Field({ description: 'The variant\'s name as the shop shows it.' })
  name!: string;

  @Field(() => [ExchangeAttribute], { description: 'What tells this variant apart (size, color, ...).' })
  attributes!: ExchangeAttribute[];

  @Field(() => Money, { description: 'The variant\'s current unit price.' })
  price!: Money;

  @Field(() => Money, { description: 'Per unit: the variant\'s price minus what the customer paid. Positive is charged with the exchange order; negative is refunded with the return.' })
  priceDifference!: Money;

  @Field(() => Int, { description: 'Units in stock at the shop right now (briefly cached); the exchange needs as many as are returned.' })
  availableQuantity!: number;
}

@ObjectType({ simpleResolvers: true, description: 'The exchange of a return item: the replacement variant, its order at the shop, the price difference, and for an instant exchange the payment hold.' })
export class ReturnExchange {
  @Field(() => ExchangeStatusEnum, { description: 'Where the exchange stands.' })
  status!: ExchangeStatus;

  @Field(() => ExchangeModeEnum, { description: 'When the replacement is ordered: at receipt of the return, or at once against a payment hold.' })
  mode!: string;

  @Field({ description: 'The replacement variant\'s SKU.' })
  sku!: string;

  @Field({ description: 'The SKU being returned.' })
  originalSku!: string;

  @Field(() => Int, { description: 'Replacement units (units closed as missing are not exchanged).' })
  quantity!: number;

  @Field(() => Money, { description: 'The replacement\'s unit price when the exchange was requested.' })
  unitPrice!: Money;

  @Field(() => Money, { description: 'Replacement minus what was paid for the returned units: positive is charged with the exchange order, negative is refunded with the return.' })
  priceDifference!: Money;

  @Field(() => String, { nullable: true, description: 'The shop\'s reference of the exchange order, once placed.' })
  orderReference!: string | null;

  @Field(() => ExchangeHoldStatusEnum, { nullable: true, description: 'Instant exchange: the payment hold\'s state; null when no hold was asked for.' })
  holdStatus!: string | null;

  @Field(() => Money, { nullable: true, description: 'Instant exchange: the amount held (charged if the return never arrives).' })
  holdAmount!: Money | null;

  @Field(() => String, { nullable: true, description: 'Why the exchange order (or the hold) failed, as the shop said.' })
  failureReason!: string | null;

  @Field(() => ReturnResolutionEnum, { nullable: true, description: 'What the item became when the exchange failed (REFUND); null otherwise.' })
  fallbackResolution!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the exchange was requested.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'When the exchange last changed.' })
  updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A page of exchanges, newest first.' })
export class ReturnExchangeConnection extends connectionOf(ReturnExchange, 'ReturnExchange') {}

@ArgsType()
export class ExchangesArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size (1-100).' }) @Min(1) @Max(100) first!: number;
  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' }) @IsOptional() @MaxLength(200) after?: string | null;
  @Field(() => [ExchangeStatusEnum], { nullable: true, description: 'Only these statuses, e.g. [FAILED] for exchanges that fell back to a refund.' })
  @IsOptional() @ArrayMaxSize(10)
  status?: ExchangeStatus[] | null;
}
