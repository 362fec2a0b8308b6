import { returnEvents } from '../../db/schema';
import type { ReturnEventType } from '../../domain/history-events';
import { actorLabel, type ServiceContext } from '../context';
import { publish } from '../event-subscribers';

/** The event types live in the domain; re-exported for callers that import them from here. */
export type { ReturnEventType } from '../../domain/history-events';

/** Appends one event to a return's history, attributed to the actor (or the system), and publishes it to subscribers. */
export async function appendEvent(
  ctx: ServiceContext, returnId: string, type: ReturnEventType, data: Record<string, unknown> = {}, system = false,
): Promise<void> {
  const actor = system ? { actorType: 'system', actorId: null } : actorLabel(ctx.actor);
  const [event] = await ctx.db.insert(returnEvents).values({ returnId, type, at: ctx.now(), ...actor, data }).returning({ id: returnEvents.id });
  await publish(ctx, { stream: 'return', id: event.id, returnId, type });
}
