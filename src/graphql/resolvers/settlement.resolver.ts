import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../domain/ids';
import { splitSettlement, type Settlement } from '../../domain/settlement';
import {
  PAYOUT_ID_TYPE, confirmPayment, recordRefund, retryRefund, type PayoutRow,
} from '../../services/returns/settlement.service';
import type { ReturnRow } from '../../services/returns/return-transition';
import type { ReturnItemRow } from '../../services/returns/warehouse.service';
import type { GqlContext } from '../context';
import { fromGlobalId } from '../ids';
import { money } from '../types/common.types';
import { Refund, Return, StoreCredit } from '../types/return.types';
import {
  ConfirmRefundInput, ConfirmRefundPayload, RecordRefundInput, RecordRefundPayload, RetryRefundInput, RetryRefundPayload,
} from '../types/settlement.types';
import { toPayload } from './payload';

/** The settlement as quoted from the items (before it is requested), the same split the request will make. */
function quotedSettlement(row: ReturnRow, items: ReturnItemRow[]): Settlement {
  return splitSettlement(items.map((i) => ({ resolution: i.resolution, refundMinor: i.refundMinor ?? 0, storeCreditBonusPercent: i.storeCreditBonusPercent })), row.shippingFeeMinor);
}

/** A return's payouts, batched over the page (one statement, whatever the page holds). */
export function payoutsOf(row: ReturnRow, ctx: GqlContext): Promise<PayoutRow[]> {
  return ctx.loaders.payoutsByReturn.load(row.id);
}

/** Return.refund's settlement fields: from the payouts once requested, else quoted. */
export function refundSettlement(row: ReturnRow, items: ReturnItemRow[], payouts: PayoutRow[]): Omit<Refund, 'amount' | 'status' | 'method' | 'issuedAt'> {
  const refund = payouts.find((p) => p.kind === 'REFUND');
  const requested = payouts.map((p) => p.requestedAt.getTime());
  const originalPaymentMinor = payouts.length ? refund?.amountMinor ?? 0 : quotedSettlement(row, items).refundMinor;
  return {
    id: refund ? encodeGlobalId(PAYOUT_ID_TYPE.REFUND, refund.id) : null,
    originalPayment: money(originalPaymentMinor, row.currencyCode),
    requestedAt: requested.length ? new Date(Math.min(...requested)) : null,
    confirmedAt: row.refundStatus === 'ISSUED' ? row.refundedAt : null,
    failureReason: payouts.find((p) => p.status === 'FAILED')?.failureReason ?? null,
    reference: refund?.reference ?? null,
    awaitingMerchant: payouts.some((p) => p.status === 'REQUESTED' && !p.partnerId),
  };
}

/** Store credit on a return, and the refund mutations: operators retry or record, the merchant confirms. */
@Resolver(() => Return)
export class ReturnSettlementResolver {
  @FieldResolver(() => StoreCredit, { nullable: true, description: 'The store credit this return pays out (items taken as STORE_CREDIT, the policy\'s bonus included); null when none. Visible to the customer who owns the return.' })
  async storeCredit(@Root() row: ReturnRow, @Ctx() ctx: GqlContext): Promise<StoreCredit | null> {
    const payouts = await payoutsOf(row, ctx);
    const payout = payouts.find((p) => p.kind === 'STORE_CREDIT');
    if (payout) {
      return {
        id: encodeGlobalId(PAYOUT_ID_TYPE.STORE_CREDIT, payout.id), amount: money(payout.amountMinor, payout.currencyCode), bonus: money(payout.bonusMinor, payout.currencyCode),
        status: payout.status, code: payout.creditCode, balance: payout.creditBalanceMinor === null ? null : money(payout.creditBalanceMinor, payout.currencyCode),
        reference: payout.reference, requestedAt: payout.requestedAt, confirmedAt: payout.confirmedAt, failureReason: payout.failureReason,
      };
    }
    // Not requested (yet): a quote, unless the return settled without store credit.
    if (row.refundStatus !== 'QUOTED') return null;
    const quote = quotedSettlement(row, await ctx.loaders.itemsByReturn.load(row.id));
    if (quote.storeCreditMinor === 0) return null;
    return {
      id: null, amount: money(quote.storeCreditMinor + quote.storeCreditBonusMinor, row.currencyCode), bonus: money(quote.storeCreditBonusMinor, row.currencyCode),
      status: 'QUOTED', code: null, balance: null, reference: null, requestedAt: null, confirmedAt: null, failureReason: null,
    };
  }

  @Authorized('OPERATOR')
  @Mutation(() => RetryRefundPayload, { description: 'Operators: sends a FAILED refund or store credit to the merchant again (a new attempt with its own idempotency key), or one that waited for a merchant once one takes refunds. A second call finds nothing to retry (NOT_RETRYABLE) and changes nothing.' })
  async retryRefund(@Arg('input', { description: 'The return and which payout (refund or store credit) to send again.' }) input: RetryRefundInput, @Ctx() ctx: GqlContext): Promise<RetryRefundPayload> {
    return toPayload(await retryRefund(ctx.svc, fromGlobalId('Return', input.returnId, 'input.returnId'), input.kind), 'return');
  }

  @Authorized('OPERATOR')
  @Mutation(() => RecordRefundPayload, { description: 'Operators: records a refund or store credit paid outside Boomerang (no merchant integration, or paid by hand after a failure); it becomes ISSUED with the reference given.' })
  async recordRefund(@Arg('input', { description: 'The return, the payout paid outside Boomerang and its reference.' }) input: RecordRefundInput, @Ctx() ctx: GqlContext): Promise<RecordRefundPayload> {
    return toPayload(await recordRefund(ctx.svc, {
      returnId: fromGlobalId('Return', input.returnId, 'input.returnId'), kind: input.kind, reference: input.reference, creditCode: input.storeCreditCode,
    }), 'return');
  }

  @Authorized('PARTNER')
  @Mutation(() => ConfirmRefundPayload, { description: 'The merchant (API key) confirms or declines a refund or store credit Boomerang asked it for (same as the refund.* / store_credit.* webhooks). Repeats are harmless.' })
  async confirmRefund(@Arg('input', { description: 'The payout Boomerang asked for, and what the merchant\'s system did with it.' }) input: ConfirmRefundInput, @Ctx() ctx: GqlContext): Promise<ConfirmRefundPayload> {
    const outcome = await confirmPayment(ctx.svc, {
      paymentId: input.refundId, outcome: input.outcome, reference: input.reference, reason: input.reason,
      creditCode: input.storeCreditCode, creditBalance: input.storeCreditBalance,
    });
    return toPayload(outcome, 'payment', (p: PayoutRow) => ({
      id: encodeGlobalId(PAYOUT_ID_TYPE[p.kind], p.id), kind: p.kind, status: p.status, reference: p.reference, confirmedAt: p.confirmedAt,
    }));
  }
}
