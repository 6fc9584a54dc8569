/**
 * Fails early, with the fix, when the real tools the tests rely on (Chromium, poppler) are missing,
 * and builds the web app when it has not been built (npm test builds it before Vitest runs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function setup() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    execFileSync(chromium, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(`${chromium} is missing: the browser tests drive Debian's Chromium. Install it: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  for (const tool of ['pdftotext', 'pdfsig']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: the document tests check PDFs with poppler-utils. Install it: apt-get install poppler-utils`);
    }
  }
  if (!existsSync('dist/web/index.html')) execFileSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
}
