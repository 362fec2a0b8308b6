import { runMutation, type ServiceContext } from '../context';
import { UserErrorAbort } from '../errors';

/**
 * Recycling lots and vendor return authorizations are both batches: units of many return items gathered for one
 * partner, filled while OPEN, handed over by a dispatch job, then with the partner. The rules they share live here;
 * each kind describes its table through a BatchStore.
 */

/** Event types every batch kind writes (each kind's own event union includes them). */
export type BatchEventType = 'UNITS_ADDED' | 'UNITS_REMOVED' | 'CANCELLED' | 'DISPATCH_REQUESTED' | 'DISPATCHED' | 'DISPATCH_FAILED';

/** A lot or VRA as the shared rules see it. */
export interface BatchRow {
  id: string;
  partnerId: string | null;
  status: string;
  /** Set while the batch takes new units; null once dispatch was requested (or the batch was cancelled). */
  fillKey: string | null;
  dispatchRequestedAt: Date | null;
}

/** The changes the shared rules make; `reference` is the partner's reference for the handed-over batch. */
export interface BatchPatch {
  status?: 'DISPATCHED' | 'CANCELLED';
  fillKey?: null;
  dispatchRequestedAt?: Date | null;
  dispatchedAt?: Date;
  reference?: string;
}

/** How one kind of batch is stored. */
export interface BatchStore {
  /** For messages: "recycling lot", "recycler". */
  noun: string;
  partnerNoun: string;
  /** The batch, locked for update. */
  lock(tx: ServiceContext, id: string): Promise<BatchRow | undefined>;
  /** Applies the patch, bumping the version. */
  save(tx: ServiceContext, id: string, patch: BatchPatch): Promise<void>;
  appendEvent(tx: ServiceContext, id: string, type: BatchEventType, data: Record<string, unknown>, system?: boolean): Promise<void>;
  /** The integration job named by the batch's latest DISPATCH_REQUESTED event. */
  lastDispatchRequest(tx: ServiceContext, id: string): Promise<unknown>;
  /**
   * The item's rows of units, oldest first, each with its batch locked; `row` describes the units for events. An item
   * has one row per batch its units went to: units that arrived after its batch went out are in a later batch.
   */
  rowsOf(tx: ServiceContext, returnItemId: string): Promise<HeldUnits[]>;
  /** Deletes one item's row of units. */
  deleteUnit(tx: ServiceContext, unitId: string): Promise<void>;
  /** Recomputes the batch's totals from its unit rows (declared weight, expected credit); returns how many rows it has. */
  refresh(tx: ServiceContext, id: string): Promise<number>;
}

/** An item's row of units in a batch. */
export interface HeldUnits { batch: BatchRow; unitId: string; units: number; row: Record<string, unknown> }

/** The batch an item's units (the latest of them) went to; null when it has none. */
export interface Placement { batchId: string | null }

/** An item's rows of units in batches of one kind: all of them, their units in total, and the one still EDITABLE. */
export interface Holding { rows: HeldUnits[]; units: number; open: HeldUnits | null }

/**
 * Where a batch stands for the units in it: EDITABLE (OPEN and no dispatch requested: units may join or leave),
 * DISPATCH_PENDING (a dispatch job is handing it over), WITH_PARTNER (handed over: dispatched, reported or closed),
 * CANCELLED.
 */
type BatchState = 'EDITABLE' | 'DISPATCH_PENDING' | 'WITH_PARTNER' | 'CANCELLED';

/** The batch's BatchState. */
function batchState(batch: BatchRow): BatchState {
  if (batch.status === 'CANCELLED') return 'CANCELLED';
  if (batch.status !== 'OPEN') return 'WITH_PARTNER';
  return batch.dispatchRequestedAt ? 'DISPATCH_PENDING' : 'EDITABLE';
}

