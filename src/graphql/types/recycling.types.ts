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
registerEnumType(RecyclingLotStatusEnum, {
  name: 'RecyclingLotStatus', description: 'OPEN → DISPATCHED → REPORTED → CLOSED, or REPORTED → NEEDS_REVIEW → CLOSED (accepted) / DISPATCHED (report again); CANCELLED: its last units changed disposition before dispatch.',
  valuesConfig: {
    OPEN: { description: 'Taking units.' },
    DISPATCHED: { description: 'Handed to the recycler; waiting for its report.' },
    REPORTED: { description: 'The recycler reported; being checked.' },
    NEEDS_REVIEW: { description: 'The report failed a check (see reviewReasons); an operator accepts it or sends it back.' },
    CLOSED: { description: 'Report accepted (final).' },
    CANCELLED: { description: 'Cancelled; its units left it.' },
  },
});
registerEnumType(MaterialEnum, {
  name: 'Material', description: 'A material fraction a recycler reports.',
  valuesConfig: {
    FERROUS: { description: 'Iron and steel.' },
    NON_FERROUS: { description: 'Aluminium, copper and other non-ferrous metals.' },
    PLASTICS: { description: 'Plastic casings, parts and packaging.' },
    GLASS: { description: 'Glass, e.g. from screens and housings.' },
    PAPER_CARDBOARD: { description: 'Paper and cardboard.' },
    TEXTILES: { description: 'Fabric and fibres from clothing and soft goods.' },
    BATTERIES: { description: 'Batteries and accumulators (hazardous; reported apart).' },
    CIRCUIT_BOARDS: { description: 'Printed circuit boards.' },
    OTHER: { description: 'Anything else.' },
  },
});
registerEnumType(TreatmentRouteEnum, {
  name: 'TreatmentRoute', description: 'What happened to a fraction, best first in the waste hierarchy.',
  valuesConfig: {
    REUSE: { description: 'Reused as is.' },
    RECYCLING: { description: 'Recycled into material.' },
    ENERGY_RECOVERY: { description: 'Incinerated with energy recovery.' },
    DISPOSAL: { description: 'Disposed of (landfill or incineration without recovery).' },
  },
});
registerEnumType(MaterialStreamEnum, {
  name: 'MaterialStream', description: 'WEEE (electrical and electronic equipment), TEXTILES (clothing and footwear), MIXED.',
  valuesConfig: {
    WEEE: { description: 'Waste electrical and electronic equipment.' },
    TEXTILES: { description: 'Clothing and footwear.' },
    MIXED: { description: 'Everything else.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One reported material fraction.' })
export class MaterialWeight {
  @Field(() => MaterialEnum, { description: 'The material of the fraction.' }) material!: Material;
  @Field(() => Float, { description: 'Its weight in kilograms.' }) weightKg!: number;
  @Field(() => TreatmentRouteEnum, { description: 'What happened to it.' }) route!: TreatmentRoute;
}

@ObjectType({ simpleResolvers: true, description: 'The units of one return item in a lot.' })
export class RecyclingLotUnit {
  @Field({ description: 'SKU of the units.' }) sku!: string;
  @Field({ description: 'Product category of the units.' }) category!: string;
  @Field(() => Int, { description: 'How many units of the return item are in the lot.' }) units!: number;
  @Field(() => Float, { nullable: true, description: 'units × product weight; null when the product has no weight.' }) weightKg!: number | null;
  // returnItem is a field resolver (operators only).
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'RECYCLE units batched for one recycler, material stream and WEEE category.' })
export class RecyclingLot extends Node {
  @Field(() => RecyclingLotStatusEnum, { description: 'Where the lot is.' }) status!: RecyclingLotStatus;
  @Field(() => MaterialStreamEnum, { description: 'The waste stream it collects (one lot per recycler and stream at a time).' }) materialStream!: MaterialStream;
  @Field(() => Int, { nullable: true, description: 'WEEE category 1–6 (Directive 2012/19/EU Annex III) for the WEEE stream.' }) weeeCategory!: number | null;
  @Field(() => Float, { description: 'Sum of the units\' product weights.' }) declaredWeightKg!: number;
  @Field(() => Float, { nullable: true, description: 'Total weight the recycler reported, in kilograms; null until reported.' }) reportedWeightKg!: number | null;
  @Field(() => String, { nullable: true, description: 'The recycler\'s certificate number from its report; null until reported.' }) certificateNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Required when the lot holds data-bearing devices.' }) dataDestructionCertificate!: string | null;
  @Field(() => [String], { description: 'Why the last report was flagged; empty when it passed.' }) reviewReasons!: string[];
  @Field(() => String, { nullable: true, description: 'The operator\'s note from the last review.' }) reviewNote!: string | null;
  @Field(() => GraphQLDateTime, { description: 'When the lot was opened.' }) createdAt!: Date;
  @Field(() => GraphQLDateTime, { description: 'When it last changed.' }) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the recycler acknowledged the hand-over; null before.' }) dispatchedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the recycler reported on it; null before.' }) reportedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it closed (report accepted); null while open.' }) closedAt!: Date | null;
  // partner, materials, units, dataBearing and events are field resolvers.
}

