/** The web app's check of `next` after signing in (web/src/lib/safe-next.ts, pure). Issue 12, item 8. */
import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../web/src/lib/safe-next.ts';

const ORIGIN = 'https://motcua.example.gov.vn';

describe('safeNextPath (open redirect after sign-in)', () => {
  it('refuses anything that leaves the site', () => {
    // What URLSearchParams gives for ?next=/%5Cevil.example, and its cousins.
    for (const next of ['/\\evil.example', '//evil.example', '/\\/evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example/', 'javascript:alert(1)', '\\\\evil.example', ' /ca-nhan', 'ca-nhan', '', null]) {
      expect(safeNextPath(next, ORIGIN), String(next)).toBeNull();
    }
  });

  it('keeps paths of the site, normalised, but not the sign-in pages', () => {
    expect(safeNextPath('/ca-nhan', ORIGIN)).toBe('/ca-nhan');
    expect(safeNextPath('/nop-ho-so/2.000720.H29?buoc=2#tep', ORIGIN)).toBe('/nop-ho-so/2.000720.H29?buoc=2#tep');
    expect(safeNextPath('/a/../quan-ly', ORIGIN)).toBe('/quan-ly');
    expect(safeNextPath('/dang-nhap?next=/x', ORIGIN)).toBeNull();
  });
});
