import { Field, ID, InterfaceType, ObjectType, type ClassType } from 'type-graphql';
import { formatTotal } from '../../domain/money';
import type { UserErrorCode } from '../../services/errors';
import { UserErrorCodeEnum } from './enums';

/** The concrete type of a Node: every node row carries its GraphQL type name (schema.ts installs it unwrapped, see there). */
export const resolveNodeType = (value: { __typename?: string }): string | undefined => value.__typename;

/** Anything fetchable by `node(id:)`. */
@InterfaceType({
  description: 'An object with a globally unique, opaque id.',
  resolveType: resolveNodeType,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
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
  @Field(() => [String], { nullable: true, description: 'Path to the input value it concerns, from the mutation\'s input, e.g. ["items", "0", "quantity"]; null when it concerns the whole request.' })
  field!: string[] | null;

  @Field({ description: 'What went wrong, in English, fit to show a person; may change, so match on code.' })
  message!: string;

  @Field(() => UserErrorCodeEnum, { description: 'Stable machine-readable reason: match on it (the message is for people and may change).' })
  code!: UserErrorCode;
}

/** The `userErrors` field of a mutation payload (the same description everywhere). */
export function UserErrorsField(): PropertyDecorator {
  return Field(() => [UserError], {
    description: 'Business-rule failures: empty when the mutation worked; otherwise nothing changed. See docs/error-codes.md for the codes this mutation can answer.',
  });
}

@ObjectType({ simpleResolvers: true, description: 'Where a page of a Relay connection ends and whether more follow.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page: ask again with after: endCursor.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the page (pass as after); null for an empty page.' })
  endCursor!: string | null;
}

/**
 * The Relay connection of one node type (type-graphql's generic types): registers `${name}Edge` and returns the
 * base of `${name}Connection` with `edges` and `pageInfo` (its own name is never reachable, so never emitted). Declared as
 * `@ObjectType() class XConnection extends connectionOf(X, 'X') {}`, adding fields such as `totalCount` where cheap.
 */
export function connectionOf<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${name} of a page, with its cursor.` })
  class Edge {
    @Field({ description: `Opaque cursor of this ${name}: pass it as after to get the ones following it.` })
    cursor!: string;

    @Field(() => node, { description: `The ${name} at this position.` })
    node!: T;
  }

  @ObjectType(`${name}ConnectionBase`, { simpleResolvers: true })
  abstract class Connection {
    @Field(() => [Edge], { description: 'The items of this page, in the list\'s order.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Whether more items follow, and the cursor to ask for them.' })
    pageInfo!: PageInfo;
  }
  return Connection;
}
