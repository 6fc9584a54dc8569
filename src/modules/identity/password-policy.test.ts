import { describe, expect, it } from 'vitest';
import { DomainError } from '../../kernel/errors.ts';
import { isCommonPassword, passwordIssues, requireGoodPassword } from './password-policy.ts';

describe('password policy', () => {
  it('accepts the demo password and long uncommon ones', () => {
    expect(passwordIssues('motcua-demo')).toEqual([]);
    expect(passwordIssues('mat-khau-rat-dai')).toEqual([]);
    expect(passwordIssues('Sông Hương chảy qua 3 cầu')).toEqual([]);
  });

  it('needs at least 10 characters, counted as characters not bytes', () => {
    expect(passwordIssues('abcdefghi')[0]!.message.en).toMatch(/at least 10/);
    expect(passwordIssues('đường-phố')).toHaveLength(1); // 9 characters, more bytes
    expect(passwordIssues('đường-phố!')).toEqual([]);
  });

  it('refuses common passwords whatever their case', () => {
    expect(isCommonPassword('1234567890')).toBe(true);
    expect(isCommonPassword('qwertyuiop')).toBe(true);
    expect(passwordIssues('PASSWORD123')[0]!.message.en).toMatch(/too common/);
    expect(passwordIssues('matkhau123')).toHaveLength(1);
  });

  it('refuses the username or the ID number as password', () => {
    expect(passwordIssues('nguyen.van.an', { username: 'nguyen.van.an' })).toHaveLength(1);
    expect(passwordIssues('Nguyen.Van.An', { username: 'nguyen.van.an' })).toHaveLength(1);
    expect(passwordIssues('079090001234', { idNumber: '079090001234' })[0]!.message.vi).toContain('số định danh');
  });

  it('throws a 422 weak-password with the field path', () => {
    try {
      requireGoodPassword('short', {}, 'newPassword');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).status).toBe(422);
      expect((e as DomainError).code).toBe('weak-password');
      expect((e as DomainError).issues[0]!.path).toBe('newPassword');
    }
  });
});
