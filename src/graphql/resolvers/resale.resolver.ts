import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ResaleListingAction } from '../../domain/resale-listing-status';
import {
  changeResaleListing, listResaleListings, recordDisposal, type DisposalRecordRow, type ResaleListingRow,
} from '../../services/next-life/resale.service';
import type { ReturnItemRow } from '../../services/returns/warehouse.service';
import type { GqlContext } from '../context';
import { toConnection } from '../connection';
import { fromCursor, fromGlobalId, toCursor, toGlobalId } from '../ids';
import { Money, money } from '../types/common.types';
import {
  DisposalRecord, RecordDisposalInput, RecordDisposalPayload, ResaleListing, ResaleListingConnection, ResaleListingInput,
  ResaleListingPayload, ResaleListingsArgs, SellResaleListingInput,
} from '../types/resale.types';
import { ReturnEvent, ReturnItem } from '../types/return.types';
import { publicEvent } from './return-fields.resolver';
import { toPayload } from './payload';

const cursorOf = (id: string) => toCursor('l', id);
const cursorId = (cursor: string) => fromCursor('l', cursor);

/** Resale listings and disposals: staff list, reserve, sell, release and withdraw; merchants hear of every change. */
@Resolver(() => ResaleListing)
export class ResaleResolver {
  @Authorized('OPERATOR')
  @Query(() => ResaleListingConnection, {
    description: 'Newest first, staff only.',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async resaleListings(@Args() args: ResaleListingsArgs, @Ctx() ctx: GqlContext) {
    const filter = args.filter ?? {};
    const page = await listResaleListings(ctx.svc, args.first ?? 20, args.after ? cursorId(args.after) : null, {
      status: filter.status, category: filter.category, sku: filter.sku,
    });
    return toConnection(page, (row) => cursorOf(row.id));
  }

  private async change(ctx: GqlContext, listingId: string, action: ResaleListingAction, opts = {}): Promise<ResaleListingPayload> {
    return toPayload(await changeResaleListing(ctx.svc, fromGlobalId('ResaleListing', listingId, 'input.listingId'), action, opts), 'listing');
  }

  @Authorized('OPERATOR')
  @Mutation(() => ResaleListingPayload, { description: 'AVAILABLE → RESERVED.' })
  reserveResaleListing(@Arg('input', { description: 'The listing and why.' }) input: ResaleListingInput, @Ctx() ctx: GqlContext): Promise<ResaleListingPayload> {
    return this.change(ctx, input.listingId, 'RESERVE', { reason: input.reason });
  }

  @Authorized('OPERATOR')
  @Mutation(() => ResaleListingPayload, { description: 'RESERVED → SOLD, at the given price per unit or the list price.' })
  sellResaleListing(@Arg('input', { description: 'The listing and the price per unit.' }) input: SellResaleListingInput, @Ctx() ctx: GqlContext): Promise<ResaleListingPayload> {
    return this.change(ctx, input.listingId, 'SELL', { price: input.price });
  }

  @Authorized('OPERATOR')
  @Mutation(() => ResaleListingPayload, { description: 'RESERVED → AVAILABLE (the reservation is released).' })
  releaseResaleListing(@Arg('input', { description: 'The listing and why.' }) input: ResaleListingInput, @Ctx() ctx: GqlContext): Promise<ResaleListingPayload> {
    return this.change(ctx, input.listingId, 'RELEASE', { reason: input.reason });
  }

  @Authorized('OPERATOR')
  @Mutation(() => ResaleListingPayload, { description: 'AVAILABLE or RESERVED → WITHDRAWN.' })
  withdrawResaleListing(@Arg('input', { description: 'The listing and why.' }) input: ResaleListingInput, @Ctx() ctx: GqlContext): Promise<ResaleListingPayload> {
    return this.change(ctx, input.listingId, 'WITHDRAW', { reason: input.reason });
  }

  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: ResaleListingRow): string {
    return toGlobalId('ResaleListing', row.id);
  }

  @FieldResolver(() => Money, { description: 'List price per unit.' })
  price(@Root() row: ResaleListingRow): Money {
    return money(row.priceMinor, row.currencyCode);
  }

  @FieldResolver(() => Money, { description: 'What the customer paid per unit; the base of the price.' })
  originalUnitPrice(@Root() row: ResaleListingRow): Money {
    return money(row.originalUnitPriceMinor, row.currencyCode);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Price per unit it sold at; null until SOLD.' })
  soldPrice(@Root() row: ResaleListingRow): Money | null {
    return row.soldPriceMinor === null ? null : money(row.soldPriceMinor, row.currencyCode);
  }

  @FieldResolver(() => ReturnItem, { nullable: true, description: 'The return item the units came from; null when the caller may not see it.' })
  returnItem(@Root() row: ResaleListingRow, @Ctx() ctx: GqlContext): Promise<ReturnItemRow | null> {
    return ctx.loaders.returnItems.load(row.returnItemId);
  }

  @FieldResolver(() => [ReturnEvent], { description: 'The listing\'s history, oldest first.' })
  async events(@Root() row: ResaleListingRow, @Ctx() ctx: GqlContext): Promise<ReturnEvent[]> {
    return (await ctx.loaders.eventsByResaleListing.load(row.id)).map(publicEvent);
  }
}

/** DONATE and LIQUIDATE outcomes. */
@Resolver(() => DisposalRecord)
export class DisposalResolver {
  @Authorized('OPERATOR')
  @Mutation(() => RecordDisposalPayload, { description: 'Records the recipient or buyer of a DONATE or LIQUIDATE item and the value recovered (once per item).' })
  async recordDisposal(@Arg('input', { description: 'The item, donation or liquidation, the counterparty and the value recovered.' }) input: RecordDisposalInput, @Ctx() ctx: GqlContext): Promise<RecordDisposalPayload> {
    return toPayload(await recordDisposal(ctx.svc, {
      ...input, returnItemId: fromGlobalId('ReturnItem', input.returnItemId, 'input.returnItemId'),
    }), 'disposal');
  }

  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: DisposalRecordRow): string {
    return toGlobalId('DisposalRecord', row.id);
  }

  @FieldResolver(() => Money, { description: 'Value recovered, in the return\'s currency (zero for a donation).' })
  valueRecovered(@Root() row: DisposalRecordRow): Money {
    return money(row.valueRecoveredMinor, row.currencyCode);
  }

  @FieldResolver(() => ReturnItem, { nullable: true, description: 'The item disposed of; null when the caller may not see it.' })
  returnItem(@Root() row: DisposalRecordRow, @Ctx() ctx: GqlContext): Promise<ReturnItemRow | null> {
    return ctx.loaders.returnItems.load(row.returnItemId);
  }
}
