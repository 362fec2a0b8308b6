import { PermanentPartnerError } from '../../../integrations/errors';
import { adapterFor } from '../../../integrations/registry';
import {
  exchangeById, holdChargeMinor, holdRequest, orderRequest, protocolMoney, recordHoldCharged, recordHoldFailed, recordHoldPlaced, recordHoldReleased,
  recordOrderFailed, recordOrdered,
} from '../../services/returns/exchange-job.service';
import type { JobHandler } from './types';

/**
 * `exchange.hold`: holds the original payment for an instant exchange. A refusal (or the last failed attempt) falls
 * back to an exchange at receipt; a hold placed after the exchange moved on is released again (recordHoldPlaced).
 */
export const exchangeHoldHandler: JobHandler<'exchange.hold'> = async ({ ctx, job, partner, finalAttempt }) => {
  const ex = await exchangeById(ctx, job.payload.exchangeId);
  if (!ex || ex.holdStatus !== 'PENDING') return { skipped: true, holdStatus: ex?.holdStatus ?? 'MISSING' };
  let holdId: string;
  try {
    ({ holdId } = await adapterFor('MERCHANT', partner.adapter).holdPayment(partner, await holdRequest(ctx, ex), job.id));
  } catch (e) {
    if (e instanceof PermanentPartnerError || finalAttempt) await recordHoldFailed(ctx, ex.id, (e as Error).message);
    throw e;
  }
  await recordHoldPlaced(ctx, ex.id, holdId);
  return { holdId };
};

/**
 * `exchange.order`: places the exchange order, only behind a received return or a held payment. A permanent refusal
 * (out of stock by now) or the last failed attempt falls back to a refund; transient failures are retried.
 */
export const exchangeOrderHandler: JobHandler<'exchange.order'> = async ({ ctx, job, partner, finalAttempt }) => {
  const ex = await exchangeById(ctx, job.payload.exchangeId);
  if (!ex || ex.status !== 'ORDER_PENDING') return { skipped: true, status: ex?.status ?? 'MISSING' };
  let orderReference: string;
  try {
    ({ orderReference } = await adapterFor('MERCHANT', partner.adapter).createExchangeOrder(partner, await orderRequest(ctx, ex), job.id));
  } catch (e) {
    if (e instanceof PermanentPartnerError || finalAttempt) await recordOrderFailed(ctx, ex.id, (e as Error).message);
    throw e;
  }
  await recordOrdered(ctx, ex.id, orderReference);
  return { orderReference };
};

/** `exchange.hold-release`: gives the hold back (the return arrived, or the exchange did not go ahead). */
export const exchangeHoldReleaseHandler: JobHandler<'exchange.hold-release'> = async ({ ctx, job, partner }) => {
  const ex = await exchangeById(ctx, job.payload.exchangeId);
  if (!ex?.holdReference || ex.holdStatus !== 'RELEASE_PENDING') return { skipped: true, holdStatus: ex?.holdStatus ?? 'MISSING' };
  await adapterFor('MERCHANT', partner.adapter).releaseHold(partner, ex.holdReference, job.id);
  await recordHoldReleased(ctx, ex.id);
  return { released: ex.holdReference };
};

/**
 * `exchange.hold-capture`: the return never arrived, so the hold is charged (or, for units closed as missing on a partly
 * returned item, their share: the merchant gives the rest back), unless the replacement never shipped (its order failed)
 * or there is nothing to charge: then the hold is released instead. While the exchange order is still being placed the
 * capture waits: the order's outcome queues it again (recordOrdered / recordOrderFailed).
 */
export const exchangeHoldCaptureHandler: JobHandler<'exchange.hold-capture'> = async ({ ctx, job, partner }) => {
  const ex = await exchangeById(ctx, job.payload.exchangeId);
  if (!ex?.holdReference || ex.holdStatus !== 'CHARGE_PENDING') return { skipped: true, holdStatus: ex?.holdStatus ?? 'MISSING' };
  const adapter = adapterFor('MERCHANT', partner.adapter);
  if (ex.status === 'ORDER_PENDING') return { deferred: true, status: ex.status };
  const chargeMinor = await holdChargeMinor(ctx, ex);
  if (ex.status === 'FAILED' || ex.status === 'CANCELLED' || chargeMinor === 0) {
    await adapter.releaseHold(partner, ex.holdReference, job.id);
    await recordHoldReleased(ctx, ex.id);
    return { released: ex.holdReference };
  }
  const { chargeReference } = await adapter.captureHold(partner, ex.holdReference, protocolMoney(chargeMinor, ex.currencyCode), job.id);
  await recordHoldCharged(ctx, ex.id, chargeReference, chargeMinor);
  return { chargeReference, chargeMinor };
};
