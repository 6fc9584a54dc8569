/** Issue 14, fault 6: the Vietnamese /verify page shows every note of a signature check in Vietnamese. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERIFY_JS } from '../../src/modules/signing/verify-page.ts';
import { PROBLEMS_VI, problemInVietnamese } from '../../src/modules/signing/pdf-signature.ts';

interface FakeElement { textContent: string; className: string; children: FakeElement[]; append(...c: FakeElement[]): void; addEventListener(): void }

function element(): FakeElement {
  let text = '';
  const el: FakeElement = {
    children: [],
    className: '',
    get textContent() { return text + el.children.map((c) => c.textContent).join(' '); },
    set textContent(v: string) { text = v; el.children = []; },
    append: (...c) => { el.children.push(...c); },
    addEventListener: () => {},
  };
  return el;
}

/** Runs the page's script against a minimal DOM and returns its `show` function and the target. */
function loadPage() {
  const byId: Record<string, FakeElement> = { doc: element(), result: element(), check: element() };
  const document = { documentElement: { lang: 'vi' }, createElement: element, getElementById: (id: string) => byId[id] };
  const location = { pathname: '/verify', origin: 'https://motcua.example' };
  const show = new Function('document', 'location', 'fetch', `${VERIFY_JS};return show;`)(document, location, () => Promise.reject(new Error('no network'))) as (t: FakeElement, d: unknown) => void;
  return { show, target: byId['result']! };
}

/** Every problem text the signature check can report (the literals in its source). */
function reportedProblems(): string[] {
  const sources = ['src/modules/signing/pdf-signature.ts', 'src/modules/signing/signing.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
  return [...sources.matchAll(/problems(?:\.push\(|: \[)'([^']+)'/g)].map((m) => m[1]!);
}

describe('the /verify page in Vietnamese', () => {
  it('shows the notes of an invalid signature in Vietnamese, not in English', () => {
    const { show, target } = loadPage();
    show(target, {
      status: 'invalid',
      sha256: 'ab',
      signature: { problems: ['the document was changed after signing', 'the certificate does not chain to a trusted authority', 'unreadable signature: Too few bytes to read ASN.1 value.'] },
    });
    const text = target.textContent;
    expect(text).toContain('văn bản đã bị thay đổi sau khi ký');
    expect(text).toContain('chứng thư số không do tổ chức chứng thực được tin cậy cấp');
    expect(text).toContain('không đọc được chữ ký: Too few bytes');
    expect(text).not.toContain('changed after signing');
    expect(text).not.toContain('trusted authority');
  });

  it('has a Vietnamese text for every problem the signature check reports', () => {
    const problems = reportedProblems();
    expect(problems.length).toBeGreaterThan(10);
    for (const p of problems) expect(PROBLEMS_VI[p], p).toBeDefined();
    expect(problemInVietnamese('unreadable signature: x')).toBe('không đọc được chữ ký: x');
  });
});
