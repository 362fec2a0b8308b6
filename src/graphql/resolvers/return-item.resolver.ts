import { Authorized, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { ReturnItemRow } from '../../services/returns/warehouse.service';
import type { GqlContext } from '../context';
import { orderLineOf } from '../loaders';
import { toGlobalId } from '../ids';
import { Money, money } from '../types/common.types';
import { OrderLine } from '../types/order.types';
import { CustodyChain, RecommendedDisposition, ReturnItem } from '../types/return.types';

/** Relations and derived fields of ReturnItem. */
@Resolver(() => ReturnItem)
export class ReturnItemResolver {
  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: ReturnItemRow): string {
    return toGlobalId('ReturnItem', row.id);
  }

  @FieldResolver(() => OrderLine)
  orderLine(@Root() row: ReturnItemRow, @Ctx() ctx: GqlContext) {
    return orderLineOf(ctx, row.orderLineId);
  }

  @FieldResolver(() => RecommendedDisposition, { nullable: true })
  async recommendedDisposition(@Root() row: ReturnItemRow, @Ctx() ctx: GqlContext): Promise<RecommendedDisposition | null> {
    const rec = row.recommendation;
    if (!rec) return null;
    const ret = await ctx.loaders.returns.load(row.returnId);
    const units = row.receivedQuantity;
    return {
      disposition: rec.disposition,
      expectedRecovery: money(rec.expectedRecoveryMinor * units, ret!.currencyCode),
      co2eAvoidedKg: Math.round(rec.co2eAvoidedKg * units * 100) / 100,
      rationale: rec.rationale,
      ruleId: rec.ruleId,
    };
  }

  @Authorized('OPERATOR')
  @FieldResolver(() => CustodyChain, { nullable: true, description: 'Staff: the unit\'s path after inspection, with value recovered and CO2e avoided.' })
  async custody(@Root() row: ReturnItemRow, @Ctx() ctx: GqlContext): Promise<CustodyChain | null> {
    const chain = await ctx.loaders.custody.load(row.id);
    if (!chain) return null;
    const { valueRecoveredMinor, currencyCode, ...rest } = chain;
    return { ...rest, valueRecovered: money(valueRecoveredMinor, currencyCode) };
  }

  @FieldResolver(() => ReturnItem, { nullable: true, description: 'The original item these units were received as and split off (graded apart, or one unit per refurbishment job); null for an original.' })
  async splitFrom(@Root() row: ReturnItemRow, @Ctx() ctx: GqlContext): Promise<ReturnItemRow | null> {
    return row.splitFromId ? ctx.loaders.returnItems.load(row.splitFromId) : null;
  }

  @FieldResolver(() => Money)
  async refund(@Root() row: ReturnItemRow, @Ctx() ctx: GqlContext): Promise<Money> {
    const ret = await ctx.loaders.returns.load(row.returnId);
    return money(row.refundMinor ?? 0, ret!.currencyCode);
  }
}
