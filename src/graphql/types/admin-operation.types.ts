import { ArrayMaxSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, createUnionType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { AdminOperationKind, AdminOperationStatus } from '../../db/schema';
import { AnalyticsRefreshSummary } from './analytics.types';
import { Node, connectionOf } from './common.types';
import { enumOf } from './enums';
import { ReturnRiskModel } from './risk.types';

export const AdminOperationKindEnum = enumOf(['REFRESH_ANALYTICS', 'TRAIN_RISK_MODEL'] as const);
export const AdminOperationStatusEnum = enumOf(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const);
registerEnumType(AdminOperationKindEnum, {
  name: 'AdminOperationKind', description: 'REFRESH_ANALYTICS (refreshAnalytics) or TRAIN_RISK_MODEL (trainReturnRiskModel).',
  valuesConfig: {
    REFRESH_ANALYTICS: { description: 'Refreshes the analytics aggregates (refreshAnalytics).' },
    TRAIN_RISK_MODEL: { description: 'Trains a new return-risk model version (trainReturnRiskModel).' },
  },
});
registerEnumType(AdminOperationStatusEnum, {
  name: 'AdminOperationStatus', description: 'QUEUED → RUNNING → SUCCEEDED or FAILED (RUNNING → QUEUED again when its worker died).',
  valuesConfig: {
    QUEUED: { description: 'Waiting for a worker.' },
    RUNNING: { description: 'A worker is running it; see progress and phase.' },
    SUCCEEDED: { description: 'Done; result holds what it produced.' },
    FAILED: { description: 'Gave up; errorCode and error say why.' },
  },
});

/** The concrete type of an AdminOperationResult (schema.ts installs it unwrapped, see there). */
export const resolveAdminOperationResult = (value: object): string => ('mode' in value ? 'AnalyticsRefreshSummary' : 'ReturnRiskModel');

export const AdminOperationResult = createUnionType({
  name: 'AdminOperationResult',
  description: 'What a SUCCEEDED operation produced: the refresh summary, or the model version it trained.',
  types: () => [AnalyticsRefreshSummary, ReturnRiskModel] as const,
  resolveType: resolveAdminOperationResult,
});

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A long admin operation run by a worker; poll it (adminOperation or node) until SUCCEEDED or FAILED.' })
export class AdminOperation extends Node {
  @Field(() => AdminOperationKindEnum, { description: 'What the operation does.' }) kind!: AdminOperationKind;
  @Field(() => AdminOperationStatusEnum, { description: 'Where it is: poll until SUCCEEDED or FAILED.' }) status!: AdminOperationStatus;
  @Field(() => GraphQLJSONObject, { description: 'The options it runs with, defaults applied.' }) input!: Record<string, unknown>;
  @Field(() => Float, { description: 'Fraction done, 0 to 1, as the worker passes its phases.' }) progress!: number;
  @Field(() => String, { nullable: true, description: 'The phase it is in (or failed in), e.g. "returns by day".' }) phase!: string | null;
  @Field(() => Int, { description: 'Runs started: more than 1 when a worker died during a run and it was queued again.' }) attempts!: number;
  @Field(() => AdminOperationResult, { nullable: true, description: 'SUCCEEDED: what it produced.' }) result!: typeof AdminOperationResult | null;
  @Field(() => String, { nullable: true, description: 'FAILED: a stable code: NOT_ENOUGH_HISTORY, TIMED_OUT (past ANALYTICS_REFRESH_TIMEOUT_MS / RISK_MODEL_TRAIN_TIMEOUT_MS, rolled back), WORKER_LOST, DATABASE_UNAVAILABLE, INTERNAL, SUPERSEDED (ended by migration 0012: queued beside another operation of its kind when only one at a time became the rule; request it again).' }) errorCode!: string | null;
  @Field(() => String, { nullable: true, description: 'FAILED: why, in words (never a stack trace).' }) error!: string | null;
  @Field({ description: 'Who asked, e.g. "admin:alice".' }) requestedBy!: string;
  @Field(() => GraphQLDateTime, { description: 'When it was requested.' }) requestedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a worker first started it.' }) startedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it SUCCEEDED or FAILED; null while queued or running.' }) finishedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'The running worker\'s last sign of life (progress or heartbeat).' }) heartbeatAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'A page of admin operations (newest first).' })
export class AdminOperationConnection extends connectionOf(AdminOperation, 'AdminOperation') {}

@InputType({ description: 'Narrows the admin operations list.' })
export class AdminOperationFilter {
  @Field(() => [AdminOperationKindEnum], { nullable: true, description: 'Only operations of these kinds.' }) @IsOptional() @ArrayMaxSize(2) kind?: AdminOperationKind[];
  @Field(() => [AdminOperationStatusEnum], { nullable: true, description: 'Only operations in these statuses.' }) @IsOptional() @ArrayMaxSize(4) status?: AdminOperationStatus[];
}

@ArgsType()
export class AdminOperationsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'Page size, 1-100 (default 20).' }) @Min(1) @Max(100) first!: number;
  @Field(() => String, { nullable: true, description: 'Cursor to start after (PageInfo.endCursor); left out, the first page.' }) @IsOptional() @MaxLength(200) after?: string | null;
  @Field(() => AdminOperationFilter, { nullable: true, description: 'Which operations; left out, all.' }) @IsOptional() filter?: AdminOperationFilter | null;
}
