import { callPartner, type PartnerEndpoint } from '../partner-http';
import { boomerangMerchantExchanges } from './boomerang-merchant-exchange';
import type { MerchantAdapter, MerchantEvent } from './types';

/**
 * Boomerang's own merchant protocol (docs/partner-protocol.md): POST <endpoint>/events with the event as JSON body,
 * signed per Standard Webhooks; any 2xx acknowledges.
 */
export const boomerangMerchantAdapter: MerchantAdapter = {
  id: 'boomerang-merchant-v1',
  ...boomerangMerchantExchanges,
  async deliverEvent(partner: PartnerEndpoint, event: MerchantEvent, idempotencyKey: string) {
    await callPartner(partner, { path: 'events', body: event, idempotencyKey });
    return { acknowledged: true };
  },
};
