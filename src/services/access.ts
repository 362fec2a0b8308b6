import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { customers } from '../db/schema';
import { isStaff, type ServiceContext } from './context';
import { ForbiddenError, UnauthenticatedError } from './errors';

/** Requires staff (operator or admin); the resolvers' @Authorized does the same, this guards direct calls. */
export function requireStaff(ctx: ServiceContext): void {
  if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (ctx.actor.kind !== 'operator' && ctx.actor.kind !== 'admin') throw new ForbiddenError();
}

/**
 * The condition a list of partner-owned rows starts from: a partner sees its own (on `partnerColumn`); anyone else must
 * be staff and sees all.
 */
export function staffOrOwnRows(ctx: ServiceContext, partnerColumn: PgColumn): SQL[] {
  if (ctx.actor.kind === 'partner') return [eq(partnerColumn, ctx.actor.partnerId)];
  requireStaff(ctx);
  return [];
}

/** True when the actor may see a partner-owned row: staff, or the partner it belongs to. */
export function staffOrOwner(ctx: ServiceContext, row: { partnerId: string | null }): boolean {
  return isStaff(ctx.actor) || (ctx.actor.kind === 'partner' && row.partnerId === ctx.actor.partnerId);
}

/** Requires an admin. */
export function requireAdmin(ctx: ServiceContext): void {
  if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (ctx.actor.kind !== 'admin') throw new ForbiddenError();
}

/**
 * The scope of rows the actor may see: all (staff), one customer's, or one order's (guest).
 * `customerId: null` for a signed-in customer with no imported orders means "nothing".
 */
export type Scope =
  | { all: true }
  | { all: false; customerId: string | null; orderId?: string };

const scopeCache = new WeakMap<ServiceContext['actor'], Promise<Scope>>();

/** Resolves the actor to a data scope once per request. */
export function scopeOf(ctx: ServiceContext): Promise<Scope> {
  const actor = ctx.actor;
  let cached = scopeCache.get(actor);
  if (!cached) {
    cached = resolveScope(ctx);
    scopeCache.set(actor, cached);
  }
  return cached;
}

async function resolveScope(ctx: ServiceContext): Promise<Scope> {
  const actor = ctx.actor;
  switch (actor.kind) {
    case 'anonymous': throw new UnauthenticatedError();
    case 'operator':
    case 'admin':
    case 'system': return { all: true };
    case 'guest': return { all: false, customerId: actor.customerId, orderId: actor.orderId };
    // Partners see no customer data through these queries; their own jobs come through partner-scoped services.
    case 'partner': return { all: false, customerId: null };
    case 'customer': {
      const [row] = await ctx.db.select({ id: customers.id }).from(customers).where(eq(customers.externalId, actor.externalId)).limit(1);
      return { all: false, customerId: row?.id ?? null };
    }
  }
}

/**
 * For a signed-in customer whose scope is not resolved yet: the external id to read their customer id by, in the
 * statement that loads the row to check (visibleOrder, through customerScopeColumn), so resolving the scope costs no
 * statement of its own. Hand what it read to adoptCustomerScope. Null for every other actor, and once the scope is known.
 */
export function customerScopeToRead(ctx: ServiceContext): string | null {
  const actor = ctx.actor;
  return actor.kind !== 'customer' || scopeCache.has(actor) ? null : actor.externalId;
}

/** A customer's id by external id as a scalar subquery column (`externalId` a value, or a placeholder in a statement built once). */
export function customerScopeColumn(externalId: unknown): SQL<string | null> {
  // Nested, so drizzle keeps the table name on the column inside a single-table select.
  return sql<string | null>`(${sql`select ${customers.id} from ${customers} where ${customers.externalId} = ${externalId} limit 1`})`;
}

/** Records the customer id customerScopeColumn read as the actor's scope (what scopeOf would have resolved). */
export function adoptCustomerScope(ctx: ServiceContext, customerId: string | null): void {
  if (ctx.actor.kind === 'customer' && !scopeCache.has(ctx.actor)) scopeCache.set(ctx.actor, Promise.resolve({ all: false, customerId }));
}

/** True when a row owned by (customerId, orderId) is visible within scope. */
export function inScope(scope: Scope, row: { customerId: string; orderId: string }): boolean {
  if (scope.all) return true;
  if (scope.customerId === null || row.customerId !== scope.customerId) return false;
  return scope.orderId === undefined || row.orderId === scope.orderId;
}
