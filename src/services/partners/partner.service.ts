import { createHash, randomBytes } from 'node:crypto';
import { and, eq, getTableColumns, inArray, isNull } from 'drizzle-orm';
import { adapterIds } from '../../../integrations/registry';
import { MERCHANT_EVENT_TYPES } from '../../../integrations/merchant/types';
import { partnerApiKeys, partners, type PartnerCapabilities, type PartnerKind } from '../../db/schema';
import { newSigningSecret } from '../../domain/webhook-signature';
import { requireAdmin } from '../access';
import { runMutation, type Actor, type ServiceContext } from '../context';
import { UserErrorAbort, fail, type Outcome, type UserError } from '../errors';
import { enqueueIntegrationJob } from './integration-job.service';
import { INTEGRATION_JOB } from './integration-job-types';
import { inIdOrder } from '../batch-load';

export type PartnerRow = typeof partners.$inferSelect;
export type PartnerApiKeyRow = typeof partnerApiKeys.$inferSelect;
/** An API key as anyone may read it back: everything but the secret's hash. */
export type PartnerApiKeyView = Omit<PartnerApiKeyRow, 'secretHash'>;

export interface PartnerInput {
  kind: PartnerKind;
  name: string;
  adapter: string;
  endpoint: string;
  settings?: Record<string, unknown> | null;
  capabilities?: PartnerCapabilities | null;
}

const KEY_PREFIX = 'bk_';

function validate(input: PartnerInput, isProduction: boolean): UserError[] {
  const errors: UserError[] = [];
  const adapters = adapterIds(input.kind);
  if (!adapters.includes(input.adapter)) {
    errors.push({ code: 'UNKNOWN_ADAPTER', message: adapters.length ? `Adapters for ${input.kind}: ${adapters.join(', ')}` : `No adapter is available for ${input.kind} yet`, field: ['adapter'] });
  }
  let url: URL | null = null;
  try { url = new URL(input.endpoint); } catch { /* reported below */ }
  if (!url || !['http:', 'https:'].includes(url.protocol)) errors.push({ code: 'INVALID_ENDPOINT', message: 'endpoint must be an http(s) URL', field: ['endpoint'] });
  else if (isProduction && url.protocol !== 'https:') errors.push({ code: 'INVALID_ENDPOINT', message: 'endpoint must use https in production', field: ['endpoint'] });
  const events = input.capabilities?.events ?? [];
  const unknown = events.filter((e) => !(MERCHANT_EVENT_TYPES as readonly string[]).includes(e));
  if (unknown.length) errors.push({ code: 'UNKNOWN_EVENT_TYPE', message: `Known events: ${MERCHANT_EVENT_TYPES.join(', ')}`, field: ['capabilities', 'events'] });
  return errors;
}

