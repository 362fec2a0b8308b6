import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { PortalReturnFragment, PortalReturnQuoteQuery, PortalReturnableItemsQuery, ReturnReasonCode, ReturnResolution } from '../gql/graphql';
import { useFocusOnMount } from '../shared/focus';
import { ExchangeVariants, useExchangeOffers } from './Exchange';
import { request } from '../shared/graphql';
import { randomId } from '../shared/random-id';
import { useI18n } from './i18n';
import { RequestReturn, ReturnQuote, ReturnableItems } from './operations';

type Loaded = PortalReturnableItemsQuery;
type Line = Loaded['returnableItems'][number];
type Quote = NonNullable<PortalReturnQuoteQuery['returnQuote']['quote']>;

/** What the customer chose for one line (`exchangeSku`: the variant picked from exchangeOptions, '' until then). */
interface Choice {
  selected: boolean;
  quantity: number;
  reason: ReturnReasonCode | null;
  note: string;
  resolution: ReturnResolution;
  exchangeSku: string;
}

const RESOLUTIONS: ReturnResolution[] = ['REFUND', 'STORE_CREDIT', 'EXCHANGE'];

/** Step 2: lines, quantities, reasons, notes and the wanted resolution, with the refund quoted live. */
export function Items({ token, orderId, onRequested }: { token: string; orderId: string; onRequested(ret: PortalReturnFragment): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [data, setData] = useState<Loaded | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoting, setQuoting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  // One key per selection: a double submit replays the first request instead of opening a second return.
  const idempotencyKey = useRef(randomId());

  useEffect(() => {
    request(ReturnableItems, { orderId }, token).then(setData, (e: Error) => setErrors([t('error', { message: e.message })]));
  }, [orderId, token, t]);

  const chosen = useMemo(() => Object.entries(choices).filter(([, c]) => c.selected), [choices]);
  // An exchanged line is settled by its price difference (shown with the variant), not refunded: it is not quoted.
  const priced = useMemo(() => chosen.filter(([, c]) => c.reason && c.resolution !== 'EXCHANGE').map(([orderLineId, c]) => ({ orderLineId, quantity: c.quantity, reason: c.reason! })), [chosen]);
  const exchanging = chosen.some(([, c]) => c.resolution === 'EXCHANGE');

  // The quote follows what prices the selection (lines, quantities, reasons; not notes); a late answer to an older
  // selection is dropped.
  const pricedKey = JSON.stringify(priced);
  const quoteSeq = useRef(0);
  useEffect(() => {
    const seq = ++quoteSeq.current;
    const items = JSON.parse(pricedKey) as typeof priced;
    if (items.length === 0) {
      setQuote(null);
      setQuoting(false);
      return;
    }
    setQuoting(true);
    request(ReturnQuote, { input: { orderId, items } }, token).then((res) => {
      if (seq !== quoteSeq.current) return;
      setQuote(res.returnQuote.quote ?? null);
      setQuoting(false);
    }, () => {
      if (seq === quoteSeq.current) setQuoting(false);
    });
  }, [orderId, token, pricedKey]);

  function update(line: Line, change: Partial<Choice>) {
    idempotencyKey.current = randomId();
    setChoices((all) => {
      const current = all[line.orderLine.id] ?? { selected: false, quantity: 1, reason: null, note: '', resolution: 'REFUND', exchangeSku: '' };
      return { ...all, [line.orderLine.id]: { ...current, ...change } };
    });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!data) return;
    const problems: string[] = [];
    const byId = new Map(data.returnableItems.map((l) => [l.orderLine.id, l]));
    if (chosen.length === 0) problems.push(t('nothingSelected'));
    for (const [id, c] of chosen) {
      const name = byId.get(id)!.orderLine.name;
      if (!c.reason) problems.push(t('reasonRequired', { name }));
      else if (data.returnReasons.find((r) => r.code === c.reason)?.requiresNote && !c.note.trim()) problems.push(`${name}: ${t('noteRequired')}`);
      if (c.resolution === 'EXCHANGE' && !c.exchangeSku) problems.push(`${name}: ${t('exchangeVariantRequired')}`);
    }
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const items = chosen.map(([orderLineId, c]) => ({
        orderLineId, quantity: c.quantity, reason: c.reason!, note: c.note.trim() || null, resolution: c.resolution,
        exchangeSku: c.resolution === 'EXCHANGE' ? c.exchangeSku : null,
      }));
      const { requestReturn: p } = await request(RequestReturn, { input: { orderId, items, idempotencyKey: idempotencyKey.current } }, token);
      if (p.return) onRequested(p.return);
      else setErrors(p.userErrors.map((u) => u.message));
    } catch (err) {
      setErrors([t('error', { message: (err as Error).message })]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="items-title">
      <h2 id="items-title" ref={heading} tabIndex={-1}>{t('itemsTitle')}</h2>
      {data?.order && <p>{t('order', { orderNumber: data.order.orderNumber, date: i18n.date(data.order.placedAt) })}</p>}
      <form onSubmit={submit} aria-busy={busy} noValidate>
        <ul className="lines">
          {data?.returnableItems.map((line) => (
            <LineChoice key={line.orderLine.id} token={token} line={line} reasons={data.returnReasons} choice={choices[line.orderLine.id]} onChange={(c) => update(line, c)} />
          ))}
        </ul>
        <QuotePanel quote={quote} quoting={quoting} exchanging={exchanging} />
        {errors.length > 0 && (
          <div role="alert" className="error">
            <ul>{errors.map((m) => <li key={m}>{m}</li>)}</ul>
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>{t('continue')}</button>
        <div aria-live="polite" className="status-line">{busy ? t('requesting') : ''}</div>
      </form>
    </section>
  );
}

function LineChoice({ token, line, reasons, choice, onChange }: {
  token: string; line: Line; reasons: Loaded['returnReasons']; choice: Choice | undefined; onChange(change: Partial<Choice>): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = line.orderLine.id.replace(/[^A-Za-z0-9_-]/g, '');
  // Asked for once the line is picked: an exchange is offered only when the shop has another variant in stock.
  const [offers, retryOffers] = useExchangeOffers(token, line.orderLine.id, line.eligible && (choice?.selected ?? false));
  const noExchange = offers.status === 'ready' && offers.variants.length === 0;
  const name = line.orderLine.name;
  if (!line.eligible) {
    const why = line.ineligibleReason ? t(line.ineligibleReason, { date: i18n.date(line.deadline) }) : '';
    return (
      <li className="line ineligible">
        <p className="line-name">{name}</p>
        <p className="line-meta">{t('unitPrice', { price: i18n.money(line.orderLine.unitPrice) })}</p>
        <p className="why-not">{t('cannotReturn', { reason: why })}</p>
      </li>
    );
  }
  const requiresNote = reasons.find((r) => r.code === choice?.reason)?.requiresNote ?? false;
  return (
    <li className={choice?.selected ? 'line selected' : 'line'}>
      <div className="check">
        <input id={`pick-${id}`} type="checkbox" checked={choice?.selected ?? false} onChange={(e) => onChange({ selected: e.target.checked })} aria-describedby={`meta-${id}`} />
        <label htmlFor={`pick-${id}`} className="line-name">{t('returnThis', { name })}</label>
      </div>
      <p id={`meta-${id}`} className="line-meta">
        {t('unitPrice', { price: i18n.money(line.orderLine.unitPrice) })} · {t('returnableUntil', { date: i18n.date(line.deadline) })}
      </p>
      {choice?.selected && (
        <div className="line-details">
          {line.returnableQuantity > 1 && (
            <div className="field">
              <label htmlFor={`qty-${id}`}>{t('quantity')}</label>
              <select id={`qty-${id}`} value={choice.quantity} onChange={(e) => onChange({ quantity: Number(e.target.value) })}>
                {Array.from({ length: line.returnableQuantity }, (_, i) => <option key={i + 1} value={i + 1}>{i + 1}</option>)}
              </select>
            </div>
          )}
          <fieldset className="chips">
            <legend>{t('reason')}</legend>
            {reasons.map((r) => (
              <label key={r.code} className="chip">
                <input type="radio" name={`reason-${id}`} value={r.code} checked={choice.reason === r.code} onChange={() => onChange({ reason: r.code })} />
                <span>{i18n.reason(r.code, r.label)}</span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`note-${id}`}>{requiresNote ? t('note') : t('noteOptional')}</label>
            <textarea id={`note-${id}`} rows={2} maxLength={2000} required={requiresNote} value={choice.note} onChange={(e) => onChange({ note: e.target.value })} />
          </div>
          <fieldset className="chips">
            <legend>{t('resolution')}</legend>
            {RESOLUTIONS.map((r) => {
              const unavailable = r === 'EXCHANGE' && noExchange;
              return (
                <label key={r} className="chip">
                  <input
                    type="radio" name={`resolution-${id}`} value={r} checked={choice.resolution === r} disabled={unavailable}
                    aria-describedby={unavailable ? `no-exchange-${id}` : undefined} onChange={() => onChange({ resolution: r })}
                  />
                  <span>{t(r)}</span>
                </label>
              );
            })}
          </fieldset>
          {noExchange && <p id={`no-exchange-${id}`} className="hint" data-testid={`no-exchange-${id}`}>{t('exchangeNone')}</p>}
          {choice.resolution === 'EXCHANGE' && (
            <ExchangeVariants
              id={id} offers={offers} quantity={choice.quantity} chosen={choice.exchangeSku}
              onChoose={(sku) => onChange({ exchangeSku: sku })} onRetry={retryOffers}
            />
          )}
        </div>
      )}
    </li>
  );
}

function QuotePanel({ quote, quoting, exchanging }: { quote: Quote | null; quoting: boolean; exchanging: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section className="quote" aria-labelledby="quote-title">
      <h3 id="quote-title">{t('quoteTitle')}</h3>
      {quote && (
        <dl className="amounts" data-testid="quote">
          <div><dt>{t('subtotal')}</dt><dd>{i18n.money(quote.subtotal)}</dd></div>
          <div><dt>{t('restockingFee')}</dt><dd>−{i18n.money(quote.restockingFee)}</dd></div>
          <div><dt>{t('returnShipping')}</dt><dd>{quote.freeReturnShipping ? t('shippingFree') : t('shippingByMethod')}</dd></div>
          <div className="total"><dt>{t('estimatedRefund')}</dt><dd data-testid="quote-refund">{i18n.money(quote.refund)}</dd></div>
        </dl>
      )}
      {exchanging && <p className="hint" data-testid="quote-exchange-note">{t('quoteExchangeNote')}</p>}
      <p aria-live="polite" className="status-line">{quoting ? t('quoteUpdating') : quote ? t('quoteUpdated', { amount: i18n.money(quote.refund) }) : ''}</p>
    </section>
  );
}
