#!/usr/bin/env node
// Runs the whole Vitest suite and ends with one plain summary line ("Tests: N passed, N failed, N skipped"),
// whatever the outcome, then exits with Vitest's own status. Extra arguments go to Vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const out = 'test-output/vitest.json';
mkdirSync('test-output', { recursive: true });
rmSync(out, { force: true });
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], { stdio: 'inherit' });
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
} else {
  console.log('Tests: 0 passed, 1 failed');
}
process.exit(run.status ?? 1);
