/**
 * Issue 13, item 4 — an outbox that delivers (src/platform/outbox/): retries with backoff, dead
 * letters, one delivery per handler, a lease that survives a SIGKILL between claim and delivery, and
 * the administrators' view.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type Backend, type TestApp } from './helpers.ts';
import { openAndMigrate, openDatabase, json, sql, type DatabaseHandle } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { OutboxRegistry, backoffDelayMs, runOutboxOnce, startOutboxLoop } from '../src/platform/outbox/index.ts';

const PG_URL = process.env.MOTCUA_TEST_DATABASE_URL;

describe('backoff', () => {
  it('doubles from 10 s and stops at one hour', () => {
    expect([1, 2, 3, 4].map(backoffDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffDelayMs(9)).toBe(2_560_000);
    expect(backoffDelayMs(10)).toBe(3_600_000);
    expect(backoffDelayMs(1000)).toBe(3_600_000);
  });
});

describe.each(BACKENDS)('outbox delivery (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const enqueue = async (topic: string, payload: Record<string, unknown> = { n: 1 }) => {
    const r = await t.handle.db.insertInto('outbox').values({ topic, payload: json(payload), created_at: t.clock.now }).returning('id').executeTakeFirstOrThrow();
    return String(r.id);
  };
  const message = (id: string) => t.handle.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const run = (registry: OutboxRegistry, maxAttempts?: number) => runOutboxOnce(t.ctx, { registry, maxAttempts });
  /** Moves the test clock just past the message's next attempt. */
  const pastNextAttempt = async (id: string) => {
    const m = await message(id);
    t.clock.now = new Date(m.next_attempt_at!.getTime() + 1000);
  };

  it('a handler that fails twice then succeeds gets the message delivered exactly once', async () => {
    const id = await enqueue('test.flaky');
    const calls: string[] = [];
    const registry = new OutboxRegistry();
    registry.register('test.flaky', 'flaky', async (m) => {
      calls.push(m.deliveryKey);
      if (calls.length <= 2) throw new Error(`lần ${calls.length} thất bại`);
    });
    expect((await run(registry)).failed).toBe(1);
    let m = await message(id);
    expect([m.status, m.attempts, m.last_error]).toEqual(['pending', 1, 'flaky: lần 1 thất bại']);
    expect(m.next_attempt_at!.getTime() - t.clock.now.getTime()).toBe(10_000);
    // Not due yet: nothing happens before the backoff has passed.
    expect((await run(registry)).claimed).toBe(0);
    await pastNextAttempt(id);
    expect((await run(registry)).failed).toBe(1);
    expect((await message(id)).next_attempt_at!.getTime() - t.clock.now.getTime()).toBe(20_000);
    await pastNextAttempt(id);
    expect((await run(registry)).delivered).toBe(1);
    m = await message(id);
    expect(m.status).toBe('delivered');
    expect(m.delivered_at).toEqual(t.clock.now);
    t.clock.advanceMinutes(120);
    expect((await run(registry)).claimed).toBe(0);
    expect(calls).toEqual([`${id}:flaky`, `${id}:flaky`, `${id}:flaky`]);
    const rows = await t.handle.db.selectFrom('outbox_deliveries').selectAll().where('message_id', '=', id).execute();
    expect(rows.map((r) => [r.handler, r.attempts, r.delivered_at !== null])).toEqual([['flaky', 3, true]]);
  });

  it('a handler that always fails leaves the message dead with its last error after N attempts', async () => {
    const id = await enqueue('test.broken');
    let calls = 0;
    const registry = new OutboxRegistry();
    registry.register('test.broken', 'broken', async () => {
      calls++;
      throw new Error(`máy chủ thư từ chối (${calls})`);
    });
    for (let i = 0; i < 4; i++) {
      await run(registry, 4);
      if (i < 3) await pastNextAttempt(id);
    }
    const m = await message(id);
    expect([m.status, m.attempts, m.last_error, m.dead_at]).toEqual(['dead', 4, 'broken: máy chủ thư từ chối (4)', t.clock.now]);
    t.clock.advanceMinutes(24 * 60);
    expect((await run(registry, 4)).claimed).toBe(0);
    expect(calls).toBe(4);

    // The administrators see it (without its payload) and retry it.
    const dead = await t.call('GET', '/api/admin/outbox?status=dead', { as: 'admin' });
    expect(dead.status).toBe(200);
    const item = dead.body.items.find((x: { id: string }) => x.id === id);
    expect(item).toMatchObject({ topic: 'test.broken', payloadRef: { messageId: id, topic: 'test.broken' }, status: 'dead', attempts: 4, lastError: 'broken: máy chủ thư từ chối (4)' });
    expect(JSON.stringify(dead.body)).not.toContain('payload"');
    expect((await t.call('GET', '/api/admin/outbox?status=pending', { as: 'admin' })).body.items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await t.call('GET', '/api/admin/outbox?status=dead', { as: 'manager' })).status).toBe(403);
    const retried = await t.call('POST', `/api/admin/outbox/${id}/retry`, { as: 'admin' });
    expect(retried.status).toBe(200);
    const audit = await t.call('GET', `/api/admin/audit?action=outbox.retry&subject=${id}`, { as: 'admin' });
    expect(audit.body.items.map((e: { action: string; subjectId: string }) => [e.action, e.subjectId])).toEqual([['outbox.retry', id]]);
    expect((await t.call('POST', `/api/admin/outbox/${id}/retry`, { as: 'admin' })).status).toBe(409);
    expect((await t.call('POST', '/api/admin/outbox/999999999/retry', { as: 'admin' })).status).toBe(404);
    expect((await run(registry, 4)).failed).toBe(1);
    expect(calls).toBe(5);
    const failed = await t.call('GET', '/api/admin/outbox?status=failed', { as: 'admin' });
    expect(failed.body.items.find((x: { id: string }) => x.id === id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('with two handlers, one failing, the one that delivered is not called again on retry', async () => {
    const id = await enqueue('test.pair');
    let good = 0;
    let bad = 0;
    const registry = new OutboxRegistry();
    registry.register('test.pair', 'good', async () => {
      good++;
    });
    registry.register('test.pair', 'bad', async () => {
      if (++bad < 3) throw new Error('chưa được');
    });
    await run(registry);
    await pastNextAttempt(id);
    await run(registry);
    await pastNextAttempt(id);
    await run(registry);
    expect([good, bad]).toEqual([1, 3]);
    expect((await message(id)).status).toBe('delivered');
  });

  it('messages of a topic without a handler stay pending, never dead', async () => {
    const id = await enqueue('test.nobody');
    const registry = new OutboxRegistry();
    registry.register('test.other', 'x', async () => {});
    for (let i = 0; i < 3; i++) {
      await run(registry, 1);
      t.clock.advanceMinutes(120);
    }
    const m = await message(id);
    expect([m.status, m.attempts, m.claimed_at]).toEqual(['pending', 0, null]);
  });

  it.runIf(backend === 'postgres')('a message another worker holds locked is skipped, not waited for (SKIP LOCKED)', { timeout: 15_000 }, async () => {
    const held = await enqueue('test.locked');
    const free = await enqueue('test.locked');
    const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(t.handle.db);
    const other = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${rows[0]!.schema}` });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE', [held]);
      const seen: string[] = [];
      const registry = new OutboxRegistry();
      registry.register('test.locked', 'seen', async (m) => {
        seen.push(m.id);
      });
      await run(registry);
      expect(seen).toEqual([free]);
      await other.query('COMMIT');
      await run(registry);
      expect(seen).toEqual([free, held]);
    } finally {
      await other.end();
    }
  });

  it('the in-process loop delivers on its own, logs a failed run instead of throwing, and stops', async () => {
    const id = await enqueue('test.loop');
    const registry = new OutboxRegistry();
    let resolveDelivered!: () => void;
    const delivered = new Promise<void>((r) => (resolveDelivered = r));
    registry.register('test.loop', 'loop', async () => resolveDelivered());
    const errors: unknown[] = [];
    const loop = startOutboxLoop(t.ctx, { registry, intervalMs: 10, onError: (e) => errors.push(e) });
    await delivered;
    await loop.stop();
    expect((await message(id)).status).toBe('delivered');
    expect(errors).toEqual([]);

    const broken = new OutboxRegistry();
    broken.topics = () => {
      throw new Error('registry unreadable');
    };
    const seen = new Promise<unknown>((resolve) => {
      const failing = startOutboxLoop(t.ctx, { registry: broken, intervalMs: 10, onError: (e) => resolve(failing.stop().then(() => e)) });
    });
    expect(String(await seen)).toContain('registry unreadable');
  });

  it('only city-level administrators see the outbox', async () => {
    expect((await t.call('GET', '/api/admin/outbox', { as: 'admin' })).status).toBe(200);
    expect((await t.call('GET', '/api/admin/outbox', { as: 'reception' })).status).toBe(403);
  });
});

/** Where the child process finds the database: a PGlite data folder, or a PostgreSQL schema. */
interface Place {
  open(): Promise<DatabaseHandle>;
  childArgs: string[];
  dispose(): Promise<void>;
}

function placeFor(backend: Backend): Place {
  if (backend === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    return {
      open: () => openDatabase({ databaseUrl: PG_URL!, schema, poolSize: 2 }),
      childArgs: ['postgres', PG_URL!, schema],
      dispose: async () => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'motcua-outbox-'));
  return { open: () => openDatabase({ dataDir: dir }), childArgs: ['pglite', dir], dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the child until it reports its claim, then SIGKILLs it. */
function claimThenKill(nowIso: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/outbox-claim-and-hang.ts', nowIso, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child never claimed:\n${out}\n${err}`));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const claimed = /claimed (\d+)/.exec(out);
      if (claimed) {
        child.kill('SIGKILL');
        child.once('exit', (_code, signal) => {
          clearTimeout(timer);
          if (signal === 'SIGKILL') resolve(claimed[1]!);
          else reject(new Error(`child exited with ${signal}`));
        });
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  });
}

describe.each(BACKENDS)('outbox survives a SIGKILL between claim and delivery (%s)', (backend) => {
  const place = placeFor(backend);
  afterAll(() => place.dispose());

  it('the killed worker’s claim expires and the message is then delivered once', { timeout: 30_000 }, async () => {
    const start = new Date('2026-11-23T01:00:00Z');
    let handle = await openAndMigrate({ ...(backend === 'postgres' ? { databaseUrl: PG_URL!, schema: place.childArgs[2], poolSize: 2 } : { dataDir: place.childArgs[1] }) });
    const inserted = await handle.db.insertInto('outbox').values({ topic: 'test.crash', payload: json({ n: 1 }), created_at: start }).returning('id').executeTakeFirstOrThrow();
    const id = String(inserted.id);
    // PGlite is one process's database: the parent lets go of it while the child runs.
    if (backend === 'pglite') await handle.close();

    expect(await claimThenKill(start.toISOString(), place.childArgs)).toBe(id);

    if (backend === 'pglite') handle = await place.open();
    try {
      const claimed = await handle.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect([claimed.status, claimed.claimed_by, claimed.claimed_at, claimed.delivered_at]).toEqual(['pending', 'doomed-child', start, null]);
      expect(await handle.db.selectFrom('outbox_deliveries').selectAll().execute()).toEqual([]);

      let now = new Date(start.getTime() + 30_000);
      const ctx = createContext(handle.db, { clock: () => now });
      const delivered: string[] = [];
      const registry = new OutboxRegistry();
      registry.register('test.crash', 'hangs', async (m) => {
        delivered.push(m.deliveryKey);
      });
      // Within the dead worker's lease (60 s) no one takes it; after it, the next run delivers it.
      expect((await runOutboxOnce(ctx, { registry, leaseSeconds: 60 })).claimed).toBe(0);
      now = new Date(start.getTime() + 61_000);
      expect(await runOutboxOnce(ctx, { registry, leaseSeconds: 60 })).toMatchObject({ claimed: 1, delivered: 1 });
      now = new Date(start.getTime() + 3_600_000);
      expect((await runOutboxOnce(ctx, { registry, leaseSeconds: 60 })).claimed).toBe(0);
      expect(delivered).toEqual([`${id}:hangs`]);
      expect((await handle.db.selectFrom('outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('delivered');
    } finally {
      await handle.close();
    }
  });
});
