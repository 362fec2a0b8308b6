import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startTestApi, type TestApi } from '../support/harness';
import { inTransaction, type ServiceContext } from '../../src/services/context';

let api: TestApi;
let ctx: ServiceContext;
beforeAll(async () => {
  api = await startTestApi();
  const { database, config } = api.app;
  ctx = { actor: { kind: 'system', process: 'test' }, requestId: randomUUID(), db: database.db, database, config, now: () => new Date() };
  await database.db.execute(sql`create table retry_probe (name text primary key, n int not null)`);
});
afterAll(async () => { await api?.stop(); });

/** A promise with its resolver, to line two transactions up. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => { fire = resolve; });
  return { fire, fired };
}

/**
 * Two transactions that lock rows a and b in opposite order, each waiting (on its first attempt only) until the other
 * holds its first row: PostgreSQL must abort one of them with a deadlock. `transaction` opens each of them.
 */
async function deadlockingPair(transaction: (fn: (db: ServiceContext['db']) => Promise<void>) => Promise<void>) {
  await ctx.database.db.execute(sql`insert into retry_probe values ('a', 0), ('b', 0) on conflict (name) do update set n = 0`);
  const attempts = { ab: 0, ba: 0 };
  const holds = { ab: signal(), ba: signal() };
  const tx = (first: 'a' | 'b', second: 'a' | 'b', mine: 'ab' | 'ba', other: 'ab' | 'ba') => transaction(async (db) => {
    attempts[mine] += 1;
    await db.execute(sql`update retry_probe set n = n + 1 where name = ${first}`);
    if (attempts[mine] === 1) {
      holds[mine].fire();
      await holds[other].fired;
    }
    await db.execute(sql`update retry_probe set n = n + 1 where name = ${second}`);
  });
  const results = await Promise.allSettled([tx('a', 'b', 'ab', 'ba'), tx('b', 'a', 'ba', 'ab')]);
  const rows = await ctx.database.db.execute(sql`select name || '=' || n as row from retry_probe order by name`) as unknown as Array<{ row: string }>;
  return { results, attempts, rows: [...rows].map((r) => r.row) };
}

describe('transactions aborted by PostgreSQL', () => {
  test('a deadlock fails one transaction when nothing retries it', async () => {
    const { results, rows } = await deadlockingPair((fn) => ctx.database.db.transaction((tx) => fn(tx)));
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(failed).toHaveLength(1);
    expect(String(failed[0].reason.cause?.code ?? failed[0].reason.code)).toBe('40P01');
    expect(rows).toEqual(['a=1', 'b=1']);
  });

  test('inTransaction runs the deadlocked transaction again and both commit', async () => {
    const { results, attempts, rows } = await deadlockingPair((fn) => inTransaction(ctx, (tx) => fn(tx.db)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(attempts.ab + attempts.ba).toBe(3);
    expect(rows).toEqual(['a=2', 'b=2']);
  });

  test('other errors are thrown at once, unretried', async () => {
    let attempts = 0;
    await expect(inTransaction(ctx, async (tx) => {
      attempts += 1;
      await tx.db.execute(sql`insert into retry_probe values ('a', 0)`);
    })).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505' }) });
    expect(attempts).toBe(1);
  });
});
