/**
 * Screen-local data from one call: fetched on mount and again whenever `version` changes
 * (bump it after a change). Answers that arrive after the screen is gone are dropped. The data
 * stays in the screen; it is never copied into a store.
 */
import { useEffect, useState } from 'react';
import type { AppError, Result } from '../../../preload/contract';

type Fetched<T> = { data: T | null; error: AppError | null };

/** `fetcher` must be stable (declared at module level). */
export function useFetch<T>(fetcher: () => Promise<Result<T>>, version: number): Fetched<T> {
  const [state, setState] = useState<Fetched<T>>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    void fetcher().then((result) => {
      if (!live) return;
      setState((s) => (result.ok ? { data: result.value, error: null } : { data: s.data, error: result.error }));
    });
    return () => {
      live = false;
    };
  }, [fetcher, version]);
  return state;
}
