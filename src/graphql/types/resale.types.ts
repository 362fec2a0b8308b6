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
registerEnumType(ResaleListingStatusEnum, {
  name: 'ResaleListingStatus', description: 'AVAILABLE → RESERVED → SOLD; RESERVED → AVAILABLE (released); AVAILABLE or RESERVED → WITHDRAWN.',
  valuesConfig: {
    AVAILABLE: { description: 'Offered for sale.' },
    RESERVED: { description: 'Held for a buyer.' },
    SOLD: { description: 'Sold (final).' },
    WITHDRAWN: { description: 'Taken off sale (final), e.g. when the item\'s disposition changed.' },
  },
});
registerEnumType(ResaleSourceEnum, {
  name: 'ResaleSource', description: 'The disposition that made the unit sellable.',
  valuesConfig: {
    RESTOCK: { description: 'Restocked as new.' },
    RESELL_OPEN_BOX: { description: 'Resold open box.' },
    REFURBISH: { description: 'Refurbished (priced by its cosmetic grade).' },
  },
});
registerEnumType(DisposalKindEnum, {
  name: 'DisposalKind', description: 'DONATE: given to a charity; LIQUIDATE: sold in bulk to a liquidator.',
  valuesConfig: {
    DONATE: { description: 'Given to a charity.' },
    LIQUIDATE: { description: 'Sold in bulk to a liquidator.' },
  },
});

@ObjectType({ simpleResolvers: true, implements: Node, description: 'Units of one return item offered for resale (staff only).' })
export class ResaleListing extends Node {
  @Field(() => ResaleListingStatusEnum, { description: 'Where the listing is.' }) status!: ResaleListingStatus;
  @Field(() => Int, { description: 'Units offered.' }) units!: number;
  @Field({ description: 'SKU of the units.' }) sku!: string;
  @Field({ description: 'Product category of the units.' }) category!: string;
  @Field({ description: 'e.g. "Open box – GOOD", "Refurbished – grade B".' }) conditionLabel!: string;
  @Field(() => ResaleSourceEnum, { description: 'The disposition that made the units sellable (priced by it).' }) sourceDisposition!: ResaleSource;
  @Field({ description: 'The pricing rule applied, e.g. "RESELL_OPEN_BOX GOOD 80 % × electronics 90 %" (docs/dispositions.md).' }) pricingRule!: string;
  @Field(() => GraphQLDateTime, { description: 'When the listing was created.' }) createdAt!: Date;
  @Field(() => GraphQLDateTime, { description: 'When it last changed.' }) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was reserved; null unless RESERVED or SOLD.' }) reservedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was sold; null unless SOLD.' }) soldAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was withdrawn; null unless WITHDRAWN.' }) withdrawnAt!: Date | null;
  // price, originalUnitPrice, soldPrice, returnItem and events are field resolvers.
  price?: Money;
}

@ObjectType({ simpleResolvers: true, description: 'A page of resale listings (newest first).' })
export class ResaleListingConnection extends connectionOf(ResaleListing, 'ResaleListing') {}

@InputType({ description: 'Narrows the resale listings list.' })
export class ResaleListingFilter {
  @Field(() => [ResaleListingStatusEnum], { nullable: true, description: 'Only listings in these statuses.' }) @IsOptional() @ArrayMaxSize(10)
  status?: ResaleListingStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Only listings of this product category.' }) @IsOptional() @MaxLength(100)
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'Only listings of this SKU.' }) @IsOptional() @MaxLength(100)
  sku?: string | null;
}

@ArgsType()
export class ResaleListingsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @IsOptional() @Min(1) @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor to start after (PageInfo.endCursor); left out, the first page.' }) @IsOptional() @MaxLength(200)
  after?: string | null;

  @Field(() => ResaleListingFilter, { nullable: true, description: 'Which listings; left out, all.' }) @IsOptional() @ValidateNested()
  filter?: ResaleListingFilter | null;
}

@InputType({ description: 'Names a listing, with why it changes.' })
export class ResaleListingInput {
  @Field(() => ID, { description: 'Id of the listing (ResaleListing.id).' }) @MaxLength(200) listingId!: string;
  @Field(() => String, { nullable: true, description: 'Why (up to 1000 characters); optional, kept in the listing\'s history.' }) @IsOptional() @MaxLength(1000) reason?: string | null;
}

@InputType({ description: 'Sells a RESERVED listing.' })
export class SellResaleListingInput {
  @Field(() => ID, { description: 'Id of the listing (ResaleListing.id).' }) @MaxLength(200) listingId!: string;
  @Field(() => MoneyInput, { nullable: true, description: 'Price per unit it sold at; the list price when omitted.' }) @IsOptional() @ValidateNested()
  price?: MoneyInput | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of a resale listing change.' })
export class ResaleListingPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => ResaleListing, { nullable: true, description: 'The listing after the change; null when there are userErrors.' }) listing!: ResaleListing | null;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'Who took a DONATE or LIQUIDATE unit and what it brought back (staff only).' })
export class DisposalRecord extends Node {
  @Field(() => DisposalKindEnum, { description: 'Donation or liquidation.' }) kind!: DisposalKind;
  @Field({ description: 'The recipient (DONATE) or buyer (LIQUIDATE).' }) counterparty!: string;
  @Field({ description: 'Who recorded it, e.g. "operator:alice".' }) recordedBy!: string;
  @Field(() => GraphQLDateTime, { description: 'When it was recorded.' }) recordedAt!: Date;
  // returnItem and valueRecovered are field resolvers.
  valueRecovered?: Money;
}

@InputType({ description: 'The recipient or buyer of a DONATE or LIQUIDATE item.' })
export class RecordDisposalInput {
  @Field(() => ID, { description: 'Id of the item (ReturnItem.id); its disposition must match kind.' }) @MaxLength(200) returnItemId!: string;
  @Field(() => DisposalKindEnum, { description: 'DONATE or LIQUIDATE, as the item\'s disposition.' }) kind!: DisposalKind;
  @Field({ description: 'The recipient (DONATE) or buyer (LIQUIDATE).' }) @MaxLength(200) counterparty!: string;
  @Field(() => MoneyInput, { description: 'Value recovered, in the return\'s currency ("0" for a donation).' }) @ValidateNested() valueRecovered!: MoneyInput;
}

@ObjectType({ simpleResolvers: true, description: 'Result of recordDisposal.' })
export class RecordDisposalPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => DisposalRecord, { nullable: true, description: 'The record; null when there are userErrors.' }) disposal!: DisposalRecord | null;
}