/** Registers a partner with a fresh signing secret (returned once, for the partner to verify our calls). */
export async function createPartner(ctx: ServiceContext, input: PartnerInput): Promise<Outcome<{ partner: PartnerRow; signingSecret: string }>> {
  requireAdmin(ctx);
  const errors = validate(input, ctx.config.nodeEnv === 'production');
  if (errors.length) return { ok: false, userErrors: errors };
  const signingSecret = newSigningSecret();
  const [partner] = await ctx.db.insert(partners).values({
    kind: input.kind, name: input.name, adapter: input.adapter, endpoint: input.endpoint,
    settings: input.settings ?? {}, capabilities: input.capabilities ?? {}, signingSecret,
  }).returning();
  return { ok: true, value: { partner, signingSecret } };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Creates an API key scoped to one partner; only its hash is stored, the secret is in this answer only. */
export async function createPartnerApiKey(ctx: ServiceContext, partnerId: string, label?: string | null): Promise<Outcome<{ apiKey: PartnerApiKeyRow; secret: string }>> {
  requireAdmin(ctx);
  const [partner] = await ctx.db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
  if (!partner) return fail('NOT_FOUND', 'Partner not found', ['partnerId']);
  const prefix = randomBytes(4).toString('hex');
  const secret = `${KEY_PREFIX}${prefix}_${randomBytes(24).toString('base64url')}`;
  const [apiKey] = await ctx.db.insert(partnerApiKeys).values({ partnerId, prefix, secretHash: hashSecret(secret), label: label ?? null }).returning();
  return { ok: true, value: { apiKey, secret } };
}

/** Revokes an API key at once. */
export async function revokePartnerApiKey(ctx: ServiceContext, apiKeyId: string): Promise<Outcome<PartnerApiKeyRow>> {
  requireAdmin(ctx);
  return runMutation(ctx, async (tx) => {
    const [row] = await tx.db.update(partnerApiKeys).set({ revokedAt: tx.now() })
      .where(and(eq(partnerApiKeys.id, apiKeyId), isNull(partnerApiKeys.revokedAt))).returning();
    if (!row) throw new UserErrorAbort([{ code: 'NOT_FOUND', message: 'Active API key not found', field: ['apiKeyId'] }]);
    return row;
  });
}

/** True when a bearer value looks like a partner API key rather than a JWT. */
export function isPartnerApiKey(token: string): boolean {
  return token.startsWith(KEY_PREFIX);
}

/** Resolves a partner API key to its partner actor, or null when unknown, revoked or the partner is disabled. */
export async function authenticatePartnerKey(db: ServiceContext['db'], secret: string): Promise<Actor | null> {
  const [row] = await db.select({ keyId: partnerApiKeys.id, partnerId: partners.id, status: partners.status, revokedAt: partnerApiKeys.revokedAt })
    .from(partnerApiKeys).innerJoin(partners, eq(partners.id, partnerApiKeys.partnerId))
    .where(eq(partnerApiKeys.secretHash, hashSecret(secret)));
  if (!row || row.revokedAt || row.status !== 'ACTIVE') return null;
  return { kind: 'partner', partnerId: row.partnerId };
}

/** Partners by id: admins see all, a partner only itself. */
export async function partnersByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(PartnerRow | null)[]> {
  const rows = ids.length ? await ctx.db.select().from(partners).where(inArray(partners.id, [...ids])) : [];
  const visible = rows.filter((p) => ctx.actor.kind === 'admin' || (ctx.actor.kind === 'partner' && ctx.actor.partnerId === p.id));
  return inIdOrder(ids, visible);
}

/** API keys by id for `node`/`nodes` (admins only, like the key mutations); the secret's hash is never read. */
export async function partnerApiKeysByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(PartnerApiKeyView | null)[]> {
  if (ids.length === 0 || ctx.actor.kind !== 'admin') return ids.map(() => null);
  const { secretHash: _hash, ...visible } = getTableColumns(partnerApiKeys);
  const rows = await ctx.db.select(visible).from(partnerApiKeys).where(inArray(partnerApiKeys.id, [...ids]));
  return inIdOrder(ids, rows);
}

/** Every partner (admin). */
export async function listPartners(ctx: ServiceContext): Promise<PartnerRow[]> {
  requireAdmin(ctx);
  return ctx.db.select().from(partners).orderBy(partners.id);
}

/** Queues a pull of a locker network's points (admin); the worker performs it through the adapter. */
export async function syncDropOffLocations(ctx: ServiceContext, partnerId: string): Promise<Outcome<string>> {
  requireAdmin(ctx);
  return runMutation(ctx, async (tx) => {
    const [partner] = await tx.db.select().from(partners).where(eq(partners.id, partnerId));
    if (!partner) throw new UserErrorAbort([{ code: 'NOT_FOUND', message: 'Partner not found', field: ['partnerId'] }]);
    if (partner.kind !== 'LOCKER_NETWORK') throw new UserErrorAbort([{ code: 'NOT_SYNCABLE', message: 'Only locker networks publish points to sync', field: ['partnerId'] }]);
    return enqueueIntegrationJob(tx, { partnerId, type: INTEGRATION_JOB.LOCATIONS_SYNC, payload: {} });
  });
}
