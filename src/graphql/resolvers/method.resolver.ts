import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DropOffLocationType } from '../../db/schema';
import { BadInputError } from '../../services/errors';
import { nearbyLocations, upsertDropOffLocations, type LocationRow } from '../../services/methods/location.service';
import { returnMethodOptions, selectReturnMethod } from '../../services/methods/return-method-booking.service';
import type { BookingRow, MethodOption } from '../../services/methods/return-method.service';
import type { ReturnRow } from '../../services/returns/return-transition';
import type { GqlContext } from '../context';
import { fromGlobalId, toGlobalId } from '../ids';
import { money } from '../types/common.types';
import { DropOffLocationTypeEnum } from '../types/enums';
import {
  DropOffLocation, GeoPointInput, ReturnMethod, ReturnMethodOption, SelectReturnMethodInput, SelectReturnMethodPayload,
  UpsertDropOffLocationsInput, UpsertDropOffLocationsPayload,
} from '../types/method.types';
import { Partner } from '../types/partner.types';
import { Return } from '../types/return.types';
import { freshReturn } from '../read-snapshot';
import { toPayload } from './payload';

/** Return methods: quoting, choosing, and the locations partners publish. */
@Resolver(() => ReturnMethodOption)
export class ReturnMethodResolver {
  @Authorized()
  @Query(() => [ReturnMethodOption], { description: 'How an APPROVED return can travel back (empty in other statuses).' })
  async returnMethodOptions(
    @Arg('returnId', () => ID, { description: 'Id of the APPROVED return (Return.id).' }) returnId: string,
    @Arg('near', () => GeoPointInput, { nullable: true, description: 'Where the customer is, to list the nearest locations; left out, near the order\'s shipping address.' }) near: GeoPointInput | null,
    @Ctx() ctx: GqlContext,
  ) {
    const options = await returnMethodOptions(ctx.svc, fromGlobalId('Return', returnId, 'returnId'), near ?? null);
    return options.map((o: MethodOption) => ({
      id: o.id, type: o.type, fee: money(o.feeMinor, o.currencyCode), co2eKg: o.co2eKg, refundTiming: o.refundTiming, carrier: o.carrier,
      locations: o.locations, pickupWindows: o.pickupWindows.map((w) => ({ start: new Date(w.start), end: new Date(w.end) })),
    }));
  }

  @Authorized()
  @Query(() => [DropOffLocation], { description: 'Lockers, stores and carrier points within radiusKm (default 10, max 100), nearest first.' })
  dropOffLocations(
    @Arg('near', () => GeoPointInput, { description: 'The point to search around.' }) near: GeoPointInput,
    @Arg('radiusKm', () => Float, { nullable: true, description: 'Search radius in kilometres, up to 100 (default 10).' }) radiusKm: number | null,
    @Arg('types', () => [DropOffLocationTypeEnum], { nullable: true, description: 'Only these kinds of location; left out, all.' }) types: DropOffLocationType[] | null,
    @Arg('first', () => Int, { nullable: true, description: 'Most locations returned, nearest first (default 20).' }) first: number | null,
    @Ctx() ctx: GqlContext,
  ) {
    const radius = radiusKm ?? 10;
    if (!(radius > 0 && radius <= 100)) throw new BadInputError('radiusKm must be between 0 and 100', ['radiusKm']);
    const limit = first ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new BadInputError('first must be between 1 and 100', ['first']);
    return nearbyLocations(ctx.svc, near, radius, types, limit);
  }

  @Authorized('CUSTOMER', 'OPERATOR')
  @Mutation(() => SelectReturnMethodPayload, { description: 'Books the chosen option; the partner booking completes in the background (Return.method.status).' })
  async selectReturnMethod(@Arg('input', { description: 'The return, the chosen option and, for LOCKER or HOME_PICKUP, the locker or window.' }) input: SelectReturnMethodInput, @Ctx() ctx: GqlContext, @Info() info: GraphQLResolveInfo): Promise<SelectReturnMethodPayload> {
    const outcome = await selectReturnMethod(ctx.svc, {
      returnId: fromGlobalId('Return', input.returnId, 'input.returnId'),
      optionId: input.optionId,
      locationId: input.locationId ? fromGlobalId('DropOffLocation', input.locationId, 'input.locationId') : null,
      pickupWindow: input.pickupWindow ? { start: input.pickupWindow.start.toISOString(), end: input.pickupWindow.end.toISOString() } : null,
    });
    return toPayload(await freshReturn(ctx, info, outcome), 'return');
  }

  @Authorized('ADMIN', 'PARTNER')
  @Mutation(() => UpsertDropOffLocationsPayload, { description: 'Creates or updates a partner\'s locations by externalId (admin, or the partner\'s own API key).' })
  async upsertDropOffLocations(@Arg('input', { description: 'The partner and its locations.' }) input: UpsertDropOffLocationsInput, @Ctx() ctx: GqlContext): Promise<UpsertDropOffLocationsPayload> {
    const outcome = await upsertDropOffLocations(ctx.svc, fromGlobalId('Partner', input.partnerId, 'input.partnerId'), input.locations);
    if (!outcome.ok) return { locations: [], userErrors: outcome.userErrors };
    return { locations: outcome.value.map((l) => ({ ...l, distanceKm: null })) as unknown as DropOffLocation[], userErrors: [] };
  }
}

// distanceKm is the row's own property (a search's rows carry it; others have none, which GraphQL answers as null).
@Resolver(() => DropOffLocation)
export class DropOffLocationResolver {
  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: LocationRow): string {
    return toGlobalId('DropOffLocation', row.id);
  }

  @FieldResolver(() => Partner, { nullable: true })
  partner(@Root() row: LocationRow, @Ctx() ctx: GqlContext) {
    return ctx.loaders.partners.load(row.partnerId);
  }
}

/** Return.method: the newest booking, with the partner's artefact. */
@Resolver(() => Return)
export class ReturnMethodFieldResolver {
  @FieldResolver(() => ReturnMethod, { nullable: true, description: 'The return method chosen and what the partner issued for it (label, code, QR, location or pickup window); null until a method is chosen.' })
  async method(@Root() row: ReturnRow, @Ctx() ctx: GqlContext): Promise<ReturnMethod | null> {
    const b: BookingRow | null = await ctx.loaders.bookingsByReturn.load(row.id);
    if (!b) return null;
    const a = b.artefact;
    const location = b.option.locationId ? await ctx.loaders.locations.load(b.option.locationId) : null;
    return {
      type: b.type, status: b.status,
      label: a.trackingNumber && b.type === 'CARRIER_DROP_OFF' ? { carrier: a.carrier ?? '', trackingNumber: a.trackingNumber, labelUrl: a.labelUrl ?? null, labelZplUrl: a.labelZplUrl ?? null, qrCode: a.qrCode ?? null } : null,
      dropOffCode: a.dropOffCode ?? null, qrCode: a.qrCode ?? null, reference: a.reference ?? a.confirmationNumber ?? null,
      location: location as unknown as DropOffLocation | null,
      pickupWindow: (a.pickupWindow ?? b.option.window) ? { start: new Date((a.pickupWindow ?? b.option.window)!.start), end: new Date((a.pickupWindow ?? b.option.window)!.end) } : null,
      expiresAt: b.expiresAt, fee: money(b.feeMinor, row.currencyCode), co2eKg: b.co2eKg, failureReason: b.status === 'FAILED' ? 'The partner could not book this method; please choose another option.' : null,
    };
  }
}
