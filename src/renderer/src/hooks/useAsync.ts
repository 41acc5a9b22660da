// Runs an async loader whenever its inputs change and keeps the latest answer or error.
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../api.ts';

export interface AsyncState<T> {
  value: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(describeError(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, generation]);
  return { value, error, loading, reload };
}
