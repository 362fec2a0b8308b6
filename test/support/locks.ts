import type postgres from 'postgres';

/**
 * Opens a transaction on `sql`, runs `take` in it (e.g. `select pg_advisory_xact_lock(…)` or `lock table …`) and keeps
 * it open, holding what it took, until the returned function is called (which commits and waits for the end).
 */
export async function holdInTransaction(sql: postgres.Sql, take: (t: postgres.TransactionSql) => Promise<unknown>): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  let taken!: () => void;
  let failed!: (e: unknown) => void;
  const held = new Promise<void>((resolve, reject) => { taken = resolve; failed = reject; });
  const tx = sql.begin(async (t) => {
    await take(t);
    taken();
    await released;
  }).catch((e: unknown) => { failed(e); throw e; });
  await held;
  return async () => { release(); await tx; };
}

/**
 * Advisory locks held in the current database by anyone (a leaked one would stay here): all, or those on the given
 * bigint keys below 2^32 (pg_locks shows such a key as objid, with objsubid 1).
 */
export async function advisoryLocks(sql: postgres.Sql, keys?: number[]): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_locks
    where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())
      and (${keys === undefined} or (objsubid = 1 and classid = 0 and objid::text::bigint = any(${keys ?? []}::bigint[])))`;
  return row.n;
}
