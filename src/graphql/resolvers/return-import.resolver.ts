import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { importReturns } from '../../services/returns/return-import.service';
import type { GqlContext } from '../context';
import type { Return } from '../types/return.types';
import { ImportReturnsInput, ImportReturnsPayload } from '../types/return-import.types';

/** importReturns: a merchant's past returns (admin). */
@Resolver()
export class ReturnImportResolver {
  @Authorized('ADMIN')
  @Mutation(() => ImportReturnsPayload, {
    description: 'Admin: loads past returns against imported orders with their real dates and final status, idempotent by (merchant, externalId). '
      + 'Imported returns bypass today\'s return policy, are flagged imported, and are never announced to partners or merchants. See docs/importing.md.',
  })
  async importReturns(@Arg('input', { description: 'The merchant, its reason mapping and the past returns to load (up to the limit per call).' }) input: ImportReturnsInput, @Ctx() ctx: GqlContext): Promise<ImportReturnsPayload> {
    const { results, userErrors } = await importReturns(ctx.svc, input);
    const returns = await Promise.all(results.map((r) => (r.returnId ? ctx.loaders.returns.load(r.returnId) : null)));
    const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
    return {
      results: results.map((r, i) => ({ index: r.index, externalId: r.externalId, outcome: r.outcome, return: returns[i] as unknown as Return | null })),
      created: count('CREATED'), unchanged: count('UNCHANGED'), failed: count('FAILED'), userErrors,
    };
  }
}
