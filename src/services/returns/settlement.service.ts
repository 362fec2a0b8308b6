import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { customers, orders, partners, returnPayouts, returns } from '../../db/schema';
import { decodeGlobalId, encodeGlobalId } from '../../domain/ids';
import { parseAmount } from '../../domain/money';
import { settlementStatus, type PayoutKind, type Settlement } from '../../domain/settlement';
import { requireStaff } from '../access';
import { groupedByIds } from '../batch-load';
import { runMutation, type ServiceContext } from '../context';
import { ForbiddenError, UnauthenticatedError, abort, type Outcome } from '../errors';
import { enqueueIntegrationJob } from '../partners/integration-job.service';
import { INTEGRATION_JOB } from '../partners/integration-job-types';
import { appendEvent } from './return-events';
import { lockReturn, type ReturnRow } from './return-transition';

export type PayoutRow = typeof returnPayouts.$inferSelect;

/** The global id type the merchant knows each payout kind by (refundId / storeCreditId). */
export const PAYOUT_ID_TYPE: Record<PayoutKind, string> = { REFUND: 'Refund', STORE_CREDIT: 'StoreCredit' };
const JOB_OF = { REFUND: INTEGRATION_JOB.REFUND_REQUESTED, STORE_CREDIT: INTEGRATION_JOB.STORE_CREDIT_REQUESTED } as const;
const CAPABILITY = { REFUND: 'refunds', STORE_CREDIT: 'storeCredit' } as const;
/** Longest reference, reason or credit code kept; longer ones are refused (mutation) or cut (partner answers). */
export const PAYMENT_TEXT_MAX = 200;

/** The ACTIVE MERCHANT partner that takes this kind of payout (capabilities.refunds / storeCredit); lowest id wins. */
async function merchantFor(tx: ServiceContext, kind: PayoutKind): Promise<string | null> {
  const [row] = await tx.db.select({ id: partners.id }).from(partners)
    .where(and(eq(partners.kind, 'MERCHANT'), eq(partners.status, 'ACTIVE'), sql`(${partners.capabilities} ->> ${CAPABILITY[kind]})::boolean is true`))
    .orderBy(asc(partners.id)).limit(1);
  return row?.id ?? null;
}

async function sendPayout(tx: ServiceContext, payout: PayoutRow): Promise<void> {
  if (!payout.partnerId) return;
  await enqueueIntegrationJob(tx, { partnerId: payout.partnerId, type: JOB_OF[payout.kind], payload: { payoutId: payout.id, attempt: payout.attempt }, returnId: payout.returnId });
}

/**
 * Asks the merchant to pay out a return (in the caller's transaction, the return locked): one payout per kind with an
 * amount, each REQUESTED with its outbox job (`refund.requested`, `store-credit.requested`). A kind no merchant takes
 * waits with no partner, visible to operators, until one is configured (retryRefund) or an operator records it paid
 * outside Boomerang (recordRefund). Returns the patch for the return: REQUESTED, or NONE when nothing is owed.
 */
export async function requestSettlement(
  tx: ServiceContext, ret: ReturnRow, settlement: Settlement, data: Record<string, unknown> = {},
): Promise<Pick<ReturnRow, 'refundStatus' | 'refundMinor'>> {
  const refundMinor = settlement.refundMinor + settlement.storeCreditMinor;
  const wanted: Array<{ kind: PayoutKind; amountMinor: number; bonusMinor: number }> = [
    { kind: 'REFUND' as const, amountMinor: settlement.refundMinor, bonusMinor: 0 },
    { kind: 'STORE_CREDIT' as const, amountMinor: settlement.storeCreditMinor + settlement.storeCreditBonusMinor, bonusMinor: settlement.storeCreditBonusMinor },
  ].filter((p) => p.amountMinor > 0);
  if (wanted.length === 0) return { refundStatus: 'NONE', refundMinor };
  const awaitingMerchant: PayoutKind[] = [];
  for (const p of wanted) {
    const partnerId = await merchantFor(tx, p.kind);
    if (!partnerId) awaitingMerchant.push(p.kind);
    const [payout] = await tx.db.insert(returnPayouts).values({
      returnId: ret.id, kind: p.kind, status: 'REQUESTED', amountMinor: p.amountMinor, bonusMinor: p.bonusMinor, currencyCode: ret.currencyCode,
      partnerId, requestedAt: tx.now(), createdAt: tx.now(), updatedAt: tx.now(),
    }).returning();
    await sendPayout(tx, payout);
  }
  await appendEvent(tx, ret.id, 'REFUND_REQUESTED', {
    ...data, amountMinor: settlement.refundMinor, storeCreditMinor: settlement.storeCreditMinor, storeCreditBonusMinor: settlement.storeCreditBonusMinor,
    currency: ret.currencyCode, ...(awaitingMerchant.length ? { awaitingMerchant } : {}),
  }, true);
  return { refundStatus: 'REQUESTED', refundMinor };
}

