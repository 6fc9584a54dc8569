/**
 * One write path for every dossier change (issue 13, item 2), kept so: a second path that writes
 * dossiers, their logs, their holders or the counters without the write path would decide, log or
 * count differently, unseen. This reads the source of src/ and fails when such a write appears
 * anywhere but in the write path and the store helpers only it may use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** The write path (see its header). */
const WRITE_PATH = 'src/modules/dossiers/dossier-writes.ts';
/** The SQL of its writes, which the write path alone may call (checked below). */
const STORE_HELPERS = ['src/modules/dossiers/store.ts', 'src/modules/measurement/counters-store.ts'];
/** The functions of those helpers that write. */
const WRITERS = ['actionEntryWrite', 'updateDossierState', 'counterWrites', 'countersWrites', 'appendAction', 'addCounters'];
/**
 * Other writers of these tables, each for a reason that is not a dossier change:
 * - the counter rebuild recomputes every counter from the logs (`motcua stats rebuild`).
 */
const ALSO_ALLOWED: Record<string, string[]> = {
  'src/modules/measurement/stats.ts': ['stats_daily', 'stats_monthly'],
  // The 766 marks' counters: added with the mark, once per dossier (src/modules/measurement/dossier-marks.ts).
  'src/modules/measurement/dossier-marks.ts': ['stats_daily', 'stats_monthly'],
};

const TABLES = ['dossiers', 'dossier_actions', 'dossier_orgs', 'stats_daily', 'stats_monthly'];
const tables = TABLES.join('|');
/** Kysely builders and SQL text alike: insertInto('dossiers'), updateTable("stats_daily"), DELETE FROM dossier_actions … */
const WRITE = new RegExp(`(?:insertInto|updateTable|deleteFrom|mergeInto|replaceInto)\\(\\s*['"\`](${tables})['"\`]|\\b(?:insert\\s+into|update|delete\\s+from|merge\\s+into|copy)\\s+(?:"?\\w+"?\\.)?"?(${tables})"?\\b`, 'gi');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(path);
    // Unit tests beside the code may hold SQL text as data (e.g. the edge checks' own fixtures).
    return /\.(ts|tsx|mts)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Every write to the tables in a source text: the table and the line. */
export function writesIn(text: string): Array<{ table: string; line: number }> {
  return [...text.matchAll(WRITE)].map((m) => ({ table: (m[1] ?? m[2])!.toLowerCase(), line: text.slice(0, m.index).split('\n').length }));
}

describe('one write path for dossier changes', () => {
  const files = sourceFiles(SRC).map((path) => ({ file: relative(ROOT, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }));

  it('finds the writes it looks for (the check itself works)', () => {
    expect(writesIn(`db.insertInto('dossiers').values(x)`)).toEqual([{ table: 'dossiers', line: 1 }]);
    expect(writesIn(`q.updateTable("stats_daily")`)).toEqual([{ table: 'stats_daily', line: 1 }]);
    expect(writesIn('sql`\n  UPDATE dossiers SET status = 1`')).toEqual([{ table: 'dossiers', line: 2 }]);
    expect(writesIn('sql`insert into public.dossier_actions (x) values (1)`')).toEqual([{ table: 'dossier_actions', line: 1 }]);
    expect(writesIn('DELETE FROM stats_monthly')).toEqual([{ table: 'stats_monthly', line: 1 }]);
    expect(writesIn(`db.selectFrom('dossiers').where('status', '=', 'x')`)).toEqual([]);
    expect(writesIn(`insertInto('dossier_attachments')`)).toEqual([]);
    expect(files.some((f) => f.file === WRITE_PATH)).toBe(true);
  });

  it('writes dossiers, their logs, holders and counters only in the write path', () => {
    const strays = files.flatMap(({ file, text }) => {
      if (file === WRITE_PATH || STORE_HELPERS.includes(file)) return [];
      return writesIn(text)
        .filter((w) => !(ALSO_ALLOWED[file] ?? []).includes(w.table))
        .map((w) => `${file}:${w.line} writes ${w.table}`);
    });
    expect(strays).toEqual([]);
  });

  it('lets only the write path use the store helpers that write', () => {
    const users = files.flatMap(({ file, text }) => {
      if (file === WRITE_PATH || STORE_HELPERS.includes(file)) return [];
      return WRITERS.filter((name) => new RegExp(`\\b${name}\\b`).test(text)).map((name) => `${file} uses ${name}`);
    });
    expect(users).toEqual([]);
  });
});
