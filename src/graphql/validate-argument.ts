import { getMetadataStorage, validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

/*
 * The class-validator check type-graphql runs on every argument and input object, as `validateFn`. It is what
 * type-graphql's own `validate: { forbidUnknownValues: false }` does (validate-arg.js: skip missing properties, arrays
 * item by item, ArgumentValidationError on failure), minus two costs it pays on every request: a `require` of
 * class-validator per argument, and class-validator's walk for classes that declare no constraint at all. Whether to
 * validate is decided by the argument's declared type, so a JSON scalar argument (a plain or prototype-less object)
 * is never walked. Kept here
 * because type-graphql has no option for either.
 */

const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

type MetadataLookup = (target: unknown, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => unknown[];

/**
 * class-validator looks up the constraints of the class it validates on every call, and the lookup tests the class
 * against every class that declares a constraint, to find the ones it inherits (MetadataStorage
 * .getTargetValidationMetadatas; typestack/class-validator#2686, open): about a tenth of the allocations of a drop-off
 * search and 1–2% of its time, for a two-field input (docs/benchmarks.md, issue 12, fifth round). What it answers
 * changes only when a constraint is registered, so it is remembered per class and option set until the next
 * registration, as twentyhq/twenty#24085 does. Callers only read the array. Kept until class-validator caches it itself.
 */
function rememberConstraintLookups(): void {
  const storage = getMetadataStorage() as unknown as {
    getTargetValidationMetadatas: MetadataLookup;
    addValidationMetadata: (metadata: unknown) => void;
  };
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  let known = new WeakMap<object, Map<string, unknown[]>>();
  storage.addValidationMetadata = (metadata) => {
    known = new WeakMap();
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (typeof target !== 'function') return lookup(target, schema, always, strictGroups, groups);
    // The option set validateArgument uses (no schema, groups or `always`; class-validator passes the schema as
    // undefined) is the common key.
    const key = !schema && !always && !strictGroups && !groups?.length ? '' : JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, byOptions = new Map());
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, found = lookup(target, schema, always, strictGroups, groups));
    return found;
  };
}
rememberConstraintLookups();

/** Whether a class (or a class it extends) declares any class-validator constraint (the lookup is remembered, above). */
function hasConstraints(type: unknown): boolean {
  // Scalars (a JSON object argument among them) are GraphQLScalarType objects, not classes: nothing to validate.
  return typeof type === 'function' && getMetadataStorage().getTargetValidationMetadatas(type, '', false, false).length > 0;
}

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/** Whether validateArgument has anything to check in this value: an object (or list) of a type with constraints. */
export function needsValidation(value: unknown, argType: unknown): value is object {
  return isObject(value) && hasConstraints(argType);
}

/**
 * Validates an argument's value (an input object, or a list of them) against its declared type (`argType`, the item
 * type for a list); throws ArgumentValidationError like type-graphql.
 */
export async function validateArgument(value: unknown, argType: unknown): Promise<void> {
  if (!needsValidation(value, argType)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(isObject).map((item) => validateOrReject(item, OPTIONS)));
    else await validateOrReject(value, OPTIONS);
  } catch (e) {
    throw new ArgumentValidationError(e as ValidationError[]);
  }
}

