/**
 * src/platform/db/write-together.ts: several writes as one statement. What matters is that each write gets
 * its own parameters after renumbering, that the batch is all or nothing, and that a parent and its
 * children can go together — on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { writeTogether } from '../src/platform/db/write-together.ts';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';

describe.each(BACKENDS)('writeTogether (%s)', (backend) => {
  let t: TestApp;
  let ownerId: string;
  beforeAll(async () => {
    t = await startTestApp(backend);
    ownerId = (await t.handle.db.selectFrom('users').select('id').where('username', '=', 'citizen').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const blob = (text: string) => {
    const content = Buffer.from(text);
    return { sha256: createHash('sha256').update(content).digest('hex'), size: content.length, content };
  };
  const upload = (id: string, sha256: string) => ({ id, owner_id: ownerId, sha256, filename: `${id}.pdf`, media_type: 'application/pdf', size: 1, created_at: new Date('2026-11-23T01:00:00Z') });

  it('gives every write its own parameters, and writes a parent with its children in one statement', async () => {
    const db = t.handle.db;
    const tag = randomBytes(4).toString('hex');
    const b = blob(`blob ${tag}`);
    // Child rows before their parent, on purpose: foreign keys are checked at the end of the statement.
    await writeTogether(db, [
      db.insertInto('uploads').values(upload(`upl_a_${tag}`, b.sha256)),
      db.insertInto('outbox').values({ topic: `t1-${tag}`, payload: JSON.stringify({ n: 1, s: 'một' }), created_at: new Date('2026-11-23T02:00:00Z') }),
      db.insertInto('blobs').values(b),
      db.insertInto('outbox').values({ topic: `t2-${tag}`, payload: JSON.stringify({ n: 2 }), created_at: new Date('2026-11-23T03:00:00Z') }),
      db.insertInto('uploads').values({ ...upload(`upl_b_${tag}`, b.sha256), filename: 'thứ hai.pdf', size: 2 }),
    ]);
    const ups = await db.selectFrom('uploads').select(['id', 'filename', 'size', 'sha256']).where('id', 'like', `upl_%_${tag}`).orderBy('id').execute();
    expect(ups).toEqual([
      { id: `upl_a_${tag}`, filename: `upl_a_${tag}.pdf`, size: 1, sha256: b.sha256 },
      { id: `upl_b_${tag}`, filename: 'thứ hai.pdf', size: 2, sha256: b.sha256 },
    ]);
    const out = await db.selectFrom('outbox').select(['topic', 'payload', 'created_at']).where('topic', 'like', `t_-${tag}`).orderBy('topic').execute();
    expect(out.map((o) => [o.topic, o.payload, new Date(o.created_at).toISOString()])).toEqual([
      [`t1-${tag}`, { n: 1, s: 'một' }, '2026-11-23T02:00:00.000Z'],
      [`t2-${tag}`, { n: 2 }, '2026-11-23T03:00:00.000Z'],
    ]);
    const stored = await db.selectFrom('blobs').select('content').where('sha256', '=', b.sha256).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.content).toString()).toBe(`blob ${tag}`);
  });

  it('is all or nothing: a failing write leaves none of the others behind', async () => {
    const db = t.handle.db;
    const tag = randomBytes(4).toString('hex');
    const before = await t.count('outbox');
    await expect(
      writeTogether(db, [
        db.insertInto('outbox').values({ topic: `lost-${tag}`, payload: '{}', created_at: new Date() }),
        // No such blob: the foreign key fails at the end of the statement.
        db.insertInto('uploads').values(upload(`upl_x_${tag}`, 'f'.repeat(64))),
      ]),
    ).rejects.toThrow(/foreign key/);
    expect(await t.count('outbox')).toBe(before);
    expect(await db.selectFrom('uploads').select('id').where('id', '=', `upl_x_${tag}`).executeTakeFirst()).toBeUndefined();
  });

  it('counts the rows a RETURNING write returned (an upsert that did nothing returns none)', async () => {
    const db = t.handle.db;
    const b = blob(`counted ${randomBytes(4).toString('hex')}`);
    const first = [db.insertInto('outbox').values({ topic: 'x', payload: '{}', created_at: new Date() }), db.insertInto('blobs').values(b).onConflict((oc) => oc.column('sha256').doNothing()).returning('sha256')];
    expect(await writeTogether(db, first, { countRowsOf: 1 })).toBe(1);
    const again = [db.insertInto('blobs').values(b).onConflict((oc) => oc.column('sha256').doNothing()).returning('sha256')];
    expect(await writeTogether(db, again, { countRowsOf: 0 })).toBe(0);
    expect(await writeTogether(db, [])).toBe(0);
  });

  it('refuses a write whose text names a parameter it does not have', async () => {
    const bad = CompiledQuery.raw('insert into outbox (topic, payload, created_at) values ($1, $2, $3)', ['x', '{}']);
    await expect(writeTogether(t.handle.db, [bad, bad])).rejects.toThrow('$3 is not a parameter of write 0');
  });
});
