/**
 * The OpenAPI document passes Redocly CLI's recommended lint rules with no errors and no warnings
 * (redocly.yaml). The document is the one the server serves, so what is linted is what clients get.
 * The CLI comes from node_modules (a devDependency); REDOCLY_BIN points elsewhere when needed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../src/app.ts';
import { operationIdOf, problemStatuses } from '../src/platform/http/openapi.ts';
import { startTestApp, type TestApp } from './helpers.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const REDOCLY = process.env.REDOCLY_BIN ?? join(ROOT, 'node_modules', '.bin', 'redocly');

interface LintResult {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Array<{ ruleId: string; message: string; location?: Array<{ pointer?: string }> }>;
}

async function lint(doc: unknown): Promise<{ exitCode: number; result: LintResult }> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    const args = ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '1000'];
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const { exitCode, stdout } = await run(REDOCLY, args, { env, maxBuffer: 64 * 1024 * 1024 }).then(
      (r) => ({ exitCode: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string }) => ({ exitCode: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '' }),
    );
    return { exitCode, result: JSON.parse(stdout) as LintResult };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const summary = (r: LintResult) => r.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`).slice(0, 20);

describe('OpenAPI document lint (Redocly recommended)', () => {
  let t: TestApp;
  let deployed: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
    deployed = await startTestApp('pglite', { publicUrl: 'https://motcua.example.vn' });
  });
  afterAll(async () => {
    await t?.close();
    await deployed?.close();
  });

  it('the redocly CLI is installed (npm ci, or REDOCLY_BIN)', () => {
    expect(existsSync(REDOCLY), `${REDOCLY} is missing: run npm ci, or set REDOCLY_BIN`).toBe(true);
  });

  it('has no errors and no warnings, with the local default server and a deployed one', { timeout: 120_000 }, async () => {
    for (const app of [t, deployed]) {
      const doc = (await app.call('GET', '/api/openapi.json')).body;
      const { exitCode, result } = await lint(doc);
      expect(summary(result)).toEqual([]);
      expect(result.totals).toMatchObject({ errors: 0, warnings: 0 });
      expect(exitCode).toBe(0);
    }
  });

  it('names the server from MOTCUA_PUBLIC_URL, and "this server" for the local default', async () => {
    expect((await deployed.call('GET', '/api/openapi.json')).body.servers).toEqual([expect.objectContaining({ url: 'https://motcua.example.vn' })]);
    expect((await t.call('GET', '/api/openapi.json')).body.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('every operation has a unique operationId, its 4xx problem responses and the right security', async () => {
    const doc = (await t.call('GET', '/api/openapi.json')).body;
    const ids = new Set<string>();
    for (const route of allRoutes()) {
      const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')][route.method.toLowerCase()];
      expect(ids.has(op.operationId), op.operationId).toBe(false);
      ids.add(op.operationId);
      expect(op.security, route.url).toEqual(route.access === 'public' ? [] : [{ bearer: [] }, { cookie: [] }]);
      for (const s of problemStatuses(route)) expect(op.responses[s], `${route.method} ${route.url} ${s}`).toEqual({ $ref: `#/components/responses/Problem${s}` });
    }
    expect(doc.paths['/api/dossiers/{code}'].get.operationId).toBe('getDossiersByCode');
    expect(doc.paths['/api/auth/login'].post.responses).toHaveProperty('429');
    expect(doc.paths['/api/dossiers/{code}'].get.responses).toHaveProperty('404');
    expect(doc.components.responses.Problem401.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(Object.keys(doc.components.schemas.Problem.properties)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']));
    expect(doc.info.license).toEqual(expect.objectContaining({ identifier: 'AGPL-3.0-or-later' }));
    for (const tag of doc.tags) expect(tag.description, tag.name).toEqual(expect.any(String));
  });

  it('derives readable operationIds from method and path', () => {
    expect(operationIdOf('GET', '/')).toBe('getRoot');
    expect(operationIdOf('POST', '/api/dossiers/:code/actions/:action')).toBe('postDossiersByCodeActionsByAction');
    expect(operationIdOf('GET', '/api/openapi.json')).toBe('getOpenapiJson');
    expect(operationIdOf('PUT', '/api/organisations/:id/signing-key')).toBe('putOrganisationsByIdSigningKey');
  });
});
