/*
 * Ordering helpers for DataLoader batch functions: a loader must answer one entry per requested id, in the order asked.
 */

/** One row per id, in the order of `ids`; null where no row came back (missing, or filtered out as not visible). */
export function inIdOrder<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): (T | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Rows grouped under the id `keyOf` names, one (possibly empty) group per id, in the order of `ids`. */
export function groupedByIds<T>(ids: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return ids.map((id) => groups.get(id)!);
}
