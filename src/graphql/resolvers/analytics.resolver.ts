import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isSerialReturner } from '../../domain/analytics';
import { isUuid } from '../../domain/ids';
import { requestAnalyticsRefresh } from '../../services/insight/admin-operation.service';
import { returnAnalytics, type AmountsByCurrency, type AnalyticsFigures as Figures } from '../../services/insight/analytics.service';
import { BadInputError } from '../../services/errors';
import { serialReturners, type CustomerStatsRow, type SerialReturnerCursor } from '../../services/insight/serial-returner.service';
import { toConnection } from '../connection';
import type { GqlContext } from '../context';
import type { AdminOperation } from '../types/admin-operation.types';
import { money, type Money } from '../types/common.types';
import {
  AnalyticsFigures, RefreshAnalyticsInput, RefreshAnalyticsPayload, ReturnAnalytics, ReturnAnalyticsArgs, SerialReturner,
  SerialReturnerConnection, SerialReturnersArgs,
} from '../types/analytics.types';
import { Customer } from '../types/order.types';

const encodeCursor = (row: CustomerStatsRow) => Buffer.from(`s:${row.excessScore}:${row.customerId}`).toString('base64url');
function decodeCursor(cursor: string): SerialReturnerCursor {
  const m = /^s:(-?[0-9.e+-]+):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  const score = m ? Number(m[1]) : NaN;
  if (!m || !Number.isFinite(score) || !isUuid(m[2])) throw new BadInputError('after: not a valid cursor', ['after']);
  return { score, customerId: m[2] };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Shapes service figures for GraphQL: money in the report's currency, per currency, and the mixes. */
function figures(f: Figures, currency: string | null): AnalyticsFigures {
  const codes = [...new Set([...f.refunded.keys(), ...f.recovered.keys(), ...f.returnShippingCost.keys(), ...f.refurbishmentCost.keys()])].sort();
  const at = (m: AmountsByCurrency, code: string) => m.get(code) ?? 0;
  const inReport = (m: AmountsByCurrency): Money | null => (currency ? money(at(m, currency), currency) : null);
  return {
    ...f,
    refunded: inReport(f.refunded),
    refundedByCurrency: codes.map((c) => money(at(f.refunded, c), c)),
    valueRecovered: inReport(f.recovered),
    recoveryRate: currency ? ratio(at(f.recovered, currency), at(f.dispositionedValue, currency)) : null,
    returnShippingCost: inReport(f.returnShippingCost),
    refurbishmentCost: inReport(f.refurbishmentCost),
    byCurrency: codes.map((c) => ({
      currencyCode: c, refunded: money(at(f.refunded, c), c), valueRecovered: money(at(f.recovered, c), c),
      dispositionedValue: money(at(f.dispositionedValue, c), c), recoveryRate: ratio(at(f.recovered, c), at(f.dispositionedValue, c)),
      returnShippingCost: money(at(f.returnShippingCost, c), c), refurbishmentCost: money(at(f.refurbishmentCost, c), c),
    })),
    dispositions: f.dispositions.map((d) => ({ ...d, share: ratio(d.units, f.returnedUnits) ?? 0 })),
  };
}

/** Return analytics, the admin refresh and the serial-returner ranking; staff only. */
@Resolver()
export class AnalyticsResolver {
  @Authorized('OPERATOR')
  @Query(() => ReturnAnalytics, {
    description: 'Return rates, reasons, refunds, recovery, disposition mix and cost of returns for the orders placed in [from, to), read from maintained aggregates (see analyticsFreshness).',
    complexity: ({ childComplexity }) => 10 + childComplexity,
  })
  async returnAnalytics(@Args() args: ReturnAnalyticsArgs, @Ctx() ctx: GqlContext): Promise<ReturnAnalytics> {
    const r = await returnAnalytics(ctx.svc, {
      from: args.from, to: args.to, groupBy: args.groupBy ?? null, category: args.category, sku: args.sku, first: args.first ?? 200,
    });
    return {
      ...figures(r, r.currencyCode),
      groupBy: r.groupBy,
      from: new Date(`${r.range.fromDay}T00:00:00Z`),
      to: new Date(`${r.range.toDay}T00:00:00Z`),
      currencyCode: r.currencyCode,
      groups: r.groups.map((g) => ({ key: g.key, ...figures(g, r.currencyCode) })),
      groupCount: r.groupCount,
      analyticsFreshness: r.freshness,
    };
  }

  @Authorized('ADMIN')
  @Mutation(() => RefreshAnalyticsPayload, {
    description: 'Queues a refresh of the analytics aggregates (what changed, or everything with full: true) instead of waiting for the schedule, and answers at once with the operation. While a refresh is queued or running (either mode) it queues nothing and answers ALREADY_RUNNING with that operation.',
  })
  async refreshAnalytics(@Arg('input', () => RefreshAnalyticsInput, { nullable: true, description: 'Refresh options; left out, an incremental refresh.' }) input: RefreshAnalyticsInput | null, @Ctx() ctx: GqlContext): Promise<RefreshAnalyticsPayload> {
    const { operation, userErrors } = await requestAnalyticsRefresh(ctx.svc, Boolean(input?.full));
    return { operation: operation as unknown as AdminOperation, summary: null, userErrors };
  }

  @Authorized('OPERATOR')
  @Query(() => SerialReturnerConnection, {
    description: 'Customers who return more than customers buying the same categories, highest score first (as of the last analytics refresh).',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async serialReturners(@Args() args: SerialReturnersArgs, @Ctx() ctx: GqlContext) {
    const page = await serialReturners(ctx.svc, args.first ?? 20, args.after ? decodeCursor(args.after) : null, { minUnits: args.minUnits, minScore: args.minScore });
    const thresholds = { minScore: ctx.svc.config.serialReturnerMinScore, minUnits: ctx.svc.config.serialReturnerMinUnits };
    return toConnection(page, encodeCursor, (row) => ({
      ...row, score: row.excessScore, flagged: isSerialReturner(row, thresholds),
      expectedReturnRate: row.unitsBought > 0 ? row.expectedReturned / row.unitsBought : 0,
    }));
  }
}

/** The customer behind a serial-returner entry, batched. */
@Resolver(() => SerialReturner)
export class SerialReturnerResolver {
  @FieldResolver(() => Customer)
  customer(@Root() row: CustomerStatsRow, @Ctx() ctx: GqlContext) {
    return ctx.loaders.customers.load(row.customerId);
  }
}
