/**
 * Issue 14, fault 14: SIGTERM sent to the `npm start` process (as a process manager or a container
 * runtime sends it) stops the server: the signal must reach it through npm and its shell.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'motcua-start-'));
const started: number[] = [];
afterAll(() => {
  // Whatever the outcome, leave no server behind (only the processes this test started).
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Every process below `pid` (children, grandchildren, …). */
function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is none
  }
  const children = out.split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

async function until(what: string, ok: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await sleep(200);
  }
}

describe('npm start and signals', () => {
  it('SIGTERM to the npm process stops the server: every process exits and the port closes', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MOTCUA_DATA_DIR: join(dir, 'data'), MOTCUA_SEED_DEMO: 'false', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (b: Buffer) => (output += b.toString()));
    npm.stderr.on('data', (b: Buffer) => (output += b.toString()));
    started.push(npm.pid!);
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));

    await until('the server answers /api/health', async () => {
      started.push(...descendants(npm.pid!).filter((p) => !started.includes(p)));
      try {
        return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
      } catch {
        return false;
      }
    }, 150_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${output.slice(-2000)}`);
    });
    const tree = descendants(npm.pid!);
    expect(tree.length).toBeGreaterThan(0);

    npm.kill('SIGTERM');
    await until('the port closes', async () => !(await portOpen(port)), 15_000);
    await until('every process of the start chain exits', () => [npm.pid!, ...tree].every((p) => !alive(p)), 15_000);
    expect(await exited).not.toBeNull();
  }, 200_000);
});
