import {
  GraphQLBoolean, GraphQLError, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString, TypeInfo, getNamedType, isEnumType,
  isInputObjectType, isScalarType, typeFromAST, visit, visitWithTypeInfo, type DocumentNode, type GraphQLInputType,
  type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { unstorableReason } from '../domain/storable-input';
import { coercedVariables } from './complexity';
import type { OperationCheck } from './operation-checks';

function refuse(where: string, reason: string): never {
  throw new GraphQLError(`${where}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/** The first unstorable string or date literal in the document (dates parsed by their scalar), as [where, why]. */
function literalProblem(schema: GraphQLSchema, document: DocumentNode): [string, string] | null {
  const typeInfo = new TypeInfo(schema);
  let found: [string, string] | null = null;
  visit(document, visitWithTypeInfo(typeInfo, {
    StringValue(node) {
      if (found) return;
      const type = getNamedType(typeInfo.getInputType());
      let value: unknown = node.value;
      if (isScalarType(type)) {
        try {
          value = type.parseLiteral(node, undefined);
        } catch {
          return; // not a valid literal of its type: validation or execution reports it
        }
      }
      const reason = unstorableReason(node.value) ?? unstorableReason(value);
      if (reason) found = [typeInfo.getArgument() ? `Argument "${typeInfo.getArgument()!.name}"` : 'A literal', reason];
    },
  }));
  return found;
}

/** Scalars whose coerced value is the client's JSON value itself (ID turns an integer into its digits: no NUL either). */
const AS_SENT = new Set<GraphQLNamedType>([GraphQLString, GraphQLID, GraphQLInt, GraphQLFloat, GraphQLBoolean]);

/** True when every value of this input type coerces to what was sent: built-in scalars and enums, nested anyhow. */
function coercesAsSent(type: GraphQLNamedType, seen = new Set<GraphQLNamedType>()): boolean {
  if (AS_SENT.has(type) || isEnumType(type) || seen.has(type)) return true;
  if (!isInputObjectType(type)) return false;
  seen.add(type);
  return Object.values(type.getFields()).every((field) => coercesAsSent(getNamedType(field.type), seen));
}

/**
 * The operation's declared variable names when all of them coerce to what was sent (`coercesAsSent`), else null. Then
 * the values as sent are the values to check, without coercing them: a drop-off search or a requestReturn asks for no
 * DateTime, JSON or other custom scalar, and coercion was a tenth of what the check cost.
 */
function variablesAsSent(schema: GraphQLSchema, operation: OperationDefinitionNode | undefined): string[] | null {
  const names: string[] = [];
  for (const definition of operation?.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type || !coercesAsSent(getNamedType(type))) return null;
    names.push(definition.variable.name.value);
  }
  return names;
}

/**
 * Refuses, as BAD_USER_INPUT before any resolver runs, input PostgreSQL cannot store (src/domain/storable-input.ts):
 * NUL characters in any text, date-times outside the years 0001–9999. Without it such input fails inside a query and
 * is answered as an internal error, wherever it is passed.
 */
export function storableInputCheck(schema: GraphQLSchema): OperationCheck {
  // Literals are part of the document, and Apollo hands every request of the same query text the same parsed document
  // (its document store): each document is walked once.
  const literals = new WeakMap<DocumentNode, [string, string] | null>();
  // Per parsed document and operation: the variables to check as sent, or null (coerce them first).
  const asSent = new WeakMap<DocumentNode, Map<string | null, string[] | null>>();
  return (request, document, operation) => {
    let byOperation = asSent.get(document);
    if (!byOperation) asSent.set(document, byOperation = new Map());
    const key = request.operationName ?? null;
    let names = byOperation.get(key);
    if (names === undefined) byOperation.set(key, names = variablesAsSent(schema, operation));
    // As sent where that is what coercion gives, else coerced: variables that do not coerce are reported by
    // execution as BAD_USER_INPUT, so only coerced ones are checked.
    const sent = request.variables ?? {};
    const values = names ? names.map((name) => [name, sent[name]] as const) : Object.entries(coercedVariables(schema, request, operation).coerced ?? {});
    for (const [name, value] of values) {
      const reason = unstorableReason(value);
      if (reason) refuse(`Variable "$${name}"`, reason);
    }
    let problem = literals.get(document);
    if (problem === undefined) {
      problem = literalProblem(schema, document);
      literals.set(document, problem);
    }
    if (problem) refuse(...problem);
  };
}
