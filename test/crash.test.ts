/** Runs scripts/crash-test.ts (SIGKILL mid-load, restart, verify) on each backend; see that script. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers.ts';

const exec = promisify(execFile);

describe.each(BACKENDS)('crash safety (%s)', (backend) => {
  it('loses and duplicates nothing acknowledged when the server is killed mid-load', { timeout: 180_000 }, async () => {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'scripts/crash-test.ts', '--db', backend, '--seconds', '3', '--clients', '6'], {
      env: process.env,
      timeout: 170_000,
    }).catch((e: { stdout: string; stderr: string }) => {
      throw new Error(`crash test failed:\n${e.stdout}\n${e.stderr}`);
    });
    console.log(stdout.trim().split('\n')[0]);
    expect(stdout).toContain('1 passed, 0 failed');
    expect(stdout).toMatch(/0 chuỗi hỏng/);
    const acknowledged = Number(/\((\d+) acknowledged,/.exec(stdout)?.[1]);
    expect(acknowledged).toBeGreaterThan(10); // the load really ran before the kill
  });
});
