import { eq } from 'drizzle-orm';
import { adapterFor } from '../../../integrations/registry';
import { PermanentPartnerError } from '../../../integrations/errors';
import { vendorReturnAuthorizations, vendorReturnUnits } from '../../db/schema';
import { encodeGlobalId } from '../../domain/ids';
import { formatAmount } from '../../domain/money';
import { runMutation } from '../../services/context';
import { appendVendorReturnEvent } from '../../services/vendor-return.service';
import type { JobHandler } from './types';

/**
 * `vendor-return.dispatch`: hands a vendor return authorization to its vendor (`POST authorizations`, idempotency key:
 * the integration job id), then marks it DISPATCHED with the vendor's RMA reference. A permanent refusal, or the last
 * failed attempt, leaves it OPEN (closed for filling) with a DISPATCH_FAILED event, so an operator can dispatch again.
 */
export const vendorReturnDispatchHandler: JobHandler = async ({ db, job, partner, ctx, finalAttempt }) => {
  const vraId = job.payload.vendorReturnAuthorizationId as string;
  const [vra] = await db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.id, vraId));
  if (!vra || vra.partnerId !== partner.id || vra.status !== 'OPEN' || !vra.dispatchRequestedAt) return { skipped: true, status: vra?.status ?? 'MISSING' };
  const units = await db.select().from(vendorReturnUnits).where(eq(vendorReturnUnits.authorizationId, vraId));
  const money = (minor: number) => ({ amount: formatAmount(minor, vra.currencyCode), currencyCode: vra.currencyCode });
  let vendorReference: string;
  try {
    ({ vendorReference } = await adapterFor('VENDOR', partner.adapter).dispatchAuthorization(partner, {
      authorizationId: encodeGlobalId('VendorReturnAuthorization', vraId), supplier: vra.supplier, expectedCredit: money(vra.expectedCreditMinor),
      units: units.map((u) => ({ sku: u.sku, units: u.units, unitValue: money(u.unitValueMinor), expectedCredit: money(u.expectedCreditMinor) })),
      from: ctx.config.warehouseAddress,
    }, job.id));
  } catch (e) {
    if (e instanceof PermanentPartnerError || finalAttempt) {
      await runMutation(ctx, async (tx) => {
        const [current] = await tx.db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.id, vraId)).for('update');
        if (current?.status !== 'OPEN' || !current.dispatchRequestedAt) return;
        await tx.db.update(vendorReturnAuthorizations).set({ dispatchRequestedAt: null, version: current.version + 1, updatedAt: tx.now() })
          .where(eq(vendorReturnAuthorizations.id, vraId));
        await appendVendorReturnEvent(tx, vraId, 'DISPATCH_FAILED', { partnerId: partner.id, reason: (e as Error).message.slice(0, 300) }, true);
      });
    }
    throw e;
  }
  const outcome = await runMutation(ctx, async (tx) => {
    const [current] = await tx.db.select().from(vendorReturnAuthorizations).where(eq(vendorReturnAuthorizations.id, vraId)).for('update');
    if (current?.status !== 'OPEN' || current.partnerId !== partner.id) return 'STALE';
    await tx.db.update(vendorReturnAuthorizations).set({ status: 'DISPATCHED', vendorReference, dispatchedAt: tx.now(), version: current.version + 1, updatedAt: tx.now() })
      .where(eq(vendorReturnAuthorizations.id, vraId));
    await appendVendorReturnEvent(tx, vraId, 'DISPATCHED', { partnerId: partner.id, vendorReference }, true);
    return 'DISPATCHED';
  });
  if (!outcome.ok) throw new Error(`dispatch could not be recorded: ${outcome.userErrors.map((u) => u.code).join(', ')}`);
  return { status: outcome.value, vendorReference };
};
