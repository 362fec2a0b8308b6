// Money and dates as the console shows them (the browser's locale).

/** A Money value ("19.99", "EUR") in the browser's locale, e.g. €19.99. */
export function formatMoney(money: { amount: string; currencyCode: string }): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currencyCode }).format(Number(money.amount));
  } catch {
    return `${money.amount} ${money.currencyCode}`;
  }
}

/** A date and time, short. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** An enum value in words: AWAITING_DROP_OFF → Awaiting drop off. */
export function words(value: string): string {
  const lower = value.replace(/_/g, ' ').toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
