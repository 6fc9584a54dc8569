/**
 * The benchmark's load generator: one keep-alive HTTP/1.1 connection per simulated client, requests
 * written as bytes and answers read by Content-Length, nothing else.
 *
 * Why not undici: on this 2-core machine the load generator shares the cores with the server and
 * PostgreSQL, so every millisecond it spends is taken from what is measured. undici's request() cost
 * about 1.3 ms of CPU per lifecycle (five requests); pgbench's own client costs 0.4–0.6 ms for the same
 * lifecycle. This client does what wrk or pgbench do: write the request, read the answer.
 * It speaks only what the server sends (Content-Length bodies; no chunked encoding, no pipelining)
 * and fails loudly on anything else.
 */
import { connect, type Socket } from 'node:net';

export interface Answer {
  status: number;
  body: Buffer;
}

export class HttpConnection {
  readonly #host: string;
  readonly #port: number;
  #socket: Socket | null = null;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: { resolve: (a: Answer) => void; reject: (e: Error) => void } | null = null;

  constructor(base: string) {
    const url = new URL(base);
    this.#host = url.hostname;
    this.#port = Number(url.port || 80);
  }

  async #open(): Promise<Socket> {
    if (this.#socket && !this.#socket.destroyed) return this.#socket;
    const socket = connect({ host: this.#host, port: this.#port, noDelay: true });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#parse();
    });
    const fail = (e: Error) => {
      this.#socket = null;
      this.#buffer = Buffer.alloc(0);
      const w = this.#waiting;
      this.#waiting = null;
      w?.reject(e);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server')));
    this.#socket = socket;
    return socket;
  }

  #parse(): void {
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.#waiting) return;
    const head = this.#buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      this.#socket?.destroy(new Error(`answer without Content-Length (chunked bodies are not read): ${head.split('\r\n')[0]}`));
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.#buffer.length < total) return;
    const body = this.#buffer.subarray(end + 4, total);
    this.#buffer = this.#buffer.subarray(total);
    const w = this.#waiting;
    this.#waiting = null;
    w.resolve({ status, body });
  }

  /** One request on this connection; the caller waits for it before sending the next. */
  async request(method: string, path: string, headers: Record<string, string>, body: string | Buffer): Promise<Answer> {
    if (this.#waiting) throw new Error('one request at a time per connection');
    const socket = await this.#open();
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.#host}:${this.#port}\r\ncontent-length: ${payload.length}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    const answer = new Promise<Answer>((resolve, reject) => (this.#waiting = { resolve, reject }));
    socket.write(Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), payload]));
    return answer;
  }

  close(): void {
    this.#socket?.removeAllListeners('close');
    this.#socket?.end();
    this.#socket = null;
  }
}
