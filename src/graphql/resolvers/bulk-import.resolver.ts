import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { MAX_STAGED_PARTS } from '../../domain/staged-upload';
import { createStagedImport, startBulkImport } from '../../services/imports/staged-import.service';
import { bulkImport, bulkImportErrorPage } from '../../services/imports/bulk-import.service';
import type { BulkImportRow } from '../../services/imports/bulk-upload.service';
import { BadInputError } from '../../services/errors';
import type { GqlContext } from '../context';
import { fromGlobalId, toGlobalId } from '../ids';
import {
  BulkImport, BulkImportLineError, CreateStagedImportInput, CreateStagedImportPayload, StartBulkImportInput, StartBulkImportPayload,
} from '../types/bulk-import.types';

/** Bulk imports (POST /imports, or staged and started here): progress and per-line errors; admins only. */
@Resolver(() => BulkImport)
export class BulkImportResolver {
  @Authorized('ADMIN')
  @Query(() => BulkImport, { nullable: true, description: 'Admin: one bulk import (the id POST /imports answered), to poll until SUCCEEDED or FAILED; null when there is none.' })
  bulkImport(@Arg('id', () => ID, { description: 'The id POST /imports answered.' }) id: string, @Ctx() ctx: GqlContext): Promise<BulkImportRow | null> {
    return bulkImport(ctx.svc, fromGlobalId('BulkImport', id, 'id'));
  }

  @Authorized('ADMIN')
  @Mutation(() => CreateStagedImportPayload, {
    description: 'Admin: starts a staged upload of a JSON Lines file, for big files and flaky networks: PUT its parts to partsUrl (any order, each replaceable, GET partsUrl lists those received), then call startBulkImport.',
  })
  async createStagedImport(@Arg('input', () => CreateStagedImportInput, { description: 'The file\'s name and an idempotency key, both optional.' }) input: CreateStagedImportInput, @Ctx() ctx: GqlContext): Promise<CreateStagedImportPayload> {
    const created = await createStagedImport(ctx.svc, input);
    const limits = { maxPartBytes: ctx.svc.config.bulkImportPartMaxBytes, maxFileBytes: ctx.svc.config.bulkImportFileMaxBytes, maxParts: MAX_STAGED_PARTS };
    if (!created.ok) return { bulkImport: null, partsUrl: null, ...limits, userErrors: created.userErrors };
    const id = toGlobalId('BulkImport', created.value.id);
    return { bulkImport: created.value as unknown as BulkImport, partsUrl: `/imports/${encodeURIComponent(id)}/parts`, ...limits, userErrors: [] };
  }

  @Authorized('ADMIN')
  @Mutation(() => StartBulkImportPayload, {
    description: 'Admin: starts a staged upload once all its parts arrived: checks they are 1 to N without a gap and queues the import; refused, nothing changes. The worker cuts the parts into lines (a line may span parts) before it loads them: totalLines is null until then. Follow it with bulkImport(id).',
  })
  async startBulkImport(@Arg('input', () => StartBulkImportInput, { description: 'The staged import and, optionally, how many parts were sent.' }) input: StartBulkImportInput, @Ctx() ctx: GqlContext): Promise<StartBulkImportPayload> {
    const { row, userErrors } = await startBulkImport(ctx.svc, fromGlobalId('BulkImport', input.id, 'id'), input.partCount ?? null);
    return { bulkImport: row as unknown as BulkImport | null, userErrors };
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
