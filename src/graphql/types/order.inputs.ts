import { ArrayMaxSize, ArrayMinSize, IsEmail, IsOptional, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, InputType, Int } from 'type-graphql';

const AMOUNT = /^\d{1,15}(\.\d{1,3})?$/;
const AMOUNT_MESSAGE = '$property must be a non-negative decimal string such as "19.99"';

@InputType()
export class CustomerInput {
  @Field() @MinLength(1) @MaxLength(200)
  externalId!: string;

  @Field() @IsEmail() @MaxLength(320)
  email!: string;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200)
  name?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Trusted customers may be refunded at the first scan (policy refundAtFirstScan).' }) @IsOptional()
  trusted?: boolean | null;
}

@InputType()
export class AddressInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) name?: string | null;
  @Field() @MinLength(1) @MaxLength(200) line1!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) line2?: string | null;
  @Field() @MinLength(1) @MaxLength(100) city!: string;
  @Field() @MinLength(1) @MaxLength(20) postalCode!: string;
  @Field() @Matches(/^[A-Z]{2}$/, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' }) countryCode!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) phone?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-90) @Max(90) latitude?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-180) @Max(180) longitude?: number | null;
}

@InputType()
export class OrderLineInput {
  @Field() @MinLength(1) @MaxLength(100)
  sku!: string;

  @Field() @MinLength(1) @MaxLength(500)
  name!: string;

  @Field() @MinLength(1) @MaxLength(100)
  category!: string;

  @Field(() => Int) @Min(1) @Max(100000)
  quantity!: number;

  @Field({ description: 'Unit price as a decimal string in the order currency.' }) @Matches(AMOUNT, { message: AMOUNT_MESSAGE })
  unitPrice!: string;

  @Field(() => String, { nullable: true, description: 'Discount on the whole line.' }) @IsOptional() @Matches(AMOUNT, { message: AMOUNT_MESSAGE })
  discount?: string | null;

  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(10_000_000)
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

@InputType()
export class OrderInput {
  @Field() @MinLength(1) @MaxLength(100)
  orderNumber!: string;

  @Field(() => CustomerInput) @ValidateNested()
  customer!: CustomerInput;

  @Field() @Matches(/^[A-Z]{3}$/, { message: 'currencyCode must be an ISO 4217 code' })
  currencyCode!: string;

  @Field(() => GraphQLDateTime)
  placedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true }) @IsOptional()
  deliveredAt?: Date | null;

  @Field(() => [OrderLineInput]) @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true })
  lines!: OrderLineInput[];

  @Field(() => AddressInput, { nullable: true }) @IsOptional() @ValidateNested()
  shippingAddress?: AddressInput | null;
}

@InputType()
export class ImportOrdersInput {
  @Field(() => [OrderInput]) @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true })
  orders!: OrderInput[];
}

@InputType()
export class StartGuestReturnInput {
  @Field() @MinLength(1) @MaxLength(100)
  orderNumber!: string;

  @Field() @MinLength(3) @MaxLength(320)
  email!: string;
}
