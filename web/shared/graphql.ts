import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/**
 * The GraphQL endpoint: the page's `<meta name="boomerang-graphql-url">` (a host serving the app on another origin
 * sets it to the API's absolute URL), else this origin's /graphql.
 */
export function graphqlUrl(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="boomerang-graphql-url"]');
  return meta?.content || '/graphql';
}

/** A GraphQL answer's top-level error (authentication, validation); user errors come in the payloads. */
export class GraphQLRequestError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

/** Runs one typed operation with the bearer token; throws GraphQLRequestError on a top-level error. */
export async function request<R, V>(document: TypedDocumentNode<R, V>, variables: V, token: string | null): Promise<R> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(graphqlUrl(), { method: 'POST', headers, body: JSON.stringify({ query: print(document), variables }) });
  const body = (await res.json().catch(() => null)) as { data?: R; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
  if (!body) throw new GraphQLRequestError(`The server answered ${res.status}`, undefined);
  if (body.errors?.length) throw new GraphQLRequestError(body.errors[0].message, body.errors[0].extensions?.code);
  return body.data as R;
}
