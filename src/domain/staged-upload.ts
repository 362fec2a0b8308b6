/** Part numbers of a staged upload run from 1 to this (as S3's multipart uploads). */
export const MAX_STAGED_PARTS = 10_000;

/** True for a part number a staged upload accepts. */
export function isPartNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_STAGED_PARTS;
}

/**
 * Why the parts received cannot make a whole file, or null when they can: they must be 1 … N without a gap, N being
 * `partCount` when the client says how many it sent (then a part above it is extra), else the highest received.
 */
export function partGaps(received: readonly number[], partCount: number | null): string | null {
  const have = new Set(received);
  const n = partCount ?? (received.length ? Math.max(...received) : 0);
  if (n === 0) return 'No part has arrived yet';
  const missing: number[] = [];
  for (let p = 1; p <= n; p += 1) if (!have.has(p)) missing.push(p);
  const extra = received.filter((p) => p > n).sort((a, b) => a - b);
  if (!missing.length && !extra.length) return null;
  const list = (ps: number[]) => ps.slice(0, 20).join(', ') + (ps.length > 20 ? ` and ${ps.length - 20} more` : '');
  return [
    missing.length ? `part(s) ${list(missing)} of 1–${n} did not arrive` : '',
    extra.length ? `part(s) ${list(extra)} are beyond partCount ${n}` : '',
  ].filter(Boolean).join('; ');
}
