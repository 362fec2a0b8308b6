import { useEffect, useState, type FormEvent } from 'react';
import type { PortalReturnFragment, PortalReturnMethodOptionsQuery } from '../gql/graphql';
import { useFocusOnMount } from '../shared/focus';
import { request } from '../shared/graphql';
import { usePoll } from '../shared/use-poll';
import { useI18n, type I18n, type MessageKey } from './i18n';
import { ReturnById, ReturnMethodOptions, SelectReturnMethod } from './operations';

type Option = PortalReturnMethodOptionsQuery['returnMethodOptions'][number];

/** How often a return waiting for approval is looked at again. */
export const POLL_MS = 3000;

/** The API's refund timing sentences (English), as keys of the portal's own texts. */
function refundTiming(i18n: I18n, text: string): string {
  const key: MessageKey | null = /immediately/i.test(text) ? 'timingImmediate' : /collects/i.test(text) ? 'timingCollect'
    : /scanned/i.test(text) ? 'timingScan' : /inspected/i.test(text) ? 'timingInspected' : null;
  return key ? i18n.t(key) : text;
}

/** Step 3: the return's method options (fee, CO2e, refund timing, nearest locations or pickup windows); waits for approval first. */
export function Method({ token, ret, onChosen }: { token: string; ret: PortalReturnFragment; onChosen(ret: PortalReturnFragment): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [current, setCurrent] = useState(ret);
  const [options, setOptions] = useState<Option[] | null>(null);
  const [optionId, setOptionId] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [windowIndex, setWindowIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A return an operator still has to approve: look again until it is decided.
  usePoll(async () => {
    const { node } = await request(ReturnById, { id: ret.id }, token);
    if (node?.__typename === 'Return') setCurrent(node);
  }, POLL_MS, current.status === 'REQUESTED');

  useEffect(() => {
    if (current.status !== 'APPROVED') return;
    request(ReturnMethodOptions, { returnId: current.id }, token).then((res) => setOptions(res.returnMethodOptions), (e: Error) => setError(t('error', { message: e.message })));
  }, [current.status, current.id, token, t]);

  function choose(option: Option) {
    setOptionId(option.id);
    setLocationId(option.locations[0]?.id ?? null);
    setWindowIndex(0);
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    const option = options?.find((o) => o.id === optionId);
    if (!option) {
      setError(t('chooseMethod'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const w = option.pickupWindows[windowIndex];
      const input = { returnId: current.id, optionId: option.id, locationId: option.locations.length ? locationId : null, pickupWindow: w ? { start: w.start, end: w.end } : null };
      const { selectReturnMethod: p } = await request(SelectReturnMethod, { input }, token);
      if (p.return) onChosen(p.return);
      else setError(p.userErrors.map((u) => u.message).join(' '));
    } catch (err) {
      setError(t('error', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="method-title">
      <h2 id="method-title" ref={heading} tabIndex={-1}>{t('methodTitle')}</h2>
      <p className="rma">{t('rma')}: <strong>{current.rmaNumber}</strong></p>
      <div aria-live="polite">
        {current.status === 'REQUESTED' && <p className="notice">{t('awaitingApproval', { rma: current.rmaNumber })}</p>}
        {current.status === 'REJECTED' && <p className="error">{t('rejected', { rma: current.rmaNumber })}</p>}
        {options?.length === 0 && <p className="notice">{t('noOptions')}</p>}
      </div>
      {options && options.length > 0 && (
        <form onSubmit={confirm} aria-busy={busy}>
          <fieldset className="options">
            <legend className="sr-only">{t('methodTitle')}</legend>
            {options.map((option, i) => (
              <OptionCard key={option.id} option={option} index={i} selected={option.id === optionId} onSelect={() => choose(option)}
                locationId={locationId} onLocation={setLocationId} windowIndex={windowIndex} onWindow={setWindowIndex} />
            ))}
          </fieldset>
          {error && <p role="alert" className="error">{error}</p>}
          <button type="submit" className="primary" disabled={busy}>{t('confirmMethod')}</button>
          <div aria-live="polite" className="status-line">{busy ? t('booking') : ''}</div>
        </form>
      )}
      {!options && error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

function OptionCard({ option, index, selected, onSelect, locationId, onLocation, windowIndex, onWindow }: {
  option: Option; index: number; selected: boolean; onSelect(): void;
  locationId: string | null; onLocation(id: string): void; windowIndex: number; onWindow(i: number): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = `option-${index}`;
  return (
    <div className={selected ? 'option selected' : 'option'}>
      <div className="check">
        <input type="radio" id={id} name="method" value={option.id} checked={selected} onChange={onSelect} aria-describedby={`${id}-facts`} />
        <label htmlFor={id}>
          {t(option.type)}{option.carrier ? ` ${t('byCarrier', { carrier: option.carrier })}` : ''}
        </label>
      </div>
      <dl id={`${id}-facts`} className="facts">
        <div><dt>{t('fee')}</dt><dd>{Number(option.fee.amount) === 0 ? t('shippingFree') : i18n.money(option.fee)}</dd></div>
        <div><dt>{t('emissions')}</dt><dd>{t('co2e', { kg: i18n.number(option.co2eKg, 2) })}</dd></div>
        <div><dt>{t('refundTiming')}</dt><dd>{refundTiming(i18n, option.refundTiming)}</dd></div>
      </dl>
      {option.locations.length > 0 && (selected ? (
        <fieldset className="locations">
          <legend>{t('chooseLocation')}</legend>
          {option.locations.map((l) => (
            <label key={l.id} className="location">
              <input type="radio" name={`${id}-location`} value={l.id} checked={locationId === l.id} onChange={() => onLocation(l.id)} />
              <Location location={l} />
            </label>
          ))}
        </fieldset>
      ) : (
        <div className="locations">
          <p className="small-heading">{t('nearest')}</p>
          <ul>{option.locations.map((l) => <li key={l.id}><Location location={l} /></li>)}</ul>
        </div>
      ))}
      {selected && option.pickupWindows.length > 0 && (
        <fieldset className="locations">
          <legend>{t('chooseWindow')}</legend>
          {option.pickupWindows.map((w, i) => (
            <label key={w.start} className="location">
              <input type="radio" name={`${id}-window`} checked={windowIndex === i} onChange={() => onWindow(i)} />
              <span>{i18n.dateTime(w.start)} – {i18n.dateTime(w.end)}</span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}

function Location({ location }: { location: Option['locations'][number] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <span className="location-text">
      <span>
        <span className="location-name">{location.name}</span>
        {location.distanceKm != null && <span className="distance"> · {t('distance', { km: i18n.km(location.distanceKm) })}</span>}
      </span>
      <span className="address">{location.address}</span>
      {location.openingHours && <span className="hours">{t('openingHours', { hours: location.openingHours })}</span>}
    </span>
  );
}
