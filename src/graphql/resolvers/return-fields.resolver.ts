import { Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { returnEvents } from '../../db/schema';
import { STAFF_ONLY_EVENTS } from '../../domain/history-events';
import { isStaff } from '../../services/context';
import type { ReturnRow } from '../../services/returns/return-transition';
import type { ReturnItemRow } from '../../services/returns/warehouse.service';
import type { GqlContext } from '../context';
import { itemsOf } from '../loaders';
import { toGlobalId, type NodeType } from '../ids';
import { money } from '../types/common.types';
import { Customer, Order } from '../types/order.types';
import { Refund, Return, ReturnEvent, ReturnFees, ReturnItem } from '../types/return.types';
import { payoutsOf, refundSettlement } from './settlement.resolver';

type EventRow = typeof returnEvents.$inferSelect;

/** Ids inside event data are exposed as the same opaque global ids the rest of the API uses. */
const ID_KEYS: Record<string, NodeType> = {
  returnItemId: 'ReturnItem', newReturnItemId: 'ReturnItem', orderLineId: 'OrderLine', partnerId: 'Partner', locationId: 'DropOffLocation', refurbishmentJobId: 'RefurbishmentJob',
};

function publicData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(publicData);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ID_KEYS[k] && typeof v === 'string' ? toGlobalId(ID_KEYS[k], v) : publicData(v)]));
}

/** An event row (of a return or a refurbishment job) as the API shows it. */
export function publicEvent(e: Pick<EventRow, 'type' | 'at' | 'actorType' | 'actorId' | 'data'>): ReturnEvent {
  return { type: e.type, at: e.at, actor: e.actorId ? `${e.actorType}:${e.actorId}` : e.actorType, data: publicData(e.data) as Record<string, unknown> };
}

const REFUND_METHOD = { REFUND: 'ORIGINAL_PAYMENT', STORE_CREDIT: 'STORE_CREDIT', EXCHANGE: 'EXCHANGE' } as const;

/** Relations and derived fields of Return, each batched through the request's loaders. */
@Resolver(() => Return)
export class ReturnFieldsResolver {
  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: ReturnRow): string {
    return toGlobalId('Return', row.id);
  }

  @FieldResolver(() => Order)
  async order(@Root() row: ReturnRow, @Ctx() ctx: GqlContext) {
    return ctx.loaders.orders.load(row.orderId);
  }

  @FieldResolver(() => Customer)
  async customer(@Root() row: ReturnRow, @Ctx() ctx: GqlContext) {
    return ctx.loaders.customers.load(row.customerId);
  }

  @FieldResolver(() => [ReturnItem])
  items(@Root() row: ReturnRow, @Ctx() ctx: GqlContext): ReturnItemRow[] | Promise<ReturnItemRow[]> {
    return itemsOf(ctx, row.id);
  }

  @FieldResolver(() => [ReturnEvent])
  async events(@Root() row: ReturnRow, @Ctx() ctx: GqlContext): Promise<ReturnEvent[]> {
    const rows: EventRow[] = await ctx.loaders.eventsByReturn.load(row.id);
    const staff = isStaff(ctx.svc.actor);
    return rows.filter((e) => staff || !STAFF_ONLY_EVENTS.has(e.type)).map(publicEvent);
  }

  @FieldResolver(() => ReturnFees)
  fees(@Root() row: ReturnRow): ReturnFees {
    return {
      restockingFee: money(row.restockingFeeMinor, row.currencyCode),
      returnShippingFee: money(row.shippingFeeMinor, row.currencyCode),
      total: money(row.restockingFeeMinor + row.shippingFeeMinor, row.currencyCode),
    };
  }

  @FieldResolver(() => Refund)
  async refund(@Root() row: ReturnRow, @Ctx() ctx: GqlContext): Promise<Refund> {
    const [items, payouts] = await Promise.all([ctx.loaders.itemsByReturn.load(row.id), payoutsOf(row, ctx)]);
    const methods = new Set(items.map((i) => REFUND_METHOD[i.resolution]));
    return {
      amount: money(row.refundMinor, row.currencyCode),
      status: row.refundStatus,
      method: methods.size === 1 ? [...methods][0] : 'MIXED',
      issuedAt: row.refundStatus === 'ISSUED' ? row.refundedAt : null,
      ...refundSettlement(row, items, payouts),
    };
  }
}
