import type { AppendedEvent } from '../domain/history-events';
import type { ServiceContext } from './context';
import { notifyMerchants } from './partners/merchant-webhooks.service';
import { exchangeSubscriber } from './returns/exchange.service';

/**
 * Reacts to a history event inside the transaction that appended it, so its writes (outbox rows) commit or roll back
 * with the event. It must not call out: anything external goes through the outbox.
 */
export type EventSubscriber = (tx: ServiceContext, event: AppendedEvent) => Promise<void>;

/** Every subscriber, in the order they run; the one place fan-out is wired. */
const SUBSCRIBERS: readonly EventSubscriber[] = [notifyMerchants, exchangeSubscriber];

/** Hands a just-appended history event to every subscriber, in the caller's transaction. */
export async function publish(tx: ServiceContext, event: AppendedEvent): Promise<void> {
  for (const subscriber of SUBSCRIBERS) await subscriber(tx, event);
}
