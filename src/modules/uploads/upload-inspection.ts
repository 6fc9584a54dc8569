/**
 * The CPU-heavy checks of an upload — inflating a PDF's streams against the decompression budget,
 * verifying a PDF's digital signature — run on a worker thread for big files, so that the event loop
 * keeps answering other requests meanwhile (issue 12: health within 200 ms during four parallel
 * 9 MB uploads). Small files are checked inline: for them a round trip to the worker costs more than
 * the check.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { verifyPdfSignature, type SignatureReport } from '../signing/pdf-signature.ts';
import { checkDecompressionBomb, type BombVerdict } from './upload-safety.ts';

export interface Inspection {
  bomb: BombVerdict;
  /** null when the file is not a signed PDF or failed the bomb check. */
  signature: SignatureReport | null;
}

/** The checks themselves, on whatever thread calls them. */
export function inspectNow(bytes: Buffer, mediaType: string, trustedCaPems: string[] | null, now: Date): Inspection {
  const bomb = checkDecompressionBomb(bytes, mediaType);
  // Looking for a signature is itself a scan of the whole file: done here, off the loop for big files.
  const signed = mediaType === 'application/pdf' && bytes.includes('/ByteRange');
  const signature = bomb.ok && signed && trustedCaPems ? verifyPdfSignature(bytes, trustedCaPems, now) : null;
  return { bomb, signature };
}

/** From this size on the checks go to the worker (a 256 KB PDF is checked in about a millisecond). */
export const OFF_LOOP_BYTES = 512 * 1024;

/**
 * The worker runs TypeScript like the rest of the server, through tsx — but on Node 20 tsx's loader
 * given as `--import` is not ready when a worker resolves its entry file (ERR_UNKNOWN_FILE_EXTENSION),
 * so a two-line bootstrap loads the entry with tsx's own API. Whether the server was started by tsx or
 * by a test runner that transforms its own files, the worker is the same.
 */
function workerBootstrap(): string {
  const entry = new URL('./upload-inspection.worker.ts', import.meta.url).href;
  // The ESM build of tsx/esm/api (require.resolve gives the CommonJS one, whose hooks do not load here).
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  return `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
}

interface Job {
  resolve: (r: Inspection) => void;
  reject: (e: Error) => void;
  run: () => Inspection;
}

/** One worker thread, started on first use, keeping the process alive only while it has work; jobs answered in order. */
class InspectionWorker {
  #worker: Worker | null = null;
  #broken = false;
  #next = 0;
  readonly #pending = new Map<number, Job>();
  /** Jobs the worker thread answered (a test checks the checks really leave the loop). */
  answered = 0;

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(workerBootstrap(), { eval: true, execArgv: [] });
    worker.on('message', (m: { id: number; result?: Inspection; error?: string }) => {
      const job = this.#pending.get(m.id);
      if (!job) return;
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) worker.unref();
      if (m.result) {
        this.answered++;
        job.resolve(m.result);
      }
      else job.reject(new Error(m.error ?? 'inspection failed'));
    });
    const fail = () => {
      // A worker that cannot start or dies: the checks run inline from now on; nothing is lost.
      this.#broken = true;
      this.#worker = null;
      for (const job of this.#pending.values()) {
        try {
          job.resolve(job.run());
        } catch (e) {
          job.reject(e as Error);
        }
      }
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => code !== 0 && fail());
    // Referenced only while it has work: an idle worker does not keep the process alive.
    // (After the listeners: attaching a 'message' listener refs the worker again.)
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  run(bytes: Buffer, mediaType: string, trustedCaPems: string[] | null, now: Date): Promise<Inspection> {
    const inline = () => inspectNow(bytes, mediaType, trustedCaPems, now);
    if (this.#broken) return Promise.resolve().then(inline);
    const id = this.#next++;
    return new Promise<Inspection>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, run: inline });
      // Copied, not transferred: the caller still writes these bytes to the database.
      const w = this.#start();
      w.ref();
      w.postMessage({ id, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), mediaType, trustedCaPems, now: now.toISOString() });
    });
  }
}

const worker = new InspectionWorker();

/** How many inspections ran on the worker thread so far. */
export const inspectionsOffThread = () => worker.answered;

export async function inspectUpload(bytes: Buffer, mediaType: string, trustedCaPems: string[] | null, now: Date): Promise<Inspection> {
  if (bytes.length < OFF_LOOP_BYTES) return inspectNow(bytes, mediaType, trustedCaPems, now);
  return worker.run(bytes, mediaType, trustedCaPems, now);
}
