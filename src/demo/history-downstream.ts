import type { ConditionGrade, DispositionType } from '../domain/disposition';
import { DEFAULT_RECOVERY_FACTORS } from '../domain/recovery-factors';
import { materialStreamOf, weeeCategoryOf, type Material, type TreatmentRoute } from '../domain/recycling-lot-status';
import { compositionOf } from '../domain/recycling-report-check';
import { isDataBearing } from '../domain/refurbishment-status';
import { computeResalePrice, type ResaleSource } from '../domain/resale-pricing';
import { expectedVendorCreditMinor } from '../domain/vendor-return';
import { DAY_MS, type HistoryProduct } from './history-catalog';
import { historyUuid, type Rng } from './history-random';
import { stamp, push, type RowBatch } from './history-rows';

const HOUR_MS = 3_600_000;

/** Where each reported material fraction of a recycling lot goes (shares by weight). */
export const RECYCLING_ROUTES: Readonly<Record<Material, Readonly<Partial<Record<TreatmentRoute, number>>>>> = {
  TEXTILES: { REUSE: 0.35, RECYCLING: 0.45, ENERGY_RECOVERY: 0.15, DISPOSAL: 0.05 },
  PLASTICS: { RECYCLING: 0.45, ENERGY_RECOVERY: 0.45, DISPOSAL: 0.1 },
  FERROUS: { RECYCLING: 0.97, DISPOSAL: 0.03 },
  NON_FERROUS: { RECYCLING: 0.95, DISPOSAL: 0.05 },
  GLASS: { RECYCLING: 0.85, DISPOSAL: 0.15 },
  PAPER_CARDBOARD: { RECYCLING: 0.9, ENERGY_RECOVERY: 0.1 },
  BATTERIES: { RECYCLING: 0.9, DISPOSAL: 0.1 },
  CIRCUIT_BOARDS: { RECYCLING: 0.95, DISPOSAL: 0.05 },
  OTHER: { ENERGY_RECOVERY: 0.5, DISPOSAL: 0.5 },
};

/** A dispositioned unit of a completed return. */
export interface DispositionedItem {
  returnItemId: string;
  product: HistoryProduct;
  units: number;
  grade: ConditionGrade;
  unitValueMinor: number;
  disposition: DispositionType;
  at: number;
}

interface PendingUnit { item: DispositionedItem; at: number }

/** Units that end up in recycling lots and vendor returns, which gather units over a month and are written at the end. */
export class Downstream {
  readonly recycle: PendingUnit[] = [];
  readonly vendor: PendingUnit[] = [];
  constructor(readonly rng: Rng, readonly endMs: number, readonly currency: string) {}
}

function listing(ds: Downstream, batch: RowBatch, item: DispositionedItem, source: ResaleSource, at: number, cosmeticGrade: string | null): void {
  const { rng } = ds;
  // Listed after the history's end: not yet.
  if (at > ds.endMs) return;
  const price = computeResalePrice({
    originalUnitPriceMinor: item.unitValueMinor, currency: ds.currency, category: item.product.category, source,
    conditionGrade: item.grade, cosmeticGrade,
  });
  const soldAt = at + (rng.exponential(source === 'RESTOCK' ? 10 : 16) + 1) * DAY_MS;
  const sold = soldAt <= ds.endMs;
  const label = source === 'RESTOCK' ? 'New' : source === 'REFURBISH' ? `Refurbished – grade ${cosmeticGrade}` : `Open box – ${item.grade}`;
  push(batch, 'resale_listings', {
    id: historyUuid(at, 0, rng), return_item_id: item.returnItemId, units: item.units, sku: item.product.sku, category: item.product.category,
    condition_label: label, source_disposition: source, pricing_rule: price.rule, original_unit_price_minor: item.unitValueMinor,
    price_minor: price.priceMinor, currency_code: ds.currency, status: sold ? 'SOLD' : 'AVAILABLE', sold_price_minor: sold ? price.priceMinor : null,
    version: sold ? 2 : 1, sold_at: sold ? stamp(soldAt) : null, created_at: stamp(at), updated_at: stamp(sold ? soldAt : at),
  });
}

