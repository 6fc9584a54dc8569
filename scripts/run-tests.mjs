#!/usr/bin/env node
// Runs the whole Vitest suite and ends with one plain summary line ("Tests: N passed, N failed, N skipped"),
// whatever the outcome, then exits with Vitest's own status. Extra arguments go to Vitest.
// Test apps log their errors to test-output/server-errors.log (MOTCUA_TEST_LOG_FILE); the run fails if
// that log holds anything like an ID number or a phone number (issue 12: logs without personal data).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const out = 'test-output/vitest.json';
mkdirSync('test-output', { recursive: true });
rmSync(out, { force: true });
const errorLog = 'test-output/server-errors.log';
rmSync(errorLog, { force: true });
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, MOTCUA_TEST_LOG_FILE: errorLog },
});
let status = run.status ?? 1;
const leaks = personalDataIn(errorLog);
if (leaks.length > 0) {
  console.log(`${errorLog}: ${leaks.length} line(s) hold an ID number or phone number, e.g.\n${leaks[0].slice(0, 300)}`);
  status = 1;
} else if (existsSync(errorLog)) {
  console.log(`${errorLog}: ${readFileSync(errorLog, 'utf8').split('\n').filter(Boolean).length} error line(s), no ID or phone number`);
}
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // The log check counts as one more test: it fails the run like any other.
  const failed = r.numFailedTests + (leaks.length > 0 ? 1 : 0);
  console.log(`Tests: ${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
} else {
  console.log('Tests: 0 passed, 1 failed');
}
process.exit(status);

/** Lines of the log holding a 12-digit ID number or a Vietnamese phone number (0 or +84 and 9 digits). */
function personalDataIn(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((line) => /(?<!\d)\d{12}(?!\d)|(?<![\d])(0|\+84)\d{9}(?!\d)/.test(line));
}
