import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError, TypeInfo, getNamedType, isScalarType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema,
} from 'graphql';
import { unstorableReason } from '../domain/storable-input';
import { coercedVariables } from './complexity';

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

/**
 * Refuses, as BAD_USER_INPUT before any resolver runs, input PostgreSQL cannot store (src/domain/storable-input.ts):
 * NUL characters in any text, date-times outside the years 0001–9999. Without it such input fails inside a query and
 * is answered as an internal error, wherever it is passed.
 */
export function storableInputPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  // Literals are part of the document, and Apollo hands every request of the same query text the same parsed document
  // (its document store): each document is walked once.
  const literals = new WeakMap<DocumentNode, [string, string] | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // Variables that do not coerce are reported by execution as BAD_USER_INPUT; only coerced ones are checked.
          const coerced = coercedVariables(schema, request, operation);
          if (coerced.coerced) {
            for (const [name, value] of Object.entries(coerced.coerced)) {
              const reason = unstorableReason(value);
              if (reason) refuse(`Variable "$${name}"`, reason);
            }
          }
          let problem = literals.get(document);
          if (problem === undefined) {
            problem = literalProblem(schema, document);
            literals.set(document, problem);
          }
          if (problem) refuse(...problem);
        },
      };
    },
  };
}
