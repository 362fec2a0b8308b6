import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres, { type Sql } from 'postgres';
import { SignJWT } from 'jose';
import { startApi } from '../../src/app';
import { loadConfig } from '../../src/config';
import { PROJECT_ROOT } from '../../src/db/client';
import { stagedUpload } from '../import';
import type { BenchOptions } from './args';
import { createBenchDatabase } from './database';

/** What the import scenario needs from the bench's entry point. */
export interface ImportBenchDeps {
  adminUrl: string;
  redisUrl: string;
  jwtSecret: string;
  queuePrefix: string;
  resources: { add(label: string, step: () => Promise<void>): void };
  log(line: string): void;
}

/** The tables an order import writes, in the order a COPY can load them (references first). */
const TABLES = ['customers', 'products', 'orders', 'order_lines'] as const;

const n0 = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * CPU seconds used so far by the PostgreSQL backends serving the bench database (from /proc: PostgreSQL on this machine),
 * by pid; null where /proc cannot be read. With other work on the machine, wall times swing with the load, CPU seconds
 * much less: the bench prints both.
 */
async function backendCpu(sql: Sql): Promise<Map<number, number> | null> {
  const pids = await sql<Array<{ pid: number }>>`select pid from pg_stat_activity where datname = current_database()`;
  const ticks = 100; // USER_HZ on Linux
  try {
    return new Map(pids.map(({ pid }) => {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return [pid, (Number(fields[11]) + Number(fields[12])) / ticks];
    }));
  } catch {
    return null;
  }
}

/** CPU seconds the backends used between two readings (a backend that started in between counts from zero). */
function cpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, s] of after) total += s - (before.get(pid) ?? 0);
  return total;
}

