import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type FormEvent } from 'react';
import type { ConsoleReturnFragment } from '../gql/graphql';
import { GraphQLRequestError, request } from '../shared/graphql';
import { formatDateTime, words } from './format';
import { assessmentLabel, dispositionLabel, gradeLabel } from './grading';
import { CloseMissingMutation, DispositionMutation, InspectMutation, ReceiveMutation, ReturnQuery, ScanQuery } from './operations';
import { DecideStep, GradeStep, ReceiveStep, outstanding, type Decision, type Inspection, type Receipt } from './ReturnSteps';

// The dock's one screen: a scan input that always takes the next parcel, and the step the scanned return needs next.

/** Statuses from which the parcel is still on its way: it is received first. */
const BEFORE_RECEIPT = new Set(['APPROVED', 'AWAITING_DROP_OFF', 'IN_TRANSIT']);

/** What to do with a return next: receive it, decide an item already graded, grade one, or nothing. */
function nextStep(ret: ConsoleReturnFragment) {
  if (BEFORE_RECEIPT.has(ret.status)) return { kind: 'receive' as const };
  if (ret.status !== 'RECEIVED' && ret.status !== 'INSPECTED') return { kind: 'none' as const };
  const decide = ret.items.find((i) => i.grade && !i.disposition && i.receivedQuantity > 0);
  if (decide) return { kind: 'decide' as const, item: decide };
  const grade = ret.items.find((i) => !i.grade && i.receivedQuantity > 0);
  if (grade) return { kind: 'grade' as const, item: grade };
  // Units still expected (a partial receipt not closed): the rest of the parcel can be received now.
  if (ret.status === 'RECEIVED' && ret.items.some((i) => outstanding(i) > 0)) return { kind: 'receive' as const };
  return { kind: 'none' as const };
}

/** The return a `node` query found (a node of another type, or none, is null). */
function returnOf(node: ConsoleReturnFragment | Record<PropertyKey, never> | null | undefined): ConsoleReturnFragment | null {
  return node && 'rmaNumber' in node ? (node as ConsoleReturnFragment) : null;
}

type Message = { kind: 'info' | 'error' | 'success'; text: string };

/** What the console's shortcuts ask of the desk. */
export interface ScanDeskHandle {
  focusScan(): void;
  open(returnId: string): void;
  abandon(): void;
  override(): void;
}

