import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  MATERIALS, MATERIAL_STREAMS, RECYCLING_LOT_STATUSES, RECYCLING_REPORT_LIMITS, TREATMENT_ROUTES, type Material, type MaterialStream, type RecyclingLotStatus, type TreatmentRoute,
} from '../../domain/recycling-lot-status';
import { Node, UserError, UserErrorsField, connectionOf } from './common.types';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const RecyclingLotStatusEnum = enumOf(RECYCLING_LOT_STATUSES);
export const MaterialEnum = enumOf(MATERIALS);
export const TreatmentRouteEnum = enumOf(TREATMENT_ROUTES);
export const MaterialStreamEnum = enumOf(MATERIAL_STREAMS);
registerEnumType(RecyclingLotStatusEnum, { name: 'RecyclingLotStatus', description: 'OPEN → DISPATCHED → REPORTED → CLOSED, or REPORTED → NEEDS_REVIEW → CLOSED (accepted) / DISPATCHED (report again); CANCELLED: its last units changed disposition before dispatch.' });
registerEnumType(MaterialEnum, { name: 'Material', description: 'A material fraction a recycler reports.' });
registerEnumType(TreatmentRouteEnum, { name: 'TreatmentRoute', description: 'What happened to a fraction, best first in the waste hierarchy.' });
registerEnumType(MaterialStreamEnum, { name: 'MaterialStream', description: 'WEEE (electrical and electronic equipment), TEXTILES (clothing and footwear), MIXED.' });

@ObjectType({ simpleResolvers: true, description: 'One reported material fraction.' })
export class MaterialWeight {
  @Field(() => MaterialEnum) material!: Material;
  @Field(() => Float) weightKg!: number;
  @Field(() => TreatmentRouteEnum) route!: TreatmentRoute;
}

@ObjectType({ simpleResolvers: true, description: 'The units of one return item in a lot.' })
export class RecyclingLotUnit {
  @Field() sku!: string;
  @Field() category!: string;
  @Field(() => Int) units!: number;
  @Field(() => Float, { nullable: true, description: 'units × product weight; null when the product has no weight.' }) weightKg!: number | null;
  // returnItem is a field resolver (operators only).
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'RECYCLE units batched for one recycler, material stream and WEEE category.' })
export class RecyclingLot extends Node {
  @Field(() => RecyclingLotStatusEnum) status!: RecyclingLotStatus;
  @Field(() => MaterialStreamEnum) materialStream!: MaterialStream;
  @Field(() => Int, { nullable: true, description: 'WEEE category 1–6 (Directive 2012/19/EU Annex III) for the WEEE stream.' }) weeeCategory!: number | null;
  @Field(() => Float, { description: 'Sum of the units\' product weights.' }) declaredWeightKg!: number;
  @Field(() => Float, { nullable: true }) reportedWeightKg!: number | null;
  @Field(() => String, { nullable: true }) certificateNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Required when the lot holds data-bearing devices.' }) dataDestructionCertificate!: string | null;
  @Field(() => [String], { description: 'Why the last report was flagged; empty when it passed.' }) reviewReasons!: string[];
  @Field(() => String, { nullable: true, description: 'The operator\'s note from the last review.' }) reviewNote!: string | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) dispatchedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) reportedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) closedAt!: Date | null;
  // partner, materials, units, dataBearing and events are field resolvers.
}

@ObjectType({ simpleResolvers: true })
export class RecyclingLotConnection extends connectionOf(RecyclingLot, 'RecyclingLot') {}

@InputType()
export class RecyclingLotFilter {
  @Field(() => [RecyclingLotStatusEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(10)
  status?: RecyclingLotStatus[] | null;

  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(200)
  partnerId?: string | null;

  @Field(() => MaterialStreamEnum, { nullable: true }) @IsOptional()
  materialStream?: MaterialStream | null;
}

@ArgsType()
export class RecyclingLotsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @IsOptional() @Min(1) @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200)
  after?: string | null;

  @Field(() => RecyclingLotFilter, { nullable: true }) @IsOptional() @ValidateNested()
  filter?: RecyclingLotFilter | null;
}

@InputType()
export class MaterialWeightInput {
  @Field(() => MaterialEnum) material!: Material;
  @Field(() => Float) @Min(0) @Max(1_000_000) weightKg!: number;
  @Field(() => TreatmentRouteEnum) route!: TreatmentRoute;
}

@InputType()
export class ReportRecyclingLotInput {
  @Field(() => ID) @MaxLength(200) lotId!: string;
  @Field() @MaxLength(RECYCLING_REPORT_LIMITS.reference) certificateNumber!: string;
  @Field(() => [MaterialWeightInput]) @ArrayMinSize(1) @ArrayMaxSize(RECYCLING_REPORT_LIMITS.fractions) @ValidateNested() materials!: MaterialWeightInput[];
  @Field(() => String, { nullable: true, description: 'Required when the lot holds data-bearing devices.' }) @IsOptional() @MaxLength(RECYCLING_REPORT_LIMITS.reference)
  dataDestructionCertificate?: string | null;
}

@InputType()
export class DispatchRecyclingLotInput {
  @Field(() => ID) @MaxLength(200) lotId!: string;
}

@InputType()
export class ReviewRecyclingLotInput {
  @Field(() => ID) @MaxLength(200) lotId!: string;
  @Field({ description: 'true: accept the report and close the lot; false: send it back for the recycler to report again.' }) accept!: boolean;
  @Field(() => String, { nullable: true, description: 'Required when sending a report back.' }) @IsOptional() @MaxLength(2000) note?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class ReportRecyclingLotPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => RecyclingLot, { nullable: true }) lot!: RecyclingLot | null;
}

@ObjectType({ simpleResolvers: true })
export class DispatchRecyclingLotPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => RecyclingLot, { nullable: true }) lot!: RecyclingLot | null;
}

@ObjectType({ simpleResolvers: true })
export class ReviewRecyclingLotPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => RecyclingLot, { nullable: true }) lot!: RecyclingLot | null;
}
