import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { IneligibleReasonEnum } from './enums';
import { Money, Node } from './common.types';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A customer of the merchant, keyed by the merchant\'s external id.' })
export class Customer extends Node {
  @Field({ description: 'The merchant\'s id for this customer; a customer JWT\'s `sub`.' })
  externalId!: string;

  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class OrderLine extends Node {
  @Field(() => Int)
  lineNumber!: number;

  @Field()
  sku!: string;

  @Field()
  name!: string;

  @Field()
  category!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Money)
  unitPrice!: Money;

  @Field(() => Money, { description: 'Discount on the whole line, shared out over its units for refunds.' })
  discount!: Money;

  @Field(() => Int, { nullable: true })
  weightGrams!: number | null;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class Order extends Node {
  @Field()
  orderNumber!: string;

  @Field(() => Customer)
  customer!: Customer;

  @Field()
  currencyCode!: string;

  @Field(() => GraphQLDateTime)
  placedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => [OrderLine])
  lines!: OrderLine[];
}

@ObjectType({ simpleResolvers: true, description: 'What can still be returned of one order line, and until when.' })
export class ReturnableItem {
  @Field(() => OrderLine)
  orderLine!: OrderLine;

  @Field(() => Int, { description: 'Ordered minus what open or completed returns already claim; 0 when not eligible.' })
  returnableQuantity!: number;

  @Field(() => GraphQLDateTime, { description: 'Last instant a return can be requested (from delivery, or from the order date when not delivered).' })
  deadline!: Date;

  @Field()
  eligible!: boolean;

  @Field(() => IneligibleReasonEnum, { nullable: true })
  ineligibleReason!: string | null;
}
