import { PermanentPartnerError } from '../../../integrations/errors';
import {
  claimBatchDispatch, recordBatchDispatched, releaseBatchDispatch, type BatchStore,
} from '../../services/next-life/partner-batch.service';
import type { JobInput } from './types';

/**
 * Hands a batch (recycling lot, vendor return authorization) to its partner: claims it for this integration job
 * (claimBatchDispatch: the dispatch requested last, or a DEAD job an admin retried after a failed dispatch), calls the
 * partner through `send` (idempotency key: the integration job id, so a retry is never a second batch), and records it
 * DISPATCHED with the partner's reference. A permanent refusal, or the last failed attempt, releases the batch
 * (DISPATCH_FAILED, OPEN and closed for filling) so an operator can dispatch it again or an admin retry the job.
 */
export async function dispatchBatch(
  input: JobInput<'recycling.dispatch' | 'vendor-return.dispatch'>, store: BatchStore, batchId: string, referenceName: string, send: () => Promise<string>,
): Promise<Record<string, unknown>> {
  const { ctx, job, partner, finalAttempt } = input;
  const claim = await claimBatchDispatch(ctx, store, batchId, partner.id, job.id);
  if (claim !== 'CLAIMED') return { skipped: true, status: claim };
  let reference: string;
  try {
    reference = await send();
  } catch (e) {
    if (e instanceof PermanentPartnerError || finalAttempt) await releaseBatchDispatch(ctx, store, batchId, partner.id, (e as Error).message);
    throw e;
  }
  const status = await recordBatchDispatched(ctx, store, batchId, partner.id, reference, referenceName);
  return { status, [referenceName]: reference };
}
