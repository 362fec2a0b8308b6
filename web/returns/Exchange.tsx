import { useEffect, useState } from 'react';
import type { PortalExchangeOptionsQuery } from '../gql/graphql';
import { request } from '../shared/graphql';
import { useI18n, type I18n } from './i18n';
import { ExchangeOptions } from './operations';

// What a line can be exchanged for: the variants in stock at the shop (exchangeOptions, docs/exchanges.md), asked for
// as soon as the line is picked, so the Exchange choice can be offered only when there is something to exchange for.

export type Variant = PortalExchangeOptionsQuery['exchangeOptions'][number];

/** The shop's answer for one line: still asking, the variants (maybe none), or a failure the customer may retry. */
export type ExchangeOffers =
  | { status: 'idle' } | { status: 'loading' }
  | { status: 'ready'; variants: Variant[] }
  | { status: 'error'; message: string };

/** The variants `orderLineId` can be exchanged for, asked for while `enabled` (the line is picked); `retry` asks again. */
export function useExchangeOffers(token: string, orderLineId: string, enabled: boolean): [ExchangeOffers, () => void] {
  const [offers, setOffers] = useState<ExchangeOffers>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    setOffers({ status: 'loading' });
    request(ExchangeOptions, { orderLineId }, token).then(
      (data) => { if (current) setOffers({ status: 'ready', variants: data.exchangeOptions }); },
      (e: Error) => { if (current) setOffers({ status: 'error', message: e.message }); },
    );
    return () => { current = false; };
  }, [token, orderLineId, enabled, attempt]);
  return [offers, () => setAttempt((n) => n + 1)];
}

/** Per unit, in the customer's words: what they pay on top, get back, or that the price is the same. */
function difference(i18n: I18n, variant: Variant): string {
  const { amount, currencyCode } = variant.priceDifference;
  const value = Number(amount);
  if (value === 0) return i18n.t('exchangeSamePrice');
  const abs = i18n.money({ amount: amount.replace(/^-/, ''), currencyCode });
  return value > 0 ? i18n.t('exchangePayMore', { amount: abs }) : i18n.t('exchangeGetBack', { amount: abs });
}

/** The variant's own words: its attributes (size 43), else its name. */
function variantLabel(variant: Variant): string {
  return variant.attributes.length ? variant.attributes.map((a) => `${a.name} ${a.value}`).join(', ') : variant.name;
}

/**
 * The variants to exchange a line for, as radios with price and difference; while asking, a status line; on failure,
 * the reason and a retry. Variants with fewer units in stock than the customer returns are shown but cannot be picked.
 */
export function ExchangeVariants({ id, offers, quantity, chosen, onChoose, onRetry }: {
  id: string; offers: ExchangeOffers; quantity: number; chosen: string; onChoose(sku: string): void; onRetry(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  if (offers.status === 'idle' || offers.status === 'loading') return <p role="status" className="hint">{t('exchangeLoading')}</p>;
  if (offers.status === 'error') {
    return (
      <div role="alert" className="error">
        <p>{t('exchangeFailed')}</p>
        <button type="button" className="link" onClick={onRetry}>{t('tryAgain')}</button>
      </div>
    );
  }
  // None left (the Exchange choice is then disabled, and the line says why).
  if (offers.variants.length === 0) return null;
  return (
    <fieldset className="variants" data-testid={`variants-${id}`}>
      <legend>{t('exchangeFor')}</legend>
      {offers.variants.map((v) => {
        const short = v.availableQuantity < quantity;
        const inputId = `variant-${id}-${v.sku.replace(/[^A-Za-z0-9_-]/g, '')}`;
        return (
          <label key={v.sku} className="variant" htmlFor={inputId}>
            <input
              id={inputId} type="radio" name={`variant-${id}`} value={v.sku} checked={chosen === v.sku} disabled={short}
              onChange={() => onChoose(v.sku)}
            />
            <span className="variant-text">
              <span className="variant-name">{variantLabel(v)}</span>
              <span className="variant-meta">
                {i18n.money(v.price)} · {difference(i18n, v)}{short ? ` · ${t('exchangeOnlyLeft', { count: v.availableQuantity })}` : ''}
              </span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
