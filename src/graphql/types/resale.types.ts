import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DisposalKind } from '../../db/schema';
import { RESALE_LISTING_STATUSES, type ResaleListingStatus } from '../../domain/resale-listing-status';
import { RESALE_SOURCES, type ResaleSource } from '../../domain/resale-pricing';
import { Money, Node, UserError, UserErrorsField, connectionOf } from './common.types';
import { MoneyInput } from './refurbishment.types';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const ResaleListingStatusEnum = enumOf(RESALE_LISTING_STATUSES);
export const ResaleSourceEnum = enumOf(RESALE_SOURCES);
export const DisposalKindEnum = enumOf(['DONATE', 'LIQUIDATE'] as const);
registerEnumType(ResaleListingStatusEnum, { name: 'ResaleListingStatus', description: 'AVAILABLE → RESERVED → SOLD; RESERVED → AVAILABLE (released); AVAILABLE or RESERVED → WITHDRAWN.' });
registerEnumType(ResaleSourceEnum, { name: 'ResaleSource', description: 'The disposition that made the unit sellable.' });
registerEnumType(DisposalKindEnum, { name: 'DisposalKind', description: 'DONATE: given to a charity; LIQUIDATE: sold in bulk to a liquidator.' });

@ObjectType({ simpleResolvers: true, implements: Node, description: 'Units of one return item offered for resale (staff only).' })
export class ResaleListing extends Node {
  @Field(() => ResaleListingStatusEnum) status!: ResaleListingStatus;
  @Field(() => Int) units!: number;
  @Field() sku!: string;
  @Field() category!: string;
  @Field({ description: 'e.g. "Open box – GOOD", "Refurbished – grade B".' }) conditionLabel!: string;
  @Field(() => ResaleSourceEnum) sourceDisposition!: ResaleSource;
  @Field({ description: 'The pricing rule applied, e.g. "RESELL_OPEN_BOX GOOD 80 % × electronics 90 %" (docs/dispositions.md).' }) pricingRule!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) reservedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) soldAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) withdrawnAt!: Date | null;
  // price, originalUnitPrice, soldPrice, returnItem and events are field resolvers.
  price?: Money;
}

@ObjectType({ simpleResolvers: true })
export class ResaleListingConnection extends connectionOf(ResaleListing, 'ResaleListing') {}

@InputType()
export class ResaleListingFilter {
  @Field(() => [ResaleListingStatusEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(10)
  status?: ResaleListingStatus[] | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100)
  category?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100)
  sku?: string | null;
}

@ArgsType()
export class ResaleListingsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @IsOptional() @Min(1) @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200)
  after?: string | null;

  @Field(() => ResaleListingFilter, { nullable: true }) @IsOptional() @ValidateNested()
  filter?: ResaleListingFilter | null;
}

@InputType()
export class ResaleListingInput {
  @Field(() => ID) @MaxLength(200) listingId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000) reason?: string | null;
}

@InputType()
export class SellResaleListingInput {
  @Field(() => ID) @MaxLength(200) listingId!: string;
  @Field(() => MoneyInput, { nullable: true, description: 'Price per unit it sold at; the list price when omitted.' }) @IsOptional() @ValidateNested()
  price?: MoneyInput | null;
}

@ObjectType({ simpleResolvers: true })
export class ResaleListingPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => ResaleListing, { nullable: true }) listing!: ResaleListing | null;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'Who took a DONATE or LIQUIDATE unit and what it brought back (staff only).' })
export class DisposalRecord extends Node {
  @Field(() => DisposalKindEnum) kind!: DisposalKind;
  @Field({ description: 'The recipient (DONATE) or buyer (LIQUIDATE).' }) counterparty!: string;
  @Field() recordedBy!: string;
  @Field(() => GraphQLDateTime) recordedAt!: Date;
  // returnItem and valueRecovered are field resolvers.
  valueRecovered?: Money;
}

@InputType()
export class RecordDisposalInput {
  @Field(() => ID) @MaxLength(200) returnItemId!: string;
  @Field(() => DisposalKindEnum) kind!: DisposalKind;
  @Field({ description: 'The recipient (DONATE) or buyer (LIQUIDATE).' }) @MaxLength(200) counterparty!: string;
  @Field(() => MoneyInput) @ValidateNested() valueRecovered!: MoneyInput;
}

@ObjectType({ simpleResolvers: true })
export class RecordDisposalPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => DisposalRecord, { nullable: true }) disposal!: DisposalRecord | null;
}
