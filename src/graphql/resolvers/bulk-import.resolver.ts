import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { bulkImport, bulkImportErrorPage } from '../../services/imports/bulk-import.service';
import type { BulkImportRow } from '../../services/imports/bulk-upload.service';
import { BadInputError } from '../../services/errors';
import type { GqlContext } from '../context';
import { fromGlobalId, toGlobalId } from '../ids';
import { BulkImport, BulkImportLineError } from '../types/bulk-import.types';

/** Bulk imports sent to POST /imports: progress and per-line errors; admins only. */
@Resolver(() => BulkImport)
export class BulkImportResolver {
  @Authorized('ADMIN')
  @Query(() => BulkImport, { nullable: true, description: 'Admin: one bulk import (the id POST /imports answered), to poll until SUCCEEDED or FAILED; null when there is none.' })
  bulkImport(@Arg('id', () => ID, { description: 'The id POST /imports answered.' }) id: string, @Ctx() ctx: GqlContext): Promise<BulkImportRow | null> {
    return bulkImport(ctx.svc, fromGlobalId('BulkImport', id, 'id'));
  }

  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), bulkImport(id:)); never parse it.' })
  id(@Root() row: BulkImportRow): string {
    return toGlobalId('BulkImport', row.id);
  }

  @FieldResolver(() => [BulkImportLineError], {
    description: 'Refused lines in line order, keyset-paginated: pass the last line you got as afterLine for the next page.',
    complexity: ({ args }) => 1 + Number(args.first ?? 20),
  })
  errors(
    @Root() row: BulkImportRow, @Ctx() ctx: GqlContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many, 1 to 500.' }) first: number,
    @Arg('afterLine', () => Int, { nullable: true, description: 'Only lines after this line number.' }) afterLine: number | null,
  ): Promise<BulkImportLineError[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw new BadInputError('first: between 1 and 500', ['first']);
    return bulkImportErrorPage(ctx.svc, row.id, first, afterLine ?? null);
  }
}
