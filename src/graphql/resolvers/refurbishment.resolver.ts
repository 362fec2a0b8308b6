import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { PartnerRow } from '../../services/partners/partner.service';
import {
  decideRefurbishment, listRefurbishmentJobs, refurbishmentItem, updateRefurbishmentJob, type RefurbishmentJobRow,
} from '../../services/next-life/refurbishment.service';
import type { ReturnItemRow } from '../../services/returns/warehouse.service';
import type { GqlContext } from '../context';
import { toConnection } from '../connection';
import { fromCursor, fromGlobalId, toCursor, toGlobalId } from '../ids';
import { Money, money } from '../types/common.types';
import { Partner } from '../types/partner.types';
import {
  DecideRefurbishmentInput, DecideRefurbishmentPayload, RefurbishmentJob, RefurbishmentJobConnection, RefurbishmentJobsArgs,
  UpdateRefurbishmentJobInput, UpdateRefurbishmentJobPayload,
} from '../types/refurbishment.types';
import { ReturnEvent, ReturnItem } from '../types/return.types';
import { publicEvent } from './return-fields.resolver';
import { toPayload } from './payload';

const cursorOf = (id: string) => toCursor('f', id);
const cursorId = (cursor: string) => fromCursor('f', cursor);

/** Refurbishment jobs: vendors report on their own, operators decide and watch all. */
@Resolver(() => RefurbishmentJob)
export class RefurbishmentResolver {
  @Authorized('OPERATOR', 'PARTNER')
  @Query(() => RefurbishmentJobConnection, {
    description: 'Newest first. Operators see every job; a refurbisher\'s API key only its own.',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async refurbishmentJobs(@Args() args: RefurbishmentJobsArgs, @Ctx() ctx: GqlContext) {
    const filter = args.filter ?? {};
    const page = await listRefurbishmentJobs(ctx.svc, args.first ?? 20, args.after ? cursorId(args.after) : null, {
      status: filter.status, overdue: filter.overdue,
      partnerId: filter.partnerId ? fromGlobalId('Partner', filter.partnerId, 'filter.partnerId') : null,
      returnItemId: filter.returnItemId ? fromGlobalId('ReturnItem', filter.returnItemId, 'filter.returnItemId') : null,
    });
    return toConnection(page, (row) => cursorOf(row.id));
  }

  @Authorized('PARTNER')
  @Mutation(() => UpdateRefurbishmentJobPayload, { description: 'A refurbisher reports progress on one of its own jobs (API key).' })
  async updateRefurbishmentJob(@Arg('input', { description: 'The job, the new status and what that status needs (quote, grades, cost).' }) input: UpdateRefurbishmentJobInput, @Ctx() ctx: GqlContext): Promise<UpdateRefurbishmentJobPayload> {
    return toPayload(await updateRefurbishmentJob(ctx.svc, { ...input, jobId: fromGlobalId('RefurbishmentJob', input.jobId, 'input.jobId') }), 'job');
  }

  @Authorized('OPERATOR')
  @Mutation(() => DecideRefurbishmentPayload, { description: 'Decides a diagnosed job whose quote is above the policy\'s auto-approve limit.' })
  async decideRefurbishment(@Arg('input', { description: 'The job, the decision and why.' }) input: DecideRefurbishmentInput, @Ctx() ctx: GqlContext): Promise<DecideRefurbishmentPayload> {
    return toPayload(await decideRefurbishment(ctx.svc, fromGlobalId('RefurbishmentJob', input.jobId, 'input.jobId'), input.decision, input.reason), 'job');
  }

  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: RefurbishmentJobRow): string {
    return toGlobalId('RefurbishmentJob', row.id);
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The vendor it is routed to; null while none is available.' })
  async partner(@Root() row: RefurbishmentJobRow, @Ctx() ctx: GqlContext): Promise<PartnerRow | null> {
    return row.partnerId ? ctx.loaders.refurbishers.load(row.partnerId) : null;
  }

  @FieldResolver(() => ReturnItem, { description: 'The return item the unit came from.' })
  returnItem(@Root() row: RefurbishmentJobRow, @Ctx() ctx: GqlContext): Promise<ReturnItemRow | null> {
    return refurbishmentItem(ctx.svc, row);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'The repair quote the vendor gave at diagnosis; null before.' })
  quote(@Root() row: RefurbishmentJobRow): Money | null {
    return row.quoteMinor === null ? null : money(row.quoteMinor, row.currencyCode);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'The final cost the vendor reported at completion; null before.' })
  cost(@Root() row: RefurbishmentJobRow): Money | null {
    return row.costMinor === null ? null : money(row.costMinor, row.currencyCode);
  }

  @FieldResolver(() => [ReturnEvent], { description: 'The job\'s history, oldest first (routing, dispatch, vendor reports, decisions).' })
  async events(@Root() row: RefurbishmentJobRow, @Ctx() ctx: GqlContext): Promise<ReturnEvent[]> {
    return (await ctx.loaders.eventsByRefurbishmentJob.load(row.id)).map(publicEvent);
  }
}
