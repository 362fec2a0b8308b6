import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import { closeMissing, inspectReturnItem, receiveReturn, setDisposition } from '../../services/returns/warehouse.service';
import type { GqlContext } from '../context';
import { fromGlobalId } from '../ids';
import { CloseMissingItemsPayload, InspectReturnItemPayload, ReceiveReturnPayload, SetDispositionPayload } from '../types/payloads';
import { CloseMissingItemsInput, InspectReturnItemInput, ReceiveReturnInput, SetDispositionInput } from '../types/return.inputs';
import { freshReturn } from '../read-snapshot';
import { toPayload } from './payload';

/** Warehouse work: receive, close what never came, inspect, decide each unit's next life. */
@Resolver()
export class WarehouseResolver {
  @Authorized('OPERATOR')
  @Mutation(() => ReceiveReturnPayload, { description: 'Records received units (partial allowed; walk-ins from APPROVED). Never more than requested.' })
  async receiveReturn(@Arg('input', { description: 'The return and the units counted per item.' }) input: ReceiveReturnInput, @Ctx() ctx: GqlContext, @Info() info: GraphQLResolveInfo): Promise<ReceiveReturnPayload> {
    const items = input.items.map((i, n) => ({ returnItemId: fromGlobalId('ReturnItem', i.returnItemId, `input.items.${n}.returnItemId`), quantity: i.quantity }));
    return toPayload(await freshReturn(ctx, info, await receiveReturn(ctx.svc, fromGlobalId('Return', input.returnId, 'input.returnId'), items, input.packagingReusable)), 'return');
  }

  @Authorized('OPERATOR')
  @Mutation(() => CloseMissingItemsPayload, { description: 'Closes units still outstanding on a received return as missing (not refunded).' })
  async closeMissingItems(@Arg('input', { description: 'The received return whose outstanding units are missing.' }) input: CloseMissingItemsInput, @Ctx() ctx: GqlContext, @Info() info: GraphQLResolveInfo): Promise<CloseMissingItemsPayload> {
    return toPayload(await freshReturn(ctx, info, await closeMissing(ctx.svc, fromGlobalId('Return', input.returnId, 'input.returnId'))), 'return');
  }

  @Authorized('OPERATOR')
  @Mutation(() => InspectReturnItemPayload, { description: 'Grades a received item (or `units` of its received units, split off into a new item); the payload carries the graded item and its recommended disposition.' })
  async inspectReturnItem(@Arg('input', { description: 'The item, its grade and notes, and optionally how many of its units.' }) input: InspectReturnItemInput, @Ctx() ctx: GqlContext): Promise<InspectReturnItemPayload> {
    const itemId = fromGlobalId('ReturnItem', input.returnItemId, 'input.returnItemId');
    return toPayload(await inspectReturnItem(ctx.svc, itemId, input.grade, input.notes, input.units, { cosmeticGrade: input.cosmeticGrade, functionalGrade: input.functionalGrade }), 'item');
  }

  @Authorized('OPERATOR')
  @Mutation(() => SetDispositionPayload, { description: 'Accepts or overrides (with a reason) the recommendation. REFURBISH on an item of several units gives each unit an item and a refurbishment job of its own. The last decision completes the return and issues the refund. A change takes the units out of a refurbishment job, recycling lot or VRA not yet dispatched; once dispatched it is refused (ALREADY_DISPATCHED, or DISPATCH_PENDING while being handed over).' })
  async setDisposition(@Arg('input', { description: 'The item, its disposition and (for an override) the reason.' }) input: SetDispositionInput, @Ctx() ctx: GqlContext): Promise<SetDispositionPayload> {
    return toPayload(await setDisposition(ctx.svc, fromGlobalId('ReturnItem', input.returnItemId, 'input.returnItemId'), input.disposition, input.reason), 'item');
  }
}
