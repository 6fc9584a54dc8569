/**
 * GET /metrics with several processes (src/cluster.ts): whichever process the request lands on asks
 * the primary, which gathers every process's registries (prom-client's AggregatorRegistry: counters and
 * histograms summed, database gauges taken once) and answers. Without a cluster, the process answers
 * its own (metrics.ts metricsText).
 */
import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';

const REQUEST = 'motcua:metrics-request';
const ANSWER = 'motcua:metrics-answer';

interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

/** Is this process one of several started by src/cluster.ts? */
export const inCluster = (): boolean => cluster.isWorker && process.env.MOTCUA_CLUSTER === '1';

let seq = 0;
const waiting = new Map<number, (a: Answer) => void>();
let listening = false;

export function askPrimaryForMetrics(): Promise<string> {
  if (!listening) {
    listening = true;
    process.on('message', (m: Answer) => {
      if (m?.type !== ANSWER) return;
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    });
  }
  const id = ++seq;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('metrics: the primary process did not answer'));
    }, 6000);
    waiting.set(id, (a) => {
      clearTimeout(timer);
      if (a.error !== undefined) reject(new Error(a.error));
      else resolve(a.text ?? '');
    });
    process.send!({ type: REQUEST, id });
  });
}

/** In the primary: answer the workers' requests with the aggregated text. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, m: { type?: string; id?: number }) => {
    if (m?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: m.id, text }),
      (e: unknown) => worker.send({ type: ANSWER, id: m.id, error: e instanceof Error ? e.message : String(e) }),
    );
  });
}
