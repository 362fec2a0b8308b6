/** What withTimeout rejects with when the time runs out (a rejection of the promise itself passes through unchanged). */
export class TimeoutError extends Error {}

/** `promise`, or a TimeoutError (`message`, by default "no answer within <ms> ms") after ms. */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, message = `no answer within ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new TimeoutError(message)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
