import { ArrayMaxSize, IsOptional, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { IntegrationJobStatus, PartnerKind } from '../../db/schema';
import { Node, UserError, UserErrorsField, connectionOf } from './common.types';
import { IntegrationJobStatusEnum, PartnerKindEnum } from './enums';

@ObjectType({ simpleResolvers: true, description: 'What a partner declares it handles.' })
export class PartnerCapabilities {
  @Field(() => [String], { nullable: true, description: 'Regions it serves (e.g. ISO country codes); null: no restriction.' }) regions?: string[];
  @Field(() => [String], { nullable: true, description: 'Product categories it handles (refurbishers, recyclers); null: all.' }) categories?: string[];
  @Field(() => [String], { nullable: true, description: 'MERCHANT: the return events it subscribes to (all when empty).' }) events?: string[];
  @Field(() => Int, { nullable: true, description: 'Units it can take at once (refurbishers); null: unlimited.' }) capacity?: number;
  @Field(() => [String], { nullable: true, description: 'VENDOR: the product suppliers whose returns it takes (case-insensitive).' }) suppliers?: string[];
  @Field(() => Float, { nullable: true, description: 'RECYCLER: declared turnaround in days from dispatch to report (routing).' }) turnaroundDays?: number;
  @Field(() => Boolean, { nullable: true, description: 'MERCHANT: its payment system takes refund requests (docs/refunds.md).' }) refunds?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'MERCHANT: its gift card / store-credit system issues store credit (docs/refunds.md).' }) storeCredit?: boolean;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'An organisation Boomerang works with: a carrier, locker or store network, pickup service, refurbisher, recycler, vendor or the merchant\'s own systems.' })
export class Partner extends Node {
  @Field(() => PartnerKindEnum, { description: 'What the partner does; decides the adapter contract and the mutations it may call.' }) kind!: PartnerKind;
  @Field({ description: 'Display name.' }) name!: string;
  @Field({ description: 'Adapter identifier, e.g. boomerang-merchant-v1.' }) adapter!: string;
  @Field({ description: 'Base URL Boomerang calls the partner at (admins only).' }) endpoint!: string;
  @Field({ description: 'ACTIVE, or DISABLED (no new work is sent).' }) status!: string;
  @Field(() => PartnerCapabilities, { description: 'What it handles, used to route work to it.' }) capabilities!: PartnerCapabilities;
  @Field(() => GraphQLDateTime, { description: 'When it was registered.' }) createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'An API key a partner calls Boomerang with (Authorization: Bearer <secret>); only its hash is kept.' })
export class PartnerApiKey extends Node {
  @Field({ description: 'First characters of the key, to recognise it.' }) prefix!: string;
  @Field(() => String, { nullable: true, description: 'Free-text label to tell keys apart, e.g. "production"; null when none.' }) label!: string | null;
  @Field(() => GraphQLDateTime, { description: 'When it was created.' }) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was revoked (it no longer authenticates); null while active.' }) revokedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One outbound partner call from the outbox.' })
export class IntegrationJob extends Node {
  @Field({ description: 'What the call does, e.g. "booking.create", "refurbishment.dispatch", "recycling.dispatch".' }) type!: string;
  @Field(() => IntegrationJobStatusEnum, { description: 'Where it is; DEAD jobs gave up and can be retried with retryIntegrationJob.' }) status!: IntegrationJobStatus;
  @Field(() => Partner, { description: 'The partner called.' }) partner!: Partner;
  @Field(() => Int, { description: 'Attempts made so far.' }) attempts!: number;
  @Field(() => Int, { description: 'Attempts allowed before it goes DEAD.' }) maxAttempts!: number;
  @Field(() => String, { nullable: true, description: 'The last attempt\'s failure, classified and without secrets; null when none failed.' }) lastError!: string | null;
  @Field(() => GraphQLJSONObject, { description: 'What the job works on: ids, never copies of objects.' }) payload!: Record<string, unknown>;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What the partner answered (e.g. a booking reference); null until it succeeded.' }) result!: Record<string, unknown> | null;
  @Field(() => GraphQLDateTime, { description: 'When the job was written (with the change that caused it).' }) createdAt!: Date;
  @Field(() => GraphQLDateTime, { description: 'When it last changed.' }) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it SUCCEEDED or went DEAD; null while pending.' }) completedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'A page of integration jobs (newest first).' })
export class IntegrationJobConnection extends connectionOf(IntegrationJob, 'IntegrationJob') {}

@InputType({ description: 'What a partner handles, used to route work to it.' })
export class PartnerCapabilitiesInput {
  @Field(() => [String], { nullable: true, description: 'Regions it serves (up to 200, e.g. ISO country codes); left out: no restriction.' }) @IsOptional() @ArrayMaxSize(200) @MaxLength(100, { each: true }) regions?: string[];
  @Field(() => [String], { nullable: true, description: 'Product categories it handles (up to 200); left out: all.' }) @IsOptional() @ArrayMaxSize(200) @MaxLength(100, { each: true }) categories?: string[];
  @Field(() => [String], { nullable: true, description: 'MERCHANT partners: the merchant event types to send it (unknown types are UNKNOWN_EVENT_TYPE).' }) @IsOptional() @ArrayMaxSize(50) @MaxLength(100, { each: true }) events?: string[];
  @Field(() => Int, { nullable: true, description: 'Units it can take at once (0-1000000); left out: unlimited.' }) @IsOptional() @Min(0) @Max(1_000_000) capacity?: number;
  @Field(() => [String], { nullable: true, description: 'VENDOR: the product suppliers whose returns it takes (case-insensitive).' }) @IsOptional() @ArrayMaxSize(200) @MaxLength(200, { each: true }) suppliers?: string[];
  @Field(() => Float, { nullable: true, description: 'RECYCLER: declared turnaround in days from dispatch to report (routing).' }) @IsOptional() @Min(0) @Max(365) turnaroundDays?: number;
  @Field(() => Boolean, { nullable: true, description: 'MERCHANT: its payment system takes refund requests (docs/refunds.md).' }) @IsOptional() refunds?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'MERCHANT: its gift card / store-credit system issues store credit (docs/refunds.md).' }) @IsOptional() storeCredit?: boolean;
}

