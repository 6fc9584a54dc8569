/**
 * One outbox write: every message goes in through src/platform/outbox/write.ts, which stamps it with
 * the request that wrote it (outbox.request_id). A module inserting into the outbox itself would write
 * messages that cannot be traced to their request, unseen; this reads the source of src/ and fails
 * when such an insert appears anywhere else. A second test shows the one write does stamp the id.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outboxRow, precompiledOutboxWrite } from '../src/platform/outbox/write.ts';
import { requestScope } from '../src/platform/observability/request-context.ts';

const ROOT = join(import.meta.dirname, '..');
const THE_WRITE = 'src/platform/outbox/write.ts';
/** Kysely builders and SQL text alike: insertInto('outbox'), INSERT INTO outbox, COPY outbox … (not outbox_deliveries). */
const WRITE = /insertInto\(\s*['"`]outbox['"`]|\b(?:insert\s+into|copy)\s+(?:"?\w+"?\.)?"?outbox"?(?![\w"])/gi;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const writesIn = (text: string) => [...text.matchAll(WRITE)].map((m) => text.slice(0, m.index).split('\n').length);

describe('one outbox write', () => {
  const files = sourceFiles(join(ROOT, 'src')).map((path) => ({ file: relative(ROOT, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }));

  it('finds the writes it looks for (the check itself works)', () => {
    expect(writesIn(`await trx.insertInto('outbox').values(x)`)).toEqual([1]);
    expect(writesIn('sql`\n  INSERT INTO outbox (topic) VALUES (1)`')).toEqual([2]);
    expect(writesIn('INSERT INTO public."outbox" (topic)')).toEqual([1]);
    expect(writesIn(`insertInto('outbox_deliveries')`)).toEqual([]);
    expect(writesIn('INSERT INTO outbox_deliveries (message_id)')).toEqual([]);
    expect(writesIn(readFileSync(join(ROOT, THE_WRITE), 'utf8')).length).toBeGreaterThan(0);
  });

  it('inserts into the outbox only in src/platform/outbox/write.ts', () => {
    const strays = files.flatMap(({ file, text }) => (file === THE_WRITE ? [] : writesIn(text).map((line) => `${file}:${line}`)));
    expect(strays).toEqual([]);
  });

  it('stamps a message written during a request with its id, and none outside a request', () => {
    const entry = { topic: 't', payload: { n: 1, s: 'một' }, at: new Date('2026-11-23T02:00:00Z') };
    expect(outboxRow(entry)).toEqual({ topic: 't', payload: '{"n":1,"s":"một"}', created_at: entry.at, request_id: null });
    requestScope.run({ requestId: 'trace-unit-0001' }, () => {
      expect(outboxRow(entry).request_id).toBe('trace-unit-0001');
      expect(precompiledOutboxWrite(entry).parameters).toContain('trace-unit-0001');
    });
    expect(precompiledOutboxWrite(entry).parameters).toContain(null);
  });
});
