import { useId, useState, type FormEvent } from 'react';
import { checkOperatorToken } from './session';

/** Sign in by pasting an operator (or admin) token; it is checked against Boomerang before it is kept. */
export function SignIn({ onSignIn }: { onSignIn(token: string): void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hint = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('Paste an operator token first.');
      return;
    }
    setBusy(true);
    const problem = await checkOperatorToken(value);
    setBusy(false);
    if (problem) setError(problem);
    else onSignIn(value);
  }

  return (
    <form className="panel sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <label htmlFor="operator-token">Operator token</label>
      <textarea
        id="operator-token" name="token" rows={3} autoFocus spellCheck={false} autoComplete="off" aria-describedby={hint}
        value={token} onChange={(e) => setToken(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); e.currentTarget.form?.requestSubmit(); } }}
      />
      <p id={hint} className="hint">Paste the bearer token (JWT) your administrator gave you and press Enter. It is kept in this tab only and forgotten when you sign out or close the tab.</p>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={busy}>{busy ? 'Checking…' : 'Sign in'}</button>
    </form>
  );
}
