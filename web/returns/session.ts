// Where the portal keeps its place across a reload: the bearer token, the order and the return, in sessionStorage (gone
// when the tab closes; never in the URL, where tokens end up in logs and history).

/** Who is returning what. */
export interface Session {
  token: string;
  orderId: string;
  returnId?: string;
}

const KEY = 'boomerang.returns.session';

export function loadSession(): Session | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return value && typeof value.token === 'string' && typeof value.orderId === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
