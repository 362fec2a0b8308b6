import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode } from 'graphql';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';

// How the apps send an operation (no DOM here, so the API tests run it in Node against a real server).

/** A GraphQL answer's top-level error (authentication, validation); user errors come in the payloads. */
export class GraphQLRequestError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

/** What codegen's client preset adds to each document (codegen.ts `persistedDocuments`): its hash in the manifest. */
type HashedDocument = { __meta__?: { hash?: string } };

interface GraphQLBody<R> { data?: R; errors?: Array<{ message: string; extensions?: { code?: string } }> }

/** The GraphQL URLs that have said they take no persisted queries: from then on, full documents only. */
const withoutPersistedQueries = new Set<string>();

/**
 * The document's text exactly as codegen hashed it into web/gql/persisted-documents.json (fields sorted, spaces
 * reduced), so the server can check the hash against it.
 */
const documentText = new WeakMap<object, string>();
function textOf(document: DocumentNode): string {
  let text = documentText.get(document);
  if (text === undefined) {
    text = printExecutableGraphQLDocument(document);
    documentText.set(document, text);
  }
  return text;
}

async function post<R>(url: string, body: Record<string, unknown>, token: string | null): Promise<{ status: number; body: GraphQLBody<R> | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => null)) as GraphQLBody<R> | null };
}

/**
 * Runs one typed operation at `url` with the bearer token; throws GraphQLRequestError on a top-level error.
 *
 * Trusted documents / automatic persisted queries: the operation goes by its hash alone (a server running
 * GRAPHQL_TRUSTED_DOCUMENTS knows every app operation by hash; any other knows it once it has seen it); when the server
 * answers PERSISTED_QUERY_NOT_FOUND, the same request is sent again with the document, which the server then keeps.
 */
export async function runOperation<R, V>(url: string, document: TypedDocumentNode<R, V>, variables: V, token: string | null): Promise<R> {
  const hash = (document as HashedDocument).__meta__?.hash;
  const persisted = hash && !withoutPersistedQueries.has(url) ? { persistedQuery: { version: 1, sha256Hash: hash } } : undefined;
  let res = persisted ? await post<R>(url, { variables, extensions: persisted }, token) : null;
  const code = res?.body?.errors?.[0]?.extensions?.code;
  if (code === 'PERSISTED_QUERY_NOT_SUPPORTED') withoutPersistedQueries.add(url);
  if (!res || code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'PERSISTED_QUERY_NOT_SUPPORTED') {
    const extensions = persisted && code !== 'PERSISTED_QUERY_NOT_SUPPORTED' ? { extensions: persisted } : {};
    res = await post<R>(url, { query: textOf(document), variables, ...extensions }, token);
  }
  const { body } = res;
  if (!body) throw new GraphQLRequestError(`The server answered ${res.status}`, undefined);
  if (body.errors?.length) throw new GraphQLRequestError(body.errors[0].message, body.errors[0].extensions?.code);
  return body.data as R;
}
