/*
 * What PostgreSQL can store of client input: text without NUL (U+0000; `text` and `jsonb` refuse it) and instants in
 * the years 0001–9999 (ISO-8601 year 0000 is not a PostgreSQL date; five-digit years do not round-trip as ISO text).
 * Input that breaks these is the client's mistake and must be refused as such, not fail inside a query.
 */

/** True when the day exists in the (proleptic Gregorian) calendar: month 1–12, day 1 to that month's length. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when PostgreSQL stores this instant as given: a real date in the years 0001–9999 (UTC). */
export function isStorableInstant(at: Date): boolean {
  const year = at.getUTCFullYear();
  return !Number.isNaN(year) && year >= 1 && year <= 9999;
}

/** Why a (coerced) input value cannot be stored — a NUL in any text or object key, or a date out of range — or null. */
export function unstorableReason(value: unknown): string | null {
  // Iterative, so a deeply nested JSON argument cannot exhaust the stack; no spread or entry arrays, as a bulk import
  // runs it over every line.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return 'text must not contain NUL characters (U+0000)';
    } else if (typeof v !== 'object' || v === null) {
      continue;
    } else if (v instanceof Date) {
      if (!isStorableInstant(v)) return 'date-times must fall in the years 0001 to 9999';
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) pending.push(v[i]);
    } else {
      for (const key of Object.keys(v)) {
        if (key.includes('\u0000')) return 'text must not contain NUL characters (U+0000)';
        pending.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return null;
}
