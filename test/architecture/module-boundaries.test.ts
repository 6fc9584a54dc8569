/**
 * The shape of src/ (issue 13, item 1): a kernel of shared pure code, the platform (database, HTTP,
 * outbox) and one folder per feature under src/modules/. These tests keep the shape honest:
 * - the kernel depends on nothing but itself;
 * - the platform does not reach into features, except for types and the features' zod contracts;
 * - each module's README says which other modules it uses, and that list is exactly what its code imports,
 *   so a newcomer can tell from a module's folder alone what it may touch.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

interface ImportSite { file: string; target: string; typeOnly: boolean }

/** Every relative import of a file, resolved to a path under src/ (e.g. "modules/calendar/calendars.ts"). */
function importsOf(file: string): ImportSite[] {
  const text = readFileSync(file, 'utf8');
  const out: ImportSite[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    out.push({ file: relative(SRC, file), target: relative(SRC, resolve(dirname(file), m[3]!)), typeOnly: !!m[2] });
  }
  for (const m of text.matchAll(/import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
    out.push({ file: relative(SRC, file), target: relative(SRC, resolve(dirname(file), m[1]!)), typeOnly: false });
  }
  return out;
}

const modules = readdirSync(join(SRC, 'modules')).filter((m) => statSync(join(SRC, 'modules', m)).isDirectory()).sort();
const moduleOf = (path: string) => /^modules\/([^/]+)\//.exec(path)?.[1];

describe('the shape of src/', () => {
  it('has a kernel that imports nothing outside itself', () => {
    const outside = filesUnder(join(SRC, 'kernel')).flatMap(importsOf).filter((i) => !i.target.startsWith('kernel/'));
    expect(outside).toEqual([]);
  });

  it('has a platform that takes only types and contracts from the feature modules', () => {
    const reaches = filesUnder(join(SRC, 'platform')).flatMap(importsOf)
      .filter((i) => i.target.startsWith('modules/') && !i.typeOnly && !/\/contracts\.ts$/.test(i.target));
    expect(reaches).toEqual([]);
  });

  it.each(modules)('module %s: its README lists exactly the modules its code uses', (name) => {
    const dir = join(SRC, 'modules', name);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const line = /^Uses: (.*)$/m.exec(readme);
    expect(line, `src/modules/${name}/README.md needs a line "Uses: a, b" (or "Uses: none")`).not.toBeNull();
    const declared = line![1]!.trim() === 'none' ? [] : line![1]!.split(',').map((s) => s.trim().replace(/`/g, '')).sort();
    const used = [...new Set(filesUnder(dir).flatMap(importsOf).map((i) => moduleOf(i.target)).filter((m): m is string => !!m && m !== name))].sort();
    expect(declared).toEqual(used);
  });

  it.each(modules)('module %s: its README lists exactly the routes the module defines', (name) => {
    const dir = join(SRC, 'modules', name);
    const defined = filesUnder(dir).filter((f) => /routes?\.ts$|-routes\.ts$/.test(f))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/method: '([A-Z]+)',\s*url: '([^']+)'/g)].map((m) => `${m[1]} ${m[2]}`)).sort();
    const listed = [...readFileSync(join(dir, 'README.md'), 'utf8').matchAll(/^- `([A-Z]+ \/[^`]*)`$/gm)].map((m) => m[1]!).sort();
    expect(listed).toEqual(defined);
  });

  it('has no source files left in the old layered folders', () => {
    for (const old of ['services', 'store', 'server', 'domain', 'contracts', 'documents']) {
      expect(() => statSync(join(SRC, old)), `src/${old}/ should be gone`).toThrow();
    }
  });
});
