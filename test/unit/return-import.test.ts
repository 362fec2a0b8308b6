import { importRowHash, mapReason, planImportedReturn, type ImportLine, type ReturnImportRow } from '../../src/domain/return-import';

const NOW = new Date('2026-06-01T00:00:00Z');
const order = { id: 'o', customerId: 'c', currencyCode: 'EUR', placedAt: new Date('2026-01-10T00:00:00Z') };
const lines = (): ImportLine[] => [
  { id: 'l1', lineNumber: 1, sku: 'A', quantity: 3, unitPriceMinor: 1000, discountMinor: 100, claimed: 0 },
  { id: 'l2', lineNumber: 2, sku: 'B', quantity: 1, unitPriceMinor: 3333, discountMinor: 0, claimed: 0 },
];
const row = (extra: Partial<ReturnImportRow> = {}): ReturnImportRow => ({
  externalId: 'R', orderNumber: 'N', status: 'COMPLETED', requestedAt: new Date('2026-01-20T00:00:00Z'),
  items: [{ lineNumber: 1, quantity: 2, reasonCode: 'x' }, { sku: 'B', quantity: 1, reasonCode: 'DEFECTIVE' }], ...extra,
});

describe('planImportedReturn', () => {
  it('maps reasons: the mapping, then a Boomerang code as is, else OTHER', () => {
    const mapping = new Map([['TOO_BIG', 'SIZE_TOO_LARGE' as const]]);
    expect(mapReason(' too_big ', mapping)).toBe('SIZE_TOO_LARGE');
    expect(mapReason('defective', mapping)).toBe('DEFECTIVE');
    expect(mapReason('WHATEVER', mapping)).toBe('OTHER');
  });

  it('shares the refund over the items by value, exactly', () => {
    const planned = planImportedReturn(row({ refundAmount: '50.01', refundedAt: new Date('2026-01-25T00:00:00Z') }), order, lines(), new Map(), NOW);
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    expect(planned.plan.refundStatus).toBe('ISSUED');
    // Line 1 paid 29.00 for 3 units (shares 9.67, 9.67, 9.66): the first two are worth 19.34; line 2 33.33.
    expect(planned.plan.items.map((i) => i.grossMinor)).toEqual([1934, 3333]);
    expect(planned.plan.items.reduce((s, i) => s + i.refundMinor, 0)).toBe(5001);
  });

  it('counts units already claimed, but a released return claims none', () => {
    const held = lines();
    held[0].claimed = 2;
    const refused = planImportedReturn(row(), order, held, new Map(), NOW);
    expect(refused.ok ? [] : refused.errors.map((e) => e.code)).toEqual(['QUANTITY_EXCEEDS_RETURNABLE']);
    expect(planImportedReturn(row({ status: 'CANCELLED' }), order, held, new Map(), NOW)).toMatchObject({ ok: true, plan: { refundStatus: 'NONE', refundMinor: 0 } });
  });

  it('hashes the row as sent: the same content gives the same hash', () => {
    expect(importRowHash(row())).toBe(importRowHash(row()));
    expect(importRowHash(row())).not.toBe(importRowHash(row({ status: 'REJECTED' })));
  });
});
