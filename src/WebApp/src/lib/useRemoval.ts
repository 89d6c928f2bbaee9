import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";

/**
 * Removing one item after a ConfirmDialog: which item is being asked about, the request, and what the dialog
 * shows meanwhile. A 404 means someone removed it already (another tab): the list was stale, so it is dropped as
 * if this request had removed it. After removal, focus goes to `focusAfter` rather than to the page's body
 * (the native dialog would hand it back to the row's button, which is gone).
 */
export interface Removal<T> {
  target: T | null;
  busy: boolean;
  error: unknown;
  ask(item: T): void;
  cancel(): void;
  confirm(focusAfter: HTMLElement | null): Promise<void>;
}

export function useRemoval<T>(remove: (item: T) => Promise<unknown>, onRemoved: (item: T) => void): Removal<T> {
  const [target, setTarget] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const focusAfterClose = useRef<HTMLElement | null>(null);

  // Runs after the ConfirmDialog (a child, so its effect runs first) has closed and handed focus back.
  useEffect(() => {
    if (target !== null || !focusAfterClose.current) return;
    focusAfterClose.current.focus();
    focusAfterClose.current = null;
  }, [target]);

  function gone(item: T, focusAfter: HTMLElement | null) {
    focusAfterClose.current = focusAfter;
    setTarget(null);
    onRemoved(item);
  }

  return {
    target,
    busy,
    error,
    ask(item: T) {
      setError(null);
      setTarget(item);
    },
    cancel() {
      if (!busy) setTarget(null);
    },
    async confirm(focusAfter: HTMLElement | null) {
      if (target === null || busy) return;
      setBusy(true);
      setError(null);
      try {
        await remove(target);
        gone(target, focusAfter);
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 404) gone(target, focusAfter);
        else setError(caught);
      } finally {
        setBusy(false);
      }
    },
  };
}
