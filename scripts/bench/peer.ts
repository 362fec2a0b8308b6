import http from 'node:http';
import Module from 'node:module';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import type { Pool, PoolClient } from 'pg';
import { decodeGlobalId } from '../../src/domain/ids';
import { formatAmount } from '../../src/domain/money';
import type { HttpPlan } from './http-load';
import type { JsonClient } from './load';
import { encodeCursor, PAGE_SIZE, READ_QUERY, type ReadVariant } from './scenarios';

/**
 * PostGraphile v4 as a peer on the page scenario: the same tables, data, page and fields as the
 * gateway's `returns(first: 50)`, served from this process by PostGraphile's own HTTP handler on a
 * node:http server, with its own role and a pg pool as large as the app's.
 *
 * The same page in PostGraphile's vocabulary: `allReturns` newest id first, each return's items
 * (id order, as the gateway's loader sorts them) and their order line. PostGraphile has no money
 * type, so the unit price comes as minor units plus the currency (the check below formats it as the
 * gateway does). Status filters go through postgraphile-plugin-connection-filter (`in`), which core
 * v4 cannot express (its `condition` is equality only); cursors are PostGraphile's own.
 */
export const PEER_QUERY = `query BenchPeerReturns($first: Int, $after: Cursor, $filter: ReturnFilter) {
  allReturns(first: $first, after: $after, orderBy: ID_DESC, filter: $filter) {
    edges { node { id rmaNumber status createdAt
      returnItemsByReturnId(orderBy: ID_ASC) { nodes { quantity reason
        orderLineByOrderLineId { sku name quantity unitPriceMinor currencyCode } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The tables the peer's role may read: what the page touches, nothing else (so its schema exposes just these). */
const PEER_TABLES = ['returns', 'return_items', 'order_lines'];

/** A running peer: its endpoint, the statements its pool sent, and how to stop it. */
export interface Peer {
  endpoint: string;
  version: string;
  role: string;
  statementCount(): number;
  close(): Promise<void>;
}

/** PostGraphile's cursor for "after the return with this id" under `orderBy: ID_DESC`: base64 of `["id_desc",[id]]`. */
export const peerCursor = (id: string) => Buffer.from(JSON.stringify(['id_desc', [id]])).toString('base64');

const GRAPHILE_PACKAGES = /[\\/]node_modules[\\/](postgraphile|postgraphile-core|graphile-build|graphile-build-pg|graphile-utils|graphql-parse-resolve-info|postgraphile-plugin-connection-filter|@graphile[\\/][^\\/]+)[\\/]/;

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: { paths?: string[] }) => string;

/**
 * PostGraphile v4 needs graphql 15; the app uses graphql 16 at the top of node_modules. npm nests a
 * graphql 15 (and a graphile-build) under each graphile package that needs one, and some of their
 * dependencies (graphql-parse-resolve-info) land at the top and would load graphql 16: PostGraphile
 * then fails with "Cannot use GraphQLScalarType "Int" from another module or realm". So `graphql` and
 * `graphile-build`, when required from a graphile package, resolve from postgraphile's own directory:
 * one copy of each for the whole peer. Everything else, the app included, resolves as before.
 */
function pinGraphileDependencies(): void {
  const mod = Module as unknown as { _resolveFilename: ResolveFilename & { pinned?: true } };
  if (mod._resolveFilename.pinned) return;
  const home = path.dirname(require.resolve('postgraphile/package.json'));
  const original = mod._resolveFilename;
  const pinned: ResolveFilename & { pinned?: true } = function (this: unknown, request, parent, isMain, options) {
    const from = (parent as { filename?: string } | null)?.filename;
    if (from && GRAPHILE_PACKAGES.test(from) && /^(graphql|graphile-build)(\/|$)/.test(request)) {
      return original.call(this, request, parent, isMain, { paths: [home] });
    }
    return original.call(this, request, parent, isMain, options);
  };
  pinned.pinned = true;
  mod._resolveFilename = pinned;
}

/**
 * Starts PostGraphile on the bench database: a login role of its own that may read the page's three
 * tables, a pg pool of `poolSize` as that role, and PostGraphile's handler on a loopback port. Options
 * are the production ones (no query log, no GraphiQL, no watch mode, no mutations).
 */
export async function startPeer(dbUrl: string, role: string, poolSize: number): Promise<Peer> {
  const admin = postgres(dbUrl, { max: 1, onnotice: () => undefined });
  const database = new URL(dbUrl).pathname.slice(1);
  try {
    await admin.unsafe(`create role ${role} login`);
    await admin.unsafe(`grant connect on database ${database} to ${role}`);
    await admin.unsafe(`grant usage on schema public to ${role}`);
    await admin.unsafe(`grant select on ${PEER_TABLES.join(', ')} to ${role}`);
  } finally {
    await admin.end();
  }
  const dropRole = async () => {
    const a = postgres(dbUrl, { max: 1, onnotice: () => undefined });
    try {
      await a.unsafe(`drop owned by ${role}`);
      await a.unsafe(`drop role ${role}`);
    } finally {
      await a.end();
    }
  };

  let server: http.Server | null = null;
  let pool: Pool | null = null;
  let release: (() => Promise<void>) | null = null;
  let closing: Promise<void> | null = null;
  const close = () => closing ??= (async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    }
    await release?.();
    await pool?.end();
    await dropRole();
  })();
  try {
    pinGraphileDependencies();
    const { postgraphile } = await import('postgraphile');
    const connectionFilter = (await import('postgraphile-plugin-connection-filter')).default;
    const { Pool: PgPool } = await import('pg');
    const version = (await import('postgraphile/package.json')).version;
    const url = new URL(dbUrl);
    url.username = role;
    url.password = '';
    let statements = 0;
    pool = new PgPool({ connectionString: url.toString(), max: poolSize, application_name: 'boomerang-bench-postgraphile' });
    // Count statements as the app and the baseline do: every query a pooled client sends.
    pool.on('connect', (client: PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        statements += 1;
        return query(...args);
      };
    });
    const middleware = postgraphile(pool, 'public', {
      appendPlugins: [connectionFilter],
      graphileBuildOptions: { connectionFilterAllowedOperators: ['equalTo', 'in'], connectionFilterAllowedFieldTypes: ['String', 'UUID'] },
      disableQueryLog: true,
      graphiql: false,
      watchPg: false,
      retryOnInitFail: false,
      disableDefaultMutations: true,
      ignoreRBAC: false,
      legacyRelations: 'omit',
      setofFunctionsContainNulls: false,
    });
    release = () => middleware.release();
    const s = http.createServer(middleware);
    server = s;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (s.address() as AddressInfo).port;
    return { endpoint: `http://127.0.0.1:${port}/graphql`, version, role, statementCount: () => statements, close };
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
}

