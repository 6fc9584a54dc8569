/** The CLI as a user runs it: a child process, its stdout, its exit code. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAndMigrate } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { seedDemoIfEmpty } from '../src/demo/seed.ts';

const exec = promisify(execFile);
const empty = mkdtempSync(join(tmpdir(), 'motcua-cli-empty-'));
const seeded = mkdtempSync(join(tmpdir(), 'motcua-cli-demo-'));

async function motcua(args: string[], dataDir = empty) {
  try {
    const { stdout, stderr } = await exec('node', ['bin/motcua.mjs', ...args], { env: { ...process.env, MOTCUA_DATA_DIR: dataDir, DATABASE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  const h = await openAndMigrate({ dataDir: seeded });
  await seedDemoIfEmpty(createContext(h.db), { enabled: true });
  await h.close();
});
afterAll(() => {
  rmSync(empty, { recursive: true, force: true });
  rmSync(seeded, { recursive: true, force: true });
});

describe('motcua CLI', () => {
  it('lists a year of days off and compensatory working days, one per line', async () => {
    const r = await motcua(['calendar', 'holidays', '2025']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('2025-01-27 Nghỉ hoán đổi (làm bù thứ Bảy 15/2)');
    expect(lines).toContain('2025-02-15 Làm bù cho ngày 27/01 (ngày làm việc bù)');
    expect(lines.every((l) => /^\d{4}-\d{2}-\d{2} \S/.test(l))).toBe(true);
    expect([...lines].sort()).toEqual(lines);
  });

  it('computes a due instant across Tết 2025 in +07:00', async () => {
    const r = await motcua(['calendar', 'due', '--start', '2025-01-24T16:00:00+07:00', '--duration', '1wd']);
    // 1 h on Friday 24/1, Tết 27–31/1, weekend, then 7 h from Monday 3/2 07:30 → 16:00.
    expect(r.stdout.trim()).toBe('2025-02-03T16:00:00+07:00');
    const utc = await motcua(['calendar', 'due', '--start', '2026-11-23T02:00:00Z', '--duration', '4wh']);
    expect(utc.stdout.trim()).toBe('2026-11-23T14:30:00+07:00');
    const days = await motcua(['calendar', 'due', '--start', '2026-04-02T10:00:00+07:00', '--duration', '30d']);
    expect(days.stdout.trim()).toBe('2026-05-04T17:00:00+07:00');
  });

  it("uses an organisation's own calendar with --org", async () => {
    const saturday = await motcua(['calendar', 'due', '--start', '2026-11-20T16:00:00+07:00', '--duration', '4wh', '--org', '000.20.02.H29'], seeded);
    expect(saturday.stdout.trim()).toBe('2026-11-21T10:30:00+07:00');
    const weekday = await motcua(['calendar', 'due', '--start', '2026-11-20T16:00:00+07:00', '--duration', '4wh', '--org', '000.20.01.H29'], seeded);
    expect(weekday.stdout.trim()).toBe('2026-11-23T10:30:00+07:00');
  });

  it('explains bad input and exits 2', async () => {
    for (const args of [
      ['calendar', 'due', '--start', 'tomorrow', '--duration', '3wd'],
      ['calendar', 'due', '--start', '2026-11-23T09:00:00+07:00', '--duration', '3 weeks'],
      ['calendar', 'holidays', 'abc'],
      ['calendar', 'holidays', '2026', '--org', '999.99.99.H99'],
      ['frobnicate'],
    ]) {
      const r = await motcua(args, args.includes('--org') ? seeded : empty);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage|unknown|no organisation/);
      expect(r.stdout).toBe('');
    }
  });
});
