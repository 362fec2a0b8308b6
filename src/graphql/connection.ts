import type { Page } from '../services/paging';

/** A Relay connection as the `…Connection` object types expect it. */
export interface ConnectionValue<N> { edges: Array<{ cursor: string; node: N }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

/** Builds a connection from a service page: one cursor per row, the last row's as `endCursor`; nodeOf maps a row to its node. */
export function toConnection<R>(page: Page<R>, cursorOf: (row: R) => string): ConnectionValue<R>;
export function toConnection<R, N>(page: Page<R>, cursorOf: (row: R) => string, nodeOf: (row: R) => N): ConnectionValue<N>;
export function toConnection<R, N>(page: Page<R>, cursorOf: (row: R) => string, nodeOf?: (row: R) => N): ConnectionValue<R | N> {
  const { rows } = page;
  return {
    edges: rows.map((row) => ({ cursor: cursorOf(row), node: nodeOf ? nodeOf(row) : row })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: rows.length ? cursorOf(rows[rows.length - 1]) : null },
  };
}
