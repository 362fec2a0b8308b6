/** One page of a keyset listing: the rows asked for, and whether more follow. */
export interface Page<T> { rows: T[]; hasNextPage: boolean }

/** Cuts rows fetched with a limit of `first + 1` to a page: the extra row only tells that another page follows. */
export function toPage<T>(rows: T[], first: number): Page<T> {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Runs a keyset query with one row more than asked (`fetch(limit)`) and returns the page. */
export async function fetchPage<T>(first: number, fetch: (limit: number) => PromiseLike<T[]>): Promise<Page<T>> {
  return toPage(await fetch(first + 1), first);
}
