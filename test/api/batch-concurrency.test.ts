import postgres from 'postgres';
import { decodeGlobalId } from '../../src/domain/ids';
import { DispositionDesk } from '../support/dispositions';
import { uniq } from '../support/fixtures';

// Units placed while their filling lot (or VRA) is being dispatched: the dispatch clears the fill key between the
// placement's insert-or-find and its lock. The placement must then fill a new batch, never fail.

let desk: DispositionDesk;
let sql: postgres.Sql;
beforeAll(async () => {
  desk = await DispositionDesk.start();
  sql = postgres(desk.api.app.config.databaseUrl!, { max: 2, onnotice: () => undefined });
});
afterAll(async () => {
  await sql?.end();
  await desk?.stop();
});

const open = { grade: 'UNSALVAGEABLE' };

/** Resolves once `n` of the app's statements wait for a row lock. */
async function waitersOnLocks(n: number): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const [row] = await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'boomerang' and wait_event_type = 'Lock'`;
    if (row.n >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never saw ${n} statement(s) waiting for a lock`);
}

/**
 * Holds the batch row locked while a dispatch and then a placement queue up behind it, so the dispatch (first in line)
 * clears the fill key the placement already matched; returns the placement's and the dispatch's payloads.
 */
async function placeWhileDispatching(table: 'recycling_lots' | 'vendor_return_authorizations', batchId: string, dispatch: () => Promise<any>, place: () => Promise<any>) {
  const reserved = await sql.reserve();
  try {
    await reserved`begin`;
    await reserved`select id from ${reserved(table)} where id = ${batchId} for update`;
    const dispatched = dispatch();
    await waitersOnLocks(1);
    const placed = place();
    await waitersOnLocks(2);
    await reserved`commit`;
    return { placed: await placed, dispatched: await dispatched };
  } finally {
    reserved.release();
  }
}

const rawId = (globalId: string) => decodeGlobalId(globalId)!.id;

/** The two kinds of batch: how to make an item land in one, find it, and dispatch it. */
const KINDS = {
  RECYCLE: {
    table: 'recycling_lots' as const,
    setUp: async () => {
      const category = uniq('scrap-');
      await desk.partner('RECYCLER', desk.server.url, { categories: [category] });
      return { category };
    },
    holderOf: (itemId: string) => desk.lotOf(itemId), byId: (id: string) => desk.lot(id), dispatch: (id: string) => desk.dispatchLot(id),
  },
  RETURN_TO_VENDOR: {
    table: 'vendor_return_authorizations' as const,
    setUp: async () => {
      const supplier = uniq('Supplier ');
      await desk.partner('VENDOR', desk.server.url, { suppliers: [supplier] });
      return { supplier };
    },
    holderOf: (itemId: string) => desk.vraOf(itemId), byId: (id: string) => desk.vra(id), dispatch: (id: string) => desk.dispatchVra(id),
  },
};

test.each(Object.keys(KINDS) as Array<keyof typeof KINDS>)('a %s unit placed while its batch is being dispatched goes to a new batch', async (disposition) => {
  const kind = KINDS[disposition];
  const line = { ...open, ...await kind.setUp() };
  const first = await desk.item({ ...line, disposition });
  const batch = await kind.holderOf(first.itemId);
  const second = await desk.item(line);
  const { placed, dispatched } = await placeWhileDispatching(kind.table, rawId(batch.id),
    () => kind.dispatch(batch.id), () => desk.setDisposition(second.itemId, disposition));
  expect(dispatched.userErrors).toEqual([]);
  expect(placed.userErrors).toEqual([]);
  const next = await kind.holderOf(second.itemId);
  expect(next).toMatchObject({ status: 'OPEN', units: [expect.objectContaining({ returnItem: { id: second.itemId } })] });
  expect(next.id).not.toBe(batch.id);
  expect((await kind.byId(batch.id)).units).toEqual([expect.objectContaining({ returnItem: { id: first.itemId } })]);
});

test('many RECYCLE dispositions at once into a lot that does not exist yet fill one lot', async () => {
  for (let round = 0; round < 5; round += 1) {
    const category = uniq('scrap-');
    await desk.partner('RECYCLER', desk.server.url, { categories: [category] });
    const items = await Promise.all([1, 2, 3].map(() => desk.item({ ...open, category })));
    const results = await Promise.all(items.map((i) => desk.setDisposition(i.itemId, 'RECYCLE')));
    expect(results.map((r) => r.userErrors)).toEqual([[], [], []]);
    const lots = await Promise.all(items.map((i) => desk.lotOf(i.itemId)));
    expect(new Set(lots.map((l) => l.id)).size).toBe(1);
    expect(lots[0].units).toHaveLength(3);
  }
});
