/**
 * Named prepared statements for the app's repeated queries on PostgreSQL.
 *
 * Kysely hands `pg` each query as text plus parameters; `pg` then sends it with the extended
 * protocol as an unnamed statement, so PostgreSQL parses, analyses and plans the same text again on
 * every call. That costs PostgreSQL about 17 % more CPU per lifecycle than running the same statements
 * with their values inlined (`npm run bench:protocol`). Naming a statement lets each connection parse
 * it once and then only bind and execute it, with PostgreSQL's plan cache deciding between custom and
 * generic plans.
 *
 * What is named, and why:
 * - only texts with parameters: `pg` sends a parameterless text with the simple protocol, which is
 *   what migrations' multi-statement scripts need (the extended protocol takes one statement);
 * - only a text seen before: one-off texts (an `in (…)` list of an unusual length, a report) are never
 *   kept on every connection;
 * - at most `limit` distinct texts per process, so that a query built with a growing number of
 *   placeholders cannot fill PostgreSQL's memory with plans (each backend keeps its own); past the
 *   limit, texts run unnamed as before.
 * The name is a digest of the text, so the same text has the same name on every connection and two
 * texts never share a name (`pg` refuses a name reused for another text).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

export interface PreparedPoolOptions {
  /** Most distinct statements named per process (default 400). */
  limit?: number;
}

/** Decides, per text, whether to name it: counts sightings and hands out names up to the limit. */
export class StatementNames {
  readonly #names = new Map<string, string | null>();
  readonly #limit: number;
  #named = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The statement's name, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known) return known;
    if (known === undefined) {
      // First sighting: remember it, do not name it yet (most one-off texts stop here).
      if (this.#names.size < this.#limit * 4) this.#names.set(text, null);
      return undefined;
    }
    if (this.#named >= this.#limit) return undefined;
    const name = `m${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
    this.#named++;
    this.#names.set(text, name);
    return name;
  }

  get named(): number {
    return this.#named;
  }
}

/** A `pg.Pool` whose clients send repeated parameterised queries as named prepared statements. */
export function preparedPool(pool: pg.Pool, options: PreparedPoolOptions = {}): PostgresPool & { names: StatementNames } {
  const names = new StatementNames(options.limit ?? 400);
  return {
    names,
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((textOrCursor: unknown, values?: readonly unknown[]) => {
          if (typeof textOrCursor === 'string' && values && values.length > 0) {
            const name = names.nameFor(textOrCursor);
            if (name) return client.query({ name, text: textOrCursor, values: values as unknown[] });
          }
          return (client.query as (a: unknown, b?: unknown) => unknown)(textOrCursor, values);
        }) as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
