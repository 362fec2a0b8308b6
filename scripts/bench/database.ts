import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** A fresh benchmark database on the server of `adminUrl`. */
export interface BenchDatabase {
  name: string;
  url: string;
  serverVersion: string;
  /** Drops it (with force), unless `keep`: then says where it is. */
  drop(keep: boolean, log: (line: string) => void): Promise<void>;
}

/** Creates `boomerang_bench_<random>` through the admin connection (a user that may create databases). */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `boomerang_bench_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  const [{ server_version: serverVersion }] = await admin<Array<{ server_version: string }>>`show server_version`;
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name, url: url.toString(), serverVersion,
    drop: async (keep, log) => {
      if (keep) {
        log(`\nkept database ${name} (${url.toString()})`);
        return;
      }
      const a = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
