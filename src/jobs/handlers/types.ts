import type { PartnerEndpoint } from '../../../integrations/partner-http';
import type { Db } from '../../db/client';
import type { integrationJobs, partners } from '../../db/schema';
import type { ServiceContext } from '../../services/context';

/** What a job handler gets: the outbox row, its partner, and a system service context for follow-up changes. */
export type JobHandler = (input: {
  db: Db;
  job: typeof integrationJobs.$inferSelect;
  partner: typeof partners.$inferSelect & PartnerEndpoint;
  /** Actor "system": may change any return; changes go through the same services and state machine. */
  ctx: ServiceContext;
  /** True on the last attempt BullMQ will make: a transient failure now is final. */
  finalAttempt: boolean;
}) => Promise<Record<string, unknown>>;
