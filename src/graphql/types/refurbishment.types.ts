import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { REFURB_REPORT_LIMITS as LIMITS, REFURBISHMENT_DECISIONS, REFURBISHMENT_STATUSES, type RefurbishmentDecision, type RefurbishmentStatus } from '../../domain/refurbishment-status';
import { Money, Node, UserError, connectionOf } from './common.types';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const RefurbishmentJobStatusEnum = enumOf(REFURBISHMENT_STATUSES);
export const RefurbishmentDecisionEnum = enumOf(REFURBISHMENT_DECISIONS);
registerEnumType(RefurbishmentJobStatusEnum, { name: 'RefurbishmentJobStatus', description: 'CREATED → DISPATCHED → ACCEPTED → DIAGNOSED → IN_REPAIR → COMPLETED, or UNREPAIRABLE, REJECTED (re-routed), CLOSED (operator chose not to repair), CANCELLED (disposition changed before dispatch; reopened if REFURBISH is chosen again).' });
registerEnumType(RefurbishmentDecisionEnum, { name: 'RefurbishmentDecision', description: 'What to do with a diagnosed unit whose quote is above the auto-approve limit.' });

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One returned unit at a refurbishment vendor.' })
export class RefurbishmentJob extends Node {
  @Field(() => RefurbishmentJobStatusEnum) status!: RefurbishmentStatus;
  @Field() sku!: string;
  @Field() productName!: string;
  @Field() category!: string;
  @Field(() => String, { nullable: true, description: 'CTIA-style A–E, reported at completion.' }) cosmeticGrade!: string | null;
  @Field(() => String, { nullable: true }) functionalGrade!: string | null;
  @Field(() => Int, { nullable: true }) batteryHealthPct!: number | null;
  @Field(() => [String]) partsReplaced!: string[];
  @Field(() => String, { nullable: true, description: 'Data-sanitization certificate (required for data-bearing categories).' }) sanitizationCertificateRef!: string | null;
  @Field(() => RefurbishmentDecisionEnum, { nullable: true, description: 'REPAIR when auto-approved or decided; null while a decision is pending.' }) operatorDecision!: RefurbishmentDecision | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the vendor\'s SLA runs out (set at dispatch).' }) slaDueAt!: Date | null;
  @Field({ description: 'Flagged by the overdue sweep once past slaDueAt.' }) overdue!: boolean;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) completedAt!: Date | null;
  // partner, returnItem, quote, cost and events are field resolvers.
  quote?: Money | null;
  cost?: Money | null;
}

@ObjectType({ simpleResolvers: true })
export class RefurbishmentJobConnection extends connectionOf(RefurbishmentJob, 'RefurbishmentJob') {}

@InputType()
export class RefurbishmentJobFilter {
  @Field(() => [RefurbishmentJobStatusEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(10)
  status?: RefurbishmentStatus[] | null;

  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(200)
  partnerId?: string | null;

  @Field(() => Boolean, { nullable: true }) @IsOptional()
  overdue?: boolean | null;

  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(200)
  returnItemId?: string | null;
}

@ArgsType()
export class RefurbishmentJobsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @IsOptional() @Min(1) @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200)
  after?: string | null;

  @Field(() => RefurbishmentJobFilter, { nullable: true }) @IsOptional() @ValidateNested()
  filter?: RefurbishmentJobFilter | null;
}

@InputType({ description: 'An amount: a decimal string in the currency\'s precision.' })
export class MoneyInput {
  @Field() @MaxLength(32)
  amount!: string;

  @Field() @MaxLength(3)
  currencyCode!: string;
}

@InputType()
export class UpdateRefurbishmentJobInput {
  @Field(() => ID) @MaxLength(200) jobId!: string;
  @Field(() => RefurbishmentJobStatusEnum) status!: RefurbishmentStatus;
  @Field(() => MoneyInput, { nullable: true, description: 'DIAGNOSED: the repair quote (parts and labour).' }) @IsOptional() @ValidateNested() quote?: MoneyInput | null;
  @Field(() => MoneyInput, { nullable: true, description: 'COMPLETED: the final cost.' }) @IsOptional() @ValidateNested() cost?: MoneyInput | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(LIMITS.cosmeticGrade) cosmeticGrade?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(LIMITS.functionalGrade) functionalGrade?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() batteryHealthPct?: number | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(LIMITS.parts) @MaxLength(LIMITS.part, { each: true }) partsReplaced?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(LIMITS.sanitizationCertificateRef) sanitizationCertificateRef?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(LIMITS.notes) notes?: string | null;
}

@InputType()
export class DecideRefurbishmentInput {
  @Field(() => ID) @MaxLength(200) jobId!: string;
  @Field(() => RefurbishmentDecisionEnum) decision!: RefurbishmentDecision;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1000) reason?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class UpdateRefurbishmentJobPayload {
  @Field(() => [UserError]) userErrors!: UserError[];
  @Field(() => RefurbishmentJob, { nullable: true }) job!: RefurbishmentJob | null;
}

@ObjectType({ simpleResolvers: true })
export class DecideRefurbishmentPayload {
  @Field(() => [UserError]) userErrors!: UserError[];
  @Field(() => RefurbishmentJob, { nullable: true }) job!: RefurbishmentJob | null;
}
