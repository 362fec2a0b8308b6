import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { VENDOR_CREDIT_REFERENCE_MAX, VENDOR_RETURN_STATUSES, type VendorReturnStatus } from '../../domain/vendor-return';
import { Node, UserError, UserErrorsField, connectionOf } from './common.types';
import { MoneyInput } from './refurbishment.types';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const VendorReturnStatusEnum = enumOf(VENDOR_RETURN_STATUSES);
registerEnumType(VendorReturnStatusEnum, {
  name: 'VendorReturnStatus', description: 'OPEN (taking units) → DISPATCHED (vendor acknowledged, RMA reference) → CLOSED (credit confirmed); CANCELLED: its last units changed disposition before dispatch.',
  valuesConfig: {
    OPEN: { description: 'Taking units; dispatch it to hand it to the vendor.' },
    DISPATCHED: { description: 'The vendor acknowledged it (with its RMA reference); waiting for the credit.' },
    CLOSED: { description: 'The vendor confirmed the credit.' },
    CANCELLED: { description: 'Cancelled; its units left it.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'The units of one return item in a vendor return authorization.' })
export class VendorReturnUnit {
  @Field({ description: 'SKU of the units.' }) sku!: string;
  @Field(() => Int, { description: 'How many units of the return item are in the authorization.' }) units!: number;
  // unitValue, expectedCredit and returnItem are field resolvers.
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'RETURN_TO_VENDOR units of one supplier, batched for the vendor that takes its returns, with the expected credit.' })
export class VendorReturnAuthorization extends Node {
  @Field(() => VendorReturnStatusEnum, { description: 'Where the authorization is.' }) status!: VendorReturnStatus;
  @Field(() => String, { nullable: true, description: 'The supplier as on the products; null for products without one.' }) supplier!: string | null;
  @Field(() => String, { nullable: true, description: 'The vendor\'s RMA reference, once dispatched.' }) vendorReference!: string | null;
  @Field(() => String, { nullable: true, description: 'The vendor\'s credit reference, once the credit is confirmed.' }) creditReference!: string | null;
  @Field(() => GraphQLDateTime, { description: 'When it was opened.' }) createdAt!: Date;
  @Field(() => GraphQLDateTime, { description: 'When it last changed.' }) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the vendor acknowledged it; null before.' }) dispatchedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the vendor confirmed its credit; null before.' }) closedAt!: Date | null;
  // partner, expectedCredit, creditedAmount, creditDifference, units and events are field resolvers.
}

@ObjectType({ simpleResolvers: true, description: 'A page of vendor return authorizations (newest first).' })
export class VendorReturnAuthorizationConnection extends connectionOf(VendorReturnAuthorization, 'VendorReturnAuthorization') {}

@InputType({ description: 'Narrows the vendor return authorizations list.' })
export class VendorReturnAuthorizationFilter {
  @Field(() => [VendorReturnStatusEnum], { nullable: true, description: 'Only authorizations in these statuses.' }) @IsOptional() @ArrayMaxSize(10)
  status?: VendorReturnStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only those of this vendor (Partner.id; staff).' }) @IsOptional() @MaxLength(200)
  partnerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive.' }) @IsOptional() @MaxLength(200)
  supplier?: string | null;
}

@ArgsType()
export class VendorReturnAuthorizationsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @IsOptional() @Min(1) @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor to start after (PageInfo.endCursor); left out, the first page.' }) @IsOptional() @MaxLength(200)
  after?: string | null;

  @Field(() => VendorReturnAuthorizationFilter, { nullable: true, description: 'Which authorizations; left out, all the caller may see (a vendor only its own).' }) @IsOptional() @ValidateNested()
  filter?: VendorReturnAuthorizationFilter | null;
}

@InputType({ description: 'The OPEN authorization to hand to its vendor.' })
export class DispatchVendorReturnInput {
  @Field(() => ID, { description: 'Id of the authorization (VendorReturnAuthorization.id).' }) @MaxLength(200) authorizationId!: string;
}

@InputType({ description: 'A vendor\'s confirmation of the credit for one of its authorizations.' })
export class ConfirmVendorCreditInput {
  @Field(() => ID, { description: 'Id of the DISPATCHED authorization (VendorReturnAuthorization.id).' }) @MaxLength(200) authorizationId!: string;
  @Field(() => MoneyInput, { description: 'What the vendor credited, in the authorization\'s currency.' }) @ValidateNested() creditedAmount!: MoneyInput;
  @Field({ description: 'The vendor\'s credit note reference.' }) @MaxLength(VENDOR_CREDIT_REFERENCE_MAX) reference!: string;
}

@ObjectType({ simpleResolvers: true, description: 'Result of dispatchVendorReturn.' })
export class DispatchVendorReturnPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => VendorReturnAuthorization, { nullable: true, description: 'The authorization with its dispatch requested; null when there are userErrors.' }) authorization!: VendorReturnAuthorization | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of confirmVendorCredit.' })
export class ConfirmVendorCreditPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => VendorReturnAuthorization, { nullable: true, description: 'The authorization, now CLOSED; null when there are userErrors.' }) authorization!: VendorReturnAuthorization | null;
}
