import { adapterFor } from '../../../integrations/registry';
import { PermanentPartnerError } from '../../../integrations/errors';
import { upsertDropOffLocations } from '../../services/methods/location.service';
import type { JobHandler } from './types';

/** An area a locker network's points are pulled for (partner.settings.syncAreas). */
interface SyncArea { latitude: number; longitude: number; radiusKm: number }

function areasOf(settings: Record<string, unknown>): SyncArea[] {
  const raw = settings.syncAreas;
  if (!Array.isArray(raw) || raw.length === 0) throw new PermanentPartnerError('partner.settings.syncAreas lists no areas to sync');
  return raw.map((a) => {
    const area = a as Partial<SyncArea>;
    if (typeof area.latitude !== 'number' || typeof area.longitude !== 'number' || typeof area.radiusKm !== 'number') {
      throw new PermanentPartnerError('each sync area needs latitude, longitude and radiusKm');
    }
    return area as SyncArea;
  });
}

/**
 * `locations.sync`: pulls a locker network's points for its configured areas through the adapter and upserts them
 * (with their compartment sizes) as drop-off locations.
 */
export const locationSyncHandler: JobHandler<'locations.sync'> = async ({ partner, ctx }) => {
  if (partner.kind !== 'LOCKER_NETWORK') throw new PermanentPartnerError('only locker networks publish points to sync');
  const adapter = adapterFor('LOCKER_NETWORK', partner.adapter);
  const seen = new Map<string, Awaited<ReturnType<typeof adapter.searchPoints>>[number]>();
  for (const area of areasOf(partner.settings)) {
    for (const p of await adapter.searchPoints(partner, area, area.radiusKm)) seen.set(p.externalId, p);
  }
  const points = [...seen.values()];
  for (let i = 0; i < points.length; i += 500) {
    const outcome = await upsertDropOffLocations({ ...ctx, actor: { kind: 'partner', partnerId: partner.id } }, partner.id, points.slice(i, i + 500).map((p) => ({
      externalId: p.externalId, type: 'LOCKER' as const, name: p.name, address: p.address, latitude: p.latitude, longitude: p.longitude,
      openingHours: p.openingHours, compartments: p.compartments,
    })));
    if (!outcome.ok) throw new PermanentPartnerError(outcome.userErrors.map((e) => e.message).join('; '));
  }
  return { synced: points.length };
};