/** Payouts of a locked return, locked too (always after the return: one lock order). */
async function payoutsOf(tx: ServiceContext, returnId: string): Promise<PayoutRow[]> {
  return tx.db.select().from(returnPayouts).where(eq(returnPayouts.returnId, returnId)).orderBy(asc(returnPayouts.kind)).for('update');
}

/** The return row locked without a scope check: callers have checked who may touch it through the payout. */
async function lockReturnRow(tx: ServiceContext, returnId: string): Promise<ReturnRow> {
  const [row] = await tx.db.select().from(returns).where(eq(returns.id, returnId)).for('update');
  return row;
}

/**
 * Writes the return's refund status from its payouts. When every payout is confirmed, the refund is ISSUED: refundedAt
 * is stamped and REFUND_ISSUED is appended (merchants hear `return.refund_issued` then, not at the request).
 */
async function refreshReturn(tx: ServiceContext, ret: ReturnRow): Promise<ReturnRow> {
  const payouts = await tx.db.select().from(returnPayouts).where(eq(returnPayouts.returnId, ret.id));
  const status = settlementStatus(payouts.map((p) => p.status));
  if (status === ret.refundStatus) return ret;
  const issued = status === 'ISSUED';
  const [updated] = await tx.db.update(returns)
    .set({ refundStatus: status, refundedAt: issued ? tx.now() : ret.refundedAt, version: sql`${returns.version} + 1`, updatedAt: tx.now() })
    .where(eq(returns.id, ret.id)).returning();
  if (issued) {
    await appendEvent(tx, ret.id, 'REFUND_ISSUED', {
      amountMinor: ret.refundMinor, currency: ret.currencyCode,
      payouts: payouts.map((p) => ({ kind: p.kind, amountMinor: p.amountMinor, reference: p.reference })),
    }, true);
  }
  return updated;
}

/** What a merchant reports about one payout (its answer, a webhook, `confirmRefund` or an operator's record). */
export interface PaymentOutcome {
  outcome: 'CONFIRMED' | 'DECLINED';
  reference?: string | null;
  reason?: string | null;
  creditCode?: string | null;
  creditBalance?: { amount: string; currencyCode: string } | null;
}

const clip = (text: string | null | undefined) => (text?.trim() ? text.trim().slice(0, PAYMENT_TEXT_MAX) : null);

/** Applies an outcome to a locked payout; a repeat of what is already recorded changes nothing. */
async function applyOutcome(tx: ServiceContext, ret: ReturnRow, payout: PayoutRow, o: PaymentOutcome, data: Record<string, unknown> = {}): Promise<ReturnRow> {
  if (o.outcome === 'DECLINED') {
    if (payout.status !== 'REQUESTED') return ret;
    const failureReason = clip(o.reason) ?? 'declined by the merchant';
    await tx.db.update(returnPayouts).set({ status: 'FAILED', failureReason, reference: clip(o.reference) ?? payout.reference, updatedAt: tx.now() })
      .where(eq(returnPayouts.id, payout.id));
    await appendEvent(tx, ret.id, 'PAYOUT_FAILED', { ...data, kind: payout.kind, attempt: payout.attempt, reason: failureReason }, true);
    return refreshReturn(tx, ret);
  }
  if (payout.status === 'ISSUED') return ret;
  let creditBalanceMinor: number | null = null;
  if (o.creditBalance) {
    if (o.creditBalance.currencyCode !== payout.currencyCode) abort('CURRENCY_MISMATCH', `This payout is in ${payout.currencyCode}`, ['creditBalance', 'currencyCode']);
    try {
      creditBalanceMinor = parseAmount(o.creditBalance.amount, payout.currencyCode);
    } catch {
      abort('INVALID_AMOUNT', `Not a valid ${payout.currencyCode} amount`, ['creditBalance', 'amount']);
    }
  }
  await tx.db.update(returnPayouts).set({
    status: 'ISSUED', confirmedAt: tx.now(), failureReason: null, reference: clip(o.reference) ?? payout.reference,
    creditCode: payout.kind === 'STORE_CREDIT' ? clip(o.creditCode) : null, creditBalanceMinor: payout.kind === 'STORE_CREDIT' ? creditBalanceMinor : null, updatedAt: tx.now(),
  }).where(eq(returnPayouts.id, payout.id));
  await appendEvent(tx, ret.id, 'PAYOUT_CONFIRMED', { ...data, kind: payout.kind, attempt: payout.attempt, reference: clip(o.reference) ?? payout.reference }, true);
  return refreshReturn(tx, ret);
}

