import { ArrayMaxSize, IsOptional, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { DropOffLocationType, ReturnMethodType } from '../../db/schema';
import { Money, Node, UserError, UserErrorsField } from './common.types';
import { DropOffLocationTypeEnum, ReturnMethodTypeEnum } from './enums';
import { Partner } from './partner.types';
import { Return } from './return.types';

@ObjectType({ simpleResolvers: true, description: 'A span of time, e.g. a pickup slot.' })
export class TimeWindow {
  @Field(() => GraphQLDateTime, { description: 'Start of the window (ISO-8601, UTC).' }) start!: Date;
  @Field(() => GraphQLDateTime, { description: 'End of the window (ISO-8601, UTC), after start.' }) end!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A locker compartment size (A/B/C-style) with inner dimensions and weight limit.' })
export class CompartmentSize {
  @Field({ description: 'The network\'s name for the size, e.g. "A", "B", "C".' }) size!: string;
  @Field(() => Int, { description: 'Inner height in centimetres.' }) heightCm!: number;
  @Field(() => Int, { description: 'Inner width in centimetres.' }) widthCm!: number;
  @Field(() => Int, { description: 'Inner depth in centimetres.' }) depthCm!: number;
  @Field(() => Int, { description: 'Heaviest parcel it takes, in grams.' }) maxWeightGrams!: number;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A place a customer can hand in a return: a parcel locker, a store or a carrier point.' })
export class DropOffLocation extends Node {
  @Field(() => DropOffLocationTypeEnum, { description: 'What kind of place it is.' }) type!: DropOffLocationType;
  @Field({ description: 'Name to show, e.g. "Locker Central Station".' }) name!: string;
  @Field({ description: 'Street address in one line, to show.' }) address!: string;
  @Field(() => Float, { description: 'Latitude in decimal degrees.' }) latitude!: number;
  @Field(() => Float, { description: 'Longitude in decimal degrees.' }) longitude!: number;
  @Field(() => Float, { nullable: true, description: 'From the point searched around, km.' }) distanceKm!: number | null;
  @Field(() => String, { nullable: true, description: 'Opening hours as the partner publishes them, e.g. "Mo-Sa 08:00-20:00"; null when unknown (lockers are often 24/7).' }) openingHours!: string | null;
  @Field(() => [CompartmentSize], { description: 'Compartment sizes a locker offers; empty for stores and carrier points.' }) compartments!: CompartmentSize[];
  @Field(() => Partner, { nullable: true, description: 'The partner operating it: visible to admins and to that partner itself, null for everyone else.' }) partner!: Partner | null;
}

@ObjectType({ simpleResolvers: true, description: 'One way to send a return back, as quoted for it.' })
export class ReturnMethodOption {
  @Field(() => ID, { description: 'Pass to selectReturnMethod.' }) id!: string;
  @Field(() => ReturnMethodTypeEnum, { description: 'The kind of method.' }) type!: ReturnMethodType;
  @Field(() => Money, { description: 'What the customer pays for it, deducted from the refund (zero when free).' }) fee!: Money;
  @Field(() => Float, { description: 'Estimated kg CO2e of the return transport (GLEC / ISO 14083 tonne-km method).' }) co2eKg!: number;
  @Field({ description: 'When the refund comes with this method, in words for the customer, e.g. "Refunded when the parcel is scanned at drop-off."' }) refundTiming!: string;
  @Field(() => String, { nullable: true, description: 'The carrier or network name; null for RETURNLESS.' }) carrier!: string | null;
  @Field(() => [DropOffLocation], { description: 'Nearest locations; for LOCKER choose one (selectReturnMethod.locationId).' }) locations!: DropOffLocation[];
  @Field(() => [TimeWindow], { description: 'HOME_PICKUP: choose one (selectReturnMethod.pickupWindow).' }) pickupWindows!: TimeWindow[];
}

@ObjectType({ simpleResolvers: true, description: 'A prepaid return label issued by a carrier.' })
export class ShippingLabel {
  @Field({ description: 'The carrier\'s name.' }) carrier!: string;
  @Field({ description: 'The carrier\'s tracking number.' }) trackingNumber!: string;
  @Field(() => String, { nullable: true, description: 'URL of the printable label (PDF); null for a paperless label.' }) labelUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'URL of the label in ZPL for thermal printers; null when the carrier offers none.' }) labelZplUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Paperless: the QR code (URL or data) the customer shows at the drop-off point; null otherwise.' }) qrCode!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'The method chosen for a return and what the partner issued for it.' })
export class ReturnMethod {
  @Field(() => ReturnMethodTypeEnum, { description: 'The kind of method chosen.' }) type!: ReturnMethodType;
  @Field({ description: 'PENDING (being booked), BOOKED, FAILED (choose again), RELEASED, CANCELLED, USED.' }) status!: string;
  @Field(() => ShippingLabel, { nullable: true, description: 'The prepaid label (CARRIER_DROP_OFF); null until booked or for other methods.' }) label!: ShippingLabel | null;
  @Field(() => String, { nullable: true, description: 'The code that opens the locker compartment (LOCKER) or identifies the parcel at a drop-off; null until booked.' }) dropOffCode!: string | null;
  @Field(() => String, { nullable: true, description: 'A QR code (URL or data) to scan at drop-off instead of typing a code; null when none.' }) qrCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Store drop-off reference or pickup confirmation number.' }) reference!: string | null;
  @Field(() => DropOffLocation, { nullable: true, description: 'The locker, store or point chosen; null when none applies.' }) location!: DropOffLocation | null;
  @Field(() => TimeWindow, { nullable: true, description: 'The pickup slot booked (HOME_PICKUP); null otherwise.' }) pickupWindow!: TimeWindow | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the booking lapses if nothing is handed in (the return then EXPIRES); null when it does not.' }) expiresAt!: Date | null;
  @Field(() => Money, { description: 'The fee charged for the method.' }) fee!: Money;
  @Field(() => Float, { description: 'Estimated kg CO2e of the return transport.' }) co2eKg!: number;
  @Field(() => String, { nullable: true, description: 'Why booking failed, when status is FAILED.' }) failureReason!: string | null;
}

@InputType({ description: 'A point on the map in decimal degrees (WGS 84).' })
export class GeoPointInput {
  @Field(() => Float, { description: 'Latitude, -90 to 90.' }) @Min(-90) @Max(90) latitude!: number;
  @Field(() => Float, { description: 'Longitude, -180 to 180.' }) @Min(-180) @Max(180) longitude!: number;
}

@InputType({ description: 'A time window, copied from an offered TimeWindow.' })
export class TimeWindowInput {
  @Field(() => GraphQLDateTime, { description: 'Start, exactly as offered.' }) start!: Date;
  @Field(() => GraphQLDateTime, { description: 'End, exactly as offered.' }) end!: Date;
}

@InputType({ description: 'The customer\'s choice of return method.' })
export class SelectReturnMethodInput {
  @Field(() => ID, { description: 'Id of the APPROVED return.' }) @MaxLength(200) returnId!: string;
  @Field(() => ID, { description: 'ReturnMethodOption.id from returnMethodOptions for this return.' }) @MaxLength(500) optionId!: string;
  @Field(() => ID, { nullable: true, description: 'LOCKER: the locker chosen from the option\'s locations.' }) @IsOptional() @MaxLength(200) locationId?: string | null;
  @Field(() => TimeWindowInput, { nullable: true, description: 'HOME_PICKUP: one of the option\'s windows.' }) @IsOptional() @ValidateNested() pickupWindow?: TimeWindowInput | null;
}

@InputType({ description: 'A compartment size a locker offers.' })
export class CompartmentInput {
  @Field({ description: 'The network\'s size name: 1-4 upper-case letters or digits, e.g. "A".' }) @Matches(/^[A-Z0-9]{1,4}$/) size!: string;
  @Field(() => Int, { description: 'Inner height in centimetres (1-500).' }) @Min(1) @Max(500) heightCm!: number;
  @Field(() => Int, { description: 'Inner width in centimetres (1-500).' }) @Min(1) @Max(500) widthCm!: number;
  @Field(() => Int, { description: 'Inner depth in centimetres (1-500).' }) @Min(1) @Max(500) depthCm!: number;
  @Field(() => Int, { description: 'Heaviest parcel it takes, in grams.' }) @Min(1) @Max(1_000_000) maxWeightGrams!: number;
}

@InputType({ description: 'A partner location to create or update.' })
export class DropOffLocationInput {
  @Field({ description: 'The partner\'s id for the location (1-100 characters); locations are upserted by it.' }) @MinLength(1) @MaxLength(100) externalId!: string;
  @Field(() => DropOffLocationTypeEnum, { description: 'LOCKER for a locker network, STORE for a store network, CARRIER_POINT for a carrier.' }) type!: DropOffLocationType;
  @Field({ description: 'Name to show (1-200 characters).' }) @MinLength(1) @MaxLength(200) name!: string;
  @Field({ description: 'Street address in one line (1-500 characters).' }) @MinLength(1) @MaxLength(500) address!: string;
  @Field(() => Float, { description: 'Latitude in decimal degrees (-90 to 90).' }) @Min(-90) @Max(90) latitude!: number;
  @Field(() => Float, { description: 'Longitude in decimal degrees (-180 to 180).' }) @Min(-180) @Max(180) longitude!: number;
  @Field(() => String, { nullable: true, description: 'Opening hours as free text, e.g. "Mo-Sa 08:00-20:00"; optional.' }) @IsOptional() @MaxLength(500) openingHours?: string | null;
  @Field(() => [CompartmentInput], { nullable: true, description: 'LOCKER: its compartment sizes (up to 10).' }) @IsOptional() @ArrayMaxSize(10) @ValidateNested({ each: true }) compartments?: CompartmentInput[] | null;
}

@InputType({ description: 'A partner\'s locations to create or update.' })
export class UpsertDropOffLocationsInput {
  @Field(() => ID, { description: 'Id of the partner (Partner.id) that operates them.' }) @MaxLength(200) partnerId!: string;
  @Field(() => [DropOffLocationInput], { description: 'The locations (up to 1000), each externalId once.' }) @ArrayMaxSize(1000) @ValidateNested({ each: true }) locations!: DropOffLocationInput[];
}

@ObjectType({ simpleResolvers: true, description: 'Result of upsertDropOffLocations.' })
export class UpsertDropOffLocationsPayload {
  @Field(() => [DropOffLocation], { description: 'The locations as stored; empty when there are userErrors.' }) locations!: DropOffLocation[];
  @UserErrorsField() userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true, description: 'Result of selectReturnMethod.' })
export class SelectReturnMethodPayload {
  @Field(() => Return, { nullable: true, description: 'The return with its method (method.status PENDING while the partner books it; RETURNLESS completes at once); null when there are userErrors.' }) return!: Return | null;
  @UserErrorsField() userErrors!: UserError[];
}

