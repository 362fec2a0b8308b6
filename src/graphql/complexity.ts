import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getVariableValues, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Rejects operations whose estimated cost exceeds `max` before any resolver runs. */
export function complexityPlugin(schema: GraphQLSchema, max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // Variables that do not coerce are the client's mistake: execution rejects them as BAD_USER_INPUT before any
          // resolver runs, whereas getComplexity would throw an unclassified error (answered as a 500).
          const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors?.length) return;
          const complexity = getComplexity({
            schema, query: document, operationName: request.operationName, variables: request.variables,
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > max) {
            throw new GraphQLError(`Query is too costly: ${complexity} exceeds the limit of ${max}`, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
          }
        },
      };
    },
  };
}
