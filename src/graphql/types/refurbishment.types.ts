import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { REFURB_REPORT_LIMITS as LIMITS, REFURBISHMENT_DECISIONS, REFURBISHMENT_STATUSES, type RefurbishmentDecision, type RefurbishmentStatus } from '../../domain/refurbishment-status';
import { Money, Node, UserError, UserErrorsField, connectionOf } from './common.types';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const RefurbishmentJobStatusEnum = enumOf(REFURBISHMENT_STATUSES);
export const RefurbishmentDecisionEnum = enumOf(REFURBISHMENT_DECISIONS);
registerEnumType(RefurbishmentJobStatusEnum, {
  name: 'RefurbishmentJobStatus', description: 'CREATED → DISPATCHED → ACCEPTED → DIAGNOSED → IN_REPAIR → COMPLETED, or UNREPAIRABLE, REJECTED (re-routed), CLOSED (operator chose not to repair), CANCELLED (disposition changed before dispatch; reopened if REFURBISH is chosen again).',
  valuesConfig: {
    CREATED: { description: 'Created and routed to a vendor; not yet handed over.' },
    DISPATCHED: { description: 'Handed to the vendor; waiting for it to accept.' },
    ACCEPTED: { description: 'The vendor accepted the unit.' },
    DIAGNOSED: { description: 'The vendor quoted the repair; it goes on once approved (automatically up to the policy limit).' },
    IN_REPAIR: { description: 'Being repaired.' },
    COMPLETED: { description: 'Repaired and graded; the unit goes on resale.' },
    UNREPAIRABLE: { description: 'Cannot be repaired; the unit goes to recycling.' },
    REJECTED: { description: 'The vendor refused the job; it is routed to another vendor.' },
    CLOSED: { description: 'Closed by an operator\'s decision not to repair.' },
    CANCELLED: { description: 'Cancelled before dispatch (the item\'s disposition changed).' },
  },
});
registerEnumType(RefurbishmentDecisionEnum, {
  name: 'RefurbishmentDecision', description: 'What to do with a diagnosed unit whose quote is above the auto-approve limit.',
  valuesConfig: {
    REPAIR: { description: 'Approve the quote: the vendor repairs the unit.' },
    RETURN_AS_IS: { description: 'Do not repair; the vendor returns the unit as it is.' },
    HARVEST_PARTS: { description: 'Do not repair; the vendor harvests parts from it.' },
    RECYCLE: { description: 'Do not repair; the unit goes to recycling.' },
  },
});

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One returned unit at a refurbishment vendor.' })
export class RefurbishmentJob extends Node {
  @Field(() => RefurbishmentJobStatusEnum, { description: 'Where the job is; the vendor moves it on with updateRefurbishmentJob.' }) status!: RefurbishmentStatus;
  @Field({ description: 'SKU of the unit.' }) sku!: string;
  @Field({ description: 'Product name of the unit.' }) productName!: string;
  @Field({ description: 'Product category of the unit (vendors are chosen by it).' }) category!: string;
  @Field(() => String, { nullable: true, description: 'CTIA-style A–E, reported at completion.' }) cosmeticGrade!: string | null;
  @Field(() => String, { nullable: true, description: 'Functional grade reported at completion (vendor\'s scale, e.g. "PASS"); null until then.' }) functionalGrade!: string | null;
  @Field(() => Int, { nullable: true, description: 'Battery health in percent reported at completion, for devices with a battery; null otherwise.' }) batteryHealthPct!: number | null;
  @Field(() => [String], { description: 'Parts the vendor replaced, as reported; empty until completion.' }) partsReplaced!: string[];
  @Field(() => String, { nullable: true, description: 'Data-sanitization certificate (required for data-bearing categories).' }) sanitizationCertificateRef!: string | null;
  @Field(() => RefurbishmentDecisionEnum, { nullable: true, description: 'REPAIR when auto-approved or decided; null while a decision is pending.' }) operatorDecision!: RefurbishmentDecision | null;
  @Field(() => String, { nullable: true, description: 'The vendor\'s latest notes; null when none.' }) notes!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the vendor\'s SLA runs out (set at dispatch).' }) slaDueAt!: Date | null;
  @Field({ description: 'Flagged by the overdue sweep once past slaDueAt.' }) overdue!: boolean;
  @Field(() => GraphQLDateTime, { description: 'When the job was created (the item was given REFURBISH).' }) createdAt!: Date;
  @Field(() => GraphQLDateTime, { description: 'When the job last changed.' }) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it ended (COMPLETED, UNREPAIRABLE or CLOSED); null while open.' }) completedAt!: Date | null;
  // partner, returnItem, quote, cost and events are field resolvers.
  quote?: Money | null;
  cost?: Money | null;
}

@ObjectType({ simpleResolvers: true, description: 'A page of refurbishment jobs (newest first).' })
export class RefurbishmentJobConnection extends connectionOf(RefurbishmentJob, 'RefurbishmentJob') {}

