import type { Config } from '../config';
import type { Database, Executor } from '../db/client';
import { readOnlyTransaction } from '../db/fast-read';
import { retryTransaction } from '../db/transaction-retry';
import { UserErrorAbort, type Outcome } from './errors';

/** Who is asking. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'customer'; externalId: string }
  | { kind: 'guest'; orderId: string; customerId: string }
  | { kind: 'operator'; subject: string }
  | { kind: 'admin'; subject: string }
  | { kind: 'partner'; partnerId: string }
  | { kind: 'system'; process: string };

/** What every service function receives first. */
export interface ServiceContext {
  actor: Actor;
  requestId: string;
  /** The executor: the database, or a transaction handle inside one. */
  db: Executor;
  database: Database;
  config: Config;
  now(): Date;
  /** Relays outbox rows to the queue after commit; absent where no queue is configured (rows wait for a sweeper). */
  outbox?: { kick(ids: string[]): void } | null;
  /** Outbox rows written in the current transaction, kicked once it commits. */
  enqueued?: string[];
  /** Hands a committed admin operation to the workers (best effort: the sweeper re-enqueues what this missed). */
  operations?: { enqueue(operationId: string): void } | null;
  /** Hands an uploaded bulk import to the workers (best effort, likewise swept). */
  bulkImports?: { enqueue(importId: string): void } | null;
}

/** Operators and admins work the warehouse and see every return. */
export function isStaff(actor: Actor): actor is { kind: 'operator' | 'admin'; subject: string } {
  return actor.kind === 'operator' || actor.kind === 'admin';
}

/** A short label for event history: "operator:alice", "customer:C-1001", "guest:<order>". */
export function actorLabel(actor: Actor): { actorType: string; actorId: string | null } {
  switch (actor.kind) {
    case 'anonymous': return { actorType: 'system', actorId: null };
    case 'customer': return { actorType: 'customer', actorId: actor.externalId };
    case 'guest': return { actorType: 'guest', actorId: actor.orderId };
    case 'partner': return { actorType: 'partner', actorId: actor.partnerId };
    case 'system': return { actorType: 'system', actorId: actor.process };
    case 'operator':
    case 'admin': return { actorType: actor.kind, actorId: actor.subject };
  }
}

/**
 * Runs fn inside a transaction with ctx.db bound to the transaction handle. A transaction PostgreSQL aborts for a
 * deadlock or serialization failure runs again from the start (retryTransaction), so fn must have no effect outside it.
 */
export async function inTransaction<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<T> {
  let enqueued: string[] = [];
  const result = await retryTransaction(() => {
    // Outbox rows of an aborted attempt were rolled back with it: only the committed attempt's rows are kicked.
    enqueued = [];
    return ctx.database.db.transaction((tx) => fn({ ...ctx, db: tx, enqueued }));
  });
  ctx.outbox?.kick(enqueued);
  return result;
}

/**
 * Where a heavy read-only query (analytics, forecasts, reports) runs: the read replica (DATABASE_READ_URL, else the
 * primary) when ctx is not inside a transaction; inside one, the transaction itself, which must see its own writes.
 */
export function replicaReads(ctx: ServiceContext): Executor {
  return ctx.db === ctx.database.db ? ctx.database.read : ctx.db;
}

/** Reads held in one snapshot: `ctx` runs every statement in it, `close()` ends it (a read-only commit). */
export interface ReadSnapshot {
  ctx: ServiceContext;
  close(): Promise<void>;
}

/**
 * Opens a read-only REPEATABLE READ transaction and keeps it open until close(), so that reads spread over several
 * statements (a GraphQL request's loaders) all see one committed state. Nothing is locked; the connection is held.
 */
export async function openReadSnapshot(ctx: ServiceContext): Promise<ReadSnapshot> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let opened!: (db: Executor) => void;
  const ready = new Promise<Executor>((resolve) => { opened = resolve; });
  const done = readOnlyTransaction(ctx.database.db, async (tx) => {
    opened(tx);
    await released;
  });
  const db = await Promise.race([ready, done.then(() => { throw new Error('read snapshot closed before it opened'); })]);
  return {
    ctx: { ...ctx, db },
    close: async () => {
      release();
      await done;
    },
  };
}

/** Runs fn in a transaction; a UserErrorAbort rolls everything back and becomes userErrors. */
export async function runMutation<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await inTransaction(ctx, fn) };
  } catch (e) {
    if (e instanceof UserErrorAbort) return { ok: false, userErrors: e.userErrors };
    throw e;
  }
}
