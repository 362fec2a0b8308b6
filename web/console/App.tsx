import { useCallback, useEffect, useRef, useState } from 'react';
import { ScanDesk, type ScanDeskHandle } from './ScanDesk';
import { SignIn } from './SignIn';
import { WorkQueues } from './WorkQueues';
import { useSession } from './session';
import './console.css';

/** The console's keyboard shortcuts, as shown on screen. */
export const SHORTCUTS: ReadonlyArray<[keys: string, what: string]> = [
  ['F2 or Alt+S', 'Scan: focus the scan input'],
  ['Alt+Q', 'Work queues'],
  ['Enter', 'Find the scanned code; receive; save the grade; accept the recommendation'],
  ['Alt+O', 'Override the recommendation'],
  ['Ctrl+Enter', 'Save the grade from the notes field'],
  ['Escape', 'Put the open return aside and scan the next parcel'],
];

type View = 'scan' | 'queues';

/** The warehouse console: sign in with an operator token, then the scan desk and the work queues. */
export function App() {
  const { token, signIn, signOut } = useSession();
  const [view, setView] = useState<View>('scan');
  const [notice, setNotice] = useState<string | null>(null);
  const desk = useRef<ScanDeskHandle>(null);
  const pendingOpen = useRef<string | null>(null);

  const sessionEnded = useCallback(() => {
    signOut();
    setNotice('Your session ended: sign in again.');
  }, [signOut]);

  const showScan = useCallback(() => {
    setView('scan');
    requestAnimationFrame(() => desk.current?.focusScan());
  }, []);

  useEffect(() => {
    if (!token) return undefined;
    const onKey = (e: KeyboardEvent) => {
      const key = e.key.toLowerCase();
      if (e.key === 'F2' || (e.altKey && key === 's')) {
        e.preventDefault();
        showScan();
      } else if (e.altKey && key === 'q') {
        e.preventDefault();
        setView('queues');
      } else if (e.altKey && key === 'o' && view === 'scan') {
        e.preventDefault();
        desk.current?.override();
      } else if (e.key === 'Escape' && view === 'scan') {
        desk.current?.abandon();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [token, view, showScan]);

  // A return opened from a queue is loaded once the desk is back on screen.
  useEffect(() => {
    if (view === 'scan' && pendingOpen.current && desk.current) {
      desk.current.open(pendingOpen.current);
      pendingOpen.current = null;
    }
  }, [view]);

  const open = (returnId: string) => {
    pendingOpen.current = returnId;
    setView('scan');
  };

  return (
    <>
      <header className="top">
        <h1>Warehouse console</h1>
        {token && (
          <nav aria-label="Console">
            <button type="button" aria-current={view === 'scan' ? 'page' : undefined} onClick={showScan}>Scan <kbd>F2</kbd></button>
            <button type="button" aria-current={view === 'queues' ? 'page' : undefined} onClick={() => setView('queues')}>Work queues <kbd>Alt+Q</kbd></button>
            <button type="button" className="secondary" onClick={signOut}>Sign out</button>
          </nav>
        )}
      </header>
      <main>
        {!token ? (
          <>
            {notice && <p role="alert" className="message error">{notice}</p>}
            <SignIn onSignIn={(t) => { setNotice(null); signIn(t); }} />
          </>
        ) : (
          <div className="layout">
            <div className="work">
              {view === 'scan'
                ? <ScanDesk ref={desk} token={token} onSessionEnded={sessionEnded} />
                : <WorkQueues token={token} onOpen={open} onSessionEnded={sessionEnded} />}
            </div>
            <aside className="panel shortcuts" aria-labelledby="shortcuts-title">
              <h2 id="shortcuts-title">Keyboard shortcuts</h2>
              <dl>
                {SHORTCUTS.map(([keys, what]) => <div key={keys}><dt><kbd>{keys}</kbd></dt><dd>{what}</dd></div>)}
              </dl>
            </aside>
          </div>
        )}
      </main>
    </>
  );
}
