/**
 * The password policy for every password a person chooses (registration, change, reset, officer
 * creation): at least 10 characters, not one of the commonly used passwords (./common-passwords.txt,
 * from a public breach corpus), and not the account's own username or ID number. The demo password
 * `motcua-demo` passes; it is set by the seed, not chosen through these routes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError, type FieldIssue } from '../../kernel/errors.ts';

export const MIN_PASSWORD_LENGTH = 10;

let common: Set<string> | undefined;

/** Loaded on first use: about 10,000 lines, lower-cased. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
  return common;
}

export const isCommonPassword = (password: string): boolean => commonPasswords().has(password.normalize('NFC').toLowerCase());

export interface PasswordOwner {
  username?: string | null | undefined;
  idNumber?: string | null | undefined;
}

export function passwordIssues(password: string, owner: PasswordOwner = {}, path = 'password'): FieldIssue[] {
  const at = (vi: string, en: string): FieldIssue[] => [{ path, message: { vi, en } }];
  const text = password.normalize('NFC');
  if ([...text].length < MIN_PASSWORD_LENGTH) return at(`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự`, `The password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const lower = text.toLowerCase();
  const own = [owner.username, owner.idNumber].filter((x): x is string => !!x).map((x) => x.normalize('NFC').toLowerCase());
  if (own.includes(lower)) return at('Mật khẩu không được trùng tên đăng nhập hoặc số định danh', 'The password must not be your username or ID number');
  if (isCommonPassword(text)) return at('Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác', 'This password is too common and easily guessed; choose another');
  return [];
}

/** Throws 422 `weak-password` with the field issue when the password does not meet the policy. */
export function requireGoodPassword(password: string, owner: PasswordOwner = {}, path = 'password'): void {
  const issues = passwordIssues(password, owner, path);
  if (issues.length > 0) {
    throw new DomainError('weak-password', 422, { vi: 'Mật khẩu chưa đủ an toàn.', en: 'The password is not strong enough.' }, issues);
  }
}
