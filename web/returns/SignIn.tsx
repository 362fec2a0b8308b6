import { useState, type FormEvent } from 'react';
import { useFocusOnMount } from '../shared/focus';
import { request } from '../shared/graphql';
import { useI18n } from './i18n';
import { OrderByNumber, StartGuestReturn } from './operations';
import type { Session } from './session';

/** Step 1: order number + email for a guest token, or a customer token and the order number. */
export function SignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [orderNumber, setOrderNumber] = useState('');
  const [email, setEmail] = useState('');
  const [token, setToken] = useState('');
  const [tokenOrder, setTokenOrder] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function attempt(run: () => Promise<Session | null>, notFound: string) {
    setBusy(true);
    setError(null);
    try {
      const session = await run();
      if (session) onSignedIn(session);
      else setError(notFound);
    } catch (e) {
      setError(t('error', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  function asGuest(e: FormEvent) {
    e.preventDefault();
    void attempt(async () => {
      const { startGuestReturn: p } = await request(StartGuestReturn, { input: { orderNumber: orderNumber.trim(), email: email.trim() } }, null);
      return p.token && p.order ? { token: p.token, orderId: p.order.id } : null;
    }, t('orderNotFound'));
  }

  function withToken(e: FormEvent) {
    e.preventDefault();
    const bearer = token.trim();
    void attempt(async () => {
      const { orderByNumber } = await request(OrderByNumber, { orderNumber: tokenOrder.trim() }, bearer);
      return orderByNumber ? { token: bearer, orderId: orderByNumber.id } : null;
    }, t('tokenOrderNotFound'));
  }

  return (
    <section aria-labelledby="sign-in-title">
      <h2 id="sign-in-title" ref={heading} tabIndex={-1}>{t('signInTitle')}</h2>
      <p>{t('signInIntro')}</p>
      <form onSubmit={asGuest} aria-busy={busy}>
        <div className="field">
          <label htmlFor="order-number">{t('orderNumber')}</label>
          <input id="order-number" name="orderNumber" required autoComplete="off" value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="email">{t('email')}</label>
          <input id="email" name="email" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={busy}>{t('findOrder')}</button>
      </form>
      <details className="token-sign-in">
        <summary>{t('haveAccount')}</summary>
        <form onSubmit={withToken} aria-busy={busy}>
          <div className="field">
            <label htmlFor="token">{t('token')}</label>
            <textarea id="token" name="token" required rows={3} aria-describedby="token-hint" value={token} onChange={(e) => setToken(e.target.value)} />
            <p id="token-hint" className="hint">{t('tokenHint')}</p>
          </div>
          <div className="field">
            <label htmlFor="token-order-number">{t('orderNumber')}</label>
            <input id="token-order-number" required autoComplete="off" value={tokenOrder} onChange={(e) => setTokenOrder(e.target.value)} />
          </div>
          <button type="submit" className="secondary" disabled={busy}>{t('useToken')}</button>
        </form>
      </details>
      <div aria-live="polite" className="status-line">{busy ? t('signingIn') : ''}</div>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
