/**
 * While the demo year is being loaded in the background after a first start (src/demo/history-seed.ts),
 * a line under the header says how far it is and that the figures are not complete yet. It asks
 * GET /api/health once, and again every few seconds only while the load is running; when the load is
 * over (or there is none, the usual case) it shows nothing and stops asking.
 */
import { useEffect, useState } from 'react';
import { get } from '../lib/api.ts';
import { useT } from '../lib/i18n.tsx';

interface Health {
  demoHistory?: { state: 'running' | 'done' | 'failed'; done: number; total: number; percent: number };
}

export const DEMO_PROGRESS_POLL_MS = 4000;

export function DemoProgress() {
  const t = useT();
  const [progress, setProgress] = useState<Health['demoHistory']>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let running = false;
    const again = () => {
      if (!stopped && running) timer = setTimeout(poll, DEMO_PROGRESS_POLL_MS);
    };
    const poll = () =>
      get<Health>('/api/health')
        .then((h) => {
          if (stopped) return;
          running = h.demoHistory?.state === 'running';
          setProgress(h.demoHistory);
          again();
        })
        // A failed poll during the load (the server restarting, the network) is tried again; a first one ends it.
        .catch(again);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  const p = progress?.state === 'running' ? progress : null;
  // The live region stays in the page (empty, no height, when there is nothing to say) so that screen
  // readers announce its changes politely.
  return (
    <div className="demo-progress" role="status" aria-live="polite">
      {p ? t('demo.loading', { percent: p.percent, done: p.done, total: p.total }) : null}
    </div>
  );
}
