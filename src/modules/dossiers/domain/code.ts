/**
 * Dossier codes: `<agency e-ID>-<yyMMdd>-<NNNN>` by default (domain §1). The pattern is configurable
 * because the normative 03/2025 format is unconfirmed. Tokens: {agency} {yyMMdd} {yyyyMMdd} {seq:N}.
 */
import { ymdOf, type DayNumber } from '../../calendar/domain/local-time.ts';

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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regular expression for the codes the pattern produces, capturing the sequence number. With an
 * agency and a day, only the codes of that agency on that day match; without, any code of this
 * system's shape does (any agency, any day).
 */
function codeRegExp(pattern: string, fixed?: { agencyEid: string; day: DayNumber }): RegExp {
  const literal = (text: string) => escapeRegExp(text);
  let out = '';
  let last = 0;
  for (const m of pattern.matchAll(TOKEN)) {
    out += literal(pattern.slice(last, m.index));
    last = m.index! + m[0].length;
    const token = m[1]!;
    if (token.startsWith('seq')) out += `(\\d{${Number(m[2] ?? 4)},9})`;
    else if (fixed) out += literal(formatDossierCode(`{${token}}`, fixed.agencyEid, fixed.day, 0));
    else out += token === 'agency' ? '.+' : token === 'yyMMdd' ? '\\d{6}' : '\\d{8}';
  }
  return new RegExp(`^${out}${literal(pattern.slice(last))}$`);
}

/** True when the code has the shape of this system's codes (whatever its agency and day). */
export function isSystemShapedCode(pattern: string, code: string): boolean {
  return codeRegExp(pattern).test(code);
}

/** The sequence number of a code of this agency on this day, or null when the code is not one. */
export function sequenceOfCode(pattern: string, code: string, agencyEid: string, day: DayNumber): number | null {
  const m = codeRegExp(pattern, { agencyEid, day }).exec(code);
  return m ? Number(m[1]) : null;
}

/** A SQL LIKE pattern matching every code of this agency on this day (the sequence as a wildcard). */
export function codeLikePattern(pattern: string, agencyEid: string, day: DayNumber): string {
  const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');
  let out = '';
  let last = 0;
  for (const m of pattern.matchAll(TOKEN)) {
    out += escapeLike(pattern.slice(last, m.index));
    last = m.index! + m[0].length;
    out += m[1]!.startsWith('seq') ? '%' : escapeLike(formatDossierCode(m[0], agencyEid, day, 0));
  }
  return out + escapeLike(pattern.slice(last));
}
