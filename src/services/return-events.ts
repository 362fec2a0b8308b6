import { returnEvents } from '../db/schema';
import { actorLabel, type ServiceContext } from './context';
import { notifyMerchants } from './merchant-webhooks.service';

/** Event types written to a return's history; stable strings clients may switch on. */
export type ReturnEventType =
  | 'RETURN_REQUESTED' | 'RETURN_APPROVED' | 'RETURN_REJECTED' | 'RETURN_CANCELLED' | 'RETURN_EXPIRED'
  | 'ITEMS_RECEIVED' | 'ITEMS_MARKED_MISSING' | 'ITEM_SPLIT' | 'ITEM_INSPECTED' | 'INSPECTION_FINISHED'
  | 'DISPOSITION_SET' | 'REFUND_ISSUED' | 'RETURN_COMPLETED'
  | 'METHOD_SELECTED' | 'METHOD_BOOKED' | 'METHOD_BOOKING_FAILED' | 'PARCEL_SCANNED' | 'PARCEL_IN_TRANSIT' | 'PARCEL_DELIVERED'
  | 'MANUAL_REVIEW_REQUIRED';

/** History entries only staff see: they carry scores and evidence about the customer (never shown to customers). */
export const STAFF_ONLY_EVENTS: ReadonlySet<string> = new Set<ReturnEventType>(['MANUAL_REVIEW_REQUIRED']);

/** Appends one event to a return's history, attributed to the actor (or the system). */
export async function appendEvent(
  ctx: ServiceContext, returnId: string, type: ReturnEventType, data: Record<string, unknown> = {}, system = false,
): Promise<void> {
  const actor = system ? { actorType: 'system', actorId: null } : actorLabel(ctx.actor);
  const [event] = await ctx.db.insert(returnEvents).values({ returnId, type, at: ctx.now(), ...actor, data }).returning({ id: returnEvents.id });
  await notifyMerchants(ctx, returnId, event.id, type);
}
