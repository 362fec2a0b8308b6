import { adapterFor } from '../../../integrations/registry';
import { encodeGlobalId } from '../../domain/ids';
import { formatAmount } from '../../domain/money';
import { vendorReturnStore, vendorReturnWithUnits } from '../../services/next-life/vendor-return.service';
import { dispatchBatch } from './batch-dispatch';
import type { JobHandler } from './types';

/**
 * `vendor-return.dispatch`: hands a vendor return authorization to its vendor (`POST authorizations`, idempotency key:
 * the integration job id), then marks it DISPATCHED with the vendor's RMA reference. A permanent refusal, or the last
 * failed attempt, leaves it OPEN (closed for filling) with a DISPATCH_FAILED event, so an operator can dispatch again —
 * or an admin retries the DEAD job (retryIntegrationJob), which claims the VRA again when no other dispatch has (see
 * dispatchBatch).
 */
export const vendorReturnDispatchHandler: JobHandler<'vendor-return.dispatch'> = async (input) => {
  const { job, partner, ctx } = input;
  const vraId = job.payload.vendorReturnAuthorizationId;
  return dispatchBatch(input, vendorReturnStore, vraId, 'vendorReference', async () => {
    const { vra, units } = await vendorReturnWithUnits(ctx, vraId);
    const money = (minor: number) => ({ amount: formatAmount(minor, vra.currencyCode), currencyCode: vra.currencyCode });
    const { vendorReference } = await adapterFor('VENDOR', partner.adapter).dispatchAuthorization(partner, {
      authorizationId: encodeGlobalId('VendorReturnAuthorization', vraId), supplier: vra.supplier, expectedCredit: money(vra.expectedCreditMinor),
      units: units.map((u) => ({ sku: u.sku, units: u.units, unitValue: money(u.unitValueMinor), expectedCredit: money(u.expectedCreditMinor) })),
      from: ctx.config.warehouseAddress,
    }, job.id);
    return vendorReference;
  });
};
