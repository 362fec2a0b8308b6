/**
 * Freezes an object graph in place and returns it, so shared default tables cannot be
 * changed by one caller under another's feet (assignments throw in strict mode).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
