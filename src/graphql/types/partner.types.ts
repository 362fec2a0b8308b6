import { ArrayMaxSize, IsOptional, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { IntegrationJobStatus, PartnerKind } from '../../db/schema';
import { Node, UserError, connectionOf } from './common.types';
import { IntegrationJobStatusEnum, PartnerKindEnum } from './enums';

@ObjectType({ simpleResolvers: true, description: 'What a partner declares it handles.' })
export class PartnerCapabilities {
  @Field(() => [String], { nullable: true }) regions?: string[];
  @Field(() => [String], { nullable: true }) categories?: string[];
  @Field(() => [String], { nullable: true, description: 'MERCHANT: the return events it subscribes to (all when empty).' }) events?: string[];
  @Field(() => Int, { nullable: true }) capacity?: number;
  @Field(() => [String], { nullable: true, description: 'VENDOR: the product suppliers whose returns it takes (case-insensitive).' }) suppliers?: string[];
  @Field(() => Float, { nullable: true, description: 'RECYCLER: declared turnaround in days from dispatch to report (routing).' }) turnaroundDays?: number;
  @Field(() => Boolean, { nullable: true, description: 'MERCHANT: its payment system takes refund requests (docs/refunds.md).' }) refunds?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'MERCHANT: its gift card / store-credit system issues store credit (docs/refunds.md).' }) storeCredit?: boolean;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class Partner extends Node {
  @Field(() => PartnerKindEnum) kind!: PartnerKind;
  @Field() name!: string;
  @Field({ description: 'Adapter identifier, e.g. boomerang-merchant-v1.' }) adapter!: string;
  @Field() endpoint!: string;
  @Field() status!: string;
  @Field(() => PartnerCapabilities) capabilities!: PartnerCapabilities;
  @Field(() => GraphQLDateTime) createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class PartnerApiKey extends Node {
  @Field({ description: 'First characters of the key, to recognise it.' }) prefix!: string;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One outbound partner call from the outbox.' })
export class IntegrationJob extends Node {
  @Field() type!: string;
  @Field(() => IntegrationJobStatusEnum) status!: IntegrationJobStatus;
  @Field(() => Partner) partner!: Partner;
  @Field(() => Int) attempts!: number;
  @Field(() => Int) maxAttempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => GraphQLJSONObject) payload!: Record<string, unknown>;
  @Field(() => GraphQLJSONObject, { nullable: true }) result!: Record<string, unknown> | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) completedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class IntegrationJobConnection extends connectionOf(IntegrationJob, 'IntegrationJob') {}

@InputType()
export class PartnerCapabilitiesInput {
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(200) @MaxLength(100, { each: true }) regions?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(200) @MaxLength(100, { each: true }) categories?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @MaxLength(100, { each: true }) events?: string[];
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(1_000_000) capacity?: number;
  @Field(() => [String], { nullable: true, description: 'VENDOR: the product suppliers whose returns it takes (case-insensitive).' }) @IsOptional() @ArrayMaxSize(200) @MaxLength(200, { each: true }) suppliers?: string[];
  @Field(() => Float, { nullable: true, description: 'RECYCLER: declared turnaround in days from dispatch to report (routing).' }) @IsOptional() @Min(0) @Max(365) turnaroundDays?: number;
  @Field(() => Boolean, { nullable: true, description: 'MERCHANT: its payment system takes refund requests (docs/refunds.md).' }) @IsOptional() refunds?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'MERCHANT: its gift card / store-credit system issues store credit (docs/refunds.md).' }) @IsOptional() storeCredit?: boolean;
}

@InputType()
export class CreatePartnerInput {
  @Field(() => PartnerKindEnum) kind!: PartnerKind;
  @Field() @MinLength(1) @MaxLength(200) name!: string;
  @Field() @MinLength(1) @MaxLength(100) adapter!: string;
  @Field() @MaxLength(2000) @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) endpoint!: string;
  @Field(() => GraphQLJSONObject, { nullable: true }) @IsOptional() settings?: Record<string, unknown>;
  @Field(() => PartnerCapabilitiesInput, { nullable: true }) @IsOptional() capabilities?: PartnerCapabilitiesInput;
}

@InputType()
export class CreatePartnerApiKeyInput {
  @Field(() => ID) @MaxLength(200) partnerId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) label?: string | null;
}

@InputType()
export class RevokePartnerApiKeyInput {
  @Field(() => ID) @MaxLength(200) apiKeyId!: string;
}

@InputType()
export class RetryIntegrationJobInput {
  @Field(() => ID) @MaxLength(200) jobId!: string;
}

@InputType()
export class IntegrationJobFilter {
  @Field(() => [IntegrationJobStatusEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(6) status?: IntegrationJobStatus[];
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(200) partnerId?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) type?: string;
}

@ArgsType()
export class IntegrationJobsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @Min(1) @Max(100) first!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) after?: string | null;
  @Field(() => IntegrationJobFilter, { nullable: true }) @IsOptional() filter?: IntegrationJobFilter | null;
}

@ObjectType({ simpleResolvers: true })
export class CreatePartnerPayload {
  @Field(() => Partner, { nullable: true }) partner!: Partner | null;
  @Field(() => String, { nullable: true, description: 'Standard Webhooks signing secret (whsec_…), shown once: the partner verifies our calls with it and signs its webhooks.' })
  signingSecret!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class CreatePartnerApiKeyPayload {
  @Field(() => PartnerApiKey, { nullable: true }) apiKey!: PartnerApiKey | null;
  @Field(() => String, { nullable: true, description: 'The key itself, shown once; only its hash is stored.' }) secret!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class RevokePartnerApiKeyPayload {
  @Field(() => PartnerApiKey, { nullable: true }) apiKey!: PartnerApiKey | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class RetryIntegrationJobPayload {
  @Field(() => IntegrationJob, { nullable: true }) job!: IntegrationJob | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class SyncDropOffLocationsPayload {
  @Field(() => ID, { nullable: true, description: 'The queued integration job.' }) jobId!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