interface GqlBody<T> { data?: T; errors?: Array<{ message: string }> }

type PeerPage = {
  allReturns: {
    edges: Array<{ node: {
      id: string; rmaNumber: string; status: string; createdAt: string;
      returnItemsByReturnId: { nodes: Array<{ quantity: number; reason: string;
        orderLineByOrderLineId: { sku: string; name: string; quantity: number; unitPriceMinor: string; currencyCode: string } }> };
    } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

type GatewayPage = {
  returns: {
    edges: Array<{ node: {
      id: string; rmaNumber: string; status: string; createdAt: string;
      items: Array<{ quantity: number; reason: string;
        orderLine: { sku: string; name: string; quantity: number; unitPrice: { amount: string; currencyCode: string } } }>;
    } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

/** The variant's variables; absent rather than null, since the filter plugin refuses null literals. */
const peerVariables = (v: ReadVariant) => ({
  first: PAGE_SIZE,
  ...(v.after ? { after: peerCursor(v.after) } : {}),
  ...(v.status ? { filter: { status: v.status.length === 1 ? { equalTo: v.status[0] } : { in: v.status } } } : {}),
});

/** The page from PostGraphile over HTTP (no token: the peer runs without auth, see docs/benchmarks.md). */
export function peerRead(url: string, variants: ReadVariant[]): HttpPlan {
  return {
    label: 'peer read', url, check: { path: ['allReturns', 'edges'], kind: 'list' },
    request: (i) => ({ body: JSON.stringify({ query: PEER_QUERY, variables: peerVariables(variants[i % variants.length]) }), headers: {} }),
  };
}

/** One page in a common shape: return ids in order, each with its fields and items, and whether there is more. */
type Normalised = { hasNextPage: boolean; returns: string[] };

function normaliseGateway(page: GatewayPage): Normalised {
  return {
    hasNextPage: page.returns.pageInfo.hasNextPage,
    returns: page.returns.edges.map(({ node: r }) => JSON.stringify([
      decodeGlobalId(r.id)?.id, r.rmaNumber, r.status, Date.parse(r.createdAt),
      r.items.map((it) => [it.quantity, it.reason, it.orderLine.sku, it.orderLine.name, it.orderLine.quantity, it.orderLine.unitPrice.amount, it.orderLine.unitPrice.currencyCode]),
    ])),
  };
}

function normalisePeer(page: PeerPage): Normalised {
  return {
    hasNextPage: page.allReturns.pageInfo.hasNextPage,
    returns: page.allReturns.edges.map(({ node: r }) => JSON.stringify([
      r.id, r.rmaNumber, r.status, Date.parse(r.createdAt),
      r.returnItemsByReturnId.nodes.map((it) => {
        const l = it.orderLineByOrderLineId;
        return [it.quantity, it.reason, l.sku, l.name, l.quantity, formatAmount(Number(l.unitPriceMinor), l.currencyCode), l.currencyCode];
      }),
    ])),
  };
}

/**
 * Asks both sides for each page variant and compares the answers: the same returns in the same
 * order (ids, RMA numbers, statuses, creation times), the same items with the same order lines and
 * prices, and the same hasNextPage. Returns one line per differing page (empty when all agree).
 */
export async function comparePeerPages(
  gateway: JsonClient, token: string, peer: JsonClient, variants: ReadVariant[],
): Promise<{ checked: number; returns: number; mismatches: string[] }> {
  const mismatches: string[] = [];
  let returns = 0;
  for (const [n, v] of variants.entries()) {
    const [g, p] = await Promise.all([
      gateway.post<GqlBody<GatewayPage>>({
        query: READ_QUERY, variables: { first: PAGE_SIZE, after: v.after ? encodeCursor(v.after) : null, filter: v.status ? { status: v.status } : null },
      }, { authorization: `Bearer ${token}` }),
      peer.post<GqlBody<PeerPage>>({ query: PEER_QUERY, variables: peerVariables(v) }),
    ]);
    const label = `page ${n} (after ${v.after ?? '–'}, status ${v.status?.join('|') ?? 'any'})`;
    if (!g.body.data || g.body.errors) throw new Error(`${label}: gateway answered ${JSON.stringify(g.body).slice(0, 300)}`);
    if (!p.body.data || p.body.errors) throw new Error(`${label}: PostGraphile answered ${JSON.stringify(p.body).slice(0, 300)}`);
    const a = normaliseGateway(g.body.data);
    const b = normalisePeer(p.body.data);
    returns += a.returns.length;
    const first = a.returns.findIndex((r, i) => r !== b.returns[i]);
    if (a.returns.length !== b.returns.length || first >= 0 || a.hasNextPage !== b.hasNextPage) {
      const at = first >= 0 ? first : Math.min(a.returns.length, b.returns.length);
      mismatches.push(`${label}: gateway ${a.returns.length} returns (hasNextPage ${a.hasNextPage}), PostGraphile ${b.returns.length} (hasNextPage ${b.hasNextPage}); `
        + `first difference at #${at}: gateway ${a.returns[at] ?? 'none'} vs PostGraphile ${b.returns[at] ?? 'none'}`);
    }
  }
  return { checked: variants.length, returns, mismatches };
}
