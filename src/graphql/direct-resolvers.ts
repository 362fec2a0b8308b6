import { GraphQLScalarType, isObjectType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { AuthenticationError, AuthorizationError, getMetadataStorage, type AuthCheckerFn, type ContainerType, type ResolverData } from 'type-graphql';
import type { GqlContext } from './context';

type Instance = Record<string, unknown>;
/** A resolver or object type class, as type-graphql's metadata holds it. */
type ClassRef = object;
type Method = (...params: unknown[]) => unknown;

/**
 * The resolver classes' instances, one per class, given to type-graphql as its container: the direct resolvers below
 * call the very objects type-graphql's own wrappers call.
 */
export class ResolverInstances implements ContainerType {
  private readonly made = new Map<ClassRef, Instance>();

  get(someClass: ClassRef): Instance {
    let instance = this.made.get(someClass);
    if (!instance) {
      instance = new (someClass as new () => Instance)();
      this.made.set(someClass, instance);
    }
    return instance;
  }
}

/**
 * What buildSchema was given (schema.ts): the same auth check and argument validation run for direct resolvers. Only
 * authMode 'error' and no global middlewares are done here; with anything else every resolver keeps the wrapper.
 */
export interface DirectOptions {
  authChecker: AuthCheckerFn<GqlContext>;
  authMode: 'error' | 'null';
  globalMiddlewares?: readonly unknown[];
  validateFn: (value: unknown, argType: unknown, resolverData: ResolverData<GqlContext>) => void | Promise<void>;
  /** Whether `validateFn` has anything to check for this value of this declared type (it answers at once otherwise). */
  needsValidation: (value: unknown, argType: unknown) => boolean;
}

/** One parameter of a resolver method, as a direct call produces it. */
type Param =
  | { kind: 'root' | 'context' | 'info' }
  | { kind: 'arg'; name: string; type: unknown; convert: (value: unknown) => unknown };

/** Parameter metadata as type-graphql fills it in while building (ArgParamMetadata and the others). */
interface ParamMetadata {
  kind: string;
  index: number;
  propertyName?: string;
  name?: string;
  getType?: () => unknown;
  typeOptions?: { array?: boolean; arrayDepth?: number };
  validateSettings?: unknown;
  validateFn?: unknown;
}

/** Resolver metadata (queries, mutations, field resolvers) once buildSchema has filled in roles, params and middlewares. */
interface ResolverMetadata {
  target: ClassRef;
  methodName: string;
  schemaName: string;
  params?: ParamMetadata[];
  roles?: string[];
  middlewares?: unknown[];
}

/** JavaScript types type-graphql maps to scalars: their values are handed over as they are. */
const PLAIN_TYPES = new Set<unknown>([String, Number, Boolean, Date]);

/**
 * How type-graphql turns an argument's value into what the method receives (convert-args.js), for the argument types
 * it is done here for; null for any other (the resolver then keeps type-graphql's wrapper):
 * - scalars and enums: the value as it is;
 * - an input type whose fields are all scalars or enums and that extends no class: an instance of it, made with `new`,
 *   the sent fields assigned, and the instance's own fields that are undefined and were not sent deleted (type-graphql's
 *   convertToType);
 * - a list of either: each item so (nested lists are left to type-graphql).
 */
function converter(meta: ParamMetadata): ((value: unknown) => unknown) | null {
  if (!meta.getType || (meta.typeOptions?.arrayDepth ?? 1) > 1) return null;
  const type = meta.getType();
  const storage = getMetadataStorage();
  const plain = (t: unknown) => t instanceof GraphQLScalarType || PLAIN_TYPES.has(t) || storage.enums.some((e) => e.enumObj === t);
  let item: (value: unknown) => unknown;
  if (plain(type)) {
    item = (value) => value;
  } else {
    const fields = storage.inputTypes.find((t) => t.target === type)?.fields;
    const Input = type as new () => Record<string, unknown>;
    if (!fields || Object.getPrototypeOf(Input).prototype !== undefined || !fields.every((f) => plain(f.getType()))) return null;
    const names = fields.map((f) => f.name);
    item = (value) => {
      if (value === null || value === undefined) return value;
      const sent = value as Record<string, unknown>;
      const fields: Record<string, unknown> = {};
      for (const name of names) if (sent[name] !== undefined) fields[name] = sent[name];
      const instance = new Input();
      for (const key of Object.keys(instance)) if (instance[key] === undefined && !(key in fields)) delete instance[key];
      return Object.assign(instance, fields);
    };
  }
  return (value) => (Array.isArray(value) ? value.map(item) : item(value));
}

/** The method's parameters in order, or null when one is anything but an untyped root, the context, the info or a supported argument. */
function plan(params: readonly ParamMetadata[]): Param[] | null {
  const sorted = [...params].sort((a, b) => a.index - b.index);
  const planned: Param[] = [];
  for (const [position, p] of sorted.entries()) {
    if (p.index !== position || p.propertyName !== undefined) return null;
    if (p.kind === 'arg') {
      const convert = p.validateSettings === undefined && p.validateFn === undefined && p.name !== undefined ? converter(p) : null;
      if (!convert) return null;
      planned.push({ kind: 'arg', name: p.name!, type: p.getType!(), convert });
    } else if (p.kind === 'root') {
      // A root declared as a class is converted to an instance of it; one declared as a type alias or interface
      // (reflected as Object, or not at all) is passed as it is.
      if (p.getType !== undefined && p.getType() !== Object) return null;
      planned.push({ kind: 'root' });
    } else if (p.kind === 'context' || p.kind === 'info') {
      planned.push({ kind: p.kind });
    } else {
      return null;
    }
  }
  return planned;
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown> | null)?.then === 'function';

function directResolver(instance: Instance, method: Method, params: Param[], roles: string[] | undefined, options: DirectOptions): GraphQLFieldResolver<unknown, GqlContext> {
  const [a, b, c] = params.map((p) => p.kind);
  // The hot shapes of field resolvers (no roles, no arguments) as plain calls.
  if (!roles) {
    if (params.length === 1 && a === 'root') return (root) => method.call(instance, root);
    if (params.length === 2 && a === 'root' && b === 'context') return (root, _args, context) => method.call(instance, root, context);
    if (params.length === 3 && a === 'root' && b === 'context' && c === 'info') return (root, _args, context, info) => method.call(instance, root, context, info);
  }
  const call = (root: unknown, args: Record<string, unknown>, context: GqlContext, info: GraphQLResolveInfo) => {
    const values: unknown[] = [];
    let checks: Array<Promise<void>> | null = null;
    for (const p of params) {
      if (p.kind !== 'arg') {
        values.push(p.kind === 'root' ? root : p.kind === 'context' ? context : info);
        continue;
      }
      const value = p.convert(args[p.name]);
      if (options.needsValidation(value, p.type)) (checks ??= []).push(Promise.resolve(options.validateFn(value, p.type, { root, args, context, info } as ResolverData<GqlContext>)));
      values.push(value);
    }
    return checks ? Promise.all(checks).then(() => method.apply(instance, values)) : method.apply(instance, values);
  };
  if (!roles) return call;
  // type-graphql's AuthMiddleware with authMode 'error': the check first, then the arguments and the call.
  return (root, args, context, info) => {
    const refuse = () => {
      throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
    };
    const granted = options.authChecker({ root, args, context, info } as ResolverData<GqlContext>, roles);
    if (isPromise(granted)) return granted.then((ok) => (ok ? call(root, args, context, info) : refuse()));
    return granted ? call(root, args, context, info) : refuse();
  };
}

/**
 * type-graphql calls every resolver through a generic wrapper: a resolver-data object, the container lookup, the
 * middleware chain (its @Authorized check is one, run through async functions), and its params sorted, mapped,
 * converted and validated through a promise each on every call. A page of 50 returns calls a few hundred field
 * resolvers (`id`, `items`, `orderLine`, ...), and a drop-off search spends more in the wrapper around its one root
 * resolver than in the resolver (docs/benchmarks.md, issue 12, fourth and fifth rounds).
 *
 * A resolver (a query, a mutation or a field resolver) whose parameters are an untyped `@Root()`, `@Ctx()`, `@Info()`
 * and `@Arg`s of scalar, enum or flat input types (see `converter`), with no middleware, is installed as a direct call
 * of the same method on the same instance, doing what the wrapper does: the `@Authorized` check (the same auth checker,
 * the same AuthenticationError or AuthorizationError when it refuses), the arguments converted as type-graphql converts
 * them and validated by the same validateFn, then the call. Anything else (`@Args` classes, nested inputs, a class-typed
 * root, middleware, per-argument validation settings) keeps type-graphql's wrapper. Answers the fields that went
 * direct, as `Type.field`.
 *
 * Reads type-graphql's metadata as `buildSchema` leaves it (it fills in each resolver's object type, roles, params and
 * middlewares while building): call it right after `buildSchema` with the same resolver classes and options, with no
 * global middlewares and authMode 'error'. A resolver whose metadata is not filled in stays as it is.
 */
export function directFieldResolvers(schema: GraphQLSchema, instances: ResolverInstances, resolverClasses: readonly ClassRef[], options: DirectOptions): string[] {
  if (options.authMode !== 'error' || options.globalMiddlewares?.length) return [];
  const storage = getMetadataStorage();
  const built = new Set(resolverClasses);
  const typeNames = new Map<ClassRef, string>(storage.objectTypes.map((t) => [t.target, t.name]));
  const direct: string[] = [];
  const install = (type: GraphQLObjectType | null | undefined, resolver: ResolverMetadata) => {
    const field = type?.getFields()[resolver.schemaName];
    if (!field || resolver.params === undefined || resolver.middlewares === undefined || resolver.middlewares.length > 0) return;
    const params = plan(resolver.params);
    // Every argument of the field is one of the method's (an argument no parameter takes is not type-graphql's).
    if (!params || field.args.some((arg) => !params.some((p) => p.kind === 'arg' && p.name === arg.name))) return;
    const instance = instances.get(resolver.target);
    const method = instance[resolver.methodName];
    if (typeof method !== 'function') return;
    field.resolve = directResolver(instance, method as Method, params, resolver.roles, options);
    direct.push(`${type!.name}.${resolver.schemaName}`);
  };

  // type-graphql takes the first field resolver declared for a field; so does this.
  const seen = new Set<string>();
  for (const resolver of storage.fieldResolvers as unknown as Array<ResolverMetadata & { kind: string; getObjectType?: () => ClassRef }>) {
    if (resolver.kind !== 'external' || !built.has(resolver.target)) continue;
    const objectClass = resolver.getObjectType?.();
    const typeName = objectClass ? typeNames.get(objectClass) : undefined;
    const name = `${typeName}.${resolver.schemaName}`;
    if (typeName === undefined || seen.has(name)) continue;
    seen.add(name);
    const type = schema.getType(typeName);
    if (isObjectType(type)) install(type, resolver);
  }
  // Root fields: one resolver per name among the built classes (a name declared twice is left to type-graphql).
  const roots: Array<[GraphQLObjectType | null | undefined, ResolverMetadata[]]> = [
    [schema.getQueryType(), storage.queries as unknown as ResolverMetadata[]],
    [schema.getMutationType(), storage.mutations as unknown as ResolverMetadata[]],
  ];
  for (const [type, resolvers] of roots) {
    const mine = resolvers.filter((r) => built.has(r.target));
    for (const resolver of mine) if (mine.filter((r) => r.schemaName === resolver.schemaName).length === 1) install(type, resolver);
  }
  return direct;
}
