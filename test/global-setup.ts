/** Fails early, with the fix, when the real PDF tools the tests rely on are missing. */
import { execFileSync } from 'node:child_process';

export default function setup() {
  for (const tool of ['pdftotext', 'pdfsig']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: the document tests check PDFs with poppler-utils. Install it: apt-get install poppler-utils`);
    }
  }
}
