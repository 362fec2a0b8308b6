import { isCalendarDay, isStorableInstant, unstorableReason } from '../../src/domain/storable-input';

describe('isStorableInstant', () => {
  test.each([
    ['0001-01-01T00:00:00Z', true], ['9999-12-31T23:59:59.999Z', true], ['2026-02-28T12:00:00Z', true],
    ['0000-12-31T23:59:59Z', false], ['+010000-01-01T00:00:00Z', false], ['not a date', false],
  ])('%s → %s', (iso, storable) => {
    expect(isStorableInstant(new Date(iso))).toBe(storable);
  });
});

describe('unstorableReason', () => {
  test('finds a NUL or a year-0000 date anywhere in nested input, keys included', () => {
    expect(unstorableReason({ a: [{ b: 'ok' }, 'x\u0000'] })).toMatch(/NUL/);
    expect(unstorableReason({ ['k\u0000']: 1 })).toMatch(/NUL/);
    expect(unstorableReason([[{ at: new Date('0000-06-01T00:00:00Z') }]])).toMatch(/years 0001 to 9999/);
  });

  test('accepts ordinary input, including unicode and deep nesting', () => {
    let deep: unknown = 'leaf ✓ 日本';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableReason(deep)).toBeNull();
    expect(unstorableReason({ n: 1, b: true, z: null, d: new Date('2026-01-01T00:00:00Z'), s: '\u0001 — é' })).toBeNull();
  });
});

describe('isCalendarDay', () => {
  test.each([
    [2024, 2, 29, true], [2025, 2, 28, true], [2025, 12, 31, true],
    [2025, 2, 29, false], [2025, 2, 30, false], [2025, 4, 31, false], [2025, 13, 1, false], [2025, 0, 10, false], [2025, 1, 0, false],
  ])('%i-%i-%i → %s', (year, month, day, exists) => {
    expect(isCalendarDay(year, month, day)).toBe(exists);
  });
});
