import { useEffect, useMemo, useState } from 'react';
import type { PortalReturnFragment } from '../gql/graphql';
import { request } from '../shared/graphql';
import { Confirmation } from './Confirmation';
import { I18nContext, LANGUAGES, browserLanguage, makeI18n, type Language, type MessageKey } from './i18n';
import { Items } from './Items';
import { Method } from './Method';
import { ReturnById } from './operations';
import { loadSession, saveSession, type Session } from './session';
import { SignIn } from './SignIn';

type Stage =
  | { step: 'signIn' }
  | { step: 'resuming'; session: Session }
  | { step: 'items'; session: Session }
  | { step: 'method'; session: Session; ret: PortalReturnFragment }
  | { step: 'confirmation'; session: Session; ret: PortalReturnFragment };

const STEP_NUMBER: Record<Stage['step'], number> = { signIn: 1, resuming: 2, items: 2, method: 3, confirmation: 4 };
const STEP_TITLE: Record<Stage['step'], MessageKey> = {
  signIn: 'signInTitle', resuming: 'itemsTitle', items: 'itemsTitle', method: 'methodTitle', confirmation: 'statusTitle',
};

/** Where a return stands decides its step: a chosen method (not failed) is the confirmation, anything else the method choice. */
function stageOf(session: Session, ret: PortalReturnFragment): Stage {
  return ret.method && ret.method.status !== 'FAILED' ? { step: 'confirmation', session, ret } : { step: 'method', session, ret };
}

/** The customer returns portal: sign in → items and reasons (live refund quote) → return method → code, QR and status. */
export function App() {
  const [language, setLanguage] = useState<Language>(() => browserLanguage());
  const i18n = useMemo(() => makeI18n(language), [language]);
  const [stage, setStage] = useState<Stage>(() => {
    const session = loadSession();
    if (!session) return { step: 'signIn' };
    return session.returnId ? { step: 'resuming', session } : { step: 'items', session };
  });

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${i18n.t(STEP_TITLE[stage.step])} · ${i18n.t('appTitle')}`;
  }, [language, i18n, stage.step]);

  // After a reload: back to where the return stands (the session is dropped if the token no longer works).
  useEffect(() => {
    if (stage.step !== 'resuming') return;
    const { session } = stage;
    request(ReturnById, { id: session.returnId! }, session.token).then(({ node }) => {
      setStage(node?.__typename === 'Return' ? stageOf(session, node) : { step: 'items', session: { token: session.token, orderId: session.orderId } });
    }, () => go({ step: 'signIn' }));
  }, [stage]);

  function go(next: Stage) {
    saveSession(next.step === 'signIn' ? null : { ...next.session, ...('ret' in next ? { returnId: next.ret.id } : {}) });
    setStage(next);
  }

  const { t } = i18n;
  return (
    <I18nContext.Provider value={i18n}>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <header className="top">
        <h1>{t('appTitle')}</h1>
        <div className="top-tools">
          <label htmlFor="language">{t('language')}</label>
          <select id="language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {Object.entries(LANGUAGES).map(([code, name]) => <option key={code} value={code} lang={code}>{name}</option>)}
          </select>
          {stage.step !== 'signIn' && <button type="button" className="link" onClick={() => go({ step: 'signIn' })}>{t('signOut')}</button>}
        </div>
      </header>
      <main id="main">
        <p className="progress">{t('stepOf', { n: STEP_NUMBER[stage.step] })}</p>
        {stage.step === 'signIn' && <SignIn onSignedIn={(session) => go({ step: 'items', session })} />}
        {stage.step === 'items' && (
          <Items token={stage.session.token} orderId={stage.session.orderId} onRequested={(ret) => go(stageOf(stage.session, ret))} />
        )}
        {stage.step === 'method' && (
          <Method key={stage.ret.id} token={stage.session.token} ret={stage.ret} onChosen={(ret) => go(stageOf(stage.session, ret))} />
        )}
        {stage.step === 'confirmation' && (
          <Confirmation key={stage.ret.id} token={stage.session.token} ret={stage.ret}
            onRetry={(ret) => go({ step: 'method', session: stage.session, ret })}
            onStartAnother={() => go({ step: 'items', session: { token: stage.session.token, orderId: stage.session.orderId } })} />
        )}
      </main>
    </I18nContext.Provider>
  );
}