@InputType({ description: 'Narrows the refurbishment jobs list.' })
export class RefurbishmentJobFilter {
  @Field(() => [RefurbishmentJobStatusEnum], { nullable: true, description: 'Only jobs in these statuses.' }) @IsOptional() @ArrayMaxSize(10)
  status?: RefurbishmentStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only jobs at this vendor (Partner.id; staff).' }) @IsOptional() @MaxLength(200)
  partnerId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only jobs past their SLA; false: only jobs within it.' }) @IsOptional()
  overdue?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only the job of this return item (ReturnItem.id).' }) @IsOptional() @MaxLength(200)
  returnItemId?: string | null;
}

@ArgsType()
export class RefurbishmentJobsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @IsOptional() @Min(1) @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor to start after (PageInfo.endCursor); left out, the first page.' }) @IsOptional() @MaxLength(200)
  after?: string | null;

  @Field(() => RefurbishmentJobFilter, { nullable: true, description: 'Which jobs; left out, all the caller may see (a vendor only its own).' }) @IsOptional() @ValidateNested()
  filter?: RefurbishmentJobFilter | null;
}

@InputType({ description: 'An amount: a decimal string in the currency\'s precision.' })
export class MoneyInput {
  @Field({ description: 'Decimal string in the currency\'s minor-unit precision, e.g. "19.99"; never a float.' }) @MaxLength(32)
  amount!: string;

  @Field({ description: 'ISO 4217 currency code; must be the currency of the object it is for.' }) @MaxLength(3)
  currencyCode!: string;
}

@InputType({ description: 'A vendor\'s progress report on one of its jobs.' })
export class UpdateRefurbishmentJobInput {
  @Field(() => ID, { description: 'Id of the job (RefurbishmentJob.id).' }) @MaxLength(200) jobId!: string;
  @Field(() => RefurbishmentJobStatusEnum, { description: 'The status the job moves to: ACCEPTED, REJECTED, DIAGNOSED (with quote), IN_REPAIR (once approved), COMPLETED (with grades and cost) or UNREPAIRABLE.' }) status!: RefurbishmentStatus;
  @Field(() => MoneyInput, { nullable: true, description: 'DIAGNOSED: the repair quote (parts and labour).' }) @IsOptional() @ValidateNested() quote?: MoneyInput | null;
  @Field(() => MoneyInput, { nullable: true, description: 'COMPLETED: the final cost.' }) @IsOptional() @ValidateNested() cost?: MoneyInput | null;
  @Field(() => String, { nullable: true, description: 'COMPLETED: cosmetic grade after repair (A-E).' }) @IsOptional() @MaxLength(LIMITS.cosmeticGrade) cosmeticGrade?: string | null;
  @Field(() => String, { nullable: true, description: 'COMPLETED: functional grade after repair.' }) @IsOptional() @MaxLength(LIMITS.functionalGrade) functionalGrade?: string | null;
  @Field(() => Int, { nullable: true, description: 'COMPLETED: battery health in percent, for devices with a battery.' }) @IsOptional() batteryHealthPct?: number | null;
  @Field(() => [String], { nullable: true, description: 'COMPLETED: the parts replaced.' }) @IsOptional() @ArrayMaxSize(LIMITS.parts) @MaxLength(LIMITS.part, { each: true }) partsReplaced?: string[] | null;
  @Field(() => String, { nullable: true, description: 'COMPLETED: the data-sanitization certificate (required for data-bearing categories).' }) @IsOptional() @MaxLength(LIMITS.sanitizationCertificateRef) sanitizationCertificateRef?: string | null;
  @Field(() => String, { nullable: true, description: 'Free-text notes for the merchant; optional.' }) @IsOptional() @MaxLength(LIMITS.notes) notes?: string | null;
}

@InputType({ description: 'An operator\'s decision on a diagnosed job whose quote is above the auto-approve limit.' })
export class DecideRefurbishmentInput {
  @Field(() => ID, { description: 'Id of the DIAGNOSED job (RefurbishmentJob.id).' }) @MaxLength(200) jobId!: string;
  @Field(() => RefurbishmentDecisionEnum, { description: 'What to do with the unit.' }) decision!: RefurbishmentDecision;
  @Field(() => String, { nullable: true, description: 'Why (up to 1000 characters); optional, kept in the job\'s history.' }) @IsOptional() @MaxLength(1000) reason?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of updateRefurbishmentJob.' })
export class UpdateRefurbishmentJobPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => RefurbishmentJob, { nullable: true, description: 'The job after the report; null when there are userErrors.' }) job!: RefurbishmentJob | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of decideRefurbishment.' })
export class DecideRefurbishmentPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => RefurbishmentJob, { nullable: true, description: 'The job after the decision; null when there are userErrors.' }) job!: RefurbishmentJob | null;
}
