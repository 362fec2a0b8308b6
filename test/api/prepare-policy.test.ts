import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client';
import { PreparePolicy } from '../../src/db/prepare-policy';
import { builtOnce } from '../../src/db/prepared';
import { text, pgTable } from 'drizzle-orm/pg-core';
import { id } from '../../src/db/schema/columns';
import { queryRows } from '../../src/db/rows';
import { createTestDatabase } from '../support/harness';

// drizzle's statements become named prepared statements once they repeat (one round trip instead of two), within a
// bound, and are counted as they go out, and never with DATABASE_PREPARE=false (PgBouncer in transaction mode). Checked in PostgreSQL itself: a pool
// of one connection, whose pg_prepared_statements lists what postgres.js prepared on it.

let target: { url: string; drop(): Promise<void> };
const open: Database[] = [];

beforeAll(async () => {
  target = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
  await target?.drop();
});

async function connect(prepare: boolean): Promise<Database> {
  const database = await openDatabase(target.url, '', { poolMax: 1, prepare });
  open.push(database);
  return database;
}

/** Statements prepared on the pool's one connection whose text holds `marker`. */
async function preparedWith(database: Database, marker: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(database.db,
    sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`);
  return row.n;
}

const marked = (marker: string, value: number) => sql`select ${value}::int + 1 as v, ${sql.raw(`'${marker}'`)} as marker`;

describe('drizzle statements with parameters', () => {
  it('run unnamed the first time and prepared from the second, with the same answers', async () => {
    const database = await connect(true);
    const answers: number[] = [];
    answers.push((await queryRows<{ v: number }>(database.db, marked('m-first', 1)))[0].v);
    expect(await preparedWith(database, 'm-first')).toBe(0);
    for (const value of [2, 3, 4]) answers.push((await queryRows<{ v: number }>(database.db, marked('m-first', value)))[0].v);
    expect(answers).toEqual([2, 3, 4, 5]);
    expect(await preparedWith(database, 'm-first')).toBe(1);
  });

  it('are prepared inside transactions and savepoints too', async () => {
    const database = await connect(true);
    const seen = await database.db.transaction(async (tx) => {
      const out: number[] = [];
      for (const value of [1, 2]) out.push((await queryRows<{ v: number }>(tx, marked('m-tx', value)))[0].v);
      await tx.transaction(async (inner) => {
        for (const value of [1, 2]) out.push((await queryRows<{ v: number }>(inner, marked('m-savepoint', value)))[0].v);
      });
      return out;
    });
    expect(seen).toEqual([2, 3, 2, 3]);
    expect(await preparedWith(database, 'm-tx')).toBe(1);
    expect(await preparedWith(database, 'm-savepoint')).toBe(1);
  });

  it('are counted one by one, with a transaction\'s and a savepoint\'s opening and closing statements', async () => {
    const database = await connect(true);
    const before = database.statementCount();
    await queryRows(database.db, marked('m-count', 1));
    expect(database.statementCount() - before).toBe(1);
    const inTx = database.statementCount();
    await database.db.transaction(async (tx) => {
      await queryRows(tx, marked('m-count', 2));
      await tx.transaction(async (inner) => { await queryRows(inner, marked('m-count', 3)); });
    });
    // BEGIN, the query, SAVEPOINT, the query, COMMIT (postgres.js releases a savepoint with the transaction).
    expect(database.statementCount() - inTx).toBe(5);
    const failed = database.statementCount();
    await expect(database.db.transaction(async (tx) => { await queryRows(tx, sql`select 1/0`); })).rejects.toThrow();
    // BEGIN, the failing query, ROLLBACK.
    expect(database.statementCount() - failed).toBe(3);
    const failedSavepoint = database.statementCount();
    await database.db.transaction(async (tx) => {
      await expect(tx.transaction(async (inner) => { await queryRows(inner, sql`select 1/0`); })).rejects.toThrow();
    });
    // BEGIN, SAVEPOINT, the failing query, ROLLBACK TO, COMMIT.
    expect(database.statementCount() - failedSavepoint).toBe(5);
  });

  it('with more than 32 parameters (texts that vary with their data) stay unnamed', async () => {
    const database = await connect(true);
    const wide = (base: number) => sql`select ${sql.raw("'m-wide'")} as marker, ${sql.join(Array.from({ length: 40 }, (_, i) => sql`${base + i}::int`), sql`, `)}`;
    for (const base of [0, 1, 2]) await queryRows(database.db, wide(base));
    expect(await preparedWith(database, 'm-wide')).toBe(0);
  });

  it('are never prepared with DATABASE_PREPARE=false', async () => {
    const database = await connect(false);
    for (const value of [1, 2, 3]) await queryRows(database.db, marked('m-off', value));
    expect(await preparedWith(database, 'm-off')).toBe(0);
  });
});

/** A table with a drizzle-side default id, as the app's tables have. */
const probe = pgTable('built_once_probe', { id: id(), category: text('category') });

describe('builtOnce', () => {
  beforeAll(async () => {
    const database = await connect(true);
    await queryRows(database.db, sql`create table built_once_probe (id uuid primary key, category text)`);
  });

  it('runs one built statement with each call\'s values, on the pool and inside a transaction (rolled back with it)', async () => {
    const database = await connect(true);
    const insert = builtOnce<{ id: string; category: string }, Array<{ category: string | null }>>('testInsertProbe', (db) =>
      db.insert(probe).values({ id: sql.placeholder('id'), category: sql.placeholder('category') }).returning({ category: probe.category }));
    const ids = ['0190a6e0-0000-7000-8000-000000000001', '0190a6e0-0000-7000-8000-000000000002', '0190a6e0-0000-7000-8000-000000000003'];
    expect(await insert(database.db, { id: ids[0], category: 'built-a' })).toEqual([{ category: 'built-a' }]);
    await expect(database.db.transaction(async (tx) => {
      expect(await insert(tx, { id: ids[1], category: 'built-b' })).toEqual([{ category: 'built-b' }]);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await insert(database.db, { id: ids[2], category: 'built-c' })).toEqual([{ category: 'built-c' }]);
    const rows = await queryRows<{ category: string }>(database.db, sql`select category from built_once_probe order by category`);
    expect(rows.map((r) => r.category)).toEqual(['built-a', 'built-c']);
  });

  it('refuses a statement with a value built in that looks like an id (a $defaultFn left to drizzle)', async () => {
    const database = await connect(true);
    const insert = builtOnce<{ category: string }, unknown>('testDefaultId', (db) =>
      db.insert(probe).values({ category: sql.placeholder('category') }).returning());
    await expect(insert(database.db, { category: 'never' })).rejects.toThrow(/was built into the statement/);
  });
});

describe('PreparePolicy', () => {
  it('prepares a text from its second use, up to its limit of texts', () => {
    const policy = new PreparePolicy(2);
    expect(['a', 'a', 'a'].map((t) => policy.shouldPrepare(t))).toEqual([false, true, true]);
    expect(['b', 'b'].map((t) => policy.shouldPrepare(t))).toEqual([false, true]);
    // The limit is reached: a third text stays unnamed however often it runs; the prepared ones stay prepared.
    expect(['c', 'c', 'c', 'a', 'b'].map((t) => policy.shouldPrepare(t))).toEqual([false, false, false, true, true]);
    expect(policy.preparedCount).toBe(2);
  });

  it('forgets texts used once when too many pile up, without preparing them', () => {
    const policy = new PreparePolicy(10, 3);
    for (const t of ['x1', 'x2', 'x3', 'x4']) expect(policy.shouldPrepare(t)).toBe(false);
    // x1 was forgotten when x4 arrived with three remembered: its next use counts as its first again.
    expect(policy.shouldPrepare('x1')).toBe(false);
    expect(policy.shouldPrepare('x4')).toBe(true);
  });
});
