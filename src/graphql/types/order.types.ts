import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { IneligibleReasonEnum } from './enums';
import { Money, Node } from './common.types';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A customer of the merchant, keyed by the merchant\'s external id.' })
export class Customer extends Node {
  @Field({ description: 'The merchant\'s id for this customer; a customer JWT\'s `sub`.' })
  externalId!: string;

  @Field({ description: 'The customer\'s email address as imported with their orders (staff, or the customer themselves).' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'The customer\'s name as imported; null when the merchant sent none.' })
  name!: string | null;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One line of an order: a SKU bought in some quantity at a unit price.' })
export class OrderLine extends Node {
  @Field(() => Int, { description: 'Position of the line on the order, from 1.' })
  lineNumber!: number;

  @Field({ description: 'The merchant\'s stock-keeping unit of the product.' })
  sku!: string;

  @Field({ description: 'Product name as shown on the order.' })
  name!: string;

  @Field({ description: 'The merchant\'s product category; return policies and disposition rules are chosen by it.' })
  category!: string;

  @Field(() => Int, { description: 'Units ordered.' })
  quantity!: number;

  @Field(() => Money, { description: 'Price of one unit before the line\'s discount.' })
  unitPrice!: Money;

  @Field(() => Money, { description: 'Discount on the whole line, shared out over its units for refunds.' })
  discount!: Money;

  @Field(() => Int, { nullable: true, description: 'Weight of one unit in grams (from the line, else the product); null when unknown. Used for parcel sizes and emissions.' })
  weightGrams!: number | null;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'An order imported from the merchant\'s commerce platform.' })
export class Order extends Node {
  @Field({ description: 'The merchant\'s order number, as the customer knows it (used with the email for guest returns).' })
  orderNumber!: string;

  @Field(() => Customer, { description: 'The customer who placed the order.' })
  customer!: Customer;

  @Field({ description: 'ISO 4217 currency of every amount on the order and its returns.' })
  currencyCode!: string;

  @Field(() => GraphQLDateTime, { description: 'When the order was placed.' })
  placedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the order was delivered; null while not delivered (return windows then count from placedAt).' })
  deliveredAt!: Date | null;

  @Field(() => [OrderLine], { description: 'The order\'s lines, by lineNumber.' })
  lines!: OrderLine[];
}

@ObjectType({ simpleResolvers: true, description: 'What can still be returned of one order line, and until when.' })
export class ReturnableItem {
  @Field(() => OrderLine, { description: 'The order line this answer is about.' })
  orderLine!: OrderLine;

  @Field(() => Int, { description: 'Ordered minus what open or completed returns already claim; 0 when not eligible.' })
  returnableQuantity!: number;

  @Field(() => GraphQLDateTime, { description: 'Last instant a return can be requested (from delivery, or from the order date when not delivered).' })
  deadline!: Date;

  @Field({ description: 'True when some units of the line can still be returned.' })
  eligible!: boolean;

  @Field(() => IneligibleReasonEnum, { nullable: true, description: 'Why the line cannot be returned; null when eligible.' })
  ineligibleReason!: string | null;
}
