import type { PartnerEndpoint } from '../../../integrations/partner-http';
import type { partners } from '../../db/schema';
import type { ServiceContext } from '../../services/context';
import type { IntegrationJob, IntegrationJobType } from '../../services/partners/integration-job-types';

/** What a job handler gets: the typed outbox row, its partner, and a system service context for reads and changes. */
export interface JobInput<K extends IntegrationJobType = IntegrationJobType> {
  job: IntegrationJob<K>;
  partner: typeof partners.$inferSelect & PartnerEndpoint;
  /** Actor "system": may change any return; changes go through the same services and state machine. */
  ctx: ServiceContext;
  /** True on the last attempt BullMQ will make: a transient failure now is final. */
  finalAttempt: boolean;
  /**
   * What the worker's claim read for this job type in the same statement (`claimPreload`), or null (another type, or
   * nothing found): a handler that gets null reads for itself.
   */
  preloaded?: unknown;
}

/** Performs one integration job of type K; what it returns is stored as the row's result. */
export type JobHandler<K extends IntegrationJobType = IntegrationJobType> = (input: JobInput<K>) => Promise<Record<string, unknown>>;

/** One handler per job type: adding a type to IntegrationJobPayloads without a handler fails to compile. */
export type JobHandlers = { readonly [K in IntegrationJobType]: JobHandler<K> };
