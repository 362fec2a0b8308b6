import { Arg, Authorized, Ctx, FieldResolver, Float, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { orderLines, orders } from '../../db/schema';
import { RISK_FEATURES } from '../../domain/return-risk-features';
import { requestRiskModelTraining } from '../../services/insight/admin-operation.service';
import { riskModel, type RiskModelRow, type StoredRiskMetrics, type StoredRiskModel } from '../../services/insight/risk-model.service';
import type { GqlContext } from '../context';
import { Order, OrderLine } from '../types/order.types';
import type { AdminOperation } from '../types/admin-operation.types';
import { ReturnRiskModel, TrainReturnRiskModelInput, TrainReturnRiskModelPayload } from '../types/risk.types';

/** A stored model row as the API shows it. */
export function toModel(row: RiskModelRow): ReturnRiskModel {
  const model = row.model as unknown as StoredRiskModel;
  const metrics = row.metrics as unknown as StoredRiskMetrics;
  return {
    ...row,
    trainLastOrderAt: new Date(metrics.trainLastOrderAt),
    holdoutFirstOrderAt: new Date(metrics.holdoutFirstOrderAt),
    intercept: model.intercept,
    features: model.features.map((name, j) => ({
      name, description: RISK_FEATURES.find((f) => f.name === name)?.description ?? '',
      coefficient: model.weights[j], mean: model.standardizer.mean[j], standardDeviation: model.standardizer.std[j],
    })),
    metrics: { ...metrics, baseRateLogLoss: metrics.baseRateLogLoss ?? null, baseRateBrier: metrics.baseRateBrier ?? null, holdoutPositives: metrics.holdoutPositives ?? null },
  };
}

/** The return-risk model: training (admin), reading (staff). */
@Resolver()
export class RiskModelResolver {
  @Authorized('OPERATOR')
  @Query(() => ReturnRiskModel, { nullable: true, description: 'Staff: the active return-risk model (or one version) with its coefficients and holdout metrics; null when none.' })
  async returnRiskModel(@Arg('version', () => Int, { nullable: true, description: 'The model version; left out, the active one.' }) version: number | null, @Ctx() ctx: GqlContext): Promise<ReturnRiskModel | null> {
    const row = await riskModel(ctx.svc, version);
    return row ? toModel(row) : null;
  }

  @Authorized('ADMIN')
  @Mutation(() => TrainReturnRiskModelPayload, {
    description: 'Queues the training of a new return-risk model version on the order history (the scheduled job does the same daily) and answers at once with the operation. While a training is queued or running (whatever its options) it queues nothing and answers ALREADY_RUNNING with that operation.',
  })
  async trainReturnRiskModel(@Arg('input', () => TrainReturnRiskModelInput, { nullable: true, description: 'Training options; left out, the defaults.' }) input: TrainReturnRiskModelInput | null, @Ctx() ctx: GqlContext): Promise<TrainReturnRiskModelPayload> {
    const { operation, userErrors } = await requestRiskModelTraining(ctx.svc, input ?? {});
    return { operation: operation as unknown as AdminOperation, model: null, userErrors };
  }
}

type OrderRow = typeof orders.$inferSelect;
type LineRow = typeof orderLines.$inferSelect;

/** `Order.returnRisk`: staff only (customers and partners get FORBIDDEN), batched per request. */
@Resolver(() => Order)
export class OrderRiskResolver {
  @Authorized('OPERATOR')
  @FieldResolver(() => Float, { nullable: true, description: 'Staff: probability that any line of the order is returned (active model); null when no model is active.' })
  async returnRisk(@Root() row: OrderRow, @Ctx() ctx: GqlContext): Promise<number | null> {
    return (await ctx.loaders.returnRisk.load(row.id))?.risk ?? null;
  }
}

/** `OrderLine.returnRisk`: staff only, from the same batch as its order. */
@Resolver(() => OrderLine)
export class OrderLineRiskResolver {
  @Authorized('OPERATOR')
  @FieldResolver(() => Float, { nullable: true, description: 'Staff: probability that units of this line are requested back within the return window; null when no model is active.' })
  async returnRisk(@Root() row: LineRow, @Ctx() ctx: GqlContext): Promise<number | null> {
    return (await ctx.loaders.returnRisk.load(row.orderId))?.lines.get(row.id) ?? null;
  }
}
