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
 *   kept on a connection;
 * - at most `perConnection` statements stay prepared on each connection (default 100): the least
 *   recently used is deallocated when the connection goes back to the pool. A backend holds about
 *   75 KiB per statement of this app (measured with pg_backend_memory_contexts on the benchmark's 12
 *   statements), so 100 bounds it near 7.5 MiB per connection, while the hot set (every request's
 *   look-ups, the action's read and write, the dossier view) is a few dozen texts.
 * The name is a digest of the text, so the same text has the same name on every connection and two
 * texts never share a name (`pg` refuses a name reused for another text).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

export interface PreparedPoolOptions {
  /** Most statements kept prepared on one connection (default 100). */
  perConnection?: number;
}

/** Decides, per text, whether to name it: a text is named from its second sighting on. */
export class StatementNames {
  readonly #names = new Map<string, string | null>();
  #renewals = 0;

  /** The statement's name, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known) return known;
    if (known === undefined) {
      // First sighting: remember it, do not name it yet (most one-off texts stop here). The memory of
      // sightings is bounded: past 5,000 texts, new ones are simply never named.
      if (this.#names.size < 5000) this.#names.set(text, null);
      return undefined;
    }
    const name = `m${digest(text)}`;
    this.#names.set(text, name);
    return name;
  }

  /**
   * A new name for a text whose prepared form PostgreSQL refused to run again (its result columns
   * changed under it, after a migration). Every connection then prepares the text afresh under the
   * new name; the old one is deallocated in time like any least-recently-used statement.
   */
  renew(text: string): string {
    const name = `m${digest(text)}r${++this.#renewals}`;
    this.#names.set(text, name);
    return name;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** PostgreSQL's answer when a prepared statement's result columns changed since it was prepared. */
export const isStalePlan = (e: unknown): boolean => (e as { code?: string })?.code === '0A000' && /cached plan must not change result type/.test(String((e as Error).message));

/** What `pg` remembers of the statements prepared on a connection (internal, checked before use). */
interface PgConnectionMemory {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
}

function connectionMemory(client: pg.PoolClient): PgConnectionMemory | null {
  const c = (client as unknown as { connection?: Partial<PgConnectionMemory> }).connection;
  return c && typeof c.parsedStatements === 'object' && typeof c.submittedNamedStatements === 'object' ? (c as PgConnectionMemory) : null;
}

/** A `pg.Pool` whose clients send repeated parameterised queries as named prepared statements. */
export function preparedPool(pool: pg.Pool, options: PreparedPoolOptions = {}): PostgresPool {
  const names = new StatementNames();
  const cap = options.perConnection ?? 100;
  // Per connection, the names prepared on it, least recently used first.
  const used = new WeakMap<pg.PoolClient, Map<string, true>>();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const memory = connectionMemory(client);
      const lru = used.get(client) ?? new Map<string, true>();
      used.set(client, lru);
      let inTransaction = false;
      const send = (name: string, text: string, values: readonly unknown[]) => {
        lru.delete(name);
        lru.set(name, true);
        return client.query({ name, text, values: values as unknown[] });
      };
      return {
        query: ((textOrCursor: unknown, values?: readonly unknown[]) => {
          if (typeof textOrCursor === 'string' && !(values && values.length > 0)) {
            // Kysely opens and ends transactions with these parameterless texts.
            if (/^\s*(begin|start transaction)\b/i.test(textOrCursor)) inTransaction = true;
            else if (/^\s*(commit|rollback)\s*$/i.test(textOrCursor)) inTransaction = false;
          } else if (typeof textOrCursor === 'string' && memory) {
            // Without pg's memory of what is prepared, a statement could not be deallocated safely:
            // then nothing is named.
            const name = names.nameFor(textOrCursor);
            if (name) {
              return send(name, textOrCursor, values!).catch((e: unknown) => {
                if (!isStalePlan(e)) throw e;
                // Prepare it again under a new name. Outside a transaction nothing was done, so
                // run it again now; inside one PostgreSQL has aborted the transaction, which is
                // the caller's to retry, and the next attempt prepares afresh.
                const renewed = names.renew(textOrCursor);
                if (inTransaction) throw e;
                return send(renewed, textOrCursor, values!);
              });
            }
          }
          return (client.query as (a: unknown, b?: unknown) => unknown)(textOrCursor, values);
        }) as PostgresPoolClient['query'],
        release: () => {
          if (!memory || lru.size <= cap) return client.release();
          // Back to the pool only after the oldest statements are gone from the backend and from pg's
          // memory (else pg would skip the Parse of a statement the backend no longer has).
          const oldest = [...lru.keys()].slice(0, lru.size - cap);
          for (const n of oldest) lru.delete(n);
          // A name whose Parse failed was never prepared: nothing to deallocate.
          const evict = oldest.filter((n) => memory.parsedStatements[n] !== undefined);
          if (evict.length === 0) return client.release();
          client
            .query(evict.map((n) => `DEALLOCATE "${n}"`).join('; '))
            .then(() => {
              for (const n of evict) {
                delete memory.parsedStatements[n];
                delete memory.submittedNamedStatements[n];
              }
              client.release();
            })
            .catch((e: unknown) => client.release(e instanceof Error ? e : true));
        },
      };
    },
    end: () => pool.end(),
  };
}
