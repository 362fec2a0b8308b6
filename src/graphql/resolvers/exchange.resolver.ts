import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { exchangeOptions } from '../../services/returns/exchange-options.service';
import { listExchanges } from '../../services/returns/exchange-query.service';
import type { ExchangeRow } from '../../services/returns/exchange.service';
import type { ReturnItemRow } from '../../services/returns/warehouse.service';
import { toConnection } from '../connection';
import type { GqlContext } from '../context';
import { fromCursor, fromGlobalId, toCursor } from '../ids';
import { Money, money } from '../types/common.types';
import { ExchangeOption, ExchangesArgs, ReturnExchange, ReturnExchangeConnection } from '../types/exchange.types';
import { ReturnItem } from '../types/return.types';

const CURSOR = 'exchange';

/** Exchange options for an order line, the operators' list of exchanges, and ReturnItem.exchange. */
@Resolver()
export class ExchangeResolver {
  @Authorized()
  @Query(() => [ExchangeOption], {
    description: 'The variants of an order line\'s product the customer can exchange it for: in stock at the shop, in the order\'s currency (owner of the order, its guest token, or staff). Empty when no shop system is connected; PARTNER_UNAVAILABLE when the shop does not answer in time.',
  })
  async exchangeOptions(
    @Arg('orderLineId', () => ID, { description: 'The order line to exchange.' }) orderLineId: string, @Ctx() ctx: GqlContext,
  ): Promise<ExchangeOption[]> {
    const offers = await exchangeOptions(ctx.svc, fromGlobalId('OrderLine', orderLineId, 'orderLineId'));
    return offers.map((o) => ({
      sku: o.sku, name: o.name, attributes: Object.entries(o.attributes).map(([name, value]) => ({ name, value })),
      price: money(o.priceMinor, o.currencyCode), priceDifference: money(o.priceDifferenceMinor, o.currencyCode), availableQuantity: o.available,
    }));
  }

  @Authorized('OPERATOR')
  @Query(() => ReturnExchangeConnection, {
    description: 'Staff: exchanges newest first; filter by status, e.g. FAILED for those that fell back to a refund.',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async exchanges(@Args() args: ExchangesArgs, @Ctx() ctx: GqlContext) {
    const page = await listExchanges(ctx.svc, args.first, args.after ? fromCursor(CURSOR, args.after) : null, args.status);
    return toConnection(page, (row) => toCursor(CURSOR, row.id));
  }
}

/** Money and relations of ReturnExchange. */
@Resolver(() => ReturnExchange)
export class ReturnExchangeResolver {
  @FieldResolver(() => Money)
  unitPrice(@Root() row: ExchangeRow): Money {
    return money(row.unitPriceMinor, row.currencyCode);
  }

  @FieldResolver(() => Money)
  priceDifference(@Root() row: ExchangeRow): Money {
    return money(row.priceDifferenceMinor, row.currencyCode);
  }

  @FieldResolver(() => Money, { nullable: true })
  holdAmount(@Root() row: ExchangeRow): Money | null {
    return row.holdMinor === null ? null : money(row.holdMinor, row.currencyCode);
  }

  @FieldResolver(() => ReturnItem, { nullable: true, description: 'The return item being exchanged.' })
  returnItem(@Root() row: ExchangeRow, @Ctx() ctx: GqlContext) {
    return ctx.loaders.returnItems.load(row.returnItemId);
  }
}

/** ReturnItem.exchange. */
@Resolver(() => ReturnItem)
export class ReturnItemExchangeResolver {
  @FieldResolver(() => ReturnExchange, { nullable: true, description: 'The exchange of this item (resolution EXCHANGE, or one that fell back to a refund): replacement, order, price difference, hold. Null when none was requested.' })
  exchange(@Root() row: ReturnItemRow, @Ctx() ctx: GqlContext) {
    // Units split off an item share its exchange.
    return ctx.loaders.exchangesByItem.load(row.splitFromId ?? row.id);
  }
}
