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

/** Whether a class (or a class it extends) declares any class-validator constraint; remembered per class. */
const constrained = new WeakMap<object, boolean>();

function hasConstraints(type: unknown): boolean {
  // Scalars (a JSON object argument among them) are GraphQLScalarType objects, not classes: nothing to validate.
  if (typeof type !== 'function') return false;
  let known = constrained.get(type);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(type, '', false, false).length > 0;
    constrained.set(type, known);
  }
  return known;
}

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Validates an argument's value (an input object, or a list of them) against its declared type (`argType`, the item
 * type for a list); throws ArgumentValidationError like type-graphql.
 */
export async function validateArgument(value: unknown, argType: unknown): Promise<void> {
  if (!isObject(value) || !hasConstraints(argType)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(isObject).map((item) => validateOrReject(item, OPTIONS)));
    else await validateOrReject(value, OPTIONS);
  } catch (e) {
    throw new ArgumentValidationError(e as ValidationError[]);
  }
}
