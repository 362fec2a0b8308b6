import { sql } from 'drizzle-orm';
import { builtOnce } from '../../db/prepared';
import { returnEvents } from '../../db/schema';
import { uuidv7 } from '../../domain/ids';
import type { ReturnEventType } from '../../domain/history-events';
import { actorLabel, type ServiceContext } from '../context';
import { publish } from '../event-subscribers';
import { activeMerchantsColumn, announcesReturnEvent, parseActiveMerchants } from '../partners/merchant-webhooks.service';

/** The event types live in the domain; re-exported for callers that import them from here. */
export type { ReturnEventType } from '../../domain/history-events';

/**
 * Appends one event to a return's history, attributed to the actor (or the system), and publishes it to subscribers.
 * An event merchants hear about reads the active merchants in the same INSERT (its RETURNING), so notifyMerchants
 * sends no query of its own.
 */
export async function appendEvent(
  ctx: ServiceContext, returnId: string, type: ReturnEventType, data: Record<string, unknown> = {}, system = false,
): Promise<void> {
  const actor = system ? { actorType: 'system', actorId: null } : actorLabel(ctx.actor);
  const values = { id: uuidv7(), returnId, type, at: ctx.now(), ...actor, data };
  if (!announcesReturnEvent(type)) {
    const [event] = await INSERT_EVENT(ctx.db, values);
    await publish(ctx, { stream: 'return', id: event.id, returnId, type });
    return;
  }
  const [event] = await INSERT_ANNOUNCED_EVENT(ctx.db, values);
  await publish(ctx, { stream: 'return', id: event.id, returnId, type, merchants: parseActiveMerchants(event.merchants) });
}

type EventValues = { id: string; returnId: string; type: ReturnEventType; at: Date; actorType: string; actorId: string | null; data: Record<string, unknown> };
const eventValues = () => ({
  id: sql.placeholder('id'), returnId: sql.placeholder('returnId'), type: sql.placeholder('type'), at: sql.placeholder('at'),
  actorType: sql.placeholder('actorType'), actorId: sql.placeholder('actorId'), data: sql.placeholder('data'),
});
// Built once each (src/db/prepared.ts): every return's history goes through them.
const INSERT_EVENT = builtOnce<EventValues, Array<{ id: string }>>('appendEvent', (db) =>
  db.insert(returnEvents).values(eventValues()).returning({ id: returnEvents.id }));
const INSERT_ANNOUNCED_EVENT = builtOnce<EventValues, Array<{ id: string; merchants: unknown }>>('appendAnnouncedEvent', (db) =>
  db.insert(returnEvents).values(eventValues()).returning({ id: returnEvents.id, merchants: activeMerchantsColumn() }));
