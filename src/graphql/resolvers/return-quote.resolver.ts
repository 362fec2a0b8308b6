import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { quoteReturn } from '../../services/returns/return-quote.service';
import type { GqlContext } from '../context';
import { fromGlobalId } from '../ids';
import { money } from '../types/common.types';
import { ReturnQuoteInput, ReturnQuotePayload } from '../types/return-quote.types';

/** The refund quote a portal shows while the customer picks lines, quantities and reasons. */
@Resolver()
export class ReturnQuoteResolver {
  @Authorized('CUSTOMER', 'OPERATOR')
  @Query(() => ReturnQuotePayload, {
    description: 'Prices a selection of an order\'s lines as requestReturn would (restocking fees, free return shipping) without storing anything: call it on every change of the selection.',
  })
  async returnQuote(@Arg('input', { description: 'The order and the lines, quantities, reasons and resolutions to price, as requestReturn would take them.' }) input: ReturnQuoteInput, @Ctx() ctx: GqlContext) {
    const outcome = await quoteReturn(ctx.svc, fromGlobalId('Order', input.orderId, 'input.orderId'),
      input.items.map((item, i) => ({ ...item, orderLineId: fromGlobalId('OrderLine', item.orderLineId, `input.items.${i}.orderLineId`) })));
    if (!outcome.ok) return { quote: null, userErrors: outcome.userErrors };
    const q = outcome.value;
    const m = (minor: number) => money(minor, q.currencyCode);
    return {
      userErrors: [],
      quote: {
        items: q.items.map((i) => ({
          orderLine: i.line, quantity: i.quantity, subtotal: m(i.grossMinor), restockingFeePercent: i.restockingFeePercent,
          restockingFee: m(i.restockingFeeMinor), refund: m(i.refundMinor),
        })),
        subtotal: m(q.totals.grossMinor), restockingFee: m(q.totals.restockingFeeMinor), refund: m(q.totals.refundMinor),
        freeReturnShipping: q.freeReturnShipping,
      },
    };
  }
}
