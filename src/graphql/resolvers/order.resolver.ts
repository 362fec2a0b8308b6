import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { customers, orderLines, orders } from '../../db/schema';
import { importOrders } from '../../services/orders/order.service';
import { startGuestReturn } from '../../services/returns/guest.service';
import { returnableItems } from '../../services/returns/returnable.service';
import type { GqlContext } from '../context';
import { fromGlobalId, toGlobalId } from '../ids';
import { Money, money } from '../types/common.types';
import { ImportOrdersInput, StartGuestReturnInput } from '../types/order.inputs';
import { Customer, Order, OrderLine, ReturnableItem } from '../types/order.types';
import { ImportOrdersPayload, StartGuestReturnPayload } from '../types/payloads';
import { toPayload } from './payload';

type OrderRow = typeof orders.$inferSelect;
type LineRow = typeof orderLines.$inferSelect;
type CustomerRow = typeof customers.$inferSelect;

@Resolver(() => Order)
export class OrderResolver {
  @Authorized()
  @Query(() => Order, { nullable: true, description: 'An order you can see; null otherwise.' })
  async order(@Arg('id', () => ID, { description: 'Id of the order (Order.id).' }) id: string, @Ctx() ctx: GqlContext): Promise<OrderRow | null> {
    return ctx.loaders.orders.load(fromGlobalId('Order', id, 'id'));
  }

  @Authorized()
  @Query(() => [ReturnableItem], { description: 'Per line of the order: what can still be returned, until when, or why not.' })
  async returnableItems(@Arg('orderId', () => ID, { description: 'Id of the order (Order.id).' }) orderId: string, @Ctx() ctx: GqlContext) {
    const lines = await returnableItems(ctx.svc, fromGlobalId('Order', orderId, 'orderId'));
    return lines.map((l) => ({ orderLine: l.line, returnableQuantity: l.returnableQuantity, deadline: l.deadline, eligible: l.eligible, ineligibleReason: l.ineligibleReason }));
  }

  @Authorized('ADMIN')
  @Mutation(() => ImportOrdersPayload, { description: 'Upserts orders by orderNumber (customers by externalId, products by SKU). Idempotent.' })
  async importOrders(@Arg('input', { description: 'The orders to upsert.' }) input: ImportOrdersInput, @Ctx() ctx: GqlContext): Promise<ImportOrdersPayload> {
    const payload = toPayload<ImportOrdersPayload, unknown>(await importOrders(ctx.svc, input.orders), 'orders');
    // `orders` is non-null in the contract: a refused import lists none.
    return { ...payload, orders: payload.orders ?? [] };
  }

  @Mutation(() => StartGuestReturnPayload, { description: 'For customers without an account: order number + email → a short-lived token for that order.' })
  async startGuestReturn(@Arg('input', { description: 'The order number and the email it was placed with.' }) input: StartGuestReturnInput, @Ctx() ctx: GqlContext): Promise<StartGuestReturnPayload> {
    const outcome = await startGuestReturn(ctx.svc, ctx.auth, input.orderNumber, input.email);
    if (!outcome.ok) return { token: null, expiresAt: null, order: null, userErrors: outcome.userErrors };
    return { ...outcome.value, order: outcome.value.order as unknown as Order, userErrors: [] };
  }

  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: OrderRow): string {
    return toGlobalId('Order', row.id);
  }

  @FieldResolver(() => Customer)
  async customer(@Root() row: OrderRow, @Ctx() ctx: GqlContext): Promise<CustomerRow> {
    return (await ctx.loaders.customers.load(row.customerId))!;
  }

  @FieldResolver(() => [OrderLine])
  lines(@Root() row: OrderRow, @Ctx() ctx: GqlContext): Promise<LineRow[]> {
    return ctx.loaders.linesByOrder.load(row.id);
  }
}

@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: LineRow): string {
    return toGlobalId('OrderLine', row.id);
  }

  @FieldResolver(() => Money)
  unitPrice(@Root() row: LineRow): Money {
    return money(row.unitPriceMinor, row.currencyCode);
  }

  @FieldResolver(() => Money)
  discount(@Root() row: LineRow): Money {
    return money(row.discountMinor, row.currencyCode);
  }
}

@Resolver(() => Customer)
export class CustomerResolver {
  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: CustomerRow): string {
    return toGlobalId('Customer', row.id);
  }
}
