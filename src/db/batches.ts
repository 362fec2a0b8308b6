/** PostgreSQL takes at most 65,535 bind parameters per statement; multi-row writes stay well below it. */
const MAX_PARAMETERS = 30_000;

/**
 * Splits rows into consecutive slices small enough for one statement of `columns` parameters a row. Slices keep the
 * rows' order, so writing them one after another takes row locks in the same order as a single statement would.
 */
export function batches<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Compares strings by Unicode code point, the order of their UTF-8 bytes and of `collate "C"` in a UTF8 database, so
 * rows sorted here and rows a statement sorts `collate "C"` are locked in one order. JavaScript's `<` compares UTF-16
 * code units instead, which puts a character beyond U+FFFF (an emoji) before U+E000–U+FFFF.
 */
export function byKey(a: string, b: string): number {
  // Equal code points span equal code units, so one index walks both strings.
  for (let i = 0; i < a.length && i < b.length;) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}
