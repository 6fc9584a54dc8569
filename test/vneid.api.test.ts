/**
 * Issue 18 — sign-in with VNeID (src/modules/integrations/vneid/) against `vneid-sandbox`, a local
 * OpenID provider (oidc-provider) configured like the national identity platform. Each sign-in follows
 * the real redirects: motcua's start → the provider's authorisation endpoint → its sign-in page (a fixture
 * citizen is chosen) → back to motcua's callback, which exchanges the code with the PKCE verifier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { VneidSandbox } from '../src/modules/integrations/vneid/sandbox.ts';
import { DEFAULT_ACR, DEFAULT_SCOPE } from '../src/modules/integrations/vneid/config.ts';

const PUBLIC_URL = 'http://localhost:3000';
const CALLBACK = `${PUBLIC_URL}/api/auth/vneid/callback`;

/** A browser's cookies for the provider (names only; the sandbox is one host). */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

interface Flow {
  /** The callback URL the provider sent the browser to. */
  callback: URL;
  /** The state cookie motcua set at the start. */
  stateCookie: string;
}

describe.each(BACKENDS)('sign-in with VNeID (%s)', (backend) => {
  let t: TestApp;
  let sandbox: VneidSandbox;

  beforeAll(async () => {
    sandbox = new VneidSandbox({ clientId: 'motcua-test', clientSecret: 'bi-mat-cua-motcua-test', redirectUris: [CALLBACK] });
    const issuer = await sandbox.start();
    t = await startTestApp(backend, {
      publicUrl: PUBLIC_URL,
      vneid: { issuer, clientId: 'motcua-test', clientSecret: 'bi-mat-cua-motcua-test', redirectUri: CALLBACK, scope: DEFAULT_SCOPE, acrLevel1: DEFAULT_ACR.level1, acrLevel2: DEFAULT_ACR.level2 },
    });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  /** From motcua's start to the provider's redirect back, choosing `identityNumber` on the sandbox's page (or cancelling). */
  async function throughProvider(identityNumber: string | 'cancel', start = '/api/auth/vneid/start?returnTo=%2Fnop-ho-so%2F2.000720.H29'): Promise<Flow> {
    const begin = await t.call('GET', start);
    expect(begin.status).toBe(302);
    const stateCookie = String(([] as string[]).concat(begin.headers['set-cookie'] as string)[0]).split(';')[0]!;
    expect(stateCookie).toMatch(/^motcua_vneid=.+/);
    const authorize = new URL(String(begin.headers.location));
    expect(authorize.origin).toBe(sandbox.issuer);
    expect(authorize.searchParams.get('scope')).toBe('openid profile address phone');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('acr_values')).toBe(`${DEFAULT_ACR.level2} ${DEFAULT_ACR.level1}`);
    expect(authorize.searchParams.get('state')).toBe(stateCookie.split('=')[1]);

    const jar = new Jar();
    let url = authorize;
    let method = 'GET';
    let body: string | undefined;
    for (let hop = 0; hop < 10; hop++) {
      const res = await fetch(url, { method, redirect: 'manual', headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, body });
      jar.take(res);
      if (res.status >= 300 && res.status < 400) {
        const next = new URL(res.headers.get('location')!, url);
        if (next.href.startsWith(CALLBACK)) return { callback: next, stateCookie };
        [url, method, body] = [next, 'GET', undefined];
        continue;
      }
      const page = await res.text();
      expect(res.status, page).toBe(200);
      expect(page).toContain('vneid-sandbox');
      const action = identityNumber === 'cancel'
        ? /action="([^"]+\/abort)"/.exec(page)![1]!
        : new RegExp(`action="([^"]+/login)"><input type="hidden" name="identity_number" value="${identityNumber}"`).exec(page)![1]!;
      [url, method, body] = [new URL(action, url), 'POST', identityNumber === 'cancel' ? '' : `identity_number=${identityNumber}`];
    }
    throw new Error('too many redirects');
  }

  const callback = (flow: Flow, cookie = flow.stateCookie) => t.call('GET', `${flow.callback.pathname}${flow.callback.search}`, { headers: { cookie } });
  const sessionToken = (res: { headers: Record<string, unknown> }) => {
    const c = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((x) => x.startsWith('motcua_session='));
    return c ? c.split(';')[0]!.slice('motcua_session='.length) : null;
  };
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('creates the citizen account for a first sign-in, at level 2, and prefills the applicant from the claims', async () => {
    const users = await t.count('users');
    const res = await callback(await throughProvider('079090005678'));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/nop-ho-so/2.000720.H29');
    const token = sessionToken(res)!;
    expect(token).toBeTruthy();
    expect(await t.count('users')).toBe(users + 1);

    const me = await t.call('GET', '/api/auth/me', { headers: as(token) });
    expect(me.body.username).toMatch(/^vneid-[0-9a-f]{12}$/);
    expect(me.body).toMatchObject({ role: 'citizen', fullName: 'Nguyễn Văn An', idNumber: '079090005678', phone: '0901234567', identityLevel: 2 });
    const profile = await t.call('GET', '/api/auth/vneid/profile', { headers: as(token) });
    expect(profile.body).toEqual({
      profile: {
        idNumber: '079090005678',
        fullName: 'Nguyễn Văn An',
        birthDate: '1990-05-14',
        sex: 'male',
        address: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh',
        phone: '0901234567',
        level: 2,
        verifiedAt: t.clock.now.toISOString(),
      },
    });
    const account = await t.handle.db.selectFrom('users').select(['identity_level', 'password_hash']).where('id_number', '=', '079090005678').executeTakeFirstOrThrow();
    expect(account).toEqual({ identity_level: 2, password_hash: '!' });
    // No password works for it: it signs in with VNeID.
    expect((await t.call('POST', '/api/auth/login', { body: { username: me.body.username, password: '!' } })).status).toBe(401);

    // Signing in again reuses the account.
    const again = await callback(await throughProvider('079090005678'));
    expect(again.status).toBe(302);
    expect(await t.count('users')).toBe(users + 1);
  });

  it('binds to the existing account holding the identity number; a level-1 session is refused a level-2 procedure', async () => {
    const users = await t.count('users');
    const res = await callback(await throughProvider('079195004321'));
    const token = sessionToken(res)!;
    expect(await t.count('users')).toBe(users);
    const me = await t.call('GET', '/api/auth/me', { headers: as(token) });
    expect(me.body).toMatchObject({ username: 'citizen2', idNumber: '079195004321', identityLevel: 1 });

    await t.handle.db.updateTable('procedures').set({ required_identity_level: 2 }).where('code', '=', '2.000720.H29').execute();
    try {
      const detail = await t.call('GET', '/api/procedures/2.000720.H29');
      expect(detail.body.requiredIdentityLevel).toBe(2);
      const upload = async (token: string) => (await t.call('POST', '/api/uploads?filename=don.pdf', { rawBody: PDF, headers: { ...as(token), 'content-type': 'application/octet-stream' } })).body.id as string;
      const ngoc = { type: 'individual', fullName: 'Trần Thị Bích Ngọc', idNumber: '079195004321', address: '25 Nguyễn Trãi, Phường Bến Thành', phone: '0912345678' };
      const refused = await t.call('POST', '/api/dossiers', { headers: { ...as(token), 'accept-language': 'vi' }, body: householdBusinessRequest(await upload(token), { applicant: ngoc }) });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('identity-level-required');
      expect(refused.body.detail).toBe('Thủ tục này yêu cầu đăng nhập bằng tài khoản định danh điện tử VNeID mức độ 2. Vui lòng đăng xuất và đăng nhập lại bằng VNeID mức độ 2.');
      // A password session proves no level either.
      const pw = await t.call('POST', '/api/dossiers', { as: 'citizen', headers: { 'accept-language': 'en' }, body: householdBusinessRequest(await t.upload('citizen', PDF)) });
      expect([pw.status, pw.body.code]).toEqual([403, 'identity-level-required']);
      // A level-2 session submits.
      const an = sessionToken(await callback(await throughProvider('079090005678')))!;
      const applicant = { type: 'individual', fullName: 'Nguyễn Văn An', idNumber: '079090005678', address: '12 Lê Lợi, Phường Sài Gòn', phone: '0901234567' };
      const ok = await t.call('POST', '/api/dossiers', { headers: as(an), body: householdBusinessRequest(await upload(an), { applicant }) });
      expect(ok.status).toBe(201);
    } finally {
      await t.handle.db.updateTable('procedures').set({ required_identity_level: null }).where('code', '=', '2.000720.H29').execute();
    }
  });

  it('refuses an answer whose state is not this browser’s, a state used twice, and a token whose nonce does not match', async () => {
    const flow = await throughProvider('001088007777');
    const forged = await callback(flow, 'motcua_vneid=someone-elses-state');
    expect([forged.status, forged.headers.location, sessionToken(forged)]).toEqual([302, '/dang-nhap?vneidError=state-mismatch', null]);
    // The state was consumed by that refusal: the real browser's answer cannot be used either.
    const replay = await callback(flow);
    expect([replay.headers.location, sessionToken(replay)]).toEqual(['/dang-nhap?vneidError=state-unknown', null]);

    const other = await throughProvider('001088007777');
    await t.handle.db.updateTable('vneid_logins').set({ nonce: 'not-the-nonce-sent' }).where('state', '=', other.stateCookie.split('=')[1]!).execute();
    const badNonce = await callback(other);
    expect(badNonce.headers.location).toMatch(/^\/dang-nhap\?vneidError=/);
    expect(sessionToken(badNonce)).toBeNull();
    expect(await t.handle.db.selectFrom('users').select('id').where('id_number', '=', '001088007777').executeTakeFirst()).toBeUndefined();
  });

  it('makes one account when the same new person finishes two sign-ins at once', async () => {
    const flows = [await throughProvider('001088007777'), await throughProvider('001088007777')];
    const users = await t.count('users');
    const answers = await Promise.all(flows.map((f) => callback(f)));
    expect(answers.map((r) => [r.status, sessionToken(r) !== null])).toEqual([[302, true], [302, true]]);
    expect(await t.count('users')).toBe(users + 1);
  });

  it('shows the provider’s refusal (the person cancelled) on the sign-in page', async () => {
    const res = await callback(await throughProvider('cancel'));
    expect([res.status, res.headers.location, sessionToken(res)]).toEqual([302, '/dang-nhap?vneidError=access_denied', null]);
  });

  it('asks for level 2 only when told to, and says when VNeID is not offered', async () => {
    const begin = await t.call('GET', '/api/auth/vneid/start?level=2&returnTo=https%3A%2F%2Fevil.example%2F');
    expect(new URL(String(begin.headers.location)).searchParams.get('acr_values')).toBe(DEFAULT_ACR.level2);
    const row = await t.handle.db.selectFrom('vneid_logins').select('return_to').where('state', '=', new URL(String(begin.headers.location)).searchParams.get('state')!).executeTakeFirstOrThrow();
    expect(row.return_to).toBe('/ca-nhan');
    expect((await t.call('GET', '/api/auth/session')).body.vneid).toBe(true);
  });
});
