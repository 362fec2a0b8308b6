import { PermanentPartnerError } from '../../../integrations/errors';
import type { MerchantPaymentAnswer } from '../../../integrations/merchant/types';
import { adapterFor } from '../../../integrations/registry';
import { formatAmount } from '../../domain/money';
import { payoutRequest, recordPayoutAnswer, recordPayoutFailure } from '../../services/returns/settlement.service';
import type { JobHandler, JobInput } from './types';

type PayoutJob = 'refund.requested' | 'store-credit.requested';

/**
 * Sends one payout attempt to the merchant and records the answer. The idempotency key is the payout's global id and
 * attempt, so BullMQ's retries of a transient failure (5xx, timeout) repeat the same request; a permanent refusal
 * (4xx) or the last failed attempt fails the payout with the reason (an operator can retry it: a new attempt).
 */
async function sendPayout(input: JobInput<PayoutJob>, call: (req: NonNullable<Awaited<ReturnType<typeof payoutRequest>>>, key: string) => Promise<MerchantPaymentAnswer>) {
  const { ctx, job, partner, finalAttempt } = input;
  const { payoutId, attempt } = job.payload;
  const req = await payoutRequest(ctx, payoutId);
  if (!req || req.payout.status !== 'REQUESTED' || req.payout.attempt !== attempt || req.payout.partnerId !== partner.id) {
    return { skipped: true, status: req?.payout.status ?? 'MISSING' };
  }
  let answer: MerchantPaymentAnswer;
  try {
    answer = await call(req, `${req.paymentId}.${attempt}`);
  } catch (e) {
    if (e instanceof PermanentPartnerError || finalAttempt) await recordPayoutFailure(ctx, payoutId, attempt, (e as Error).message);
    throw e;
  }
  const outcome = await recordPayoutAnswer(ctx, payoutId, attempt, answer);
  if (!outcome.ok) {
    // A confirmation Boomerang cannot record (a balance in another currency): asking again would get the same answer.
    const reason = `answer could not be recorded: ${outcome.userErrors.map((u) => u.message).join('; ')}`;
    await recordPayoutFailure(ctx, payoutId, attempt, reason);
    throw new PermanentPartnerError(reason);
  }
  return { status: answer.status, recorded: outcome.value };
}

const money = (minor: number, currencyCode: string) => ({ amount: formatAmount(minor, currencyCode), currencyCode });

/** `refund.requested`: asks the merchant's payment system to refund (`POST refunds`). */
export const refundRequestedHandler: JobHandler<'refund.requested'> = (input) => sendPayout(input, (req, key) =>
  adapterFor('MERCHANT', input.partner.adapter).requestRefund(input.partner, {
    refundId: req.paymentId, returnId: req.returnGlobalId, rmaNumber: req.rmaNumber, orderNumber: req.orderNumber,
    customerExternalId: req.customerExternalId, amount: money(req.payout.amountMinor, req.payout.currencyCode), attempt: req.payout.attempt,
  }, key));

/** `store-credit.requested`: asks the merchant's gift card / store-credit system to issue the credit (`POST store-credits`). */
export const storeCreditRequestedHandler: JobHandler<'store-credit.requested'> = (input) => sendPayout(input, (req, key) =>
  adapterFor('MERCHANT', input.partner.adapter).issueStoreCredit(input.partner, {
    storeCreditId: req.paymentId, returnId: req.returnGlobalId, rmaNumber: req.rmaNumber, orderNumber: req.orderNumber,
    customerExternalId: req.customerExternalId, customerEmail: req.customerEmail,
    amount: money(req.payout.amountMinor, req.payout.currencyCode), bonus: money(req.payout.bonusMinor, req.payout.currencyCode), attempt: req.payout.attempt,
  }, key));