export const ScanDesk = forwardRef<ScanDeskHandle, { token: string; onSessionEnded(): void }>(function ScanDesk({ token, onSessionEnded }, ref) {
  const [code, setCode] = useState('');
  const [ret, setRet] = useState<ConsoleReturnFragment | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [overrideRequest, setOverrideRequest] = useState(0);
  const scan = useRef<HTMLInputElement>(null);

  /**
   * Puts the cursor in the scan input with its text selected, so the next scan replaces it. When the input already has
   * the focus, what is being typed there is left alone: a scan typed right after F2 (whose focusing waits for the next
   * frame) would otherwise lose the characters typed before that frame.
   */
  const focusScan = () => {
    const input = scan.current;
    if (!input || document.activeElement === input) return;
    input.focus();
    input.select();
  };

  /** Runs one call; a top-level error becomes the message (and an ended session signs out). */
  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    try {
      return await work();
    } catch (e) {
      if (e instanceof GraphQLRequestError && e.code === 'UNAUTHENTICATED') onSessionEnded();
      setMessage({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  /** Shows the return at its next step, or says it is done and takes the next scan. */
  function show(next: ConsoleReturnFragment, done: string | null) {
    if (nextStep(next).kind === 'none') {
      setRet(null);
      setMessage({ kind: done ? 'success' : 'info', text: done ?? `${next.rmaNumber} is ${words(next.status).toLowerCase()}: nothing to do at the dock.` });
      focusScan();
      return;
    }
    setRet(next);
    if (done) setMessage({ kind: 'success', text: done });
  }

  async function load(returnId: string) {
    const data = await run(() => request(ReturnQuery, { id: returnId }, token));
    const found = returnOf(data?.node);
    if (found) {
      setMessage(null);
      show(found, null);
    } else if (data) setMessage({ kind: 'error', text: 'That return could not be found.' });
  }

  useImperativeHandle(ref, () => ({
    focusScan,
    open: (id) => void load(id),
    abandon: () => {
      setRet(null);
      setMessage(null);
      focusScan();
    },
    override: () => setOverrideRequest((n) => n + 1),
  }));

  useEffect(() => focusScan(), []);

  async function submitScan(e: FormEvent) {
    e.preventDefault();
    const value = code.trim();
    if (!value) return;
    const data = await run(() => request(ScanQuery, { code: value }, token));
    if (!data) return;
    setCode('');
    if (!data.returnByScan) {
      setRet(null);
      setMessage({ kind: 'error', text: `Nothing matches “${value}”: check the RMA, tracking number or drop-off code.` });
      focusScan();
      return;
    }
    setMessage(null);
    show(data.returnByScan, null);
  }

  async function receive(receipt: Receipt) {
    if (!ret) return;
    const received = await run(() => request(ReceiveMutation, { input: { returnId: ret.id, items: receipt.items } }, token));
    if (!received) return;
    if (received.receiveReturn.userErrors.length || !received.receiveReturn.return) {
      setMessage({ kind: 'error', text: received.receiveReturn.userErrors.map((u) => u.message).join(' ') });
      return;
    }
    let latest = received.receiveReturn.return;
    const units = receipt.items.reduce((n, i) => n + i.quantity, 0);
    let text = `Received ${units} unit(s) of ${ret.rmaNumber}.`;
    if (receipt.closeMissing) {
      const closed = await run(() => request(CloseMissingMutation, { input: { returnId: ret.id } }, token));
      if (!closed) return;
      if (closed.closeMissingItems.userErrors.length || !closed.closeMissingItems.return) {
        setRet(latest);
        setMessage({ kind: 'error', text: closed.closeMissingItems.userErrors.map((u) => u.message).join(' ') });
        return;
      }
      latest = closed.closeMissingItems.return;
      text += ` ${latest.items.reduce((n, i) => n + i.missingQuantity, 0)} unit(s) closed as missing.`;
    }
    show(latest, text);
  }

  /** Runs an item mutation; its user errors become the message, else the return is reloaded and moves on. */
  async function changeItem(mutate: () => Promise<{ userErrors: Array<{ message: string }> } | undefined>, done: string) {
    const payload = await run(mutate);
    if (!payload) return;
    if (payload.userErrors.length) setMessage({ kind: 'error', text: payload.userErrors.map((u) => u.message).join(' ') });
    else await refresh(done);
  }

  const grade = (itemId: string, inspection: Inspection) => changeItem(
    async () => (await request(InspectMutation, { input: { returnItemId: itemId, grade: inspection.grade, cosmeticGrade: inspection.cosmeticGrade, functionalGrade: inspection.functionalGrade, notes: inspection.notes || null } }, token)).inspectReturnItem,
    `Graded ${gradeLabel(inspection.grade).toLowerCase()}.`,
  );

  const decide = (itemId: string, decision: Decision) => changeItem(
    async () => (await request(DispositionMutation, { input: { returnItemId: itemId, disposition: decision.disposition, reason: decision.reason } }, token)).setDisposition,
    `${dispositionLabel(decision.disposition)}${decision.reason ? ' (override)' : ''} recorded for ${ret?.rmaNumber}.`,
  );

  /** Reloads the open return after a change and moves on to its next step (or the next scan). */
  async function refresh(done: string) {
    if (!ret) return;
    const data = await run(() => request(ReturnQuery, { id: ret.id }, token));
    const latest = returnOf(data?.node);
    if (!latest) return;
    const finished = nextStep(latest).kind === 'none';
    show(latest, finished ? `${done} ${latest.rmaNumber} is ${words(latest.status).toLowerCase()}. Scan the next parcel.` : done);
  }

  const step = ret ? nextStep(ret) : null;
  return (
    <section aria-labelledby="scan-title" className="desk">
      <h2 id="scan-title" className="visually-hidden">Scan</h2>
      <form className="panel scan" onSubmit={submitScan} role="search">
        <label htmlFor="scan-input">Scan or type an RMA, tracking number or drop-off code</label>
        <div className="scan-row">
          <input
            ref={scan} id="scan-input" name="code" type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false}
            maxLength={100} value={code} onChange={(e) => setCode(e.target.value)} aria-describedby="scan-hint"
          />
          <button type="submit" disabled={busy}>Find</button>
        </div>
        <p id="scan-hint" className="hint">A barcode scanner types the code and presses Enter for you.</p>
      </form>
      <div aria-live="polite" className="messages">
        {message && <p className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>}
      </div>
      {ret && step && (
        <article className="return" aria-labelledby="return-title">
          <header className="panel">
            <h2 id="return-title">{ret.rmaNumber} <span className={`badge status-${ret.status.toLowerCase()}`}>{words(ret.status)}</span></h2>
            <dl className="facts">
              <div><dt>Order</dt><dd>{ret.order.orderNumber}</dd></div>
              <div><dt>Customer</dt><dd>{ret.customer.name ?? ret.customer.email}</dd></div>
              <div><dt>Requested</dt><dd>{formatDateTime(ret.createdAt)}</dd></div>
              {ret.method && <div><dt>Method</dt><dd>{words(ret.method.type)}{ret.method.label ? ` · ${ret.method.label.carrier} ${ret.method.label.trackingNumber}` : ''}{ret.method.dropOffCode ? ` · code ${ret.method.dropOffCode}` : ''}</dd></div>}
            </dl>
            <table>
              <caption className="visually-hidden">Items of this return</caption>
              <thead><tr><th scope="col">Item</th><th scope="col">Requested</th><th scope="col">Received</th><th scope="col">Missing</th><th scope="col">Grade</th><th scope="col">Disposition</th></tr></thead>
              <tbody>
                {ret.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">{item.orderLine.name} <span className="muted">{item.orderLine.sku}</span></th>
                    <td>{item.quantity}</td>
                    <td>{item.receivedQuantity}</td>
                    <td>{item.missingQuantity || (BEFORE_RECEIPT.has(ret.status) ? '—' : outstanding(item) ? `${outstanding(item)} outstanding` : 0)}</td>
                    <td>{item.grade ? gradeLabel(item.grade) : '—'}{item.grade && (item.cosmeticGrade || item.functionalGrade) ? <span className="muted assessment"> ({assessmentLabel(item.cosmeticGrade, item.functionalGrade)})</span> : null}</td>
                    <td>{item.disposition ? dispositionLabel(item.disposition) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </header>
          {step.kind === 'receive' && <ReceiveStep key={ret.id} ret={ret} busy={busy} onReceive={receive} />}
          {step.kind === 'grade' && <GradeStep key={step.item.id} item={step.item} busy={busy} onGrade={(g) => grade(step.item.id, g)} />}
          {step.kind === 'decide' && (
            <DecideStep key={step.item.id} item={step.item} busy={busy} overrideRequest={overrideRequest} onDecide={(d) => decide(step.item.id, d)} />
          )}
        </article>
      )}
    </section>
  );
});