@InputType({ description: 'A partner to register (admin).' })
export class CreatePartnerInput {
  @Field(() => PartnerKindEnum, { description: 'What the partner does.' }) kind!: PartnerKind;
  @Field({ description: 'Display name (1-200 characters).' }) @MinLength(1) @MaxLength(200) name!: string;
  @Field({ description: 'Id of the adapter that speaks its protocol, e.g. "boomerang-locker-v1" (UNKNOWN_ADAPTER lists the ones available for the kind).' }) @MinLength(1) @MaxLength(100) adapter!: string;
  @Field({ description: 'Base URL to call it at (http or https; https in production).' }) @MaxLength(2000) @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) endpoint!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Adapter settings as a JSON object (e.g. a locker network\'s syncAreas); see docs/partners.md.' }) @IsOptional() settings?: Record<string, unknown>;
  @Field(() => PartnerCapabilitiesInput, { nullable: true, description: 'What it handles; left out: everything.' }) @IsOptional() capabilities?: PartnerCapabilitiesInput;
}

@InputType({ description: 'A new API key for a partner (admin).' })
export class CreatePartnerApiKeyInput {
  @Field(() => ID, { description: 'Id of the partner (Partner.id).' }) @MaxLength(200) partnerId!: string;
  @Field(() => String, { nullable: true, description: 'Label to tell keys apart (up to 200 characters); optional.' }) @IsOptional() @MaxLength(200) label?: string | null;
}

@InputType({ description: 'The API key to revoke (admin).' })
export class RevokePartnerApiKeyInput {
  @Field(() => ID, { description: 'Id of the key (PartnerApiKey.id).' }) @MaxLength(200) apiKeyId!: string;
}

@InputType({ description: 'The DEAD integration job to retry (admin).' })
export class RetryIntegrationJobInput {
  @Field(() => ID, { description: 'Id of the job (IntegrationJob.id).' }) @MaxLength(200) jobId!: string;
}

@InputType({ description: 'Narrows the integration jobs list.' })
export class IntegrationJobFilter {
  @Field(() => [IntegrationJobStatusEnum], { nullable: true, description: 'Only jobs in these statuses.' }) @IsOptional() @ArrayMaxSize(6) status?: IntegrationJobStatus[];
  @Field(() => ID, { nullable: true, description: 'Only jobs calling this partner (Partner.id).' }) @IsOptional() @MaxLength(200) partnerId?: string;
  @Field(() => String, { nullable: true, description: 'Only jobs of this type, e.g. "booking.create".' }) @IsOptional() @MaxLength(100) type?: string;
}

@ArgsType()
export class IntegrationJobsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 1-100 (default 20).' }) @Min(1) @Max(100) first!: number;
  @Field(() => String, { nullable: true, description: 'Cursor to start after (PageInfo.endCursor); left out, the first page.' }) @IsOptional() @MaxLength(200) after?: string | null;
  @Field(() => IntegrationJobFilter, { nullable: true, description: 'Which jobs; left out, all.' }) @IsOptional() filter?: IntegrationJobFilter | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of createPartner.' })
export class CreatePartnerPayload {
  @Field(() => Partner, { nullable: true, description: 'The new partner; null when there are userErrors.' }) partner!: Partner | null;
  @Field(() => String, { nullable: true, description: 'Standard Webhooks signing secret (whsec_…), shown once: the partner verifies our calls with it and signs its webhooks.' })
  signingSecret!: string | null;
  @UserErrorsField() userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true, description: 'Result of createPartnerApiKey.' })
export class CreatePartnerApiKeyPayload {
  @Field(() => PartnerApiKey, { nullable: true, description: 'The new key; null when there are userErrors.' }) apiKey!: PartnerApiKey | null;
  @Field(() => String, { nullable: true, description: 'The key itself, shown once; only its hash is stored.' }) secret!: string | null;
  @UserErrorsField() userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true, description: 'Result of revokePartnerApiKey.' })
export class RevokePartnerApiKeyPayload {
  @Field(() => PartnerApiKey, { nullable: true, description: 'The key, now revoked; null when there are userErrors.' }) apiKey!: PartnerApiKey | null;
  @UserErrorsField() userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true, description: 'Result of retryIntegrationJob.' })
export class RetryIntegrationJobPayload {
  @Field(() => IntegrationJob, { nullable: true, description: 'The job, queued again with a fresh attempt budget; null when there are userErrors.' }) job!: IntegrationJob | null;
  @UserErrorsField() userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true, description: 'Result of syncDropOffLocations.' })
export class SyncDropOffLocationsPayload {
  @Field(() => ID, { nullable: true, description: 'The queued integration job.' }) jobId!: string | null;
  @UserErrorsField() userErrors!: UserError[];
}
