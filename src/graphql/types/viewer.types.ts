import { Field, ObjectType } from 'type-graphql';
import { RoleEnum } from './enums';
import { Customer } from './order.types';

@ObjectType({ simpleResolvers: true, description: 'Who is asking.' })
export class Viewer {
  @Field(() => RoleEnum, { description: 'The caller\'s role: ANONYMOUS without credentials.' })
  role!: string;

  @Field(() => String, { nullable: true, description: 'JWT subject (staff and customers).' })
  subject!: string | null;

  @Field(() => Customer, { nullable: true, description: 'The customer record, for customers and guests.' })
  customer!: Customer | null;
}
