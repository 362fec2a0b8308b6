import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from '../../domain/ids';

/** Time-ordered primary key (UUIDv7), generated in the application so keyset order follows creation. */
export const id = () => uuid('id').primaryKey().$defaultFn(() => uuidv7());

/** A timestamptz column as a JS Date. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** created_at / updated_at pair. */
export const timestamps = () => ({
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});
