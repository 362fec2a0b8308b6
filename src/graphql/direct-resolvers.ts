import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage, type ContainerType } from 'type-graphql';

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

/** The params type-graphql hands over without conversion: the whole parent object, the whole context, the info. */
type PlainParam = 'root' | 'context' | 'info';

function plainParams(params: ReadonlyArray<{ kind: string; index: number; propertyName?: string; getType?: () => unknown }>): PlainParam[] | null {
  const sorted = [...params].sort((a, b) => a.index - b.index);
  const kinds: PlainParam[] = [];
  for (const [position, p] of sorted.entries()) {
    if (p.index !== position || p.propertyName !== undefined) return null;
    // A root declared as a class is converted to an instance of it; one declared as a type alias or interface
    // (reflected as Object, or not at all) is passed as it is.
    if (p.kind === 'root' && (p.getType === undefined || p.getType() === Object)) kinds.push('root');
    else if (p.kind === 'context' || p.kind === 'info') kinds.push(p.kind);
    else return null;
  }
  return kinds;
}

function directResolver(instance: Instance, method: Method, kinds: PlainParam[]): GraphQLFieldResolver<unknown, unknown> {
  const [a, b, c] = kinds;
  if (kinds.length === 1 && a === 'root') return (root) => method.call(instance, root);
  if (kinds.length === 2 && a === 'root' && b === 'context') return (root, _args, context) => method.call(instance, root, context);
  if (kinds.length === 3 && a === 'root' && b === 'context' && c === 'info') return (root, _args, context, info) => method.call(instance, root, context, info);
  return (root, _args, context, info) => method.apply(instance, kinds.map((k) => (k === 'root' ? root : k === 'context' ? context : info)));
}

/**
 * type-graphql calls every field resolver through a generic wrapper: a resolver-data object, the container lookup,
 * the middleware chain (empty here), and its params sorted, mapped and checked for promises on every call. A page of
 * 50 returns calls a few hundred such resolvers (`id`, `items`, `orderLine`, ...), and the wrapper cost more than the
 * resolvers themselves (docs/benchmarks.md, issue 12, fourth round).
 *
 * A field resolver that declares only `@Root()` (a type alias, not a class), `@Ctx()` and `@Info()`, with no
 * `@Authorized` and no middleware, is installed as a direct call of the same method on the same instance: what the
 * wrapper would do, minus its bookkeeping. Every other resolver (arguments, roles, middleware, a class-typed root) keeps
 * type-graphql's wrapper. Answers the fields that went direct, as `Type.field`.
 *
 * Reads type-graphql's metadata as `buildSchema` leaves it (it fills in each field resolver's object type, roles,
 * params and middlewares while building): call it right after `buildSchema` with the same resolver classes. A
 * resolver whose metadata is not filled in stays as it is.
 */
export function directFieldResolvers(schema: GraphQLSchema, instances: ResolverInstances, resolverClasses: readonly ClassRef[]): string[] {
  const storage = getMetadataStorage();
  const built = new Set(resolverClasses);
  const typeNames = new Map<ClassRef, string>(storage.objectTypes.map((t) => [t.target, t.name]));
  const direct: string[] = [];
  // type-graphql takes the first field resolver declared for a field; so does this.
  const seen = new Set<string>();
  for (const resolver of storage.fieldResolvers) {
    if (resolver.kind !== 'external' || !built.has(resolver.target)) continue;
    const objectClass = resolver.getObjectType?.();
    const typeName = objectClass ? typeNames.get(objectClass) : undefined;
    const name = `${typeName}.${resolver.schemaName}`;
    if (typeName === undefined || seen.has(name)) continue;
    seen.add(name);
    if (resolver.params === undefined || resolver.roles !== undefined || resolver.middlewares === undefined || resolver.middlewares.length > 0) continue;
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[resolver.schemaName] : undefined;
    const kinds = plainParams(resolver.params);
    if (!field || field.args.length > 0 || !kinds) continue;
    const instance = instances.get(resolver.target);
    const method = instance[resolver.methodName];
    if (typeof method !== 'function') continue;
    field.resolve = directResolver(instance, method as Method, kinds);
    direct.push(name);
  }
  return direct;
}
