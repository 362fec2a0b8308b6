import { adapterFor } from '../../../integrations/registry';
import { encodeGlobalId } from '../../domain/ids';
import { isDataBearing } from '../../domain/refurbishment-status';
import { recyclingLotStore, recyclingLotWithUnits } from '../../services/next-life/recycling-lot.service';
import { dispatchBatch } from './batch-dispatch';
import type { JobHandler } from './types';

/**
 * `recycling.dispatch`: hands a lot to its recycler (`POST lots`, idempotency key: the integration job id), then marks
 * it DISPATCHED with the recycler's reference. A permanent refusal, or the last failed attempt, leaves the lot OPEN
 * (closed for filling) with a DISPATCH_FAILED event, so an operator can dispatch it again — or an admin retries the
 * DEAD job (retryIntegrationJob), which claims the lot again when no other dispatch has (see dispatchBatch).
 */
export const recyclingDispatchHandler: JobHandler<'recycling.dispatch'> = async (input) => {
  const { job, partner, ctx } = input;
  const lotId = job.payload.recyclingLotId;
  return dispatchBatch(input, recyclingLotStore, lotId, 'recyclerReference', async () => {
    const { lot, units } = await recyclingLotWithUnits(ctx, lotId);
    const { recyclerReference } = await adapterFor('RECYCLER', partner.adapter).dispatchLot(partner, {
      lotId: encodeGlobalId('RecyclingLot', lotId), materialStream: lot.materialStream, weeeCategory: lot.weeeCategory,
      declaredWeightKg: Number(lot.declaredWeightKg.toFixed(3)), dataBearing: units.some((u) => isDataBearing(u.category)),
      units: units.map((u) => ({ sku: u.sku, category: u.category, units: u.units, weightKg: u.weightKg })), from: ctx.config.warehouseAddress,
    }, job.id);
    return recyclerReference;
  });
};
