import { useEffect, useState } from 'react';
import type { PortalReturnFragment } from '../gql/graphql';
import { useFocusOnMount } from '../shared/focus';
import { request } from '../shared/graphql';
import { usePoll } from '../shared/use-poll';
import { useI18n, type MessageKey } from './i18n';
import { POLL_MS } from './Method';
import { ReturnById } from './operations';
import { qrDataUrl } from './qr';

type Ret = PortalReturnFragment;

/** Nothing more will change: the return is closed and its refund settled. */
function settled(ret: Ret): boolean {
  if (['REJECTED', 'CANCELLED', 'EXPIRED'].includes(ret.status)) return true;
  return ret.status === 'COMPLETED' && ['ISSUED', 'NONE'].includes(ret.refund.status);
}

/** The confirmation's heading: booking, booked, completed, or closed without completing. */
function title(ret: Ret): MessageKey {
  if (ret.status === 'COMPLETED') return 'completedTitle';
  if (['REJECTED', 'CANCELLED', 'EXPIRED'].includes(ret.status)) return 'closedTitle';
  return ret.method?.status === 'PENDING' ? 'booking' : 'confirmationTitle';
}

/** What the drop-off point scans: the partner's QR payload, else the code, reference or tracking number. */
function qrValue(method: NonNullable<Ret['method']>): string | null {
  return method.qrCode ?? method.label?.qrCode ?? method.dropOffCode ?? method.reference ?? method.label?.trackingNumber ?? null;
}

/** Step 4: the booking (code, QR, label or pickup window) and the return's status timeline, kept current by polling. */
export function Confirmation({ token, ret, onRetry, onStartAnother }: { token: string; ret: Ret; onRetry(ret: Ret): void; onStartAnother(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [current, setCurrent] = useState(ret);

  usePoll(async () => {
    const { node } = await request(ReturnById, { id: ret.id }, token);
    if (node?.__typename === 'Return') setCurrent(node);
  }, POLL_MS, !settled(current));

  const method = current.method;
  const booking = method?.status === 'PENDING';
  const failed = method?.status === 'FAILED';
  return (
    <section aria-labelledby="confirmation-title">
      <h2 id="confirmation-title" ref={heading} tabIndex={-1}>{t(title(current))}</h2>
      <p className="rma">{t('rma')}: <strong>{current.rmaNumber}</strong></p>
      <div aria-live="polite">
        {failed && (
          <div role="alert" className="error">
            <p>{t('bookingFailed', { reason: method.failureReason ?? '' })}</p>
            <button type="button" className="secondary" onClick={() => onRetry(current)}>{t('chooseAgain')}</button>
          </div>
        )}
        {method && !booking && !failed && <Booking method={method} />}
      </div>
      <Timeline ret={current} />
      <button type="button" className="secondary" onClick={onStartAnother}>{t('startAnother')}</button>
    </section>
  );
}

function Booking({ method }: { method: NonNullable<Ret['method']> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const value = qrValue(method);
  return (
    <div className="booking">
      {method.type === 'RETURNLESS' && <p>{t('keepItem')}</p>}
      {method.dropOffCode && (
        <p className="code-line">{t('dropOffCode')}: <strong className="drop-off-code" data-testid="drop-off-code">{method.dropOffCode}</strong></p>
      )}
      {value && <Qr value={value} />}
      {value && <p>{t('showAtDropOff')}</p>}
      <dl className="facts">
        {method.location && (
          <div><dt>{t('location')}</dt><dd>{method.location.name}, {method.location.address}{method.location.openingHours ? ` (${t('openingHours', { hours: method.location.openingHours })})` : ''}</dd></div>
        )}
        {method.label && <div><dt>{t('tracking')}</dt><dd>{method.label.carrier} {method.label.trackingNumber}</dd></div>}
        {method.reference && <div><dt>{t('reference')}</dt><dd>{method.reference}</dd></div>}
        {method.pickupWindow && <div><dt>{t('pickupWindow')}</dt><dd>{i18n.dateTime(method.pickupWindow.start)} – {i18n.dateTime(method.pickupWindow.end)}</dd></div>}
        {method.expiresAt && <div><dt>{t('validUntil')}</dt><dd>{i18n.dateTime(method.expiresAt)}</dd></div>}
      </dl>
      {method.label?.labelUrl && <p><a href={method.label.labelUrl} target="_blank" rel="noreferrer">{t('label')}</a></p>}
    </div>
  );
}

function Qr({ value }: { value: string }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void qrDataUrl(value).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [value]);
  return src ? <img className="qr" src={src} alt={t('qrAlt', { value })} width={192} height={192} data-testid="qr" /> : null;
}

function Timeline({ ret }: { ret: Ret }) {
  const i18n = useI18n();
  const { t } = i18n;
  const humanize = (type: string) => type.charAt(0) + type.slice(1).toLowerCase().replace(/_/g, ' ');
  const credit = ret.storeCredit;
  return (
    <section className="timeline" aria-labelledby="status-title">
      <h3 id="status-title">{t('statusTitle')}</h3>
      <dl className="facts" aria-live="polite">
        <div><dt>{t('status')}</dt><dd data-testid="return-status">{t(ret.status as MessageKey)}</dd></div>
        {/* With store credit, the refund line is the part paid back to the original payment (none when all is credit). */}
        {(!credit || Number(ret.refund.originalPayment.amount) > 0) && (
          <div><dt>{t('refund')}</dt><dd data-testid="refund">{t('refundOf', { amount: i18n.money(credit ? ret.refund.originalPayment : ret.refund.amount), status: t(`refund_${ret.refund.status}`) })}</dd></div>
        )}
        {credit && (
          <div><dt>{t('STORE_CREDIT')}</dt><dd data-testid="store-credit">{t('refundOf', { amount: i18n.money(credit.amount), status: t(`credit_${credit.status}`) })}</dd></div>
        )}
        {credit?.code && <div><dt>{t('storeCreditCode')}</dt><dd data-testid="store-credit-code">{credit.code}</dd></div>}
      </dl>
      <ol className="events">
        {ret.events.map((e, i) => (
          <li key={`${e.type}-${e.at}-${i}`}>
            <time dateTime={e.at}>{i18n.dateTime(e.at)}</time> <span>{i18n.maybe(`ev_${e.type}`, humanize(e.type))}</span>
          </li>
        ))}
      </ol>
      <p className="small">{t('updatedAt', { date: i18n.dateTime(ret.updatedAt) })}</p>
    </section>
  );
}
