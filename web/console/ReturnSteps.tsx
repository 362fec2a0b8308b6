import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConditionGrade, ConsoleReturnFragment, DispositionType } from '../gql/graphql';
import { COSMETIC, DISPOSITIONS, FUNCTIONAL, GRADES, assessmentLabel, dispositionLabel, proposedGrade, type Cosmetic, type Functional } from './grading';
import { formatMoney } from './format';

// The three things done to a return at the dock, one form each: receive its units, grade one item, decide its next life.

export type ConsoleItem = ConsoleReturnFragment['items'][number];

/** Units of an item neither received nor closed as missing. */
export const outstanding = (item: ConsoleItem) => item.quantity - item.receivedQuantity - item.missingQuantity;

/** What is received at the dock: units per item, and whether the rest are closed as missing. */
export interface Receipt { items: Array<{ returnItemId: string; quantity: number }>; closeMissing: boolean }

/** Count what arrived per item; units short can be closed as missing at once. */
export function ReceiveStep({ ret, busy, onReceive }: { ret: ConsoleReturnFragment; busy: boolean; onReceive(receipt: Receipt): void }) {
  const expected = ret.items.filter((i) => outstanding(i) > 0);
  const [counts, setCounts] = useState<Record<string, string>>(() => Object.fromEntries(expected.map((i) => [i.id, String(outstanding(i))])));
  const [closeMissing, setCloseMissing] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.select(), []);

  const parsed = expected.map((i) => ({ item: i, quantity: Number(counts[i.id]) }));
  const short = parsed.reduce((n, p) => n + (Number.isInteger(p.quantity) ? Math.max(0, outstanding(p.item) - p.quantity) : 0), 0);

  function submit(e: FormEvent) {
    e.preventDefault();
    const bad = parsed.find((p) => !Number.isInteger(p.quantity) || p.quantity < 0 || p.quantity > outstanding(p.item));
    if (bad) {
      setError(`${bad.item.orderLine.name}: enter a whole number from 0 to ${outstanding(bad.item)}.`);
      return;
    }
    const items = parsed.filter((p) => p.quantity > 0).map((p) => ({ returnItemId: p.item.id, quantity: p.quantity }));
    if (!items.length) {
      setError('Nothing received: enter how many units arrived.');
      return;
    }
    setError(null);
    onReceive({ items, closeMissing: closeMissing && short > 0 });
  }

  return (
    <form className="panel step" onSubmit={submit} aria-labelledby="receive-title">
      <h3 id="receive-title">1. Receive</h3>
      <table>
        <caption className="visually-hidden">Units expected per item</caption>
        <thead><tr><th scope="col">Item</th><th scope="col">SKU</th><th scope="col">Expected</th><th scope="col">Received</th></tr></thead>
        <tbody>
          {expected.map((item, n) => (
            <tr key={item.id}>
              <th scope="row">{item.orderLine.name}</th>
              <td>{item.orderLine.sku}</td>
              <td>{outstanding(item)}</td>
              <td>
                <input
                  ref={n === 0 ? first : undefined} type="number" inputMode="numeric" min={0} max={outstanding(item)} step={1} required
                  aria-label={`Received units of ${item.orderLine.name}`} value={counts[item.id]}
                  onChange={(e) => setCounts({ ...counts, [item.id]: e.target.value })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="check">
        <input type="checkbox" checked={closeMissing} onChange={(e) => setCloseMissing(e.target.checked)} />
        Close units not received as missing (not refunded)
      </label>
      {short > 0 && <p className="hint">{short} unit(s) short of what was expected.</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={busy}>Receive</button>
    </form>
  );
}

/** What the operator decided about one item's condition. */
export interface Inspection { grade: ConditionGrade; cosmeticGrade: Cosmetic; functionalGrade: Functional; notes: string }

/** Grade one item: how it looks and whether it works propose a condition grade; notes are kept with it. */
export function GradeStep({ item, busy, onGrade }: { item: ConsoleItem; busy: boolean; onGrade(inspection: Inspection): void }) {
  const [cosmetic, setCosmetic] = useState<Cosmetic | ''>('');
  const [functional, setFunctional] = useState<Functional | ''>('');
  const [chosen, setChosen] = useState<ConditionGrade | ''>('');
  const [notes, setNotes] = useState('');
  const first = useRef<HTMLSelectElement>(null);
  const proposalId = useId();
  useEffect(() => first.current?.focus(), [item.id]);
  const proposed = cosmetic && functional ? proposedGrade(cosmetic, functional) : '';
  const grade = chosen || proposed;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!cosmetic || !functional || !grade) return;
    onGrade({ grade, cosmeticGrade: cosmetic, functionalGrade: functional, notes: notes.trim() });
  }

  return (
    <form className="panel step" onSubmit={submit} aria-labelledby="grade-title">
      <h3 id="grade-title">2. Grade: {item.orderLine.name} <span className="muted">({item.receivedQuantity} unit{item.receivedQuantity === 1 ? '' : 's'}, {item.orderLine.sku})</span></h3>
      <p className="hint">Returned because: {item.reason.replace(/_/g, ' ').toLowerCase()}{item.note ? ` — “${item.note}”` : ''}</p>
      <div className="fields">
        <div>
          <label htmlFor="grade-cosmetic">Cosmetic</label>
          <select id="grade-cosmetic" ref={first} required value={cosmetic} onChange={(e) => setCosmetic(e.target.value as Cosmetic)}>
            <option value="">Choose…</option>
            {COSMETIC.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="grade-functional">Functional</label>
          <select id="grade-functional" required value={functional} onChange={(e) => setFunctional(e.target.value as Functional)}>
            <option value="">Choose…</option>
            {FUNCTIONAL.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="grade-condition">Condition grade</label>
          <select id="grade-condition" required value={grade} aria-describedby={proposalId} onChange={(e) => setChosen(e.target.value as ConditionGrade)}>
            <option value="">Choose…</option>
            {GRADES.map((g) => <option key={g.value} value={g.value}>{g.label}</option>)}
          </select>
        </div>
      </div>
      <p id={proposalId} className="hint">{proposed ? `Proposed from cosmetic and functional: ${GRADES.find((g) => g.value === proposed)!.label}.` : 'Choose cosmetic and functional to get a proposed grade.'}</p>
      <label htmlFor="grade-notes">Notes</label>
      <textarea
        id="grade-notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); e.currentTarget.form?.requestSubmit(); } }}
      />
      <button type="submit" disabled={busy}>Save grade</button>
    </form>
  );
}

/** The operator's decision: the recommendation accepted, or another disposition with a reason. */
export interface Decision { disposition: DispositionType; reason: string | null }

/** The recommended disposition with its rationale and expected recovery: accept it, or override it with a reason. */
export function DecideStep({ item, busy, overrideRequest, onDecide }: {
  item: ConsoleItem; busy: boolean; overrideRequest: number; onDecide(decision: Decision): void;
}) {
  const recommended = item.recommendedDisposition;
  const [overriding, setOverriding] = useState(!recommended);
  const [disposition, setDisposition] = useState<DispositionType | ''>('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const accept = useRef<HTMLButtonElement>(null);
  const overrideSelect = useRef<HTMLSelectElement>(null);

  // Alt+O asks for an override: only a request made while this item is shown counts.
  const requestsBefore = useRef(overrideRequest);
  useEffect(() => { if (overrideRequest !== requestsBefore.current) setOverriding(true); }, [overrideRequest]);
  useEffect(() => (overriding ? overrideSelect.current : accept.current)?.focus(), [overriding, item.id]);

  function submitOverride(e: FormEvent) {
    e.preventDefault();
    if (!disposition) return;
    if (!reason.trim()) {
      setError('Say why you override the recommendation.');
      return;
    }
    setError(null);
    onDecide({ disposition, reason: reason.trim() });
  }

  return (
    <section className="panel step" aria-labelledby="decide-title">
      <h3 id="decide-title">3. Disposition: {item.orderLine.name} <span className="muted">(graded {item.grade ? GRADES.find((g) => g.value === item.grade)?.label : '—'})</span></h3>
      {(item.cosmeticGrade || item.functionalGrade) && <p className="hint" data-testid="assessment">{assessmentLabel(item.cosmeticGrade, item.functionalGrade)}</p>}
      {recommended ? (
        <div className="recommendation">
          <p>Recommended: <strong data-testid="recommended-disposition">{dispositionLabel(recommended.disposition)}</strong></p>
          <p data-testid="rationale">{recommended.rationale}</p>
          <dl className="facts">
            <div><dt>Expected recovery</dt><dd data-testid="expected-recovery">{formatMoney(recommended.expectedRecovery)}</dd></div>
            <div><dt>CO2e avoided</dt><dd>{recommended.co2eAvoidedKg.toFixed(1)} kg</dd></div>
          </dl>
          {!overriding && (
            <div className="actions">
              <button ref={accept} type="button" disabled={busy} onClick={() => onDecide({ disposition: recommended.disposition, reason: null })}>
                Accept: {dispositionLabel(recommended.disposition)}
              </button>
              <button type="button" className="secondary" disabled={busy} onClick={() => setOverriding(true)}>Override…</button>
            </div>
          )}
        </div>
      ) : <p>No recommendation for this item: choose a disposition and say why.</p>}
      {overriding && (
        <form onSubmit={submitOverride} aria-label="Override the recommendation"
          onKeyDown={(e) => { if (e.key === 'Escape' && recommended) { e.stopPropagation(); setOverriding(false); } }}>
          <div className="fields">
            <div>
              <label htmlFor="override-disposition">Disposition</label>
              <select id="override-disposition" ref={overrideSelect} required value={disposition} onChange={(e) => setDisposition(e.target.value as DispositionType)}>
                <option value="">Choose…</option>
                {DISPOSITIONS.filter((d) => d.value !== recommended?.disposition).map((d) => <option key={d.value} value={d.value}>{d.label}</option>)}
              </select>
            </div>
          </div>
          <label htmlFor="override-reason">Reason for the override</label>
          <textarea id="override-reason" rows={2} required value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); e.currentTarget.form?.requestSubmit(); } }} />
          {error && <p role="alert" className="error">{error}</p>}
          <div className="actions">
            <button type="submit" disabled={busy}>Override</button>
            {recommended && <button type="button" className="secondary" onClick={() => setOverriding(false)}>Back to the recommendation</button>}
          </div>
        </form>
      )}
    </section>
  );
}