@ObjectType({ simpleResolvers: true, description: 'A page of recycling lots (newest first).' })
export class RecyclingLotConnection extends connectionOf(RecyclingLot, 'RecyclingLot') {}

@InputType({ description: 'Narrows the recycling lots list.' })
export class RecyclingLotFilter {
  @Field(() => [RecyclingLotStatusEnum], { nullable: true, description: 'Only lots in these statuses (e.g. NEEDS_REVIEW for the review queue).' }) @IsOptional() @ArrayMaxSize(10)
  status?: RecyclingLotStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only lots of this recycler (Partner.id; staff).' }) @IsOptional() @MaxLength(200)
  partnerId?: string | null;

  @Field(() => MaterialStreamEnum, { nullable: true, description: 'Only lots of this waste stream.' }) @IsOptional()
  materialStream?: MaterialStream | null;
}

@ArgsType()
export class RecyclingLotsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' }) @IsOptional() @Min(1) @Max(100)
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor to start after (PageInfo.endCursor); left out, the first page.' }) @IsOptional() @MaxLength(200)
  after?: string | null;

  @Field(() => RecyclingLotFilter, { nullable: true, description: 'Which lots; left out, all the caller may see (a recycler only its own).' }) @IsOptional() @ValidateNested()
  filter?: RecyclingLotFilter | null;
}

@InputType({ description: 'One material fraction of a recycling report.' })
export class MaterialWeightInput {
  @Field(() => MaterialEnum, { description: 'The material.' }) material!: Material;
  @Field(() => Float, { description: 'Weight in kilograms (0-1000000).' }) @Min(0) @Max(1_000_000) weightKg!: number;
  @Field(() => TreatmentRouteEnum, { description: 'What happened to it.' }) route!: TreatmentRoute;
}

@InputType({ description: 'A recycler\'s report on one of its DISPATCHED lots.' })
export class ReportRecyclingLotInput {
  @Field(() => ID, { description: 'Id of the lot (RecyclingLot.id).' }) @MaxLength(200) lotId!: string;
  @Field({ description: 'The recycler\'s certificate number for the treatment.' }) @MaxLength(RECYCLING_REPORT_LIMITS.reference) certificateNumber!: string;
  @Field(() => [MaterialWeightInput], { description: 'The material fractions (at least one); their sum is checked against the lot\'s declared weight.' }) @ArrayMinSize(1) @ArrayMaxSize(RECYCLING_REPORT_LIMITS.fractions) @ValidateNested() materials!: MaterialWeightInput[];
  @Field(() => String, { nullable: true, description: 'Required when the lot holds data-bearing devices.' }) @IsOptional() @MaxLength(RECYCLING_REPORT_LIMITS.reference)
  dataDestructionCertificate?: string | null;
}

@InputType({ description: 'The OPEN lot to hand to its recycler.' })
export class DispatchRecyclingLotInput {
  @Field(() => ID, { description: 'Id of the lot (RecyclingLot.id).' }) @MaxLength(200) lotId!: string;
}

@InputType({ description: 'An operator\'s review of a lot in NEEDS_REVIEW.' })
export class ReviewRecyclingLotInput {
  @Field(() => ID, { description: 'Id of the lot (RecyclingLot.id).' }) @MaxLength(200) lotId!: string;
  @Field({ description: 'true: accept the report and close the lot; false: send it back for the recycler to report again.' }) accept!: boolean;
  @Field(() => String, { nullable: true, description: 'Required when sending a report back.' }) @IsOptional() @MaxLength(2000) note?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of reportRecyclingLot.' })
export class ReportRecyclingLotPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => RecyclingLot, { nullable: true, description: 'The lot after the report: CLOSED when it passed the checks, NEEDS_REVIEW otherwise; null when there are userErrors.' }) lot!: RecyclingLot | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of dispatchRecyclingLot.' })
export class DispatchRecyclingLotPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => RecyclingLot, { nullable: true, description: 'The lot, with its dispatch requested (DISPATCHED once the recycler acknowledges); null when there are userErrors.' }) lot!: RecyclingLot | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of reviewRecyclingLot.' })
export class ReviewRecyclingLotPayload {
  @UserErrorsField() userErrors!: UserError[];
  @Field(() => RecyclingLot, { nullable: true, description: 'The lot: CLOSED when accepted, DISPATCHED when sent back; null when there are userErrors.' }) lot!: RecyclingLot | null;
}
