import { ArrayMaxSize, ArrayMinSize, IsEmail, IsOptional, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, InputType, Int } from 'type-graphql';

const AMOUNT = /^\d{1,15}(\.\d{1,3})?$/;
const AMOUNT_MESSAGE = '$property must be a non-negative decimal string such as "19.99"';

@InputType({ description: 'The customer of an imported order; upserted by externalId.' })
export class CustomerInput {
  @Field({ description: 'The merchant\'s id for the customer (1-200 characters); a customer JWT\'s sub must equal it.' }) @MinLength(1) @MaxLength(200)
  externalId!: string;

  @Field({ description: 'The customer\'s email (guest returns match it with the order number).' }) @IsEmail() @MaxLength(320)
  email!: string;

  @Field(() => String, { nullable: true, description: 'The customer\'s name; optional.' }) @IsOptional() @MaxLength(200)
  name?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Trusted customers may be refunded at the first scan (policy refundAtFirstScan).' }) @IsOptional()
  trusted?: boolean | null;
}

@InputType({ description: 'A postal address; latitude/longitude, when given, place it for nearby drop-off locations.' })
export class AddressInput {
  @Field(() => String, { nullable: true, description: 'Addressee name; optional.' }) @IsOptional() @MaxLength(200) name?: string | null;
  @Field({ description: 'First address line (street and number).' }) @MinLength(1) @MaxLength(200) line1!: string;
  @Field(() => String, { nullable: true, description: 'Second address line; optional.' }) @IsOptional() @MaxLength(200) line2?: string | null;
  @Field({ description: 'City or town name.' }) @MinLength(1) @MaxLength(100) city!: string;
  @Field({ description: 'Postal code (up to 20 characters).' }) @MinLength(1) @MaxLength(20) postalCode!: string;
  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. "NL".' }) @Matches(/^[A-Z]{2}$/, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' }) countryCode!: string;
  @Field(() => String, { nullable: true, description: 'Phone number for the carrier; optional.' }) @IsOptional() @MaxLength(40) phone?: string | null;
  @Field(() => Float, { nullable: true, description: 'Latitude in decimal degrees (-90 to 90); optional.' }) @IsOptional() @Min(-90) @Max(90) latitude?: number | null;
  @Field(() => Float, { nullable: true, description: 'Longitude in decimal degrees (-180 to 180); optional.' }) @IsOptional() @Min(-180) @Max(180) longitude?: number | null;
}

@InputType({ description: 'One line of an imported order.' })
export class OrderLineInput {
  @Field({ description: 'The product\'s SKU (1-100 characters); the product is upserted by it.' }) @MinLength(1) @MaxLength(100)
  sku!: string;

  @Field({ description: 'Product name as shown to the customer.' }) @MinLength(1) @MaxLength(500)
  name!: string;

  @Field({ description: 'The merchant\'s product category (policies and disposition rules are chosen by it).' }) @MinLength(1) @MaxLength(100)
  category!: string;

  @Field(() => Int, { description: 'Units ordered (1-100000).' }) @Min(1) @Max(100000)
  quantity!: number;

  @Field({ description: 'Unit price as a decimal string in the order currency.' }) @Matches(AMOUNT, { message: AMOUNT_MESSAGE })
  unitPrice!: string;

  @Field(() => String, { nullable: true, description: 'Discount on the whole line.' }) @IsOptional() @Matches(AMOUNT, { message: AMOUNT_MESSAGE })
  discount?: string | null;

  @Field(() => Int, { nullable: true, description: 'Weight of one unit in grams; optional (used for parcel sizes and emissions).' }) @IsOptional() @Min(0) @Max(10_000_000)
  weightGrams?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Product can be refurbished. Like every product attribute here: given (non-null), it updates the product; left out, the product keeps its value.' }) @IsOptional()
  refurbishable?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Supplier takes defective units back for credit.' }) @IsOptional()
  vendorReturnable?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Who supplied the product (given, it updates the product); RETURN_TO_VENDOR units go to the VENDOR partner listing it.' }) @IsOptional() @MaxLength(200)
  supplier?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A recycling route exists for this product (default true).' }) @IsOptional()
  recyclable?: boolean | null;
}

@InputType({ description: 'An order to import; upserted by orderNumber.' })
export class OrderInput {
  @Field({ description: 'The merchant\'s order number (1-100 characters), unique per merchant.' }) @MinLength(1) @MaxLength(100)
  orderNumber!: string;

  @Field(() => CustomerInput, { description: 'Who placed the order.' }) @ValidateNested()
  customer!: CustomerInput;

  @Field({ description: 'ISO 4217 currency of the order\'s amounts, e.g. "EUR".' }) @Matches(/^[A-Z]{3}$/, { message: 'currencyCode must be an ISO 4217 code' })
  currencyCode!: string;

  @Field(() => GraphQLDateTime, { description: 'When the order was placed (ISO-8601).' })
  placedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was delivered; leave out while not delivered (return windows count from delivery when known).' }) @IsOptional()
  deliveredAt?: Date | null;

  @Field(() => [OrderLineInput], { description: 'The order\'s lines (1-1000), in order.' }) @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true })
  lines!: OrderLineInput[];

  @Field(() => AddressInput, { nullable: true, description: 'Where the order was shipped; used to find drop-off locations near the customer.' }) @IsOptional() @ValidateNested()
  shippingAddress?: AddressInput | null;
}

@InputType({ description: 'Orders to upsert in one call.' })
export class ImportOrdersInput {
  @Field(() => [OrderInput], { description: 'The orders (1-500); each orderNumber at most once per call.' }) @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true })
  orders!: OrderInput[];
}

@InputType({ description: 'What a customer without an account knows of their order.' })
export class StartGuestReturnInput {
  @Field({ description: 'The order number from the confirmation email.' }) @MinLength(1) @MaxLength(100)
  orderNumber!: string;

  @Field({ description: 'The email the order was placed with (compared case-insensitively).' }) @MinLength(3) @MaxLength(320)
  email!: string;
}
