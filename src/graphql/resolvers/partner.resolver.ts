import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listIntegrationJobs, retryIntegrationJob, type IntegrationJobRow } from '../../services/partners/integration-job.service';
import { createPartner, createPartnerApiKey, listPartners, revokePartnerApiKey, syncDropOffLocations, type PartnerApiKeyView, type PartnerRow } from '../../services/partners/partner.service';
import type { GqlContext } from '../context';
import { toConnection } from '../connection';
import { fromCursor, fromGlobalId, toCursor, toGlobalId } from '../ids';
import {
  CreatePartnerApiKeyInput, CreatePartnerApiKeyPayload, CreatePartnerInput, CreatePartnerPayload, IntegrationJob, IntegrationJobConnection,
  IntegrationJobsArgs, Partner, PartnerApiKey, RetryIntegrationJobInput, SyncDropOffLocationsPayload, RetryIntegrationJobPayload, RevokePartnerApiKeyInput, RevokePartnerApiKeyPayload,
} from '../types/partner.types';
import { toPayload } from './payload';

const cursorOf = (id: string) => toCursor('j', id);
const cursorId = (cursor: string) => fromCursor('j', cursor);

/** Partners, their API keys and the integration outbox (admin). */
@Resolver(() => Partner)
export class PartnerResolver {
  @Authorized('ADMIN')
  @Query(() => [Partner], { description: 'Admin: every registered partner.' })
  partners(@Ctx() ctx: GqlContext): Promise<PartnerRow[]> {
    return listPartners(ctx.svc);
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatePartnerPayload, { description: 'Registers a partner; the payload carries its signing secret, once.' })
  async createPartner(@Arg('input', { description: 'The partner to register.' }) input: CreatePartnerInput, @Ctx() ctx: GqlContext): Promise<CreatePartnerPayload> {
    const outcome = await createPartner(ctx.svc, input);
    if (!outcome.ok) return { partner: null, signingSecret: null, userErrors: outcome.userErrors };
    return { partner: outcome.value.partner as unknown as Partner, signingSecret: outcome.value.signingSecret, userErrors: [] };
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatePartnerApiKeyPayload, { description: 'A key scoped to one partner; the secret is shown once, only its hash is kept.' })
  async createPartnerApiKey(@Arg('input', { description: 'The partner and a label for the key.' }) input: CreatePartnerApiKeyInput, @Ctx() ctx: GqlContext): Promise<CreatePartnerApiKeyPayload> {
    const outcome = await createPartnerApiKey(ctx.svc, fromGlobalId('Partner', input.partnerId, 'input.partnerId'), input.label);
    if (!outcome.ok) return { apiKey: null, secret: null, userErrors: outcome.userErrors };
    return { apiKey: outcome.value.apiKey as unknown as PartnerApiKey, secret: outcome.value.secret, userErrors: [] };
  }

  @Authorized('ADMIN')
  @Mutation(() => RevokePartnerApiKeyPayload, { description: 'Admin: revokes a partner API key at once; calls with it are refused from then on.' })
  async revokePartnerApiKey(@Arg('input', { description: 'The key to revoke.' }) input: RevokePartnerApiKeyInput, @Ctx() ctx: GqlContext): Promise<RevokePartnerApiKeyPayload> {
    return toPayload(await revokePartnerApiKey(ctx.svc, fromGlobalId('PartnerApiKey', input.apiKeyId, 'input.apiKeyId')), 'apiKey');
  }

  @Authorized('ADMIN', 'PARTNER')
  @Query(() => IntegrationJobConnection, {
    description: 'The outbox, newest first: what was sent to partners, attempts and last error (admins: all; a partner API key: its own). DEAD jobs can be retried.',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async integrationJobs(@Args() args: IntegrationJobsArgs, @Ctx() ctx: GqlContext) {
    const filter = args.filter ?? {};
    const page = await listIntegrationJobs(ctx.svc, args.first, args.after ? cursorId(args.after) : null, {
      ...filter, partnerId: filter.partnerId ? fromGlobalId('Partner', filter.partnerId, 'filter.partnerId') : null,
    });
    return toConnection(page, (row) => cursorOf(row.id));
  }

  @Authorized('ADMIN')
  @Mutation(() => RetryIntegrationJobPayload, { description: 'Puts a DEAD job back on the queue with a fresh attempt budget.' })
  async retryIntegrationJob(@Arg('input', { description: 'The DEAD job to retry.' }) input: RetryIntegrationJobInput, @Ctx() ctx: GqlContext): Promise<RetryIntegrationJobPayload> {
    const id = fromGlobalId('IntegrationJob', input.jobId, 'input.jobId');
    return toPayload(await retryIntegrationJob(ctx.svc, id, (jobId) => ctx.jobs.removeQueued(jobId)), 'job');
  }

  @Authorized('ADMIN')
  @Mutation(() => SyncDropOffLocationsPayload, { description: 'Queues a pull of a locker network\'s points for its settings.syncAreas.' })
  async syncDropOffLocations(@Arg('partnerId', () => ID, { description: 'Id of the LOCKER_NETWORK partner (Partner.id).' }) partnerId: string, @Ctx() ctx: GqlContext): Promise<SyncDropOffLocationsPayload> {
    const outcome = await syncDropOffLocations(ctx.svc, fromGlobalId('Partner', partnerId, 'partnerId'));
    return outcome.ok ? { jobId: toGlobalId('IntegrationJob', outcome.value), userErrors: [] } : { jobId: null, userErrors: outcome.userErrors };
  }

  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: PartnerRow): string {
    return toGlobalId('Partner', row.id);
  }
}

@Resolver(() => PartnerApiKey)
export class PartnerApiKeyResolver {
  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: PartnerApiKeyView): string {
    return toGlobalId('PartnerApiKey', row.id);
  }
}

@Resolver(() => IntegrationJob)
export class IntegrationJobResolver {
  @FieldResolver(() => ID, { description: 'Opaque global id: pass it back as is (node(id:), mutation inputs); never parse it.' })
  id(@Root() row: IntegrationJobRow): string {
    return toGlobalId('IntegrationJob', row.id);
  }

  @FieldResolver(() => Partner)
  async partner(@Root() row: IntegrationJobRow, @Ctx() ctx: GqlContext): Promise<PartnerRow> {
    return (await ctx.loaders.partners.load(row.partnerId))!;
  }
}
