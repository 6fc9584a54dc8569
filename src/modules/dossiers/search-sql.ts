/**
 * The desk's search box: a dossier is found by part of its code, by its applicant's name typed with or
 * without accents (word by word, as the catalogue's search: catalogue/domain/search-text.ts), or by the
 * applicant's ID number or phone (spaces, dots and a +84 prefix ignored).
 */
import { sql, type RawBuilder } from 'kysely';
import { escapeLike } from '../../platform/db/sql.ts';
import { foldVietnamese, queryWords } from '../catalogue/domain/search-text.ts';

const COMBINING_MARKS = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0302', '\u0306', '\u031b'];

/**
 * translate() arguments folding every precomposed Vietnamese letter (either case) to its base letter the
 * way foldVietnamese does, and dropping combining marks (a name typed on a device that sends NFD). Plain
 * SQL, so the same on PostgreSQL and PGlite without the unaccent extension; lower() then folds ASCII case.
 */
function foldingTable(): { from: string; to: string } {
  const letters = new Set<string>(['đ', 'Đ']);
  for (const base of 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY') {
    for (const tone of ['', ...COMBINING_MARKS.slice(0, 5)]) letters.add((base + tone).normalize('NFC'));
  }
  const folded = [...letters].filter((c) => c.length === 1 && foldVietnamese(c) !== c);
  // Characters of `from` beyond the length of `to` are deleted by translate().
  return { from: folded.join('') + COMBINING_MARKS.join(''), to: folded.map((c) => foldVietnamese(c)).join('') };
}
const FOLD = foldingTable();

const foldedSql = (text: RawBuilder<string>) => sql<string>`lower(translate(${text}, ${FOLD.from}, ${FOLD.to}))`;

/** A number as the desk compares it: digits only, a +84 prefix written as the leading 0. */
export const normalisedNumber = (text: string): string => text.replace(/[\s.\-()]/g, '').replace(/^\+84/, '0');

/** The condition "this dossier matches the desk's search text" on a query over `dossiers`. */
export function deskSearchSql(q: string): RawBuilder<boolean> {
  const byCode = sql<boolean>`(dossiers.code LIKE ${`%${escapeLike(q)}%`} OR dossiers.legacy_code LIKE ${`%${escapeLike(q)}%`})`;
  const alternatives = [byCode];
  const words = queryWords(q);
  if (words.length > 0) {
    const name = foldedSql(sql<string>`coalesce(dossiers.applicant->>'fullName', '')`);
    alternatives.push(sql<boolean>`(${sql.join(words.map((w) => sql`${name} LIKE ${`%${escapeLike(w)}%`}`), sql` AND `)})`);
  }
  const digits = normalisedNumber(q);
  if (/^\d{3,}$/.test(digits)) {
    const like = `%${digits}%`;
    alternatives.push(sql<boolean>`(coalesce(dossiers.applicant->>'idNumber', '') LIKE ${like} OR regexp_replace(coalesce(dossiers.applicant->>'phone', ''), '^\\+84', '0') LIKE ${like})`);
  }
  return sql<boolean>`(${sql.join(alternatives, sql` OR `)})`;
}