/** A payout and its return, both locked, when the payout still waits on this attempt; null otherwise. */
async function lockAttempt(tx: ServiceContext, payoutId: string, attempt: number): Promise<{ ret: ReturnRow; payout: PayoutRow } | null> {
  const [ref] = await tx.db.select({ returnId: returnPayouts.returnId }).from(returnPayouts).where(eq(returnPayouts.id, payoutId));
  if (!ref) return null;
  const ret = await lockReturnRow(tx, ref.returnId);
  const payout = (await payoutsOf(tx, ret.id)).find((p) => p.id === payoutId)!;
  return payout.status === 'REQUESTED' && payout.attempt === attempt ? { ret, payout } : null;
}

/**
 * The worker records the merchant's answer to one attempt: CONFIRMED issues, DECLINED fails with the reason, PENDING
 * keeps the reference and waits for a webhook or `confirmRefund`. An answer to an attempt that is no longer the
 * current one (an operator retried meanwhile, or a webhook was faster) changes nothing.
 */
export async function recordPayoutAnswer(
  ctx: ServiceContext, payoutId: string, attempt: number,
  answer: { status: 'CONFIRMED' | 'DECLINED'; reference?: string | null; reason?: string | null; creditCode?: string | null; creditBalance?: { amount: string; currencyCode: string } | null } | { status: 'PENDING'; reference: string | null },
): Promise<Outcome<string>> {
  return runMutation(ctx, async (tx) => {
    const found = await lockAttempt(tx, payoutId, attempt);
    if (!found) return 'STALE';
    if (answer.status === 'PENDING') {
      if (answer.reference) await tx.db.update(returnPayouts).set({ reference: clip(answer.reference), updatedAt: tx.now() }).where(eq(returnPayouts.id, payoutId));
      return 'PENDING';
    }
    await applyOutcome(tx, found.ret, found.payout, { ...answer, outcome: answer.status });
    return answer.status;
  });
}

/** The worker gives up on an attempt (a permanent error, or the last transient one): the payout FAILS with the reason. */
export async function recordPayoutFailure(ctx: ServiceContext, payoutId: string, attempt: number, reason: string): Promise<void> {
  await runMutation(ctx, async (tx) => {
    const found = await lockAttempt(tx, payoutId, attempt);
    if (found) await applyOutcome(tx, found.ret, found.payout, { outcome: 'DECLINED', reason: `merchant call failed: ${reason}` });
  });
}

/** A confirmation from the merchant partner itself (webhook or `confirmRefund`), naming the payout by its global id. */
export interface PaymentConfirmation extends PaymentOutcome { paymentId: string }

/**
 * The merchant that was asked confirms or declines a payout (`refund.*` / `store_credit.*` webhook, or the
 * `confirmRefund` mutation). Repeats are harmless; a confirmation after a failure is accepted (the money did go out),
 * a decline after a confirmation is refused (ALREADY_ISSUED). Another partner's payout is NOT_FOUND.
 */
export async function confirmPayment(ctx: ServiceContext, input: PaymentConfirmation): Promise<Outcome<PayoutRow>> {
  if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (ctx.actor.kind !== 'partner') throw new ForbiddenError('Only the merchant asked to pay confirms a refund');
  const partnerId = ctx.actor.partnerId;
  return runMutation(ctx, async (tx) => {
    const decoded = decodeGlobalId(input.paymentId);
    const kind = (Object.keys(PAYOUT_ID_TYPE) as PayoutKind[]).find((k) => PAYOUT_ID_TYPE[k] === decoded?.type);
    const [ref] = kind ? await tx.db.select({ returnId: returnPayouts.returnId, partnerId: returnPayouts.partnerId, kind: returnPayouts.kind })
      .from(returnPayouts).where(eq(returnPayouts.id, decoded!.id)) : [];
    if (!ref || ref.kind !== kind || ref.partnerId !== partnerId) abort('NOT_FOUND', 'Refund not found', ['refundId']);
    if (input.outcome === 'CONFIRMED' && !clip(input.reference)) abort('REFERENCE_REQUIRED', 'A confirmation carries the merchant\'s reference', ['reference']);
    for (const [field, text] of [['reference', input.reference], ['reason', input.reason], ['creditCode', input.creditCode]] as const) {
      if (text && text.length > PAYMENT_TEXT_MAX) abort('TEXT_TOO_LONG', `${field} has at most ${PAYMENT_TEXT_MAX} characters`, [field]);
    }
    const ret = await lockReturnRow(tx, ref.returnId);
    const payout = (await payoutsOf(tx, ret.id)).find((p) => p.id === decoded!.id)!;
    if (input.outcome === 'DECLINED' && payout.status === 'ISSUED') abort('ALREADY_ISSUED', 'This refund was already confirmed', ['outcome']);
    await applyOutcome(tx, ret, payout, input, { via: 'merchant' });
    return (await tx.db.select().from(returnPayouts).where(eq(returnPayouts.id, payout.id)))[0];
  });
}

