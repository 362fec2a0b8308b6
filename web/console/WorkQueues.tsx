import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { GraphQLRequestError, request } from '../shared/graphql';
import { formatDateTime, words } from './format';
import { OverdueRefurbishmentQuery, RecyclingReviewQuery, ReturnQueueQuery } from './operations';

// The work waiting for the warehouse, each queue one keyset-paged list (newest first) with "Load more".

const PAGE = 20;

interface Page<T> { rows: T[]; hasNextPage: boolean; endCursor: string | null }

/** One queue: loads its first page when shown, then more pages after the last cursor. */
function useQueue<T>(fetchPage: (after: string | null) => Promise<Page<T>>, onSessionEnded: () => void) {
  const [rows, setRows] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (after: string | null) => {
    setBusy(true);
    try {
      const page = await fetchPage(after);
      setRows((previous) => (after && previous ? [...previous, ...page.rows] : page.rows));
      setCursor(page.endCursor);
      setMore(page.hasNextPage);
      setError(null);
    } catch (e) {
      if (e instanceof GraphQLRequestError && e.code === 'UNAUTHENTICATED') onSessionEnded();
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, [fetchPage, onSessionEnded]);

  useEffect(() => { void load(null); }, [load]);
  return { rows, error, busy, more, loadMore: () => load(cursor), reload: () => load(null) };
}

function Queue<T>({ id, title, description, queue, columns, row, empty }: {
  id: string; title: string; description: string; queue: ReturnType<typeof useQueue<T>>;
  columns: string[]; row(item: T): ReactNode; empty: string;
}) {
  return (
    <section className="panel queue" aria-labelledby={`${id}-title`} data-queue={id}>
      <div className="queue-head">
        <h3 id={`${id}-title`}>{title} {queue.rows && <span className="count">({queue.rows.length}{queue.more ? '+' : ''})</span>}</h3>
        <button type="button" className="secondary" onClick={queue.reload} disabled={queue.busy}>Refresh<span className="visually-hidden"> {title}</span></button>
      </div>
      <p className="hint">{description}</p>
      {queue.error && <p role="alert" className="error">{queue.error}</p>}
      {queue.rows === null ? <p aria-busy="true">Loading…</p> : queue.rows.length === 0 ? <p className="empty">{empty}</p> : (
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead><tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
          <tbody>{queue.rows.map(row)}</tbody>
        </table>
      )}
      {queue.more && <button type="button" className="secondary" onClick={queue.loadMore} disabled={queue.busy}>Load more<span className="visually-hidden"> {title}</span></button>}
    </section>
  );
}

/** Returns in some statuses, as a queue page. */
function returnQueue(token: string, status: Array<'AWAITING_DROP_OFF' | 'IN_TRANSIT' | 'RECEIVED' | 'INSPECTED'>) {
  return async (after: string | null) => {
    const { returns } = await request(ReturnQueueQuery, { first: PAGE, after, status }, token);
    return { rows: returns.edges.map((e) => e.node), ...returns.pageInfo };
  };
}

/** Expected arrivals, returns awaiting inspection, recycling lots to review, overdue refurbishment jobs. */
export function WorkQueues({ token, onOpen, onSessionEnded }: { token: string; onOpen(returnId: string): void; onSessionEnded(): void }) {
  const arrivals = useQueue(useMemo(() => returnQueue(token, ['AWAITING_DROP_OFF', 'IN_TRANSIT']), [token]), onSessionEnded);
  const inspection = useQueue(useMemo(() => returnQueue(token, ['RECEIVED', 'INSPECTED']), [token]), onSessionEnded);
  const lots = useQueue(useCallback(async (after: string | null) => {
    const { recyclingLots } = await request(RecyclingReviewQuery, { first: PAGE, after }, token);
    return { rows: recyclingLots.edges.map((e) => e.node), ...recyclingLots.pageInfo };
  }, [token]), onSessionEnded);
  const jobs = useQueue(useCallback(async (after: string | null) => {
    const { refurbishmentJobs } = await request(OverdueRefurbishmentQuery, { first: PAGE, after }, token);
    return { rows: refurbishmentJobs.edges.map((e) => e.node), ...refurbishmentJobs.pageInfo };
  }, [token]), onSessionEnded);

  type ReturnRow = NonNullable<typeof arrivals.rows>[number];
  const returnRow = (r: ReturnRow) => (
    <tr key={r.id}>
      <th scope="row"><button type="button" className="link" onClick={() => onOpen(r.id)}>{r.rmaNumber}</button></th>
      <td>{words(r.status)}</td>
      <td>{r.order.orderNumber}</td>
      <td>{r.items.reduce((n, i) => n + i.quantity, 0)}</td>
      <td>{formatDateTime(r.updatedAt)}</td>
    </tr>
  );

  return (
    <section aria-labelledby="queues-title" className="queues">
      <h2 id="queues-title">Work queues</h2>
      <Queue id="arrivals" title="Expected arrivals" description="Booked or on their way: awaiting drop-off or in transit." queue={arrivals}
        columns={['RMA', 'Status', 'Order', 'Units', 'Updated']} row={returnRow} empty="No parcels expected." />
      <Queue id="inspection" title="Awaiting inspection" description="Received, with units still to grade or route." queue={inspection}
        columns={['RMA', 'Status', 'Order', 'Units', 'Updated']} row={returnRow} empty="Nothing waiting for inspection." />
      <Queue id="recycling" title="Recycling lots to review" description="The recycler's report disagrees with the lot (NEEDS_REVIEW)." queue={lots}
        columns={['Stream', 'Recycler', 'Declared', 'Reported', 'Why']} empty="No lots to review."
        row={(l) => (
          <tr key={l.id}>
            <th scope="row">{words(l.materialStream)}</th>
            <td>{l.partner?.name ?? '—'}</td>
            <td>{l.declaredWeightKg.toFixed(1)} kg</td>
            <td>{l.reportedWeightKg == null ? '—' : `${l.reportedWeightKg.toFixed(1)} kg`}</td>
            <td>{l.reviewReasons.join('; ')}</td>
          </tr>
        )} />
      <Queue id="refurbishment" title="Overdue refurbishment jobs" description="Past the vendor's SLA." queue={jobs}
        columns={['Product', 'SKU', 'Vendor', 'Status', 'Due']} empty="No overdue jobs."
        row={(j) => (
          <tr key={j.id}>
            <th scope="row">{j.productName}</th>
            <td>{j.sku}</td>
            <td>{j.partner?.name ?? 'Unrouted'}</td>
            <td>{words(j.status)}</td>
            <td>{j.slaDueAt ? formatDateTime(j.slaDueAt) : '—'}</td>
          </tr>
        )} />
    </section>
  );
}
