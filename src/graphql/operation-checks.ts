import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';

/**
 * A check of an operation before any resolver runs, given the request (its variables), the parsed document and the
 * operation to run; it throws a GraphQLError to refuse the request. Each check runs as an Apollo plugin
 * (`checkPlugin`) and in known-queries.ts, which runs queries Apollo has already validated without its pipeline.
 */
export type OperationCheck = (request: GraphQLRequest, document: DocumentNode, operation: OperationDefinitionNode) => void;

/**
 * The check as Apollo's didResolveOperation hook. Without an operation (a document of several operations and no
 * operationName), there is nothing to check: execution refuses the request before any resolver runs.
 */
export function checkPlugin(check: OperationCheck): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (operation) check(request, document, operation);
        },
      };
    },
  };
}
