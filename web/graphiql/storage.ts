/**
 * What GraphiQL keeps in localStorage (tabs, history, favourites, settings), minus every request's headers. GraphiQL
 * leaves headers out of its tab state when `shouldPersistHeaders` is off, but its history plugin stores them with each
 * query it remembers: a pasted token would stay on disk long after the tab is closed.
 */
const NAMESPACE = 'graphiql:';

const withoutHeaders = (value: string): string => {
  try {
    return JSON.stringify(JSON.parse(value, (key, v: unknown) => (key === 'headers' ? undefined : v)));
  } catch {
    return value;
  }
};

export const storageWithoutHeaders = {
  getItem: (key: string) => localStorage.getItem(key),
  setItem: (key: string, value: string) => localStorage.setItem(key, withoutHeaders(value)),
  removeItem: (key: string) => localStorage.removeItem(key),
  clear() {
    for (const key of Object.keys(localStorage)) if (key.startsWith(NAMESPACE)) localStorage.removeItem(key);
  },
  get length() {
    return Object.keys(localStorage).filter((key) => key.startsWith(NAMESPACE)).length;
  },
};
