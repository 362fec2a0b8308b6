import type { GraphQLRequest, HTTPGraphQLRequest } from '@apollo/server';
import type { ExecutionResult, OperationDefinitionNode } from 'graphql';
import Negotiator from 'negotiator';
import { observeOperation, type LatencyHistogram } from '../http/latency-plugin';
import type { GqlContext } from './context';
import type { CompiledExecutor } from './executor';
import type { OperationCheck } from './operation-checks';
import { wantsSnapshot } from './read-snapshot';

/*
 * Known queries without Apollo's request pipeline.
 *
 * Once Apollo has parsed, validated and run a query compiled (executor.ts remembers it by its text and operation
 * name), the same query text sent again is run here: the context (authentication, trusted documents), the same
 * operation checks Apollo's plugins run (complexity, storable input), the read snapshot, the compiled operation, the
 * latency metric, and the answer as Apollo writes it. What is skipped is per-request bookkeeping whose outcome is
 * already known for this text: the query hash and document-store lookup, validation (its rules are fixed), a copy of
 * the context, a dozen plugin hooks and their promises, and a Negotiator per request. It was about a fifth of the
 * gateway's time on a drop-off search (docs/benchmarks.md, issue 12, fifth round).
 *
 * Only the clean case is answered here: POST, a JSON body Apollo would accept as it is, no persisted-query extension,
 * an Accept header Apollo would answer with JSON, a context that was created, checks that passed, and a result with
 * data and no errors. Anything else goes to Apollo, which answers it as it always has: with the same context promise
 * (so a failed authentication is not tried twice), and, when the query already ran, with its result carried in the
 * context for the executor to hand over, so a query is never executed twice.
 */

/** What the endpoint writes for a request answered here (status 200). */
export interface DirectAnswer {
  contentType: string;
  body: string;
}

/** Answers a request without Apollo when it can; null: Apollo answers it (with `context`, already called or not). */
export type DirectLane<TContext> = (request: HTTPGraphQLRequest, context: () => Promise<TContext>) => Promise<DirectAnswer | null>;

/** Apollo's media types for a single result (MEDIA_TYPES in @apollo/server), in the order it offers them. */
const RESULT_TYPES = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
];
/** Accept headers whose negotiated type is remembered (clients send a handful; anyone may send more). */
const REMEMBERED_ACCEPTS = 100;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);

export function knownQueries(options: {
  executor: CompiledExecutor;
  checks: OperationCheck[];
  latency: LatencyHistogram;
  onCloseError: (e: unknown) => void;
}): DirectLane<GqlContext> {
  const { executor, checks, latency, onCloseError } = options;
  const negotiated = new Map<string, string | null>();
  // The content type Apollo answers a single result with (chooseContentTypeForSingleResultResponse): JSON without an
  // Accept header, else what Negotiator prefers of the three; null when none is acceptable (Apollo's 406).
  const contentType = (accept: string | undefined): string | null => {
    if (!accept) return RESULT_TYPES[0];
    let type = negotiated.get(accept);
    if (type === undefined) {
      type = new Negotiator({ headers: { accept } }).mediaType(RESULT_TYPES) ?? null;
      if (negotiated.size >= REMEMBERED_ACCEPTS) negotiated.clear();
      negotiated.set(accept, type);
    }
    return type;
  };
  const snapshots = new WeakMap<OperationDefinitionNode, boolean>();

  return async (http, context) => {
    const body = http.body;
    // Only bodies express.json parsed, so sent as application/json: Apollo's CSRF prevention lets those through.
    if (http.method !== 'POST' || !isRecord(body) || typeof body.query !== 'string') return null;
    const { variables, operationName, extensions } = body;
    // What Apollo accepts of a POST body as it is (runHttpQuery); anything else is Apollo's to refuse or interpret.
    if (variables != null && !isRecord(variables)) return null;
    // An empty name names no operation (Apollo refuses it); absent and null are the document's only operation.
    if (operationName != null && (typeof operationName !== 'string' || operationName === '')) return null;
    if (extensions != null && (!isRecord(extensions) || 'persistedQuery' in extensions)) return null;
    const known = executor.knownQuery(body.query, operationName ?? '');
    const type = known && contentType(http.headers.get('accept'));
    if (!known || !type) return null;

    let ctx: GqlContext;
    try {
      ctx = await context();
    } catch {
      return null; // Apollo answers the failed context (the same rejected promise) as it does for any request
    }
    // As Apollo's latency plugin: from after the context was created.
    const startedAt = process.hrtime.bigint();
    const request: GraphQLRequest = {
      query: body.query, operationName: operationName ?? undefined, variables: variables ?? undefined,
      extensions: extensions ?? undefined, http,
    };
    const { document, operation, compiled } = known;
    try {
      for (const check of checks) check(request, document, operation);
    } catch {
      return null; // refused before anything ran: Apollo's plugins refuse it again, worded and answered by Apollo
    }
    let snapshot = snapshots.get(operation);
    if (snapshot === undefined) snapshots.set(operation, snapshot = wantsSnapshot(operation, document));
    if (snapshot) {
      try {
        await ctx.reads.begin(ctx);
      } catch {
        return null; // no snapshot could be opened and nothing ran: Apollo tries the request from the start
      }
    }
    let result: ExecutionResult;
    try {
      // Resolver errors are in the result; a throw here is the endpoint's to answer (500, logged), as Apollo would.
      result = await compiled.query(undefined, ctx, request.variables ?? {});
    } finally {
      await ctx.reads.end(ctx).catch(onCloseError);
    }
    if (result.data === undefined || result.errors?.length) {
      ctx.ranAhead = { result, startedAt };
      return null;
    }
    executor.countDirect();
    observeOperation(latency, startedAt, operation.name?.value ?? null, operation.operation, false);
    // As Apollo serialises a result without errors or extensions (prettyJSONStringify of { errors, data, extensions }).
    return { contentType: type, body: `{"data":${JSON.stringify(result.data)}}\n` };
  };
}
