import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { orderByNumber } from '../../services/orders/order-lookup.service';
import { BadInputError } from '../../services/errors';
import type { GqlContext } from '../context';
import { Order } from '../types/order.types';

/** Finding an order by the number on the customer's receipt. */
@Resolver()
export class OrderLookupResolver {
  @Authorized()
  @Query(() => Order, {
    nullable: true,
    description: 'The order with this number (as on the receipt) if you may see it: a customer their own, a guest the token\'s order, staff any; null otherwise.',
  })
  orderByNumber(@Arg('orderNumber', { description: 'The merchant\'s order number, as imported.' }) orderNumber: string, @Ctx() ctx: GqlContext) {
    if (orderNumber.length > 100) throw new BadInputError('orderNumber: too long', ['orderNumber']);
    return orderByNumber(ctx.svc, orderNumber);
  }
}
