/**
 * Dossier codes: `<agency e-ID>-<yyMMdd>-<NNNN>` by default (domain §1). The pattern is configurable
 * because the normative 03/2025 format is unconfirmed. Tokens: {agency} {yyMMdd} {yyyyMMdd} {seq:N}.
 */
import { ymdOf, type DayNumber } from '../calendar/local-time.ts';

export const DEFAULT_CODE_PATTERN = '{agency}-{yyMMdd}-{seq:4}';
const TOKEN = /\{(agency|yyMMdd|yyyyMMdd|seq(?::(\d))?)\}/g;

export function validateCodePattern(pattern: string): string | null {
  if (!/\{seq(?::\d)?\}/.test(pattern)) return 'the pattern needs a {seq} or {seq:N} token';
  if (!/\{agency\}/.test(pattern)) return 'the pattern needs the {agency} token (sequences are per agency)';
  if (!/\{yy(yy)?MMdd\}/.test(pattern)) return 'the pattern needs {yyMMdd} or {yyyyMMdd} (sequences restart daily)';
  const leftover = pattern.replace(TOKEN, '');
  if (/[{}]/.test(leftover)) return 'the pattern has an unknown token';
  return null;
}

export function formatDossierCode(pattern: string, agencyEid: string, day: DayNumber, seq: number): string {
  const { year, month, day: d } = ymdOf(day);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return pattern.replace(TOKEN, (_m, token: string, width?: string) => {
    if (token === 'agency') return agencyEid;
    if (token === 'yyMMdd') return `${p2(year % 100)}${p2(month)}${p2(d)}`;
    if (token === 'yyyyMMdd') return `${year}${p2(month)}${p2(d)}`;
    return String(seq).padStart(Number(width ?? 4), '0');
  });
}

/** Lookup secrets avoid look-alike characters (0/O, 1/I/L) because people copy them from paper. */
const SECRET_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function lookupSecretFrom(randomBytes: Uint8Array): string {
  return Array.from(randomBytes.slice(0, 8), (b) => SECRET_ALPHABET[b % SECRET_ALPHABET.length]).join('');
}
