import { callForObject, readEnvelope } from '../boomerang-protocol';
import { malformedWebhook } from '../json-reader';
import type { RecyclerAdapter, RecyclerMaterial, RecyclerRoute } from './types';

const MATERIALS: readonly RecyclerMaterial[] = ['FERROUS', 'NON_FERROUS', 'PLASTICS', 'GLASS', 'PAPER_CARDBOARD', 'TEXTILES', 'BATTERIES', 'CIRCUIT_BOARDS', 'OTHER'];
const ROUTES: readonly RecyclerRoute[] = ['REUSE', 'RECYCLING', 'ENERGY_RECOVERY', 'DISPOSAL'];

/**
 * Boomerang's own recycler protocol (docs/partner-protocol.md, "Recyclers"): `POST lots` hands over a lot; the report
 * arrives as a `lot.reported` webhook (or through the partner-scoped `reportRecyclingLot` mutation), same fields.
 */
export const boomerangRecyclerAdapter: RecyclerAdapter = {
  id: 'boomerang-recycler-v1',

  async dispatchLot(partner, req, idempotencyKey) {
    const answer = await callForObject(partner, { path: 'lots', body: req, idempotencyKey });
    return { recyclerReference: answer.id('recyclerReference') };
  },

  parseWebhook(_partner, webhook) {
    const { data } = readEnvelope(webhook, ['lot.reported'] as const);
    const materials = data.objects('materials').map((m) => {
      const weightKg = m.number('weightKg');
      if (weightKg < 0) throw malformedWebhook('materials[].weightKg must not be negative');
      return { material: m.oneOf('material', MATERIALS), weightKg, route: m.oneOf('route', ROUTES) };
    });
    return [{
      lotId: data.string('lotId'),
      occurredAt: data.instant('occurredAt'),
      certificateNumber: data.string('certificateNumber'),
      dataDestructionCertificate: data.optionalString('dataDestructionCertificate'),
      materials,
    }];
  },
};