/** Refuses to take units out of a batch that went (or is going) to its partner: ALREADY_DISPATCHED / DISPATCH_PENDING. */
function requireEditable(store: BatchStore, batch: BatchRow): void {
  const state = batchState(batch);
  if (state === 'DISPATCH_PENDING') {
    throw new UserErrorAbort([{ code: 'DISPATCH_PENDING', message: `This item's units are in a ${store.noun} being handed to its ${store.partnerNoun}; try again once that is done or has failed`, field: ['returnItemId'] }]);
  }
  if (state === 'WITH_PARTNER') {
    throw new UserErrorAbort([{ code: 'ALREADY_DISPATCHED', message: `This item's units went to the ${store.partnerNoun} in a ${store.noun}; its disposition cannot change`, field: ['returnItemId'] }]);
  }
}

/**
 * Where an item's units are in batches of one kind. `open` is its row in a batch still EDITABLE — the filling one
 * (taking new units) when there is one, else the newest (one released by a failed dispatch) — or null when every batch
 * holding its units went (or is going) to its partner.
 */
export async function held(tx: ServiceContext, store: BatchStore, returnItemId: string): Promise<Holding> {
  const rows = await store.rowsOf(tx, returnItemId);
  const editable = rows.filter((r) => batchState(r.batch) === 'EDITABLE');
  const open = editable.filter((r) => r.batch.fillKey !== null).at(-1) ?? editable.at(-1) ?? null;
  return { rows, units: rows.reduce((n, r) => n + r.units, 0), open };
}

/**
 * Takes an item's units out of their batches (the item's disposition no longer sends them there) while every batch
 * holding them is EDITABLE: the rows go, each batch's totals are recomputed, UNITS_REMOVED (the row as it was, and why)
 * is written, and a batch left empty is CANCELLED. Once any of them went to its partner: ALREADY_DISPATCHED (else, one
 * being handed over: DISPATCH_PENDING), and the caller's transaction changes nothing.
 */
export async function takeOutOfBatch(tx: ServiceContext, store: BatchStore, returnItemId: string, reason: string): Promise<void> {
  const { rows } = await held(tx, store, returnItemId);
  const gone = rows.find((r) => batchState(r.batch) === 'WITH_PARTNER') ?? rows.find((r) => batchState(r.batch) === 'DISPATCH_PENDING');
  if (gone) requireEditable(store, gone.batch);
  for (const { batch, unitId, row } of rows) {
    await store.deleteUnit(tx, unitId);
    const left = await store.refresh(tx, batch.id);
    await store.appendEvent(tx, batch.id, 'UNITS_REMOVED', { returnItemId, ...row, reason }, true);
    if (left === 0) await cancelEmptyBatch(tx, store, batch.id, 'Its last units changed disposition');
  }
}

/**
 * An item already in batches is given its disposition again with `units` now due (more arrived since). The added units
 * join its row in the EDITABLE batch (`grow` updates the row and returns the event data for them; the totals are
 * recomputed and UNITS_ADDED, `later: true`, is written). When every batch holding its units went (or is going) out,
 * `place` puts them in a new row of the batch now filling for the item (created when needed), with the same event.
 */
export async function addLaterUnits(
  tx: ServiceContext, store: BatchStore, holding: Holding, units: number,
  grow: (open: HeldUnits, more: number) => Promise<Record<string, unknown>>, place: (more: number) => Promise<Placement>,
): Promise<Placement> {
  const more = units - holding.units;
  const { open } = holding;
  if (more <= 0) return { batchId: (open ?? holding.rows.at(-1))?.batch.id ?? null };
  if (!open) return place(more);
  const data = await grow(open, more);
  await store.refresh(tx, open.batch.id);
  await store.appendEvent(tx, open.batch.id, 'UNITS_ADDED', { ...data, units: more, later: true }, true);
  return { batchId: open.batch.id };
}

/**
 * The batch filling under a fill key, locked: `create` inserts one unless one is filling (insert … on conflict (fill_key)
 * do nothing) and `lock` selects it by fill key for update. A batch can stop filling between the two (a dispatch
 * request or a vendor assignment clears or changes its key while we wait for its lock); then the lock finds nothing and
 * the next round creates the following batch. Two rounds always suffice unless the key keeps being cleared.
 */
