import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { adminOperation, listAdminOperations, refreshSummaryOf, type AdminOperationRow, type TrainResult } from '../../services/insight/admin-operation.service';
import type { GqlContext } from '../context';
import { toConnection } from '../connection';
import { fromCursor, fromGlobalId, toCursor, toGlobalId } from '../ids';
import { AdminOperation, AdminOperationConnection, AdminOperationResult, AdminOperationsArgs } from '../types/admin-operation.types';
import { toModel } from './risk.resolver';

const cursorOf = (id: string) => toCursor('op', id);

/** Long admin operations (refreshAnalytics, trainReturnRiskModel): status, progress and result; admins only. */
@Resolver(() => AdminOperation)
export class AdminOperationResolver {
  @Authorized('ADMIN')
  @Query(() => AdminOperation, { nullable: true, description: 'Admin: one operation, to poll until SUCCEEDED or FAILED; null when there is none with this id.' })
  adminOperation(@Arg('id', () => ID, { description: 'Id of the operation (AdminOperation.id).' }) id: string, @Ctx() ctx: GqlContext): Promise<AdminOperationRow | null> {
    return adminOperation(ctx.svc, fromGlobalId('AdminOperation', id, 'id'));
  }

  @Authorized('ADMIN')
  @Query(() => AdminOperationConnection, {
    description: 'Admin: operations requested through the API, newest first (the scheduled refreshes and trainings are not listed).',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async adminOperations(@Args() args: AdminOperationsArgs, @Ctx() ctx: GqlContext) {
    const page = await listAdminOperations(ctx.svc, args.first, args.after ? fromCursor('op', args.after) : null, args.filter ?? {});
    return toConnection(page, (row) => cursorOf(row.id));
  }

  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: AdminOperationRow): string {
    return toGlobalId('AdminOperation', row.id);
  }

  @FieldResolver(() => GraphQLDateTime)
  requestedAt(@Root() row: AdminOperationRow): Date {
    return row.createdAt;
  }

  @FieldResolver(() => AdminOperationResult, { nullable: true })
  async result(@Root() row: AdminOperationRow, @Ctx() ctx: GqlContext): Promise<typeof AdminOperationResult | null> {
    if (row.status !== 'SUCCEEDED' || !row.result) return null;
    if (row.kind === 'REFRESH_ANALYTICS') return refreshSummaryOf(row.result);
    const model = await ctx.loaders.riskModelsByVersion.load((row.result as unknown as TrainResult).version);
    return model ? toModel(model) : null;
  }
}
