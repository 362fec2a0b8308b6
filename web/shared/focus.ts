import { useEffect, useRef } from 'react';

/**
 * A ref for a step's heading (give it tabIndex={-1}) that takes the focus when the step appears, so keyboard and screen
 * reader users land at the start of the new step instead of on a button that no longer exists.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
