import { describe, expect, it } from 'vitest';
import { withoutBidiControls } from './text.ts';

describe('withoutBidiControls', () => {
  it('removes every bidirectional control and nothing else', () => {
    expect(withoutBidiControls('hop-dong\u202Efdp.exe')).toBe('hop-dongfdp.exe');
    const all = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    expect(withoutBidiControls(`Nguyễn${all} Văn An`)).toBe('Nguyễn Văn An');
    expect(withoutBidiControls('Phở 😀 Đ\u200D\u00A0x')).toBe('Phở 😀 Đ\u200D\u00A0x');
  });
});
