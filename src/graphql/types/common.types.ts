import { Field, ID, InterfaceType, ObjectType, type ClassType } from 'type-graphql';
import { formatTotal } from '../../domain/money';
import type { UserErrorCode } from '../../services/errors';
import { UserErrorCodeEnum } from './enums';

/** Anything fetchable by `node(id:)`. */
@InterfaceType({
  description: 'An object with a globally unique, opaque id.',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ simpleResolvers: true, description: 'An amount of money: a decimal string in the currency\'s minor-unit precision.' })
export class Money {
  @Field({ description: 'Decimal string, e.g. "19.99" (EUR), "1500" (JPY), "1.250" (KWD).' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code.' })
  currencyCode!: string;
}

/** Builds Money from integer minor units (totals past 2^53 minor units, already inexact, are shown rounded, not refused). */
export function money(minor: number, currencyCode: string): Money {
  return { amount: formatTotal(minor, currencyCode), currencyCode };
}

@ObjectType({ simpleResolvers: true, description: 'A business-rule failure: stable code, human-readable message, and the input path it concerns.' })
export class UserError {
  @Field(() => [String], { nullable: true })
  field!: string[] | null;

  @Field()
  message!: string;

  @Field(() => UserErrorCodeEnum, { description: 'Stable machine-readable reason: match on it (the message is for people and may change).' })
  code!: UserErrorCode;
}

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/**
 * The Relay connection of one node type (type-graphql's generic types): registers `${name}Edge` and returns the
 * base of `${name}Connection` with `edges` and `pageInfo` (its own name is never reachable, so never emitted). Declared as
 * `@ObjectType() class XConnection extends connectionOf(X, 'X') {}`, adding fields such as `totalCount` where cheap.
 */
export function connectionOf<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}ConnectionBase`, { simpleResolvers: true })
  abstract class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return Connection;
}
