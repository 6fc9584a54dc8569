/**
 * Queries built and compiled once, then run with new values.
 *
 * Why: Kysely builds a tree of frozen nodes for every query and walks it to produce SQL. On the
 * request paths every dossier action takes (session look-up, the dossier read, the log entry, the
 * projection update, the dossier view) that was about an eighth of the server's busy time under load,
 * for SQL text that never changes. A precompiled query keeps Kysely's typed builder for writing the
 * query and compiles it the first time it runs; later runs only put the values in order.
 *
 * How: the builder receives a slot object per named value and uses it where the value goes. Kysely
 * treats a slot as an ordinary value and lists it among the compiled query's parameters, so the
 * compiled parameters say which value goes to which `$n`. Values the builder wrote as constants stay
 * constant. Only scalar positions may take a slot (not an `in` list, whose length changes the SQL).
 */
import { CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable } from 'kysely';
import type { DB } from './schema.ts';

/** Builds and compiles only (PostgreSQL's SQL, which PGlite speaks too); never connects. */
const builder = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Stands for a named value while the query is compiled. */
class Slot {
  constructor(readonly key: string) {}
}

/** A query compiled on its first run: call it with the values to get the query to execute. */
export type Precompiled<V, R> = (values: V) => CompiledQuery<R>;

/**
 * `build` gets a compile-only Kysely and the values object's stand-in: reading `p.x` gives the slot
 * for `x`, typed as `V['x']`, so the builder type-checks as if it had the real values and the row
 * type is inferred from it.
 */
export function precompiled<V extends object, R>(build: (q: Kysely<DB>, p: V) => Compilable<R>): Precompiled<V, R> {
  let compiled: { sql: string; take: Array<(values: V) => unknown> } | null = null;
  return (values) => {
    if (!compiled) {
      const slots = new Map<string, Slot>();
      const stand = new Proxy({} as V, {
        get: (_t, key) => {
          if (typeof key !== 'string') return undefined;
          const slot = slots.get(key) ?? new Slot(key);
          slots.set(key, slot);
          return slot;
        },
      });
      const c = build(builder, stand).compile();
      const take = c.parameters.map((p): ((values: V) => unknown) => {
        if (!(p instanceof Slot)) return () => p;
        return (v) => {
          const value = (v as Record<string, unknown>)[p.key];
          // Kysely leaves out a column whose value is undefined; a compiled query cannot, so it
          // would write NULL instead. Refuse rather than change what is written.
          if (value === undefined) throw new Error(`precompiled query: no value for ${p.key}`);
          return value;
        };
      });
      compiled = { sql: c.sql, take };
    }
    return CompiledQuery.raw(compiled.sql, compiled.take.map((t) => t(values))) as CompiledQuery<R>;
  };
}
