/**
 * The desk's search box: a dossier is found by part of its code, by its applicant's name typed with or
 * without accents (word by word, as the catalogue's search: catalogue/domain/search-text.ts), or by the
 * applicant's ID number or phone (spaces, dots and a +84 prefix ignored). Plain SQL (LIKE and `~`), the
 * same on PostgreSQL and PGlite without the unaccent or pg_trgm extensions.
 */
import { sql, type RawBuilder } from 'kysely';
import { escapeLike } from '../../platform/db/sql.ts';
import { foldVietnamese, queryWords } from '../catalogue/domain/search-text.ts';

const TONES = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];

/**
 * For each ASCII letter, a regular-expression class of every way Vietnamese writes it (both cases, every
 * tone and diacritic that foldVietnamese folds to it): "tran" becomes [tT][rR][aAàá…ẬẶ][nN]. The stored
 * name is matched as typed, without folding it row by row: translate() with a table of 134 letters cost
 * about 9 µs a row on PostgreSQL (0.9 s over 100,000 dossiers), a regular expression about 0.5 µs.
 */
function letterClasses(): Map<string, string> {
  const variants = new Map<string, Set<string>>();
  const add = (c: string) => {
    const base = foldVietnamese(c);
    if (/^[a-z]$/.test(base)) (variants.get(base) ?? variants.set(base, new Set()).get(base)!).add(c);
  };
  for (const c of 'abcdefghijklmnopqrstuvwxyz') {
    add(c);
    add(c.toUpperCase());
  }
  for (const base of 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY') for (const tone of TONES) add((base + tone).normalize('NFC'));
  add('đ');
  add('Đ');
  return new Map([...variants].map(([base, set]) => [base, `[${[...set].join('')}]`]));
}
const LETTER = letterClasses();
/** A name typed on a device that sends decomposed text (NFD) carries its marks after the letter. */
const MARKS = '[\u0300-\u036f]*';

/** A folded query word (a-z, 0-9, dots) as a pattern matching it in the unfolded name. */
export function wordPattern(word: string): string {
  return [...word].map((c) => (LETTER.has(c) ? LETTER.get(c)! + MARKS : c === '.' ? '\\.' : c)).join('');
}

/** A number as the desk compares it: digits only, a +84 prefix written as the leading 0. */
export const normalisedNumber = (text: string): string => text.replace(/[\s.\-()]/g, '').replace(/^\+84/, '0');

/** The condition "this dossier matches the desk's search text" on a query over `dossiers`. */
export function deskSearchSql(q: string): RawBuilder<boolean> {
  const byCode = sql<boolean>`(dossiers.code LIKE ${`%${escapeLike(q)}%`} OR dossiers.legacy_code LIKE ${`%${escapeLike(q)}%`})`;
  const alternatives = [byCode];
  const words = queryWords(q);
  // Every word somewhere in the name, in any order; a query of digits alone is a number, not a name.
  if (words.some((w) => /[a-z]/.test(w))) {
    alternatives.push(sql<boolean>`(${sql.join(words.map((w) => sql`coalesce(dossiers.applicant->>'fullName', '') ~ ${wordPattern(w)}`), sql` AND `)})`);
  }
  const digits = normalisedNumber(q);
  if (/^\d{3,}$/.test(digits)) {
    const like = `%${digits}%`;
    alternatives.push(sql<boolean>`(coalesce(dossiers.applicant->>'idNumber', '') LIKE ${like} OR regexp_replace(coalesce(dossiers.applicant->>'phone', ''), '^\\+84', '0') LIKE ${like})`);
  }
  return sql<boolean>`(${sql.join(alternatives, sql` OR `)})`;
}
