import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { openReadSnapshot, type ReadSnapshot, type ServiceContext } from '../services/context';
import type { Outcome } from '../services/errors';
import type { PageColumns } from '../services/returns/return-query.service';
import type { ReturnRow } from '../services/returns/return-transition';
import type { GqlContext } from './context';
import { createLoaders } from './loaders';

/*
 * Why a snapshot per request. A Return is read by its root field (node, returnByRma, returns, a mutation payload) and
 * its method, items, events and refund by DataLoaders in later statements. Each statement on its own sees the latest
 * commit, so one answer could show `status: APPROVED` with `method.status: BOOKED` and a METHOD_BOOKED event — a state
 * that never existed, since the booking worker commits all three together. Those reads now run in one read-only
 * REPEATABLE READ transaction: every statement of the request sees the same committed state.
 *
 * Chosen over one json-aggregated statement per return (which would have to be rebuilt for every relation a query
 * may ask for, while what hangs under them — order lines, custody, refurbishment jobs — would still be later
 * statements) and over carrying the method on the return row (which fixes one field, not events or items). Cost:
 * BEGIN, SET TRANSACTION and COMMIT round trips and one pool connection held while the request resolves
 * (docs/benchmarks.md), so it is taken only where a return is read: queries with a root field that reaches Return, and
 * Return mutation payloads that select relations, re-read in a snapshot opened after the mutation committed. Root fields that open their own transactions (analytics, reports) never run inside one: a
 * request holding a connection must not wait for a second one from the same pool.
 */

/** Query root fields that read returns. */
const RETURN_READS = new Set(['node', 'nodes', 'returns', 'returnByRma', 'returnByScan']);
/** Query root fields whose services run their own transactions on another connection. */
const OWN_TRANSACTIONS = new Set(['returnAnalytics', 'sustainabilityReport']);

/** The request's read snapshot, if any: while open, `svc` and `loaders` of the context read through it. */
export class RequestReads {
  private snapshot: ReadSnapshot | null = null;

  constructor(private readonly base: ServiceContext) {}

  /** Starts a fresh snapshot (ending the current one); reads from now on see the state committed at its first read. */
  async begin(context: GqlContext): Promise<void> {
    await this.end(context);
    this.snapshot = await openReadSnapshot(this.base);
    context.svc = this.snapshot.ctx;
    context.loaders = createLoaders(this.snapshot.ctx);
  }

  /** Ends the snapshot (if any) and puts the context back on the pool. */
  async end(context: GqlContext): Promise<void> {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    this.snapshot = null;
    context.svc = this.base;
    context.loaders = createLoaders(this.base);
    await snapshot.close();
  }
}

type FragmentLookup = (name: string) => SelectionSetNode | undefined;

/** The fields a selection set selects (inline fragments and fragment spreads flattened), with their own selections. */
function fieldsOf(selectionSet: SelectionSetNode, fragment: FragmentLookup, into: FieldNode[] = []): FieldNode[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fieldsOf(selection.selectionSet, fragment, into);
    else {
      const spread = fragment(selection.name.value);
      if (spread) fieldsOf(spread, fragment, into);
    }
  }
  return into;
}

/** Return fields answered from the row alone; any other field (method, items, events, refund, …) is a later read. */
const ROW_FIELDS = new Set(['__typename', 'id', 'rmaNumber', 'status', 'fees', 'rejectionReason', 'packagingReusable', 'version', 'createdAt', 'updatedAt']);

/*
 * What the page statement reads (listReturns with `withItems`): the returns, their items and the items' order lines,
 * in one statement. A `returns` field that asks for nothing else is one committed state without a snapshot. Each
 * set below names fields answered from what that statement read (no loader of their own); anything else (events,
 * method, refund, an item's custody or exchange, totalCount's count query, …) is another statement, and then the
 * request takes its snapshot as before.
 */