function selected(payouts: PayoutRow[], kind: PayoutKind | null | undefined): PayoutRow[] {
  return payouts.filter((p) => !kind || p.kind === kind);
}

/**
 * An operator sends a failed payout again (a new attempt, so a new idempotency key: the merchant declined or refused
 * the last one), or sends one that waited for a merchant once one takes refunds. Nothing to retry is NOT_RETRYABLE,
 * so a second click changes nothing; still no merchant is NO_MERCHANT.
 */
export async function retryRefund(ctx: ServiceContext, returnId: string, kind?: PayoutKind | null): Promise<Outcome<ReturnRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const ret = await lockReturn(tx, returnId);
    const candidates = selected(await payoutsOf(tx, ret.id), kind).filter((p) => p.status === 'FAILED' || (p.status === 'REQUESTED' && !p.partnerId));
    if (candidates.length === 0) abort('NOT_RETRYABLE', 'Nothing to retry: no refund of this return failed or waits for a merchant', ['returnId']);
    let sent = 0;
    for (const payout of candidates) {
      const partnerId = await merchantFor(tx, payout.kind);
      if (!partnerId && payout.status === 'REQUESTED') continue;
      const attempt = payout.status === 'FAILED' ? payout.attempt + 1 : payout.attempt;
      const [updated] = await tx.db.update(returnPayouts).set({ status: 'REQUESTED', attempt, partnerId, failureReason: null, requestedAt: tx.now(), updatedAt: tx.now() })
        .where(eq(returnPayouts.id, payout.id)).returning();
      await sendPayout(tx, updated);
      await appendEvent(tx, ret.id, 'PAYOUT_RETRIED', { kind: payout.kind, attempt, ...(partnerId ? {} : { awaitingMerchant: true }) });
      sent += 1;
    }
    if (sent === 0) abort('NO_MERCHANT', 'No merchant partner takes refunds yet: configure one, or record the refund once paid (recordRefund)', ['returnId']);
    return refreshReturn(tx, ret);
  });
}

/**
 * An operator records payouts made outside Boomerang (no merchant integration, or paid by hand after a failure): each
 * REQUESTED payout with no merchant, or FAILED one, of the kind becomes ISSUED with the operator's reference.
 */
export async function recordRefund(
  ctx: ServiceContext, input: { returnId: string; kind?: PayoutKind | null; reference: string; creditCode?: string | null },
): Promise<Outcome<ReturnRow>> {
  requireStaff(ctx);
  return runMutation(ctx, async (tx) => {
    const ret = await lockReturn(tx, input.returnId);
    if (!input.reference.trim()) abort('REFERENCE_REQUIRED', 'Record the payment system\'s reference of the refund', ['reference']);
    const open = selected(await payoutsOf(tx, ret.id), input.kind).filter((p) => p.status === 'FAILED' || (p.status === 'REQUESTED' && !p.partnerId));
    if (open.length === 0) abort('NOT_RECORDABLE', 'No refund of this return waits to be recorded (it is with a merchant, issued, or not requested yet)', ['returnId']);
    let row = ret;
    for (const payout of open) {
      row = await applyOutcome(tx, row, payout, { outcome: 'CONFIRMED', reference: input.reference, creditCode: input.creditCode ?? null }, { manual: true });
    }
    return row;
  });
}

/** Payouts of returns already checked for visibility, by return id (loader). */
export async function payoutsByReturnIds(ctx: ServiceContext, ids: readonly string[]): Promise<PayoutRow[][]> {
  const rows = ids.length ? await ctx.db.select().from(returnPayouts).where(inArray(returnPayouts.returnId, [...ids])) : [];
  return groupedByIds(ids, rows, (r) => r.returnId);
}

/** What the worker sends the merchant for one payout: the payout with its return, order and customer. */
export async function payoutRequest(ctx: ServiceContext, payoutId: string) {
  const [row] = await ctx.db.select({ payout: returnPayouts, rmaNumber: returns.rmaNumber, orderNumber: orders.orderNumber, customerExternalId: customers.externalId, customerEmail: customers.email })
    .from(returnPayouts).innerJoin(returns, eq(returns.id, returnPayouts.returnId)).innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId)).where(eq(returnPayouts.id, payoutId));
  return row ? { ...row, paymentId: encodeGlobalId(PAYOUT_ID_TYPE[row.payout.kind], row.payout.id), returnGlobalId: encodeGlobalId('Return', row.payout.returnId) } : null;
}
