import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { PartnerRow } from '../../services/partners/partner.service';
import {
  confirmVendorCredit, dispatchVendorReturn, listVendorReturns, type VendorReturnRow, type VendorReturnUnitRow,
} from '../../services/next-life/vendor-return.service';
import type { ReturnItemRow } from '../../services/returns/warehouse.service';
import type { GqlContext } from '../context';
import { toConnection } from '../connection';
import { fromCursor, fromGlobalId, toCursor, toGlobalId } from '../ids';
import { Money, money } from '../types/common.types';
import { Partner } from '../types/partner.types';
import { ReturnEvent, ReturnItem } from '../types/return.types';
import {
  ConfirmVendorCreditInput, ConfirmVendorCreditPayload, DispatchVendorReturnInput, DispatchVendorReturnPayload, VendorReturnAuthorization,
  VendorReturnAuthorizationConnection, VendorReturnAuthorizationsArgs, VendorReturnUnit,
} from '../types/vendor-return.types';
import { publicEvent } from './return-fields.resolver';
import { toPayload } from './payload';

const cursorOf = (id: string) => toCursor('v', id);
const cursorId = (cursor: string) => fromCursor('v', cursor);

/** Vendor return authorizations: operators dispatch and watch all; a vendor sees and confirms the credit of its own. */
@Resolver(() => VendorReturnAuthorization)
export class VendorReturnResolver {
  @Authorized('OPERATOR', 'PARTNER')
  @Query(() => VendorReturnAuthorizationConnection, {
    description: 'Newest first. Operators see every authorization; a vendor\'s API key only its own.',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async vendorReturnAuthorizations(@Args() args: VendorReturnAuthorizationsArgs, @Ctx() ctx: GqlContext) {
    const filter = args.filter ?? {};
    const page = await listVendorReturns(ctx.svc, args.first ?? 20, args.after ? cursorId(args.after) : null, {
      status: filter.status, supplier: filter.supplier,
      partnerId: filter.partnerId ? fromGlobalId('Partner', filter.partnerId, 'filter.partnerId') : null,
    });
    return toConnection(page, (row) => cursorOf(row.id));
  }

  @Authorized('OPERATOR')
  @Mutation(() => DispatchVendorReturnPayload, { description: 'Closes an OPEN authorization for filling and hands it to its vendor.' })
  async dispatchVendorReturn(@Arg('input', { description: 'The authorization to dispatch.' }) input: DispatchVendorReturnInput, @Ctx() ctx: GqlContext): Promise<DispatchVendorReturnPayload> {
    return toPayload(await dispatchVendorReturn(ctx.svc, fromGlobalId('VendorReturnAuthorization', input.authorizationId, 'input.authorizationId')), 'authorization');
  }

  @Authorized('PARTNER')
  @Mutation(() => ConfirmVendorCreditPayload, { description: 'A vendor confirms the credit for one of its own dispatched authorizations (API key); it closes.' })
  async confirmVendorCredit(@Arg('input', { description: 'The authorization, the vendor\'s credit reference and the amount credited.' }) input: ConfirmVendorCreditInput, @Ctx() ctx: GqlContext): Promise<ConfirmVendorCreditPayload> {
    return toPayload(await confirmVendorCredit(ctx.svc, {
      ...input, authorizationId: fromGlobalId('VendorReturnAuthorization', input.authorizationId, 'input.authorizationId'),
    }), 'authorization');
  }

  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: VendorReturnRow): string {
    return toGlobalId('VendorReturnAuthorization', row.id);
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The vendor; null while none takes returns for the supplier.' })
  async partner(@Root() row: VendorReturnRow, @Ctx() ctx: GqlContext): Promise<PartnerRow | null> {
    return row.partnerId ? ctx.loaders.refurbishers.load(row.partnerId) : null;
  }

  @FieldResolver(() => Money, { description: 'Sum over the units of units × unit value × the RTV credit fraction (docs/dispositions.md).' })
  expectedCredit(@Root() row: VendorReturnRow): Money {
    return money(row.expectedCreditMinor, row.currencyCode);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'What the vendor credited; null until CLOSED.' })
  creditedAmount(@Root() row: VendorReturnRow): Money | null {
    return row.creditedMinor === null ? null : money(row.creditedMinor, row.currencyCode);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'creditedAmount − expectedCredit (negative when the vendor credited less); null until CLOSED.' })
  creditDifference(@Root() row: VendorReturnRow): Money | null {
    return row.creditDifferenceMinor === null ? null : money(row.creditDifferenceMinor, row.currencyCode);
  }

  @FieldResolver(() => [VendorReturnUnit], { description: 'The units in the authorization, one entry per return item.' })
  async units(@Root() row: VendorReturnRow, @Ctx() ctx: GqlContext): Promise<Array<VendorReturnUnitRow & { currencyCode: string }>> {
    return (await ctx.loaders.unitsByVendorReturn.load(row.id)).map((u) => ({ ...u, currencyCode: row.currencyCode }));
  }

  @FieldResolver(() => [ReturnEvent], { description: 'The authorization\'s history, oldest first (dispatch, acknowledgement, credit).' })
  async events(@Root() row: VendorReturnRow, @Ctx() ctx: GqlContext): Promise<ReturnEvent[]> {
    return (await ctx.loaders.eventsByVendorReturn.load(row.id)).map(publicEvent);
  }
}

type UnitWithCurrency = VendorReturnUnitRow & { currencyCode: string };

/** A VRA unit's money and return item (the item for operators only: a vendor sees SKU, units and values). */
@Resolver(() => VendorReturnUnit)
export class VendorReturnUnitResolver {
  @FieldResolver(() => Money, { description: 'What the customer paid per unit.' })
  unitValue(@Root() row: UnitWithCurrency): Money {
    return money(row.unitValueMinor, row.currencyCode);
  }

  @FieldResolver(() => Money, { description: 'units × unit value × the RTV credit fraction.' })
  expectedCredit(@Root() row: UnitWithCurrency): Money {
    return money(row.expectedCreditMinor, row.currencyCode);
  }

  @FieldResolver(() => ReturnItem, { nullable: true, description: 'The return item the units came from; null when the caller may not see it.' })
  returnItem(@Root() row: UnitWithCurrency, @Ctx() ctx: GqlContext): Promise<ReturnItemRow | null> {
    return ctx.loaders.returnItems.load(row.returnItemId);
  }
}
