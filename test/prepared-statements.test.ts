/**
 * src/platform/db/prepared-pool.ts and src/platform/db/precompiled.ts: repeated queries run as named prepared
 * statements on PostgreSQL, and hot queries are compiled once. What matters: a text is named from its
 * second run, one-off texts and texts past the limit are not, a statement whose result columns
 * changed after a migration still runs, and a precompiled query sends exactly what Kysely would.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { preparedPool, StatementNames } from '../src/platform/db/prepared-pool.ts';
import { precompiled } from '../src/platform/db/precompiled.ts';
import { loadSettings } from '../src/settings.ts';
import { BACKENDS, PDF, householdBusinessRequest, makePdf, startTestApp, type TestApp } from './helpers.ts';

describe('StatementNames', () => {
  it('names a text from its second sighting, the same name every time, a different one per text', () => {
    const names = new StatementNames();
    expect(names.nameFor('select $1')).toBeUndefined();
    const a = names.nameFor('select $1');
    expect(a).toMatch(/^m[\w-]{22}$/);
    expect(names.nameFor('select $1')).toBe(a);
    names.nameFor('select $1::int');
    const b = names.nameFor('select $1::int');
    expect(b).toBeDefined();
    expect(b).not.toBe(a);
  });

  it('gives a renewed text a name it never had, and keeps it', () => {
    const names = new StatementNames();
    names.nameFor('a');
    const first = names.nameFor('a');
    const renewed = names.renew('a');
    expect(renewed).not.toBe(first);
    expect(names.nameFor('a')).toBe(renewed);
  });
});

describe('MOTCUA_PREPARED', () => {
  it('defaults to 100 statements per connection, takes 0 for none, and refuses anything but a whole number', () => {
    expect(loadSettings({}).preparedPerConnection).toBe(100);
    expect(loadSettings({ MOTCUA_PREPARED: '0' }).preparedPerConnection).toBe(0);
    expect(loadSettings({ MOTCUA_PREPARED: '250' }).preparedPerConnection).toBe(250);
    for (const bad of ['yes', '-1', '2.5']) expect(() => loadSettings({ MOTCUA_PREPARED: bad })).toThrow(/MOTCUA_PREPARED must be a whole number/);
  });
});

describe('precompiled', () => {
  const db = new Kysely<{ t: { id: string; n: number; flag: boolean } }>({ dialect: new PostgresDialect({ pool: {} as never }) });

  it('sends the SQL and parameters Kysely compiles for the same values, constants included', () => {
    const q = precompiled((k, p: { id: string; n: number }) => k.selectFrom('dossiers').select('id').where('id', '=', p.id).where('last_seq', '>', p.n).where('forced_overdue', '=', false));
    for (const [id, n] of [['a', 1], ['b', 7]] as const) {
      const c = q({ id, n });
      expect(c.sql).toBe('select "id" from "dossiers" where "id" = $1 and "last_seq" > $2 and "forced_overdue" = $3');
      expect(c.parameters).toEqual([id, n, false]);
    }
    const direct = db.selectFrom('t').select('id').where('id', '=', 'x').where('n', '>', 3).where('flag', '=', false).compile();
    expect(direct.sql).toBe('select "id" from "t" where "id" = $1 and "n" > $2 and "flag" = $3');
  });

  it('puts a value used twice in both places, and refuses a missing value rather than writing NULL', () => {
    const q = precompiled((k, p: { a: string; b: string | null }) => k.updateTable('uploads').set({ filename: p.a, signature: p.b }).where('id', '=', p.a));
    expect(q({ a: 'x', b: null }).parameters).toEqual(['x', null, 'x']);
    expect(() => q({ a: 'x' } as never)).toThrow(/no value for b/);
  });
});

describe.each(BACKENDS.filter((b) => b === 'postgres'))('named statements on %s', () => {
  let db: Kysely<Record<string, Record<string, unknown>>>;
  let pool: pg.Pool;
  const table = `prep_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    // One connection, so the session's pg_prepared_statements shows what our queries prepared.
    pool = new pg.Pool({ connectionString: process.env.MOTCUA_TEST_DATABASE_URL, max: 1 });
    db = new Kysely({ dialect: new PostgresDialect({ pool: preparedPool(pool) }) });
    await sql.raw(`CREATE TABLE ${table} (id int PRIMARY KEY, name text)`).execute(db);
    await sql.raw(`INSERT INTO ${table} VALUES (1, 'một'), (2, 'hai')`).execute(db);
  });
  afterAll(async () => {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
    await db.destroy();
  });
  const prepared = async () => (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);
  const byId = (id: number) => db.selectFrom(table).selectAll().where('id', '=', id).execute();

  it('prepares a parameterised text on its second run and keeps answering with the right rows', async () => {
    expect(await byId(1)).toEqual([{ id: 1, name: 'một' }]);
    expect((await prepared()).some((s) => s.includes(table))).toBe(false);
    expect(await byId(2)).toEqual([{ id: 2, name: 'hai' }]);
    expect((await prepared()).filter((s) => s.includes(table))).toHaveLength(1);
    expect(await byId(1)).toEqual([{ id: 1, name: 'một' }]);
    expect((await prepared()).filter((s) => s.includes(table))).toHaveLength(1);
  });

  it('keeps at most its cap of statements prepared on a connection, and prepares an evicted one again when it returns', async () => {
    const small = new pg.Pool({ connectionString: process.env.MOTCUA_TEST_DATABASE_URL, max: 1 });
    const capped = new Kysely<Record<string, Record<string, unknown>>>({ dialect: new PostgresDialect({ pool: preparedPool(small, { perConnection: 2 }) }) });
    try {
      const count = async () => (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(capped)).rows[0]!.n;
      const queries = [
        () => capped.selectFrom(table).select('name').where('id', '=', 1).execute(),
        () => capped.selectFrom(table).select('id').where('name', '=', 'hai').execute(),
        () => capped.selectFrom(table).select(['id', 'name']).where('id', '>', 0).orderBy('id').execute(),
      ];
      for (const q of queries) {
        await q();
        await q();
        expect(await count()).toBeLessThanOrEqual(2);
      }
      expect(await count()).toBe(2);
      // The first one was evicted; it runs again, prepared anew, and the cap still holds.
      expect(await queries[0]!()).toEqual([{ name: 'một' }]);
      expect(await queries[0]!()).toEqual([{ name: 'một' }]);
      expect(await count()).toBe(2);
      expect(await queries[2]!()).toEqual([{ id: 1, name: 'một' }, { id: 2, name: 'hai' }]);
    } finally {
      await capped.destroy();
    }
  });

  it('still runs a prepared select * after a migration added a column, outside a transaction', async () => {
    await byId(1);
    await byId(1);
    await sql.raw(`ALTER TABLE ${table} ADD COLUMN note text DEFAULT 'mới'`).execute(db);
    expect(await byId(2)).toEqual([{ id: 2, name: 'hai', note: 'mới' }]);
  });

  it('fails a transaction that meets the changed columns once, then prepares afresh for the retry', async () => {
    await byId(1);
    await sql.raw(`ALTER TABLE ${table} ADD COLUMN extra int DEFAULT 7`).execute(db);
    await expect(db.transaction().execute((trx) => trx.selectFrom(table).selectAll().where('id', '=', 1).execute())).rejects.toThrow(/cached plan must not change result type/);
    const retried = await db.transaction().execute((trx) => trx.selectFrom(table).selectAll().where('id', '=', 1).execute());
    expect(retried).toEqual([{ id: 1, name: 'một', note: 'mới', extra: 7 }]);
  });
});

describe.each(BACKENDS.filter((b) => b === 'postgres'))('a migration under a running server on %s', (backend) => {
  // Sequential requests reuse the pool's most recently released connection, so a statement run twice
  // is prepared on the connection the next request gets.
  const act = (t: TestApp, as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
  const submit = async (t: TestApp) => (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)) })).body.code as string;

  it('answers an action outside a transaction normally: the stale statement is prepared again and run once', async () => {
    const t = await startTestApp(backend);
    try {
      const [a, b, c] = [await submit(t), await submit(t), await submit(t)];
      for (const code of [a!, b!]) expect((await act(t, 'reception', code, 'accept')).status).toBe(200);
      await sql.raw('ALTER TABLE dossiers ADD COLUMN migrated_note text').execute(t.handle.db);
      const actions = await t.count('dossier_actions');
      const r = await act(t, 'reception', c!, 'accept');
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('processing');
      expect(await t.count('dossier_actions')).toBe(actions + 1);
    } finally {
      await t.close();
    }
  });

  it('answers a transaction that meets changed columns with 503 and Retry-After, changes nothing, and the retry succeeds', async () => {
    const t = await startTestApp(backend);
    try {
      const code = await submit(t);
      expect((await act(t, 'reception', code, 'accept')).status).toBe(200);
      expect((await act(t, 'leader', code, 'hand_over', { toStep: 2 })).status).toBe(200);
      const draft = await t.upload('leader', await makePdf('GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH'), 'kq.pdf');
      await sql.raw('ALTER TABLE dossiers ADD COLUMN migrated_note text').execute(t.handle.db);
      const before = { actions: await t.count('dossier_actions'), uploads: await t.count('uploads'), outbox: await t.count('outbox') };
      // `complete` signs the result in a transaction whose first read is the dossier.
      const first = await act(t, 'leader', code, 'complete', { resultUploadId: draft });
      expect(first.status).toBe(503);
      expect(first.headers['retry-after']).toBe('1');
      expect(first.body.code).toBe('retry');
      expect({ actions: await t.count('dossier_actions'), uploads: await t.count('uploads'), outbox: await t.count('outbox') }).toEqual(before);
      const again = await act(t, 'leader', code, 'complete', { resultUploadId: draft });
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('completed');
      expect(await t.count('dossier_actions')).toBe(before.actions + 1);
    } finally {
      await t.close();
    }
  });
});
