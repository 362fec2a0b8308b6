import { createHash } from 'node:crypto';
import type { HTTPGraphQLRequest } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { PrefixingKeyValueCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Config } from '../config';
import type { RedisConnection } from '../jobs/redis';
import type { Actor } from '../services/context';

/** How long Redis keeps a document a client registered by automatic persisted query (seconds, renewed when re-sent). */
export const APQ_TTL_SECONDS = 86_400;

/** Longer documents are run but not kept: anyone may register documents, so each one's share of Redis is bounded. */
export const APQ_MAX_DOCUMENT_LENGTH = 64 * 1024;

/**
 * Apollo's automatic persisted queries (APQ) cache, shared by every API replica through Redis: a client that registered
 * a document with one replica is served by hash on the next, instead of each process learning it on its own (which
 * works too, a PERSISTED_QUERY_NOT_FOUND round trip per document and replica, but costs those round trips after each
 * deploy). The trusted documents manifest answers first: its hashes never need registering.
 *
 * Redis trouble is a cache miss, never an error: the client then sends the document and the request runs. The
 * connection is the producer's, which fails fast while Redis is down; its outage is logged where it is watched.
 */
export function persistedQueryCache(redis: RedisConnection, config: Config): KeyValueCache<string> {
  const prefix = `${config.queuePrefix}:apq:`;
  const manifest = config.trustedDocuments?.documents;
  const cache: KeyValueCache<string> = {
    async get(hash) {
      const trusted = manifest?.get(hash);
      if (trusted !== undefined) return trusted;
      return (await redis.get(prefix + hash).catch(() => null)) ?? undefined;
    },
    async set(hash, document, options?: KeyValueCacheSetOptions) {
      if (manifest?.has(hash) || document.length > APQ_MAX_DOCUMENT_LENGTH) return;
      const ttl = options?.ttl ?? APQ_TTL_SECONDS;
      await redis.set(prefix + hash, document, 'EX', ttl).catch(() => undefined);
    },
    async delete(hash) {
      await redis.del(prefix + hash).catch(() => undefined);
    },
  };
  // Keys are bare hashes under this cache's own prefix: Apollo's "apq:" prefix would only be in the way of the manifest.
  return PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation(cache);
}

/** Who may run documents outside the manifest: admins (the IDE, staff scripts) and partners (their own integrations). */
function mayRunAnyDocument(actor: Actor): boolean {
  return actor.kind === 'admin' || actor.kind === 'partner' || actor.kind === 'system';
}

/** The persistedQuery extension's hash, from a POST body or a GET request's `extensions` parameter. */
function extensionHash(extensions: unknown): string | null {
  let value = extensions;
  if (typeof value === 'string') {
    try { value = JSON.parse(value); } catch { return null; }
  }
  const hash = (value as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : null;
}

/**
 * The hash of the document a request asks for: the one its persistedQuery extension names, else that of its query
 * text. When it sends both, Apollo checks that they agree (and refuses the request when they do not).
 */
export function requestedDocumentHash(req: HTTPGraphQLRequest): string | null {
  let params: Record<string, unknown> | undefined;
  if (req.method === 'GET') {
    const search = new URLSearchParams(req.search);
    params = { extensions: search.get('extensions') ?? undefined, query: search.get('query') ?? undefined };
  } else {
    params = req.body as Record<string, unknown> | undefined;
  }
  if (!params || typeof params !== 'object' || Array.isArray(params)) return null;
  const named = extensionHash(params.extensions);
  if (named) return named;
  return typeof params.query === 'string' ? createHash('sha256').update(params.query).digest('hex') : null;
}

/**
 * GRAPHQL_TRUSTED_DOCUMENTS: refuses, before anything is parsed, a request for a document outside the manifest unless
 * an admin or a partner asks (PERSISTED_QUERY_NOT_TRUSTED, HTTP 400). Called once the caller is authenticated.
 */
export function assertTrustedDocument(config: Config, req: HTTPGraphQLRequest, actor: Actor): void {
  const manifest = config.trustedDocuments?.documents;
  if (!manifest || mayRunAnyDocument(actor)) return;
  const hash = requestedDocumentHash(req);
  if (hash !== null && manifest.has(hash)) return;
  throw new GraphQLError(
    'This server runs only trusted documents (GRAPHQL_TRUSTED_DOCUMENTS) and this operation is not among them: send one of the apps\' registered operations by its hash',
    { extensions: { code: 'PERSISTED_QUERY_NOT_TRUSTED', http: { status: 400 } } },
  );
}
