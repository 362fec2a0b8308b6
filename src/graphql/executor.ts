import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, GraphQLError, isAbstractType, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/*
 * A compiled executor behind Apollo's executor hook (its `gateway` option: Apollo still parses, validates, runs every
 * plugin hook, formats errors and serialises; only `execute` is replaced). graphql-jit compiles an operation into one
 * function per document, so a page of 50 returns no longer pays graphql-js's generic walk (argument coercion, one
 * promise-for-object per selection set, runtime type checks) for each of its ~1,000 fields. Resolvers are the schema's
 * own (type-graphql's wrappers with `@Authorized` checks and argument validation, the direct calls of
 * direct-resolvers.ts, `endReadsBeforeMutations`), so what runs for each field is unchanged; only the walk between
 * them is generated.
 *
 * What stays with graphql-js:
 * - a document's first run: compiling costs more than running once, and anyone may send a new document; a document is
 *   compiled the second time Apollo hands the same parsed document (its document store caches them by query hash) for
 *   the same operation name; the plans of the PLANNED_DOCUMENTS most recently run documents are kept (compiled code is
 *   larger than the document, and anyone may send new ones), older ones start over;
 * - a request whose variables do not coerce: it is run again by graphql-js, so the client gets graphql-js's own
 *   message, which Apollo recognises as BAD_USER_INPUT (HTTP 400), exactly as without the compiler;
 * - a document graphql-jit refuses to compile (it then stays interpreted).
 *
 * A query that ran compiled through Apollo is also remembered by its text and operation name (`known`), so that
 * known-queries.ts can run it again without Apollo's request pipeline; when that run has anything but clean data to
 * answer, Apollo takes the request with the result carried in the context (`ranAhead`) and the executor hands Apollo
 * that result instead of running the operation a second time (Apollo parses the same text into the same operation).
 */

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/** Per operation name of a document: how often it ran uncompiled, or its compiled form, or `false` when it cannot be compiled. */
type Plan = { runs: number } | CompiledQuery | false;

/** A document runs this often through graphql-js before it is compiled. */
const COMPILE_AFTER_RUNS = 1;
/** Documents whose plans are kept (least recently run go first). */
const PLANNED_DOCUMENTS = 1000;
/** Known queries remembered for known-queries.ts (each holds its document and compiled code, as a plan does). */
const KNOWN_QUERIES = 500;
/** Their texts in characters all together (texts are up to the body limit each). */
const KNOWN_TEXT_CHARS = 8 * 1024 * 1024;

/** A query Apollo parsed, validated and ran compiled: what running it again without Apollo needs. */
export interface KnownQuery {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  compiled: CompiledQuery;
}

/** A request's result computed before Apollo's pipeline, for the executor to hand Apollo when it gets to execution. */
export interface RanAhead {
  result: ExecutionResult;
  /** process.hrtime.bigint() when the request's operation started (the latency metric counts from there). */
  startedAt: bigint;
}

/** graphql-jit's errors lack graphql-js's `extensions: {}` and nodes; Apollo's error formatting needs a real GraphQLError. */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, {
    path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined,
  });
  if (error.locations) (copy as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return copy;
}

/** Runs operations compiled by graphql-jit once they repeat, and through graphql-js otherwise (see above). */
export class CompiledExecutor {
  private readonly plans = new LRUCache<DocumentNode, Map<string, Plan>>({ max: PLANNED_DOCUMENTS });
  /** Compiled queries by their text, then by the operation name the client sent ('' for none). */
  private readonly known = new LRUCache<string, Map<string, KnownQuery>>({ max: KNOWN_QUERIES, maxSize: KNOWN_TEXT_CHARS, sizeCalculation: (_, text) => text.length || 1 });
  /** How many operations ran compiled and interpreted, and how many of the compiled ones known-queries.ts ran (tests and the bench read these). */
  readonly counts = { compiled: 0, interpreted: 0, direct: 0 };

  constructor(private readonly schema: GraphQLSchema) {
    // graphql-jit takes a type resolver's answer as it comes: a promise of a type name is no type (schema.ts).
    const waiting = Object.values(schema.getTypeMap())
      .filter((type) => isAbstractType(type) && type.resolveType?.constructor.name === 'AsyncFunction').map((type) => type.name);
    if (waiting.length) throw new Error(`resolveType of ${waiting.join(', ')} is async; the compiled executor needs it synchronous (see TYPE_RESOLVERS in schema.ts)`);
  }

