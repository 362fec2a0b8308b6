import fc from 'fast-check';
import { batches, byKey } from '../../src/db/batches';

describe('byKey', () => {
  it('puts a BMP character above the surrogates before an astral one, as collate "C" does and UTF-16 does not', () => {
    const [bmp, astral] = ['\uFF5E', '\u{1F600}']; // FULLWIDTH TILDE, GRINNING FACE (UTF-16: D83D DE00)
    expect(astral < bmp).toBe(true);
    expect(byKey(bmp, astral)).toBeLessThan(0);
    expect(byKey(astral, bmp)).toBeGreaterThan(0);
    expect(['SKU-\u{1F600}', 'SKU-\uFF5E', 'SKU-z', 'SKU-'].sort(byKey)).toEqual(['SKU-', 'SKU-z', 'SKU-\uFF5E', 'SKU-\u{1F600}']);
  });

  it('orders any two strings as their UTF-8 bytes compare', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 });
    fc.assert(fc.property(text, text, (a, b) => {
      expect(Math.sign(byKey(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
    }), { numRuns: 2000 });
  });

  it('is zero only for equal strings', () => {
    expect(byKey('abc', 'abc')).toBe(0);
    expect(byKey('ab', 'abc')).toBeLessThan(0);
  });
});

describe('batches', () => {
  it('keeps the rows in order in slices of at most 30,000 parameters', () => {
    const rows = Array.from({ length: 7_001 }, (_, i) => i);
    const slices = batches(rows, 10);
    expect(slices.map((s) => s.length)).toEqual([3_000, 3_000, 1_001]);
    expect(slices.flat()).toEqual(rows);
  });
});
