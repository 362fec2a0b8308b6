import { useCallback, useState } from 'react';
import { GraphQLRequestError, request } from '../shared/graphql';
import { ViewerQuery } from './operations';

// The operator's token lives in sessionStorage only: gone when the tab closes, never in the URL (URLs end up in logs
// and browser history).
const KEY = 'boomerang.console.token';

/** Why a pasted token was refused, in words for the operator. */
export async function checkOperatorToken(token: string): Promise<string | null> {
  try {
    const { viewer } = await request(ViewerQuery, {}, token);
    return viewer.role === 'OPERATOR' || viewer.role === 'ADMIN' ? null : `This token signs in a ${viewer.role.toLowerCase()}; the console needs an operator or admin token.`;
  } catch (e) {
    if (e instanceof GraphQLRequestError && e.code === 'UNAUTHENTICATED') return 'The token was not accepted (expired or not signed for this Boomerang).';
    return `Boomerang could not be reached: ${(e as Error).message}`;
  }
}

/** The signed-in operator's token (or null) and how to change it. */
export function useSession() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(KEY));
  const signIn = useCallback((value: string) => {
    sessionStorage.setItem(KEY, value);
    setToken(value);
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setToken(null);
  }, []);
  return { token, signIn, signOut };
}
