import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { approveReturn, cancelReturn, rejectReturn, requestReturn } from '../../services/returns/return.service';
import { listReturns, returnByRma, returnByScan } from '../../services/returns/return-query.service';
import type { ReturnRow } from '../../services/returns/return-transition';
import { BadInputError } from '../../services/errors';
import type { GqlContext } from '../context';
import { toConnection } from '../connection';
import { keepPrefetched } from '../loaders';
import { fromCursor, fromGlobalId, toCursor } from '../ids';
import { ApproveReturnPayload, CancelReturnPayload, RejectReturnPayload, RequestReturnPayload } from '../types/payloads';
import { ApproveReturnInput, CancelReturnInput, RejectReturnInput, RequestReturnInput, ReturnsArgs } from '../types/return.inputs';
import { Return, ReturnConnection } from '../types/return.types';
import { freshReturn, pageColumns, pageSelectsItems } from '../read-snapshot';
import { toPayload } from './payload';

const encodeCursor = (id: string) => toCursor('r', id);
const decodeCursor = (cursor: string) => fromCursor('r', cursor);

/** Customers' and operators' operations on returns: request, list, look up, approve, reject, cancel. */
@Resolver(() => Return)
export class ReturnResolver {
  @Authorized()
  @Query(() => ReturnConnection, {
    description: 'Newest first. Customers see only their own returns; operators filter by status, dates, RMA, customer, order number.',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async returns(@Args() args: ReturnsArgs, @Ctx() ctx: GqlContext, @Info() info: GraphQLResolveInfo) {
    const filter = args.filter ?? {};
    // An explicit `first: null` means "not given", as in Relay: the default page, not an empty one.
    const columns = pageColumns(info);
    const page = await listReturns(ctx.svc, args.first ?? 20, args.after ? decodeCursor(args.after) : null, {
      ...filter,
      customerId: filter.customerId ? fromGlobalId('Customer', filter.customerId, 'filter.customerId') : null,
    }, { withItems: pageSelectsItems(info), columns });
    // Items and order lines read with the page answer `Return.items` and `ReturnItem.orderLine`; whole rows also wait in
    // the request's loaders for any other field that reads them (partial rows are read only when no such field is asked).
    if (page.withItems) keepPrefetched(ctx, page.withItems.items, page.withItems.lines, columns === null);
    return { ...toConnection(page, (row) => encodeCursor(row.id)), total: page.total };
  }

  @Authorized()
  @Query(() => Return, { nullable: true, description: 'The return with this RMA number, for the dock scanner or a customer\'s lookup; null when there is none or the caller may not see it.' })
  returnByRma(@Arg('rmaNumber', { description: 'The RMA number, e.g. "RMA-00100001".' }) rmaNumber: string, @Ctx() ctx: GqlContext): Promise<ReturnRow | null> {
    if (rmaNumber.length > 40) throw new BadInputError('rmaNumber: too long', ['rmaNumber']);
    return returnByRma(ctx.svc, rmaNumber);
  }

  @Authorized('OPERATOR')
  @Query(() => Return, {
    nullable: true,
    description: 'Staff: the return a parcel belongs to, by the code scanned or typed at the dock: its RMA number, a tracking number, '
      + 'a locker drop-off code or reservation, a store drop-off reference or a pickup confirmation. Null when nothing matches.',
  })
  returnByScan(
    @Arg('code', { description: 'The scanned or typed code, as printed (surrounding spaces are ignored); at most 100 characters.' }) code: string,
    @Ctx() ctx: GqlContext,
  ): Promise<ReturnRow | null> {
    if (code.length > 100) throw new BadInputError('code: too long', ['code']);
    return returnByScan(ctx.svc, code);
  }

  @Authorized('CUSTOMER', 'OPERATOR')
  @Mutation(() => RequestReturnPayload, { description: 'A customer (or guest, or staff for them) asks to return lines of one order; the payload carries the new return with its refund quote. Approved at once when the policy auto-approves it.' })
  async requestReturn(@Arg('input', { description: 'The order, the lines with quantities and reasons, and an optional idempotencyKey.' }) input: RequestReturnInput, @Ctx() ctx: GqlContext, @Info() info: GraphQLResolveInfo): Promise<RequestReturnPayload> {
    const outcome = await requestReturn(ctx.svc, {
      orderId: fromGlobalId('Order', input.orderId, 'input.orderId'),
      idempotencyKey: input.idempotencyKey,
      items: input.items.map((item, i) => ({ ...item, orderLineId: fromGlobalId('OrderLine', item.orderLineId, `input.items.${i}.orderLineId`) })),
    });
    return toPayload(await freshReturn(ctx, info, outcome), 'return');
  }

  @Authorized('CUSTOMER', 'OPERATOR')
  @Mutation(() => CancelReturnPayload, { description: 'Until the return ships (REQUESTED, APPROVED, AWAITING_DROP_OFF).' })
  async cancelReturn(@Arg('input', { description: 'The return to cancel and why.' }) input: CancelReturnInput, @Ctx() ctx: GqlContext, @Info() info: GraphQLResolveInfo): Promise<CancelReturnPayload> {
    return toPayload(await freshReturn(ctx, info, await cancelReturn(ctx.svc, fromGlobalId('Return', input.returnId, 'input.returnId'), input.reason)), 'return');
  }

  @Authorized('OPERATOR')
  @Mutation(() => ApproveReturnPayload, { description: 'Staff approve a REQUESTED return; the customer can then choose a return method.' })
  async approveReturn(@Arg('input', { description: 'The return to approve.' }) input: ApproveReturnInput, @Ctx() ctx: GqlContext, @Info() info: GraphQLResolveInfo): Promise<ApproveReturnPayload> {
    return toPayload(await freshReturn(ctx, info, await approveReturn(ctx.svc, fromGlobalId('Return', input.returnId, 'input.returnId'))), 'return');
  }

  @Authorized('OPERATOR')
  @Mutation(() => RejectReturnPayload, { description: 'Staff reject a REQUESTED return with a reason the customer sees.' })
  async rejectReturn(@Arg('input', { description: 'The return to reject and why.' }) input: RejectReturnInput, @Ctx() ctx: GqlContext, @Info() info: GraphQLResolveInfo): Promise<RejectReturnPayload> {
    return toPayload(await freshReturn(ctx, info, await rejectReturn(ctx.svc, fromGlobalId('Return', input.returnId, 'input.returnId'), input.reason)), 'return');
  }
}

/** `totalCount` runs its count query only when a client asks for it. */
@Resolver(() => ReturnConnection)
export class ReturnConnectionResolver {
  @FieldResolver(() => Int)
  totalCount(@Root() connection: { total: () => Promise<number> }): Promise<number> {
    return connection.total();
  }
}
