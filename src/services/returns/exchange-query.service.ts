import { and, desc, inArray, lt, type SQL } from 'drizzle-orm';
import { returnExchanges } from '../../db/schema';
import type { ExchangeStatus } from '../../domain/exchange';
import { requireStaff } from '../access';
import type { ServiceContext } from '../context';
import { fetchPage } from '../paging';
import type { ExchangeRow } from './exchange.service';

/** Exchanges by the item they belong to (items the caller already sees), for ReturnItem.exchange: one query per page. */
export async function exchangesByItemIds(ctx: ServiceContext, itemIds: readonly string[]): Promise<(ExchangeRow | null)[]> {
  if (!itemIds.length) return [];
  const rows = await ctx.db.select().from(returnExchanges).where(inArray(returnExchanges.returnItemId, [...itemIds]));
  const byItem = new Map(rows.map((r) => [r.returnItemId, r]));
  return itemIds.map((id) => byItem.get(id) ?? null);
}

/** Staff: exchanges newest first, keyset on id, optionally only some statuses (FAILED: those that fell back to a refund). */
export async function listExchanges(ctx: ServiceContext, first: number, after: string | null, statuses?: ExchangeStatus[] | null) {
  requireStaff(ctx);
  const where: SQL[] = [];
  if (statuses?.length) where.push(inArray(returnExchanges.status, statuses));
  if (after) where.push(lt(returnExchanges.id, after));
  return fetchPage(first, (limit) => ctx.db.select().from(returnExchanges).where(and(...where)).orderBy(desc(returnExchanges.id)).limit(limit));
}
