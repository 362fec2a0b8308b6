import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { runOperation } from './operation';

export { GraphQLRequestError } from './operation';

/**
 * The GraphQL endpoint: the page's `<meta name="boomerang-graphql-url">` (a host serving the app on another origin
 * sets it to the API's absolute URL), else this origin's /graphql.
 */
export function graphqlUrl(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="boomerang-graphql-url"]');
  return meta?.content || '/graphql';
}

/**
 * Runs one typed operation with the bearer token; throws GraphQLRequestError on a top-level error. Sent by hash first
 * (trusted documents, automatic persisted queries), with the document when the server asks for it: see operation.ts.
 */
export function request<R, V>(document: TypedDocumentNode<R, V>, variables: V, token: string | null): Promise<R> {
  return runOperation(graphqlUrl(), document, variables, token);
}
