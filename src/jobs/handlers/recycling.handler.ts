import { eq } from 'drizzle-orm';
import { adapterFor } from '../../../integrations/registry';
import { PermanentPartnerError } from '../../../integrations/errors';
import { recyclingLots, recyclingLotUnits } from '../../db/schema';
import { encodeGlobalId } from '../../domain/ids';
import { isDataBearing } from '../../domain/refurbishment-status';
import { runMutation } from '../../services/context';
import { appendLotEvent } from '../../services/recycling-lot.service';
import type { JobHandler } from './types';

/**
 * `recycling.dispatch`: hands a lot to its recycler (`POST lots`, idempotency key: the integration job id), then marks
 * it DISPATCHED with the recycler's reference. A permanent refusal, or the last failed attempt, leaves the lot OPEN
 * (closed for filling) with a DISPATCH_FAILED event, so an operator can dispatch it again.
 */
export const recyclingDispatchHandler: JobHandler = async ({ db, job, partner, ctx, finalAttempt }) => {
  const lotId = job.payload.recyclingLotId as string;
  const [lot] = await db.select().from(recyclingLots).where(eq(recyclingLots.id, lotId));
  if (!lot || lot.partnerId !== partner.id || lot.status !== 'OPEN' || !lot.dispatchRequestedAt) return { skipped: true, status: lot?.status ?? 'MISSING' };
  const units = await db.select().from(recyclingLotUnits).where(eq(recyclingLotUnits.lotId, lotId));
  let recyclerReference: string;
  try {
    ({ recyclerReference } = await adapterFor('RECYCLER', partner.adapter).dispatchLot(partner, {
      lotId: encodeGlobalId('RecyclingLot', lotId), materialStream: lot.materialStream, weeeCategory: lot.weeeCategory,
      declaredWeightKg: Number(lot.declaredWeightKg.toFixed(3)), dataBearing: units.some((u) => isDataBearing(u.category)),
      units: units.map((u) => ({ sku: u.sku, category: u.category, units: u.units, weightKg: u.weightKg })), from: ctx.config.warehouseAddress,
    }, job.id));
  } catch (e) {
    if (e instanceof PermanentPartnerError || finalAttempt) {
      await runMutation(ctx, async (tx) => {
        const [current] = await tx.db.select().from(recyclingLots).where(eq(recyclingLots.id, lotId)).for('update');
        if (current?.status !== 'OPEN' || !current.dispatchRequestedAt) return;
        await tx.db.update(recyclingLots).set({ dispatchRequestedAt: null, version: current.version + 1, updatedAt: tx.now() }).where(eq(recyclingLots.id, lotId));
        await appendLotEvent(tx, lotId, 'DISPATCH_FAILED', { partnerId: partner.id, reason: (e as Error).message.slice(0, 300) }, true);
      });
    }
    throw e;
  }
  const outcome = await runMutation(ctx, async (tx) => {
    const [current] = await tx.db.select().from(recyclingLots).where(eq(recyclingLots.id, lotId)).for('update');
    if (current?.status !== 'OPEN' || current.partnerId !== partner.id) return 'STALE';
    await tx.db.update(recyclingLots).set({ status: 'DISPATCHED', recyclerReference, dispatchedAt: tx.now(), version: current.version + 1, updatedAt: tx.now() })
      .where(eq(recyclingLots.id, lotId));
    await appendLotEvent(tx, lotId, 'DISPATCHED', { partnerId: partner.id, recyclerReference }, true);
    return 'DISPATCHED';
  });
  if (!outcome.ok) throw new Error(`dispatch could not be recorded: ${outcome.userErrors.map((u) => u.code).join(', ')}`);
  return { status: outcome.value, recyclerReference };
};
