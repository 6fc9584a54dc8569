import { useState } from 'react';
import { ApiError } from './api.ts';

/** Runs a save, keeping the server's problem (with field paths) for the form to show. */
export function useSave() {
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await fn();
      setSaved(true);
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, saved, busy, run, fe: (path: string) => error?.field(path) };
}
