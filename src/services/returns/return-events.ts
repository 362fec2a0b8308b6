import { returnEvents } from '../../db/schema';
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
  const insert = ctx.db.insert(returnEvents).values({ returnId, type, at: ctx.now(), ...actor, data });
  if (!announcesReturnEvent(type)) {
    const [event] = await insert.returning({ id: returnEvents.id });
    await publish(ctx, { stream: 'return', id: event.id, returnId, type });
    return;
  }
  const [event] = await insert.returning({ id: returnEvents.id, merchants: activeMerchantsColumn() });
  await publish(ctx, { stream: 'return', id: event.id, returnId, type, merchants: parseActiveMerchants(event.merchants) });
}
