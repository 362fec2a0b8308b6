import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { decodeGlobalId } from '../../domain/ids';
import { BadInputError } from '../../services/errors';
import type { GqlContext } from '../context';
import { Node } from '../types/common.types';

const LOADER_BY_TYPE = {
  Return: 'returns', ReturnItem: 'returnItems', Order: 'orders', OrderLine: 'orderLines', Customer: 'customers', Partner: 'partners', DropOffLocation: 'locations',
  RefurbishmentJob: 'refurbishmentJobs', RecyclingLot: 'recyclingLots', ResaleListing: 'resaleListings', DisposalRecord: 'disposals', VendorReturnAuthorization: 'vendorReturns',
  AdminOperation: 'adminOperations', BulkImport: 'bulkImports',
  IntegrationJob: 'integrationJobs', PartnerApiKey: 'partnerApiKeys',
} as const;

async function loadNode(ctx: GqlContext, globalId: string): Promise<Node | null> {
  const decoded = decodeGlobalId(globalId);
  if (!decoded) throw new BadInputError('id: not a valid id', ['id']);
  const loaderName = LOADER_BY_TYPE[decoded.type as keyof typeof LOADER_BY_TYPE];
  if (!loaderName) return null;
  const row = await ctx.loaders[loaderName].load(decoded.id);
  return row ? ({ ...row, __typename: decoded.type } as unknown as Node) : null;
}

/** `node` and `nodes`: any object by global id, after the same visibility checks as everywhere else. */
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by id; null when it does not exist or is not yours.' })
  node(@Arg('id', () => ID, { description: 'A global id (any Node.id).' }) id: string, @Ctx() ctx: GqlContext): Promise<Node | null> {
    return loadNode(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items', description: 'Up to 100 objects by id, in order; null entries for missing or foreign ones.' })
  nodes(@Arg('ids', () => [ID], { description: 'Global ids (up to 100).' }) ids: string[], @Ctx() ctx: GqlContext): Promise<(Node | null)[]> {
    if (ids.length > 100) throw new BadInputError('ids: at most 100 ids', ['ids']);
    return Promise.all(ids.map((id) => loadNode(ctx, id)));
  }
}
