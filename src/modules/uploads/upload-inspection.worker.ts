/** The worker thread of upload-inspection.ts: runs the checks, answers with the results. */
import { parentPort } from 'node:worker_threads';
import { inspectNow } from './upload-inspection.ts';

parentPort!.on('message', (m: { id: number; bytes: Uint8Array; mediaType: string; trustedCaPems: string[] | null; now: string }) => {
  try {
    const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
    parentPort!.postMessage({ id: m.id, result: inspectNow(bytes, m.mediaType, m.trustedCaPems, new Date(m.now)) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
