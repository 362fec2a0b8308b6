import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isDataBearing } from '../../domain/refurbishment-status';
import type { PartnerRow } from '../../services/partners/partner.service';
import type { RecyclingLotUnitRow } from '../../services/next-life/recycling-lot.service';
import {
  dispatchRecyclingLot, listRecyclingLots, reportRecyclingLot, reviewRecyclingLot, type RecyclingLotRow,
} from '../../services/next-life/recycling.service';
import type { ReturnItemRow } from '../../services/returns/warehouse.service';
import type { GqlContext } from '../context';
import { toConnection } from '../connection';
import { fromCursor, fromGlobalId, toCursor, toGlobalId } from '../ids';
import { Partner } from '../types/partner.types';
import {
  DispatchRecyclingLotInput, DispatchRecyclingLotPayload, MaterialWeight, RecyclingLot, RecyclingLotConnection, RecyclingLotUnit,
  RecyclingLotsArgs, ReportRecyclingLotInput, ReportRecyclingLotPayload, ReviewRecyclingLotInput, ReviewRecyclingLotPayload,
} from '../types/recycling.types';
import { ReturnEvent, ReturnItem } from '../types/return.types';
import { publicEvent } from './return-fields.resolver';
import { toPayload } from './payload';

const cursorOf = (id: string) => toCursor('l', id);
const cursorId = (cursor: string) => fromCursor('l', cursor);

/** Recycling lots: recyclers report on their own, operators dispatch, review and watch all. */
@Resolver(() => RecyclingLot)
export class RecyclingResolver {
  @Authorized('OPERATOR', 'PARTNER')
  @Query(() => RecyclingLotConnection, {
    description: 'Newest first. Operators see every lot; a recycler\'s API key only its own.',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async recyclingLots(@Args() args: RecyclingLotsArgs, @Ctx() ctx: GqlContext) {
    const filter = args.filter ?? {};
    const page = await listRecyclingLots(ctx.svc, args.first ?? 20, args.after ? cursorId(args.after) : null, {
      status: filter.status, materialStream: filter.materialStream,
      partnerId: filter.partnerId ? fromGlobalId('Partner', filter.partnerId, 'filter.partnerId') : null,
    });
    return toConnection(page, (row) => cursorOf(row.id));
  }

  @Authorized('PARTNER')
  @Mutation(() => ReportRecyclingLotPayload, { description: 'A recycler reports the outcome of one of its own lots (API key); the report is checked.' })
  async reportRecyclingLot(@Arg('input', { description: 'The lot, the certificate number and the material fractions.' }) input: ReportRecyclingLotInput, @Ctx() ctx: GqlContext): Promise<ReportRecyclingLotPayload> {
    return toPayload(await reportRecyclingLot(ctx.svc, { ...input, lotId: fromGlobalId('RecyclingLot', input.lotId, 'input.lotId') }), 'lot');
  }

  @Authorized('OPERATOR')
  @Mutation(() => DispatchRecyclingLotPayload, { description: 'Closes an OPEN lot for filling and hands it to its recycler.' })
  async dispatchRecyclingLot(@Arg('input', { description: 'The lot to dispatch.' }) input: DispatchRecyclingLotInput, @Ctx() ctx: GqlContext): Promise<DispatchRecyclingLotPayload> {
    return toPayload(await dispatchRecyclingLot(ctx.svc, fromGlobalId('RecyclingLot', input.lotId, 'input.lotId')), 'lot');
  }

  @Authorized('OPERATOR')
  @Mutation(() => ReviewRecyclingLotPayload, { description: 'Accepts a flagged report (the lot closes) or sends it back to the recycler.' })
  async reviewRecyclingLot(@Arg('input', { description: 'The lot, accept or not, and a note.' }) input: ReviewRecyclingLotInput, @Ctx() ctx: GqlContext): Promise<ReviewRecyclingLotPayload> {
    return toPayload(await reviewRecyclingLot(ctx.svc, fromGlobalId('RecyclingLot', input.lotId, 'input.lotId'), input.accept, input.note), 'lot');
  }

  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: RecyclingLotRow): string {
    return toGlobalId('RecyclingLot', row.id);
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The recycler; null while none handles the lot\'s categories.' })
  async partner(@Root() row: RecyclingLotRow, @Ctx() ctx: GqlContext): Promise<PartnerRow | null> {
    return row.partnerId ? ctx.loaders.refurbishers.load(row.partnerId) : null;
  }

  @FieldResolver(() => [MaterialWeight], { description: 'The last report\'s fractions.' })
  async materials(@Root() row: RecyclingLotRow, @Ctx() ctx: GqlContext): Promise<MaterialWeight[]> {
    return ctx.loaders.materialsByRecyclingLot.load(row.id);
  }

  @FieldResolver(() => [RecyclingLotUnit], { description: 'The units in the lot, one entry per return item.' })
  async units(@Root() row: RecyclingLotRow, @Ctx() ctx: GqlContext): Promise<RecyclingLotUnitRow[]> {
    return ctx.loaders.unitsByRecyclingLot.load(row.id);
  }

  @FieldResolver(() => Boolean, { description: 'True when the lot holds data-bearing devices (a data-destruction certificate is required).' })
  async dataBearing(@Root() row: RecyclingLotRow, @Ctx() ctx: GqlContext): Promise<boolean> {
    return (await ctx.loaders.unitsByRecyclingLot.load(row.id)).some((u) => isDataBearing(u.category));
  }

  @FieldResolver(() => [ReturnEvent], { description: 'The lot\'s history, oldest first (dispatch, report, review).' })
  async events(@Root() row: RecyclingLotRow, @Ctx() ctx: GqlContext): Promise<ReturnEvent[]> {
    return (await ctx.loaders.eventsByRecyclingLot.load(row.id)).map(publicEvent);
  }
}

/** A lot unit's return item: operators only (a recycler sees SKU, category, units and weight). */
@Resolver(() => RecyclingLotUnit)
export class RecyclingLotUnitResolver {
  @FieldResolver(() => ReturnItem, { nullable: true, description: 'The return item the units came from; null when the caller may not see it.' })
  returnItem(@Root() row: RecyclingLotUnitRow, @Ctx() ctx: GqlContext): Promise<ReturnItemRow | null> {
    return ctx.loaders.returnItems.load(row.returnItemId);
  }
}
