/** PostgreSQL takes at most 65,535 bind parameters per statement; multi-row writes stay well below it. */
const MAX_PARAMETERS = 30_000;

/**
 * Splits rows into consecutive slices small enough for one statement of `columns` parameters a row. Slices keep the
 * rows' order, so writing them one after another takes row locks in the same order as a single statement would.
 */
export function batches<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