const cpuText = (node: number | null, pg: number | null) => `CPU: node ${node === null ? 'n/a' : `${node.toFixed(2)} s`}, PostgreSQL ${pg === null ? 'n/a' : `${pg.toFixed(2)} s`}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A synthetic file: orders of 1–39 lines (20 on average, like UCI Online Retail's invoices), SKUs and customers reused. */
export function syntheticOrders(lines: number): { body: string; orders: number; lines: number } {
  const out: string[] = [];
  let written = 0;
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; written < lines; i++) {
    const count = Math.min(1 + ((i * 7919) % 39), lines - written);
    const placedAt = new Date(start + i * 60_000);
    out.push(JSON.stringify({
      kind: 'order', orderNumber: `B${String(i).padStart(8, '0')}`, currencyCode: 'GBP',
      customer: { externalId: `c-${i % 4000}`, email: `customer${i % 4000}@example.com` },
      placedAt: placedAt.toISOString(), deliveredAt: new Date(placedAt.getTime() + 2 * 86_400_000).toISOString(),
      lines: Array.from({ length: count }, (_, j) => {
        const sku = (i * 31 + j * 17) % 4000;
        return { sku: `SKU-${sku}`, name: `Product ${sku}`, category: `cat-${sku % 40}`, quantity: 1 + (j % 6), unitPrice: `${1 + (sku % 50)}.${String(sku % 100).padStart(2, '0')}` };
      }),
    }));
    written += count;
  }
  return { body: `${out.join('\n')}\n`, orders: out.length, lines: written };
}

/** Every row of the tables as COPY text, to load again. */
async function dump(sql: Sql): Promise<Map<string, Buffer>> {
  const rows = new Map<string, Buffer>();
  for (const table of TABLES) {
    const parts: Buffer[] = [];
    await pipeline(await sql.unsafe(`copy ${table} to stdout`).readable(), new Writable({
      write(chunk: Buffer, _enc, done) { parts.push(chunk); done(); },
    }));
    rows.set(table, Buffer.concat(parts));
  }
  return rows;
}

/** Loads the dumped rows with one COPY per table, in one transaction; returns the seconds it took. */
async function rawCopy(sql: Sql, rows: Map<string, Buffer>): Promise<number> {
  const started = process.hrtime.bigint();
  await sql.begin(async (tx) => {
    for (const table of TABLES) {
      const writable = await tx.unsafe(`copy ${table} from stdin`).writable();
      await new Promise<void>((resolve, reject) => {
        writable.on('error', reject);
        writable.on('finish', resolve);
        writable.end(rows.get(table));
      });
    }
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * `npm run bench -- --import [--import-lines N]`: a synthetic JSON Lines file of N order lines sent to POST /imports
 * and written by the worker, timed from the first byte sent to SUCCEEDED; then the same rows, dumped, the tables
 * emptied, loaded again by a raw COPY into the same tables (same indexes); then the same file again (all unchanged).
 */
export async function runImportBench(opts: BenchOptions, deps: ImportBenchDeps): Promise<number> {
  const { log } = deps;
  const benchDb = await createBenchDatabase(deps.adminUrl);
  deps.resources.add('drop database', () => benchDb.drop(opts.keep, log));
  log(`database ${benchDb.name}`);
  const app = await startApi(loadConfig({
    NODE_ENV: 'production', MIGRATE_ON_START: 'true', DATABASE_URL: benchDb.url, REDIS_URL: deps.redisUrl, JWT_SECRET: deps.jwtSecret, PORT: '0',
    LOG_LEVEL: 'error', QUEUE_PREFIX: deps.queuePrefix, ANALYTICS_REFRESH_MS: '0', ANALYTICS_FULL_REFRESH_MS: '0',
    // The batch size can be tried out from the environment; the default is the app's.
    ...(process.env.BULK_IMPORT_BATCH_LINES ? { BULK_IMPORT_BATCH_LINES: process.env.BULK_IMPORT_BATCH_LINES } : {}),
  }));
  deps.resources.add('stop api', async () => { await app.stop(); });
  const sql = postgres(benchDb.url, { max: 1, onnotice: () => undefined });
  deps.resources.add('close sql', () => sql.end({ timeout: 5 }));
  const token = await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench-admin').setIssuedAt().setExpirationTime('6h')
    .sign(new TextEncoder().encode(deps.jwtSecret));

  const file = syntheticOrders(opts.importLines);
  log(`file: ${n0(file.orders)} orders, ${n0(file.lines)} order lines, ${(file.body.length / 1e6).toFixed(1)} MB`);

  /** Streamed: the whole file as one POST /imports body. */
  const streamed = async () => {
    const res = await fetch(`http://127.0.0.1:${app.http.port}/imports`, { method: 'POST', body: file.body, headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 202) throw new Error(`upload refused: HTTP ${res.status} ${await res.text()}`);
  };
  // Staged: the same file in parts of 4 MiB through the import CLI's own client (createStagedImport, a PUT per part,
  // startBulkImport); the worker cuts the parts into lines, then loads them. The file is written under .cache/bench/.
  const stagedFile = path.join(PROJECT_ROOT, '.cache', 'bench', `import-${process.pid}.jsonl`);
  fs.mkdirSync(path.dirname(stagedFile), { recursive: true });
  fs.writeFileSync(stagedFile, file.body);
  deps.resources.add('remove the staged file', async () => fs.rmSync(stagedFile, { force: true }));
  const staged = async () => {
    await stagedUpload({ base: `http://127.0.0.1:${app.http.port}`, token, term: { out: () => undefined, err: () => undefined, tty: false } }, stagedFile, 4 << 20, 3);
  };

  const importOnce = async (label: string, upload: () => Promise<void> = streamed) => {
    const load = os.loadavg();
    const pgBefore = await backendCpu(sql);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    await upload();
    const uploadedS = Number(process.hrtime.bigint() - started) / 1e9;
    for (;;) {
      const [row] = await sql<Array<{ status: string; failed: number; created: number; unchanged: number }>>`
        select status, failed_lines as failed, created_lines as created, unchanged_lines as unchanged from bulk_imports order by id desc limit 1`;
      if (row.status === 'FAILED') throw new Error('the import FAILED');
      if (row.status === 'SUCCEEDED') {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const cpu = process.cpuUsage(cpuBefore);
        const pgCpu = cpuBetween(pgBefore, await backendCpu(sql));
        log(`${label}: ${seconds.toFixed(2)} s (upload ${uploadedS.toFixed(2)} s) — ${n0(file.lines / seconds)} order lines/s, ${n0(file.orders / seconds)} orders/s; `
          + `${n0(row.created)} created, ${n0(row.unchanged)} unchanged, ${n0(row.failed)} refused; load average before ${load.map((l) => l.toFixed(2)).join(' ')}; `
          + cpuText((cpu.user + cpu.system) / 1e6, pgCpu));
        return { seconds, cpu: (cpu.user + cpu.system) / 1e6 + (pgCpu ?? 0) };
      }
      await sleep(20);
    }
  };

  const imported = await importOnce('bulk import (POST /imports → worker)');
  const [{ n }] = await sql<Array<{ n: number }>>`select count(*)::int as n from order_lines`;
  if (n !== file.lines) throw new Error(`expected ${file.lines} order lines, found ${n}`);
  const rows = await dump(sql);
  await sql.unsafe(`truncate ${TABLES.join(', ')} cascade`);
  const load = os.loadavg();
  const pgBefore = await backendCpu(sql);
  const cpuBefore = process.cpuUsage();
  const copied = await rawCopy(sql, rows);
  const cpu = process.cpuUsage(cpuBefore);
  const pgCpu = cpuBetween(pgBefore, await backendCpu(sql));
  log(`raw COPY of the same rows into the same tables: ${copied.toFixed(2)} s — ${n0(file.lines / copied)} order lines/s; load average before ${load.map((l) => l.toFixed(2)).join(' ')}; `
    + cpuText((cpu.user + cpu.system) / 1e6, pgCpu));
  log(`ratio (import rate / COPY rate): ${(copied / imported.seconds).toFixed(2)}×`);
  if (pgCpu !== null) log(`CPU ratio (COPY CPU seconds / import CPU seconds, node + PostgreSQL; steadier than wall time on a busy machine): ${(((cpu.user + cpu.system) / 1e6 + pgCpu) / imported.cpu).toFixed(2)}×`);
  // The staged path into empty tables again, so it creates every order as the streamed import did.
  await sql.unsafe(`truncate ${TABLES.join(', ')} cascade`);
  const viaParts = await importOnce('staged upload (createStagedImport → PUT parts of 4 MiB → startBulkImport → worker cuts and loads)', staged);
  log(`ratio (staged import rate / COPY rate): ${(copied / viaParts.seconds).toFixed(2)}×`);
  await importOnce('the same file again (idempotent re-send)');
  log(`machine: ${os.cpus().length} cores, load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return 0;
}
