import type { Db } from '../../db/client';
import type { integrationJobs, partners } from '../../db/schema';

/** What a job handler gets: the database, the outbox row and its partner. It returns the result to record. */
export type JobHandler = (input: {
  db: Db;
  job: typeof integrationJobs.$inferSelect;
  partner: typeof partners.$inferSelect;
  timeoutMs: number;
}) => Promise<Record<string, unknown>>;
