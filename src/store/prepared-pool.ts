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
  #renewals = 0;

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
    this.#named++;
    const name = `m${digest(text)}`;
    this.#names.set(text, name);
    return name;
  }

  /**
   * A new name for a text whose prepared form PostgreSQL refused to run again (its result columns
   * changed under it, after a migration). Every connection then prepares the text afresh under the
   * new name; the old statement stays unused in the backends that had it.
   */
  renew(text: string): string {
    const name = `m${digest(text)}r${++this.#renewals}`;
    this.#names.set(text, name);
    return name;
  }

  get named(): number {
    return this.#named;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** PostgreSQL's answer when a prepared statement's result columns changed since it was prepared. */
export const isStalePlan = (e: unknown): boolean => (e as { code?: string })?.code === '0A000' && /cached plan must not change result type/.test(String((e as Error).message));

/** A `pg.Pool` whose clients send repeated parameterised queries as named prepared statements. */
export function preparedPool(pool: pg.Pool, options: PreparedPoolOptions = {}): PostgresPool & { names: StatementNames } {
  const names = new StatementNames(options.limit ?? 400);
  return {
    names,
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      // Kysely opens and ends transactions with these texts on the connection it holds.
      let inTransaction = false;
      const send = (name: string, text: string, values: readonly unknown[]) => client.query({ name, text, values: values as unknown[] });
      return {
        query: ((textOrCursor: unknown, values?: readonly unknown[]) => {
          if (typeof textOrCursor === 'string') {
            if (/^\s*(begin|start transaction)\b/i.test(textOrCursor)) inTransaction = true;
            else if (/^\s*(commit|rollback)\s*$/i.test(textOrCursor)) inTransaction = false;
            if (values && values.length > 0) {
              const name = names.nameFor(textOrCursor);
              if (name) {
                return send(name, textOrCursor, values).catch((e: unknown) => {
                  if (!isStalePlan(e)) throw e;
                  // Prepare it again under a new name. Outside a transaction nothing was done, so
                  // run it again now; inside one PostgreSQL has aborted the transaction, which is
                  // the caller's to retry, and the next attempt prepares afresh.
                  const renewed = names.renew(textOrCursor);
                  if (inTransaction) throw e;
                  return send(renewed, textOrCursor, values);
                });
              }
            }
          }
          return (client.query as (a: unknown, b?: unknown) => unknown)(textOrCursor, values);
        }) as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
