import type { ServiceContext } from '../services/context';
import type { Authenticator } from '../services/auth.service';
import type { RanAhead } from './executor';
import type { Loaders, Prefetched } from './loaders';
import type { RequestReads } from './read-snapshot';

/** The GraphQL context: the service context plus per-request loaders. */
export interface GqlContext {
  svc: ServiceContext;
  loaders: Loaders;
  auth: Authenticator;
  /** Queue operations resolvers need (retrying a DEAD job removes its failed BullMQ entry first). */
  jobs: { removeQueued(id: string): Promise<void> };
  /** The request's read snapshot (see read-snapshot.ts); while one is open, `svc` and `loaders` read through it. */
  reads: RequestReads;
  /** Items and order lines a page of returns read with its returns (see loaders.ts, prefetchedItems). */
  prefetched?: Prefetched;
  /** The operation's result when known-queries.ts ran it before handing the request to Apollo (executor.ts answers with it). */
  ranAhead?: RanAhead;
}
