import { sql, type RawBuilder } from 'kysely';

/** LIKE patterns must not let a user's % or _ (or our own data) act as wildcards. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `column` holds one of the ids (an organisation subtree). One id (a leaf unit, most of them) is written
 * `= $1`: a prepared statement's cached generic plan for `= ANY($1)` is slower for that case (measured on
 * the 766 index); several ids are `= ANY($1::text[])`, one statement text whatever their number.
 */
export const inIds = (column: string, ids: readonly string[]): RawBuilder<boolean> =>
  ids.length === 1 ? sql<boolean>`${sql.ref(column)} = ${ids[0]}` : sql<boolean>`${sql.ref(column)} = ANY(${ids}::text[])`;
