import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client";

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
  /** Replace the data locally (after a mutation whose result is known) without a round trip. */
  setData(update: T | ((current: T | undefined) => T | undefined)): void;
}

/**
 * GETs a path (null: nothing yet) and keeps the latest answer; a newer path or reload wins over a slower older one.
 * `load` replaces the single GET (such as reading every page of a list); pass a stable function.
 */
export function useResource<T>(path: string | null, load: (path: string) => Promise<T> = api<T>): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    if (path === null) return;
    const mine = ++generation.current;
    setLoading(true);
    try {
      const loaded = await load(path);
      if (mine === generation.current) {
        setData(loaded);
        setError(null);
      }
    } catch (caught) {
      if (mine === generation.current) setError(caught);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [path, load]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, setData };
}
