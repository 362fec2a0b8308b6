import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { UserError } from './common.types';
import { Order } from './order.types';
import { ReturnPolicy } from './policy.types';
import { Return, ReturnItem } from './return.types';

@ObjectType({ simpleResolvers: true })
export class ImportOrdersPayload {
  @Field(() => [UserError])
  userErrors!: UserError[];

  @Field(() => [Order])
  orders!: Order[];
}

@ObjectType({ simpleResolvers: true })
export class UpsertReturnPolicyPayload {
  @Field(() => [UserError])
  userErrors!: UserError[];

  @Field(() => ReturnPolicy, { nullable: true })
  policy!: ReturnPolicy | null;
}

@ObjectType({ simpleResolvers: true })
export class StartGuestReturnPayload {
  @Field(() => [UserError])
  userErrors!: UserError[];

  @Field(() => String, { nullable: true, description: 'Bearer token scoped to this one order.' })
  token!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Order, { nullable: true })
  order!: Order | null;
}

/** Builds a mutation payload type named `name` carrying `key: T` (nullable) and userErrors (type-graphql's generic-type pattern). */
export function payloadOf<T extends object>(name: string, key: string, type: new () => T) {
  @ObjectType(name, { simpleResolvers: true })
  class GeneratedPayload {
    [key: string]: unknown;

    @Field(() => [UserError])
    userErrors!: UserError[];
  }
  Field(() => type, { nullable: true })(GeneratedPayload.prototype, key);
  return GeneratedPayload as unknown as new () => { userErrors: UserError[] } & Record<typeof key, T | null>;
}

export const RequestReturnPayload = payloadOf('RequestReturnPayload', 'return', Return);
export type RequestReturnPayload = InstanceType<typeof RequestReturnPayload>;
export const CancelReturnPayload = payloadOf('CancelReturnPayload', 'return', Return);
export type CancelReturnPayload = InstanceType<typeof CancelReturnPayload>;
export const ApproveReturnPayload = payloadOf('ApproveReturnPayload', 'return', Return);
export type ApproveReturnPayload = InstanceType<typeof ApproveReturnPayload>;
export const RejectReturnPayload = payloadOf('RejectReturnPayload', 'return', Return);
export type RejectReturnPayload = InstanceType<typeof RejectReturnPayload>;
export const ReceiveReturnPayload = payloadOf('ReceiveReturnPayload', 'return', Return);
export type ReceiveReturnPayload = InstanceType<typeof ReceiveReturnPayload>;
export const CloseMissingItemsPayload = payloadOf('CloseMissingItemsPayload', 'return', Return);
export type CloseMissingItemsPayload = InstanceType<typeof CloseMissingItemsPayload>;
export const InspectReturnItemPayload = payloadOf('InspectReturnItemPayload', 'item', ReturnItem);
export type InspectReturnItemPayload = InstanceType<typeof InspectReturnItemPayload>;
export const SetDispositionPayload = payloadOf('SetDispositionPayload', 'item', ReturnItem);
export type SetDispositionPayload = InstanceType<typeof SetDispositionPayload>;

@ObjectType({ simpleResolvers: true, description: 'A versioned disposition rule set.' })
export class DispositionRuleSetInfo {
  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLJSONObject, { description: 'The rule set as data (see docs/dispositions.md).' })
  ruleSet!: Record<string, unknown>;
}

@ObjectType({ simpleResolvers: true })
export class SetDispositionRulesPayload {
  @Field(() => [UserError])
  userErrors!: UserError[];

  @Field(() => DispositionRuleSetInfo, { nullable: true })
  ruleSet!: DispositionRuleSetInfo | null;
}
