import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { UserError, UserErrorsField } from './common.types';
import { Order } from './order.types';
import { ReturnPolicy } from './policy.types';
import { Return, ReturnItem } from './return.types';

@ObjectType({ simpleResolvers: true, description: 'Result of importOrders.' })
export class ImportOrdersPayload {
  @UserErrorsField()
  userErrors!: UserError[];

  @Field(() => [Order], { description: 'The orders as stored, in input order; empty when there are userErrors (nothing is imported then).' })
  orders!: Order[];
}

@ObjectType({ simpleResolvers: true, description: 'Result of upsertReturnPolicy.' })
export class UpsertReturnPolicyPayload {
  @UserErrorsField()
  userErrors!: UserError[];

  @Field(() => ReturnPolicy, { nullable: true, description: 'The policy as stored; null when there are userErrors.' })
  policy!: ReturnPolicy | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of startGuestReturn: a short-lived token for one order.' })
export class StartGuestReturnPayload {
  @UserErrorsField()
  userErrors!: UserError[];

  @Field(() => String, { nullable: true, description: 'Bearer token scoped to this one order: send it as Authorization: Bearer <token> (keep it in memory, never in a URL). Null when there are userErrors.' })
  token!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the token stops working; start again with startGuestReturn after that. Null when there are userErrors.' })
  expiresAt!: Date | null;

  @Field(() => Order, { nullable: true, description: 'The order the token is for; null when there are userErrors.' })
  order!: Order | null;
}

/** Builds a mutation payload type named `name` carrying `key: T` (nullable) and userErrors (type-graphql's generic-type pattern). */
export function payloadOf<T extends object>(name: string, key: string, type: new () => T, description: string, keyDescription: string) {
  @ObjectType(name, { simpleResolvers: true, description })
  class GeneratedPayload {
    [key: string]: unknown;

    @UserErrorsField()
    userErrors!: UserError[];
  }
  Field(() => type, { nullable: true, description: `${keyDescription} Null when there are userErrors.` })(GeneratedPayload.prototype, key);
  return GeneratedPayload as unknown as new () => { userErrors: UserError[] } & Record<typeof key, T | null>;
}

export const RequestReturnPayload = payloadOf('RequestReturnPayload', 'return', Return, 'Result of requestReturn.', 'The new return: REQUESTED, or APPROVED at once when the policy auto-approves it.');
export type RequestReturnPayload = InstanceType<typeof RequestReturnPayload>;
export const CancelReturnPayload = payloadOf('CancelReturnPayload', 'return', Return, 'Result of cancelReturn.', 'The return, now CANCELLED.');
export type CancelReturnPayload = InstanceType<typeof CancelReturnPayload>;
export const ApproveReturnPayload = payloadOf('ApproveReturnPayload', 'return', Return, 'Result of approveReturn.', 'The return, now APPROVED.');
export type ApproveReturnPayload = InstanceType<typeof ApproveReturnPayload>;
export const RejectReturnPayload = payloadOf('RejectReturnPayload', 'return', Return, 'Result of rejectReturn.', 'The return, now REJECTED.');
export type RejectReturnPayload = InstanceType<typeof RejectReturnPayload>;
export const ReceiveReturnPayload = payloadOf('ReceiveReturnPayload', 'return', Return, 'Result of receiveReturn.', 'The return with the received units counted (RECEIVED).');
export type ReceiveReturnPayload = InstanceType<typeof ReceiveReturnPayload>;
export const CloseMissingItemsPayload = payloadOf('CloseMissingItemsPayload', 'return', Return, 'Result of closeMissingItems.', 'The return with its outstanding units closed as missing.');
export type CloseMissingItemsPayload = InstanceType<typeof CloseMissingItemsPayload>;
export const InspectReturnItemPayload = payloadOf('InspectReturnItemPayload', 'item', ReturnItem, 'Result of inspectReturnItem.', 'The graded item (the split-off item when units were given) with its recommendedDisposition.');
export type InspectReturnItemPayload = InstanceType<typeof InspectReturnItemPayload>;
export const SetDispositionPayload = payloadOf('SetDispositionPayload', 'item', ReturnItem, 'Result of setDisposition.', 'The item with its disposition set.');
export type SetDispositionPayload = InstanceType<typeof SetDispositionPayload>;

@ObjectType({ simpleResolvers: true, description: 'A versioned disposition rule set.' })
export class DispositionRuleSetInfo {
  @Field(() => Int, { description: 'Version of the rule set; each save adds one, and recommendations record the version they used.' })
  version!: number;

  @Field(() => GraphQLJSONObject, { description: 'The rule set as data (see docs/dispositions.md).' })
  ruleSet!: Record<string, unknown>;
}

@ObjectType({ simpleResolvers: true, description: 'Result of setDispositionRules.' })
export class SetDispositionRulesPayload {
  @UserErrorsField()
  userErrors!: UserError[];

  @Field(() => DispositionRuleSetInfo, { nullable: true, description: 'The rule set now in force; null when there are userErrors.' })
  ruleSet!: DispositionRuleSetInfo | null;
}