function refurbish(ds: Downstream, batch: RowBatch, item: DispositionedItem): void {
  const { rng } = ds;
  const table = DEFAULT_RECOVERY_FACTORS.refurbCostFraction as Readonly<Record<string, number>>;
  const fraction = table[item.product.category] ?? table.default;
  const quote = Math.round(item.units * item.unitValueMinor * fraction * rng.between(0.6, 1.4));
  const dispatched = item.at + 2 * HOUR_MS;
  const finished = dispatched + rng.between(5, 20) * DAY_MS;
  const done = finished <= ds.endMs;
  const sent = dispatched <= ds.endMs;
  const repaired = rng.chance(0.85);
  const status = !sent ? 'CREATED' : !done ? 'IN_REPAIR' : repaired ? 'COMPLETED' : 'UNREPAIRABLE';
  const cosmetic = rng.pick(['A', 'B', 'C', 'D'], [30, 45, 20, 5]);
  const dataBearing = isDataBearing(item.product.category);
  push(batch, 'refurbishment_jobs', {
    id: historyUuid(item.at, 0, rng), return_item_id: item.returnItemId, status, sku: item.product.sku, product_name: item.product.name,
    category: item.product.category, currency_code: ds.currency, quote_minor: quote, cost_minor: status === 'COMPLETED' ? quote : null,
    cosmetic_grade: status === 'COMPLETED' ? cosmetic : null, functional_grade: status === 'COMPLETED' ? 'A' : null,
    battery_health_pct: status === 'COMPLETED' && dataBearing ? rng.int(82, 100) : null,
    sanitization_certificate_ref: status === 'COMPLETED' && dataBearing ? `HIST-SAN-${rng.hex16().slice(0, 10).toUpperCase()}` : null,
    operator_decision: sent ? 'REPAIR' : null, decided_by: sent ? 'system' : null, sla_due_at: sent ? stamp(dispatched + 14 * DAY_MS) : null,
    version: done ? 6 : sent ? 4 : 1, dispatched_at: sent ? stamp(dispatched) : null, completed_at: done ? stamp(finished) : null,
    created_at: stamp(item.at), updated_at: stamp(done ? finished : sent ? dispatched : item.at),
  });
  if (status === 'COMPLETED') listing(ds, batch, item, 'REFURBISH', finished + HOUR_MS, cosmetic);
  else if (status === 'UNREPAIRABLE' && item.product.recyclable) ds.recycle.push({ item, at: finished });
}

/** Writes what happens to a dispositioned unit: listings, refurbishment, disposal records now; recycling and vendor returns later. */
export function planDownstream(ds: Downstream, batch: RowBatch, item: DispositionedItem): void {
  switch (item.disposition) {
    case 'RESTOCK':
    case 'RESELL_OPEN_BOX':
      listing(ds, batch, item, item.disposition, item.at + HOUR_MS, null);
      break;
    case 'REFURBISH':
      refurbish(ds, batch, item);
      break;
    case 'RECYCLE':
      ds.recycle.push({ item, at: item.at });
      break;
    case 'RETURN_TO_VENDOR':
      ds.vendor.push({ item, at: item.at });
      break;
    case 'DONATE':
    case 'LIQUIDATE':
      push(batch, 'disposal_records', {
        id: historyUuid(item.at, 0, ds.rng), return_item_id: item.returnItemId, kind: item.disposition,
        counterparty: item.disposition === 'DONATE' ? 'Hist Charity Shop' : 'Hist Liquidation Partners',
        value_recovered_minor: item.disposition === 'DONATE' ? 0 : Math.round(item.units * item.unitValueMinor * ds.rng.between(0.15, 0.25)),
        currency_code: ds.currency, recorded_by: 'hist-operator-1', recorded_at: stamp(Math.min(ds.endMs, item.at + DAY_MS)),
      });
      break;
    default:
      break;
  }
}