export async function lockFillingBatch<T>(create: () => Promise<void>, lock: () => Promise<T | undefined>, rounds = 3): Promise<T> {
  for (let round = 1; ; round += 1) {
    await create();
    const batch = await lock();
    if (batch) return batch;
    if (round >= rounds) throw new Error(`no filling batch could be locked after ${rounds} rounds`);
  }
}

/** Cancels a batch left without units: CANCELLED, closed for filling, with the reason in its history. */
async function cancelEmptyBatch(tx: ServiceContext, store: BatchStore, batchId: string, reason: string): Promise<void> {
  await store.save(tx, batchId, { status: 'CANCELLED', fillKey: null });
  await store.appendEvent(tx, batchId, 'CANCELLED', { reason }, true);
}

/**
 * Whether integration job `jobId` may hand the batch to `partnerId`: the batch must be OPEN with that partner, and
 * either its dispatch requested last (the latest DISPATCH_REQUESTED names this job) or — after a failed dispatch released
 * it (closed for filling, no dispatch requested) — this is a retried job, which requests the dispatch again (a second
 * DISPATCH_REQUESTED, `retried: true`). Otherwise another dispatch is in flight or done, or the batch is still filling,
 * and the job does nothing. Returns CLAIMED or why not.
 */
export async function claimBatchDispatch(ctx: ServiceContext, store: BatchStore, batchId: string, partnerId: string, jobId: string): Promise<string> {
  const outcome = await runMutation(ctx, async (tx) => {
    const batch = await store.lock(tx, batchId);
    if (!batch || batch.partnerId !== partnerId || batch.status !== 'OPEN') return batch?.status ?? 'MISSING';
    if (batch.dispatchRequestedAt) return (await store.lastDispatchRequest(tx, batchId)) === jobId ? 'CLAIMED' : 'OTHER_DISPATCH_PENDING';
    if (batch.fillKey !== null) return 'NOT_REQUESTED';
    await store.save(tx, batchId, { dispatchRequestedAt: tx.now() });
    await store.appendEvent(tx, batchId, 'DISPATCH_REQUESTED', { partnerId, integrationJobId: jobId, retried: true }, true);
    return 'CLAIMED';
  });
  if (!outcome.ok) throw new Error(`dispatch could not be claimed: ${outcome.userErrors.map((u) => u.code).join(', ')}`);
  return outcome.value;
}

/** A dispatch failed for good: the batch stays OPEN (closed for filling) with a DISPATCH_FAILED event, to be dispatched again. */
export async function releaseBatchDispatch(ctx: ServiceContext, store: BatchStore, batchId: string, partnerId: string, reason: string): Promise<void> {
  await runMutation(ctx, async (tx) => {
    const batch = await store.lock(tx, batchId);
    if (batch?.status !== 'OPEN' || !batch.dispatchRequestedAt) return;
    await store.save(tx, batchId, { dispatchRequestedAt: null });
    await store.appendEvent(tx, batchId, 'DISPATCH_FAILED', { partnerId, reason: reason.slice(0, 300) }, true);
  });
}

/** The partner acknowledged the batch: DISPATCHED with its reference (STALE when the batch moved on meanwhile). */
export async function recordBatchDispatched(ctx: ServiceContext, store: BatchStore, batchId: string, partnerId: string, reference: string, referenceName: string): Promise<string> {
  const outcome = await runMutation(ctx, async (tx) => {
    const batch = await store.lock(tx, batchId);
    if (batch?.status !== 'OPEN' || batch.partnerId !== partnerId) return 'STALE';
    await store.save(tx, batchId, { status: 'DISPATCHED', reference, dispatchedAt: tx.now() });
    await store.appendEvent(tx, batchId, 'DISPATCHED', { partnerId, [referenceName]: reference }, true);
    return 'DISPATCHED';
  });
  if (!outcome.ok) throw new Error(`dispatch could not be recorded: ${outcome.userErrors.map((u) => u.code).join(', ')}`);
  return outcome.value;
}