  /** Runs one operation; `operationName` as the request names it (null: the document's only operation). */
  async run(document: DocumentNode, operationName: string | null, variables: Record<string, unknown> | undefined, context: unknown): Promise<ExecutionResult> {
    const compiled = this.plan(document, operationName);
    const result = compiled ? await compiled.query(undefined, context, variables ?? {}) : null;
    return this.answer(result, document, operationName, variables, context);
  }

  /** The compiled run's result as Apollo needs it, or graphql-js's run when there was none or it failed before execution. */
  private answer(result: ExecutionResult | null, document: DocumentNode, operationName: string | null, variables: Record<string, unknown> | undefined, context: unknown): ExecutionResult | Promise<ExecutionResult> {
    // No data at all: the request failed before execution (variables that do not coerce). graphql-js words it.
    if (result && result.data !== undefined) {
      this.counts.compiled += 1;
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
    }
    this.counts.interpreted += 1;
    return execute({ schema: this.schema, document, operationName, variableValues: variables, contextValue: context });
  }

  /**
   * The compiled query a request names by its text and operation name (as sent: null and absent are ''), once Apollo
   * has run it compiled; undefined otherwise.
   */
  knownQuery(text: string, operationName: string): KnownQuery | undefined {
    return this.known.get(text)?.get(operationName);
  }

  /** Counts a run of a known query that answered without Apollo. */
  countDirect(): void {
    this.counts.compiled += 1;
    this.counts.direct += 1;
  }

  private remember(text: string, operationName: string, query: KnownQuery): void {
    let byName = this.known.get(text);
    if (!byName) this.known.set(text, byName = new Map());
    byName.set(operationName, query);
  }

  /** The compiled operation, once the document has run often enough; null while it runs interpreted. */
  private plan(document: DocumentNode, operationName: string | null): CompiledQuery | null {
    let byName = this.plans.get(document);
    if (!byName) {
      byName = new Map();
      this.plans.set(document, byName);
    }
    const key = operationName ?? '';
    const plan = byName.get(key) ?? { runs: 0 };
    if (plan === false) return null;
    if (!('runs' in plan)) return plan;
    if (plan.runs < COMPILE_AFTER_RUNS) {
      byName.set(key, { runs: plan.runs + 1 });
      return null;
    }
    const compiled = compileQuery(this.schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
    const next = isCompiledQuery(compiled) ? compiled : false;
    byName.set(key, next);
    return next || null;
  }

  /** The executor as Apollo's `gateway` option: the schema is fixed, so it is announced once and never updated. */
  gateway(): Gateway {
    const executor: GatewayExecutor = async (request) => {
      const { document, operationName, operation, source } = request;
      const sent = request.request;
      const context = request.context as { ranAhead?: RanAhead };
      // No operation of that name (or several and none named): graphql-js refuses it with its message, running
      // nothing, and Apollo answers 400. The compiled plan would have run the document's only operation instead.
      if (!operation) {
        this.counts.interpreted += 1;
        return execute({ schema: this.schema, document, operationName: sent.operationName, variableValues: sent.variables, contextValue: context }) as Awaited<ReturnType<GatewayExecutor>>;
      }
      // This request's operation already ran (known-queries.ts), from the same text: its result is the answer.
      const ahead = context.ranAhead;
      if (ahead) {
        context.ranAhead = undefined;
        return (await this.answer(ahead.result, document, operationName, sent.variables, context)) as Awaited<ReturnType<GatewayExecutor>>;
      }
      const result = await this.run(document, operationName, sent.variables, context);
      const compiled = this.plans.get(document)?.get(operationName ?? '');
      // Only queries: a mutation always runs through Apollo's pipeline.
      if (compiled && operation.operation === 'query' && source !== undefined && !('runs' in compiled)) {
        this.remember(source, sent.operationName ?? '', { document, operation, compiled });
      }
      return result as Awaited<ReturnType<GatewayExecutor>>;
    };
    return {
      load: async () => ({ executor }),
      onSchemaLoadOrUpdate: (callback) => {
        callback({ apiSchema: this.schema, coreSupergraphSdl: '' });
        return () => undefined;
      },
      stop: async () => undefined,
    };
  }
}