/** Groups pending units by a key and month (UTC) of their time, in time order. */
function monthly(units: PendingUnit[], key: (u: PendingUnit) => string): Array<{ key: string; monthEnd: number; units: PendingUnit[] }> {
  const groups = new Map<string, { key: string; monthEnd: number; units: PendingUnit[] }>();
  for (const u of [...units].sort((a, b) => a.at - b.at)) {
    const d = new Date(u.at);
    const k = `${key(u)}|${d.getUTCFullYear()}-${d.getUTCMonth()}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key: key(u), monthEnd: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1), units: [] }));
    g.units.push(u);
  }
  return [...groups.values()];
}

/** Recycling lots (one per stream and WEEE category a month) and vendor returns (one per supplier a month). */
export function finishDownstream(ds: Downstream, batch: RowBatch): void {
  const { rng, endMs } = ds;
  const event = (table: 'recycling_lot_events' | 'vendor_return_events', ref: Record<string, string>, type: string, at: number, data: Record<string, unknown>) => {
    if (at <= endMs) push(batch, table, { id: historyUuid(at, 0, rng), ...ref, type, at: stamp(at), actor_type: 'system', actor_id: null, data });
  };
  for (const lot of monthly(ds.recycle, (u) => `${materialStreamOf(u.item.product.category)}|${weeeCategoryOf(u.item.product.category) ?? ''}`)) {
    const [stream, weee] = lot.key.split('|');
    const created = lot.units[0].at;
    const id = historyUuid(created, 0, rng);
    const dispatched = lot.monthEnd + 3 * DAY_MS;
    const reported = dispatched + rng.between(10, 25) * DAY_MS;
    const status = reported <= endMs ? 'CLOSED' : dispatched <= endMs ? 'DISPATCHED' : 'OPEN';
    const declared = lot.units.reduce((s, u) => s + (u.item.units * u.item.product.weightGrams) / 1000, 0);
    const reportedKg = status === 'CLOSED' ? Math.round(declared * rng.between(0.97, 1.03) * 1000) / 1000 : null;
    const dataBearing = lot.units.some((u) => isDataBearing(u.item.product.category));
    const ref = `HIST-LOT-${new Date(created).toISOString().slice(0, 7)}-${stream}${weee}`;
    push(batch, 'recycling_lots', {
      id, status, material_stream: stream, weee_category: weee ? Number(weee) : null, declared_weight_kg: Math.round(declared * 1000) / 1000,
      reported_weight_kg: reportedKg, certificate_number: reportedKg !== null ? `${ref}-CERT` : null,
      data_destruction_certificate: reportedKg !== null && dataBearing ? `${ref}-DDC` : null, recycler_reference: ref,
      dispatch_requested_at: status === 'OPEN' ? null : stamp(dispatched - HOUR_MS), dispatched_at: status === 'OPEN' ? null : stamp(dispatched),
      reported_at: stamp(reportedKg !== null ? reported : null), closed_at: stamp(reportedKg !== null ? reported + 1 : null),
      version: status === 'CLOSED' ? 5 : status === 'DISPATCHED' ? 3 : 1, created_at: stamp(created),
      updated_at: stamp(status === 'CLOSED' ? reported + 1 : status === 'DISPATCHED' ? dispatched : lot.units[lot.units.length - 1].at),
    });
    event('recycling_lot_events', { lot_id: id }, 'LOT_CREATED', created, { partnerId: null, materialStream: stream, weeeCategory: weee ? Number(weee) : null });
    for (const u of lot.units) {
      const weightKg = Math.round(u.item.units * u.item.product.weightGrams) / 1000;
      push(batch, 'recycling_lot_units', {
        id: historyUuid(u.at, 1, rng), lot_id: id, return_item_id: u.item.returnItemId, sku: u.item.product.sku, category: u.item.product.category,
        units: u.item.units, weight_kg: weightKg, created_at: stamp(u.at),
      });
    }
    event('recycling_lot_events', { lot_id: id }, 'DISPATCHED', dispatched, { recyclerReference: ref });
    if (reportedKg === null) continue;
    // The reported fractions: the lot's expected composition (weighted by unit weight), split by treatment route.
    const shares = new Map<Material, number>();
    for (const u of lot.units) {
      const w = (u.item.units * u.item.product.weightGrams) / 1000 / (declared || 1);
      for (const [m, share] of Object.entries(compositionOf(u.item.product.category)) as Array<[Material, number]>) shares.set(m, (shares.get(m) ?? 0) + w * share);
    }
    for (const [material, share] of shares) {
      for (const [route, part] of Object.entries(RECYCLING_ROUTES[material]) as Array<[TreatmentRoute, number]>) {
        const kg = Math.round(reportedKg * share * part * 1000) / 1000;
        if (kg > 0) push(batch, 'recycling_lot_materials', { id: historyUuid(reported, 0, rng), lot_id: id, material, weight_kg: kg, route });
      }
    }
    event('recycling_lot_events', { lot_id: id }, 'REPORTED', reported, { reportedWeightKg: reportedKg, certificateNumber: `${ref}-CERT` });
    event('recycling_lot_events', { lot_id: id }, 'CLOSED', reported + 1, {});
  }
  for (const vra of monthly(ds.vendor, (u) => u.item.product.supplier)) {
    const created = vra.units[0].at;
    const id = historyUuid(created, 0, rng);
    const dispatched = vra.monthEnd + 2 * DAY_MS;
    const closed = dispatched + rng.between(15, 35) * DAY_MS;
    const status = closed <= endMs ? 'CLOSED' : dispatched <= endMs ? 'DISPATCHED' : 'OPEN';
    const expected = vra.units.reduce((s, u) => s + expectedVendorCreditMinor(u.item.units, u.item.unitValueMinor), 0);
    const credited = status === 'CLOSED' ? Math.round(expected * rng.between(0.9, 1)) : null;
    const ref = `HIST-VRA-${new Date(created).toISOString().slice(0, 7)}-${vra.key.replace(/\W+/g, '').toUpperCase()}`;
    push(batch, 'vendor_return_authorizations', {
      id, supplier: vra.key, status, currency_code: ds.currency, expected_credit_minor: expected, credited_minor: credited,
      credit_difference_minor: credited === null ? null : credited - expected, vendor_reference: status === 'OPEN' ? null : ref,
      credit_reference: credited === null ? null : `${ref}-CN`, dispatch_requested_at: status === 'OPEN' ? null : stamp(dispatched - HOUR_MS),
      dispatched_at: status === 'OPEN' ? null : stamp(dispatched), closed_at: credited === null ? null : stamp(closed),
      version: status === 'CLOSED' ? 4 : status === 'DISPATCHED' ? 3 : 1, created_at: stamp(created),
      updated_at: stamp(status === 'CLOSED' ? closed : status === 'DISPATCHED' ? dispatched : vra.units[vra.units.length - 1].at),
    });
    event('vendor_return_events', { authorization_id: id }, 'VRA_CREATED', created, { partnerId: null, supplier: vra.key, currencyCode: ds.currency });
    for (const u of vra.units) {
      push(batch, 'vendor_return_units', {
        id: historyUuid(u.at, 1, rng), authorization_id: id, return_item_id: u.item.returnItemId, sku: u.item.product.sku, units: u.item.units,
        unit_value_minor: u.item.unitValueMinor, expected_credit_minor: expectedVendorCreditMinor(u.item.units, u.item.unitValueMinor), created_at: stamp(u.at),
      });
    }
    event('vendor_return_events', { authorization_id: id }, 'DISPATCHED', dispatched, { vendorReference: ref });
    if (credited !== null) event('vendor_return_events', { authorization_id: id }, 'CLOSED', closed, { differenceMinor: credited - expected });
  }
}