export const PAGE_FIELDS: Record<string, Set<string>> = {
  connection: new Set(['__typename', 'edges', 'pageInfo']),
  edge: new Set(['__typename', 'cursor', 'node']),
  pageInfo: new Set(['__typename', 'hasNextPage', 'endCursor']),
  return: new Set([...ROW_FIELDS, 'items']),
  item: new Set(['__typename', 'id', 'quantity', 'receivedQuantity', 'missingQuantity', 'reason', 'note', 'resolution', 'exchangeSku', 'grade',
    'cosmeticGrade', 'functionalGrade', 'inspectionNotes', 'disposition', 'dispositionReason', 'merchantReasonCode', 'orderLine']),
  line: new Set(['__typename', 'id', 'lineNumber', 'sku', 'name', 'category', 'quantity', 'unitPrice', 'discount']),
};
/** Which PAGE_FIELDS set the selection under each field is checked against (Money and ReturnFees are plain objects). */
const PAGE_CHILDREN: Record<string, Record<string, string | null>> = {
  connection: { edges: 'edge', pageInfo: 'pageInfo' },
  edge: { node: 'return' },
  return: { items: 'item', fees: null },
  item: { orderLine: 'line' },
  line: { unitPrice: null, discount: null },
};

function pageCovers(level: string, selectionSet: SelectionSetNode | undefined, fragment: FragmentLookup): boolean {
  if (!selectionSet) return true;
  return fieldsOf(selectionSet, fragment).every((field) => {
    if (!PAGE_FIELDS[level].has(field.name.value)) return false;
    const child = PAGE_CHILDREN[level]?.[field.name.value];
    return child === undefined || child === null || pageCovers(child, field.selectionSet, fragment);
  });
}

/**
 * The row columns (drizzle keys) each page field reads: a field not listed reads the column of its own name, and a
 * list may be empty (a field answered from the ids or by its children). Checked against every PAGE_FIELDS field in
 * test/api/query-count.test.ts: a page read with only these columns answers what whole rows answer.
 */
const FIELD_COLUMNS: Record<'return' | 'item' | 'line', Record<string, string[]>> = {
  return: { __typename: [], items: [], fees: ['restockingFeeMinor', 'shippingFeeMinor', 'currencyCode'] },
  item: { __typename: [], orderLine: [] },
  line: { __typename: [], unitPrice: ['unitPriceMinor', 'currencyCode'], discount: ['discountMinor', 'currencyCode'] },
};

/**
 * The operation's `returns` field when it is the only root field (besides `__typename`) and asks for nothing beyond
 * PAGE_FIELDS: one statement, one committed state, no snapshot. Null otherwise.
 */
function lonePage(roots: FieldNode[], fragment: FragmentLookup): FieldNode | null {
  const fields = roots.filter((f) => f.name.value !== '__typename');
  return fields.length === 1 && fields[0].name.value === 'returns' && pageCovers('connection', fields[0].selectionSet, fragment) ? fields[0] : null;
}

/**
 * For a lone page (lonePage): the columns of each table its fields read, so the page statement reads only those.
 * Null otherwise: rows are read whole, since another field or root field may read any column of them from the loaders.
 */
export function pageColumns(info: GraphQLResolveInfo): PageColumns | null {
  const fragment: FragmentLookup = (name) => info.fragments[name]?.selectionSet;
  const page = lonePage(fieldsOf(info.operation.selectionSet, fragment), fragment);
  if (!page) return null;
  const columns: PageColumns = { return: [], item: [], line: [] };
  const levels: Record<string, keyof PageColumns> = { node: 'return', items: 'item', orderLine: 'line' };
  const walk = (set: SelectionSetNode | undefined, level: keyof PageColumns | null) => {
    for (const field of set ? fieldsOf(set, fragment) : []) {
      const name = field.name.value;
      if (level) columns[level].push(...(FIELD_COLUMNS[level][name] ?? [name]));
      const next = levels[name] ?? null;
      // Money and ReturnFees are answered by their parent field's resolver: their subfields read no column.
      if (next || !level) walk(field.selectionSet, next);
    }
  };
  walk(page.selectionSet, null);
  return columns;
}

