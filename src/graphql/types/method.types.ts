import { ArrayMaxSize, IsOptional, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { DropOffLocationType, ReturnMethodType } from '../../db/schema';
import { Money, Node, UserError } from './common.types';
import { DropOffLocationTypeEnum, ReturnMethodTypeEnum } from './enums';
import { Partner } from './partner.types';
import { Return } from './return.types';

@ObjectType({ simpleResolvers: true })
export class TimeWindow {
  @Field(() => GraphQLDateTime) start!: Date;
  @Field(() => GraphQLDateTime) end!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A locker compartment size (A/B/C-style) with inner dimensions and weight limit.' })
export class CompartmentSize {
  @Field() size!: string;
  @Field(() => Int) heightCm!: number;
  @Field(() => Int) widthCm!: number;
  @Field(() => Int) depthCm!: number;
  @Field(() => Int) maxWeightGrams!: number;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class DropOffLocation extends Node {
  @Field(() => DropOffLocationTypeEnum) type!: DropOffLocationType;
  @Field() name!: string;
  @Field() address!: string;
  @Field(() => Float) latitude!: number;
  @Field(() => Float) longitude!: number;
  @Field(() => Float, { nullable: true, description: 'From the point searched around, km.' }) distanceKm!: number | null;
  @Field(() => String, { nullable: true }) openingHours!: string | null;
  @Field(() => [CompartmentSize]) compartments!: CompartmentSize[];
  @Field(() => Partner, { nullable: true }) partner!: Partner | null;
}

@ObjectType({ simpleResolvers: true, description: 'One way to send a return back, as quoted for it.' })
export class ReturnMethodOption {
  @Field(() => ID, { description: 'Pass to selectReturnMethod.' }) id!: string;
  @Field(() => ReturnMethodTypeEnum) type!: ReturnMethodType;
  @Field(() => Money) fee!: Money;
  @Field(() => Float, { description: 'Estimated kg CO2e of the return transport (GLEC / ISO 14083 tonne-km method).' }) co2eKg!: number;
  @Field() refundTiming!: string;
  @Field(() => String, { nullable: true }) carrier!: string | null;
  @Field(() => [DropOffLocation], { description: 'Nearest locations; for LOCKER choose one (selectReturnMethod.locationId).' }) locations!: DropOffLocation[];
  @Field(() => [TimeWindow], { description: 'HOME_PICKUP: choose one (selectReturnMethod.pickupWindow).' }) pickupWindows!: TimeWindow[];
}

@ObjectType({ simpleResolvers: true })
export class ShippingLabel {
  @Field() carrier!: string;
  @Field() trackingNumber!: string;
  @Field(() => String, { nullable: true }) labelUrl!: string | null;
  @Field(() => String, { nullable: true }) labelZplUrl!: string | null;
  @Field(() => String, { nullable: true }) qrCode!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'The method chosen for a return and what the partner issued for it.' })
export class ReturnMethod {
  @Field(() => ReturnMethodTypeEnum) type!: ReturnMethodType;
  @Field({ description: 'PENDING (being booked), BOOKED, FAILED (choose again), RELEASED, CANCELLED, USED.' }) status!: string;
  @Field(() => ShippingLabel, { nullable: true }) label!: ShippingLabel | null;
  @Field(() => String, { nullable: true }) dropOffCode!: string | null;
  @Field(() => String, { nullable: true }) qrCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Store drop-off reference or pickup confirmation number.' }) reference!: string | null;
  @Field(() => DropOffLocation, { nullable: true }) location!: DropOffLocation | null;
  @Field(() => TimeWindow, { nullable: true }) pickupWindow!: TimeWindow | null;
  @Field(() => GraphQLDateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Money) fee!: Money;
  @Field(() => Float) co2eKg!: number;
  @Field(() => String, { nullable: true, description: 'Why booking failed, when status is FAILED.' }) failureReason!: string | null;
}

@InputType()
export class GeoPointInput {
  @Field(() => Float) @Min(-90) @Max(90) latitude!: number;
  @Field(() => Float) @Min(-180) @Max(180) longitude!: number;
}

@InputType()
export class TimeWindowInput {
  @Field(() => GraphQLDateTime) start!: Date;
  @Field(() => GraphQLDateTime) end!: Date;
}

@InputType()
export class SelectReturnMethodInput {
  @Field(() => ID) @MaxLength(200) returnId!: string;
  @Field(() => ID) @MaxLength(500) optionId!: string;
  @Field(() => ID, { nullable: true, description: 'LOCKER: the locker chosen from the option\'s locations.' }) @IsOptional() @MaxLength(200) locationId?: string | null;
  @Field(() => TimeWindowInput, { nullable: true, description: 'HOME_PICKUP: one of the option\'s windows.' }) @IsOptional() @ValidateNested() pickupWindow?: TimeWindowInput | null;
}

@InputType()
export class CompartmentInput {
  @Field() @Matches(/^[A-Z0-9]{1,4}$/) size!: string;
  @Field(() => Int) @Min(1) @Max(500) heightCm!: number;
  @Field(() => Int) @Min(1) @Max(500) widthCm!: number;
  @Field(() => Int) @Min(1) @Max(500) depthCm!: number;
  @Field(() => Int) @Min(1) @Max(1_000_000) maxWeightGrams!: number;
}

@InputType()
export class DropOffLocationInput {
  @Field() @MinLength(1) @MaxLength(100) externalId!: string;
  @Field(() => DropOffLocationTypeEnum) type!: DropOffLocationType;
  @Field() @MinLength(1) @MaxLength(200) name!: string;
  @Field() @MinLength(1) @MaxLength(500) address!: string;
  @Field(() => Float) @Min(-90) @Max(90) latitude!: number;
  @Field(() => Float) @Min(-180) @Max(180) longitude!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) openingHours?: string | null;
  @Field(() => [CompartmentInput], { nullable: true }) @IsOptional() @ArrayMaxSize(10) @ValidateNested({ each: true }) compartments?: CompartmentInput[] | null;
}

@InputType()
export class UpsertDropOffLocationsInput {
  @Field(() => ID) @MaxLength(200) partnerId!: string;
  @Field(() => [DropOffLocationInput]) @ArrayMaxSize(1000) @ValidateNested({ each: true }) locations!: DropOffLocationInput[];
}

@ObjectType({ simpleResolvers: true })
export class UpsertDropOffLocationsPayload {
  @Field(() => [DropOffLocation]) locations!: DropOffLocation[];
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true })
export class SelectReturnMethodPayload {
  @Field(() => Return, { nullable: true }) return!: Return | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

