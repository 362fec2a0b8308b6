import { adapterFor } from '../../../integrations/registry';
import {
  listingMerchantEvent, returnMerchantEvent, returnMerchantEventOf, type ReturnEventViewRow,
} from '../../services/partners/merchant-event-view.service';
import type { JobHandler } from './types';

/**
 * `merchant.event`: delivers one return event to one merchant partner through its adapter. The event's view usually
 * came with the claim (`claimPreload`); read here otherwise.
 */
export const merchantEventHandler: JobHandler<'merchant.event'> = async ({ ctx, partner, job, preloaded }) => {
  const { eventId, eventType } = job.payload;
  const view = preloaded as ReturnEventViewRow | null | undefined;
  const event = view && view.id === eventId ? returnMerchantEventOf(view, eventType) : await returnMerchantEvent(ctx, eventId, eventType);
  const adapter = adapterFor('MERCHANT', partner.adapter);
  const result = await adapter.deliverEvent(partner, event, job.id);
  return { acknowledged: result.acknowledged, eventType };
};

/** `merchant.listing`: delivers one resale listing change to one merchant partner through its adapter. */
export const merchantListingHandler: JobHandler<'merchant.listing'> = async ({ ctx, partner, job }) => {
  const { listingEventId, eventType } = job.payload;
  const event = await listingMerchantEvent(ctx, listingEventId, eventType);
  const adapter = adapterFor('MERCHANT', partner.adapter);
  const result = await adapter.deliverEvent(partner, event, job.id);
  return { acknowledged: result.acknowledged, eventType };
};