/** True when a `returns` field selects its page's items (through edges.node), so the page statement should read them. */
export function pageSelectsItems(info: GraphQLResolveInfo): boolean {
  const fragment: FragmentLookup = (name) => info.fragments[name]?.selectionSet;
  const under = (fields: FieldNode[], name: string) => fields.filter((f) => f.name.value === name && f.selectionSet)
    .flatMap((f) => fieldsOf(f.selectionSet!, fragment));
  return under(under(info.fieldNodes.flatMap((f) => (f.selectionSet ? fieldsOf(f.selectionSet, fragment) : [])), 'edges'), 'node')
    .some((f) => f.name.value === 'items');
}

/** Whether an operation's reads run in one snapshot: queries with a root field that reaches a return (see above). */
export function wantsSnapshot(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  if (operation.operation !== 'query') return false;
  const fragment: FragmentLookup = (name) => document.definitions
    .find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name)?.selectionSet;
  const roots = fieldsOf(operation.selectionSet, fragment);
  if (roots.some((f) => OWN_TRANSACTIONS.has(f.name.value))) return false;
  // A page of returns (with items and order lines) as the only root field is one statement.
  if (lonePage(roots, fragment)) return false;
  return roots.some((f) => RETURN_READS.has(f.name.value));
}

/** Opens the snapshot for queries that read returns, and ends whatever snapshot is open before the response goes out. */
export function readSnapshotPlugin(onCloseError: (e: unknown) => void): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          // An operation known-queries.ts already ran (in a snapshot of its own, if it wanted one) reads nothing more.
          if (operation && !contextValue.ranAhead && wantsSnapshot(operation, document)) await contextValue.reads.begin(contextValue);
        },
        async willSendResponse({ contextValue }) {
          // The answer is already read; a failed read-only COMMIT changes nothing in it, so it is only logged.
          await contextValue.reads.end(contextValue).catch(onCloseError);
        },
      };
    },
  };
}

/** Makes every mutation end the request's snapshot first: a write never runs while this request holds a connection. */
export function endReadsBeforeMutations(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = async (source, args, context: GqlContext, info) => {
      await context.reads.end(context);
      return resolve(source, args, context, info);
    };
  }
  return schema;
}

/** True when the payload's `return` selects something beyond the row the mutation committed. */
function readsBeyondRow(info: GraphQLResolveInfo): boolean {
  const fragment: FragmentLookup = (name) => info.fragments[name]?.selectionSet;
  return info.fieldNodes.some((payload) => payload.selectionSet !== undefined
    && returnSelections(payload.selectionSet, fragment).some((set) => fieldsOf(set, fragment).some((f) => !ROW_FIELDS.has(f.name.value))));
}

/** The selection sets under the payload's `return` field (aliases and fragments included). */
function returnSelections(selectionSet: SelectionSetNode, fragment: FragmentLookup): SelectionSetNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === 'return' && selection.selectionSet ? [selection.selectionSet] : [];
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment(selection.name.value);
    return inner ? returnSelections(inner, fragment) : [];
  });
}

/**
 * A mutation's return as the payload shows it. When the payload asks only for the row's own fields, the committed row
 * is the answer. When it asks for relations (method, items, events, …), the return is re-read in a snapshot opened
 * after the commit, so the row and its relations agree (the worker may have moved the return on in between; the answer
 * then shows that later state whole).
 */
export async function freshReturn(ctx: GqlContext, info: GraphQLResolveInfo, outcome: Outcome<ReturnRow>): Promise<Outcome<ReturnRow>> {
  if (!outcome.ok || !readsBeyondRow(info)) return outcome;
  await ctx.reads.begin(ctx);
  const row = await ctx.loaders.returns.load(outcome.value.id);
  return { ok: true, value: row ?? outcome.value };
}
