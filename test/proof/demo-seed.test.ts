import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { DEMO_SEED_LOCK } from '../../src/demo/seed';
import { createTestDatabase } from '../support/harness';
import { eventually } from '../support/partner-server';
import { buildOnce, startWorld, stopWorld, type ProofWorld } from '../support/processes';
import { scratchRoot } from '../support/scratch';

// SEED_DEMO=true on a database several processes start on at once: exactly one seeds (demo partners and orders exist
// once, so the merchant hears each event once); a seeder that dies lets the next process seed.

let world: ProofWorld | undefined;
let sim: ChildProcess | undefined;
let simUrl: string;
const databases: Array<{ url: string; drop(): Promise<void> }> = [];

const SEEDED = 'Seeded demo data';
const ELSEWHERE = 'Another Boomerang process is seeding the demo data';

beforeAll(async () => {
  const main = await buildOnce();
  // The partner simulator, so the seed registers demo partners (the part that went out twice).
  sim = spawn(process.execPath, [path.join(path.dirname(path.dirname(main)), 'scripts', 'partner-sim.js')], {
    env: { PATH: process.env.PATH ?? '', TMPDIR: scratchRoot(), PARTNER_SIM_PORT: '0', PARTNER_SIM_SPEED: '20' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  simUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`partner-sim not listening within 30 s:\n${out}`)), 30_000);
    sim!.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    sim!.once('exit', (code) => { clearTimeout(timer); reject(new Error(`partner-sim exited (${code}):\n${out}`)); });
  });
  world = await startWorld({ SEED_DEMO: 'true', DEMO_HISTORY_ORDERS: '0', PARTNER_SIM_URL: simUrl });
}, 180_000);

afterAll(async () => {
  await stopWorld(world);
  for (const db of databases) await db.drop();
  sim?.kill('SIGTERM');
}, 60_000);

async function demoCounts(url: string): Promise<{ orders: number; partners: number; duplicatePartners: string[] }> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const [{ orders }] = await sql`select count(*)::int as orders from orders where order_number like 'DEMO-%'`;
    const [{ partners }] = await sql`select count(*)::int as partners from partners`;
    const dups = await sql`select name from partners group by kind, name having count(*) > 1`;
    return { orders, partners, duplicatePartners: dups.map((d) => d.name as string) };
  } finally {
    await sql.end();
  }
}

interface SimState { merchantEvents: Array<{ id: string }>; calls: Array<{ kind: string; call: string; repeat: boolean }> }

/** The return event ids the database holds merchant jobs for (one job per event and merchant partner). */
async function merchantEventIds(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql`select j.payload->>'eventId' as id from integration_jobs j join partners p on p.id = j.partner_id where p.kind = 'MERCHANT' and j.type = 'merchant.event'`;
    return rows.map((r) => r.id as string);
  } finally {
    await sql.end();
  }
}

test('three api processes start at once on an empty database: one seeds, demo partners and orders exist once', () => world!.procs.withDump(async () => {
  const procs = await Promise.all([1, 2, 3].map((i) => world!.procs.start('api', `api-${i}`)));
  const said = procs.map((p) => (p.output().includes(SEEDED) ? 'seeded' : p.output().includes(ELSEWHERE) || p.output().includes('Demo data already present') ? 'skipped' : 'other'));
  expect(said.sort()).toEqual(['seeded', 'skipped', 'skipped']);
  const counts = await demoCounts(world!.db.url);
  expect(counts.duplicatePartners).toEqual([]);
  expect(counts.partners).toBeGreaterThan(0);
  expect(counts.orders).toBe(8);

  // A worker delivers what the seed queued for the simulator's merchant: each return event exactly once, by its id.
  await world!.procs.start('worker', 'worker-1');
  const expected = await merchantEventIds(world!.db.url);
  expect(expected.length).toBeGreaterThan(0);
  expect(new Set(expected).size).toBe(expected.length);
  const heard = await eventually(async () => {
    const state = await (await fetch(`${simUrl}/_sim/state`)).json() as SimState;
    return state.merchantEvents.length >= expected.length ? state : null;
  }, 60_000, 200);
  expect(heard.merchantEvents.map((e) => e.id).sort()).toEqual([...expected].sort());
  // And no event went out twice: every merchant call the simulator answered was a first delivery.
  // (The demo merchant also takes refunds: those are calls of their own, POST /merchant/refunds.)
  const merchantCalls = heard.calls.filter((c) => c.kind === 'merchant' && c.call === 'POST /merchant/events');
  expect(merchantCalls.filter((c) => c.repeat)).toEqual([]);
  expect(merchantCalls).toHaveLength(expected.length);
}), 180_000);

test('while another holds the claim a process skips seeding; once the holder is gone, the next one seeds', () => world!.procs.withDump(async () => {
  const db = await createTestDatabase();
  databases.push(db);
  // A seeder mid-way: the claim taken in an open transaction on its connection.
  const holder = postgres(db.url, { max: 1, onnotice: () => undefined });
  await holder.unsafe('begin');
  await holder`select pg_advisory_xact_lock(${DEMO_SEED_LOCK})`;
  const skipped = await world!.procs.start('api', 'while-held', { DATABASE_URL: db.url });
  expect(skipped.output()).toContain(ELSEWHERE);
  expect((await demoCounts(db.url)).orders).toBe(0);

  // The seeder dies: its connection goes, and its transaction and claim with it.
  await holder.end({ timeout: 0 });
  const seeder = await world!.procs.start('api', 'after-crash', { DATABASE_URL: db.url });
  expect(seeder.output()).toContain(SEEDED);
  const counts = await demoCounts(db.url);
  expect(counts).toMatchObject({ orders: 8, duplicatePartners: [] });
}), 180_000);
