/** The embedded database keeps every record across a restart, and refuses a second process. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openAndMigrate, DataDirLockedError } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { seedDemoIfEmpty } from '../src/demo/seed.ts';
import { buildApp } from '../src/app.ts';
import { PDF, householdBusinessRequest } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'motcua-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function boot() {
  const handle = await openAndMigrate({ dataDir: dir });
  const ctx = createContext(handle.db);
  const seeded = await seedDemoIfEmpty(ctx, { enabled: true });
  const app = await buildApp(ctx);
  const login = async (username: string) => (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'motcua-demo' } })).json().token as string;
  return { handle, app, seeded, login, close: async () => { await app.close(); await handle.close(); } };
}

describe('restart on the embedded database', () => {
  it('keeps dossiers, logs and uploads, and seeds the demo only once', async () => {
    const first = await boot();
    expect(first.seeded.created).toBe(true);
    const token = await first.login('citizen');
    const up = await first.app.inject({ method: 'POST', url: '/api/uploads?filename=a.pdf', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, payload: PDF });
    const created = await first.app.inject({ method: 'POST', url: '/api/dossiers', headers: { authorization: `Bearer ${token}` }, payload: householdBusinessRequest(up.json().id) });
    expect(created.statusCode).toBe(201);
    const code = created.json().code;
    await first.close();

    const second = await boot();
    expect(second.seeded.created).toBe(false);
    expect(second.seeded.accounts.length).toBeGreaterThan(0);
    // Sessions survive too: the old token still works.
    const seen = await second.app.inject({ method: 'GET', url: `/api/dossiers/${code}`, headers: { authorization: `Bearer ${token}` } });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().history).toHaveLength(1);
    const file = await second.app.inject({ method: 'GET', url: `/api/uploads/${up.json().id}`, headers: { authorization: `Bearer ${token}` } });
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const orgs = await second.handle.db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(orgs.n)).toBe(30);
    await second.close();
  });

  it('refuses to open a data folder that a live process holds', async () => {
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'motcua.pid'), String(holder.pid));
      await expect(openAndMigrate({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      holder.kill();
    }
    // A stale lock (its process gone) is taken over.
    await new Promise((r) => holder.once('exit', r));
    const h = await openAndMigrate({ dataDir: dir });
    await h.close();
  });
});
