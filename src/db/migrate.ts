import type { Database } from './client';
import { MIGRATIONS_DIR } from './client';

const MIGRATION_LOCK = 7_311_042;

/** Applies committed drizzle-kit migrations; concurrent starters wait on an advisory lock. */
export async function migrateDatabase(database: Database): Promise<void> {
  const { migrate } = database.kind === 'pglite'
    ? await import('drizzle-orm/pglite/migrator')
    : await import('drizzle-orm/postgres-js/migrator');
  // The migrator's parameter type is driver-specific; the handle is the matching driver's.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await database.withLock(MIGRATION_LOCK, () => migrate(database.db as any, { migrationsFolder: MIGRATIONS_DIR }));
}
