/**
 * Issue 12, "Accounts a city can rely on" (items 10 and 11), replayed as requests: one ID number per
 * account, ID numbers validated, sign-in throttled per account across addresses (in the database), the
 * password policy, password change, reset links, one's sessions, deactivation.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from '../helpers.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(BACKENDS)('accounts (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  let seq = 0;
  /** A fresh citizen account with a good password; returns its username and token. */
  const register = async (extra: Record<string, unknown> = {}) => {
    const username = `nguoi.dan.${++seq}`;
    const res = await t.call('POST', '/api/auth/register', { body: { username, password: 'Sông-Sài-Gòn-2026', fullName: 'Người Dân Thử', ...extra } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { username, token: res.body.token as string, id: res.body.user.id as string };
  };
  const loginFrom = (username: string, password: string, address = '203.0.113.1', userAgent = 'Thử nghiệm/1.0') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: address, headers: { 'user-agent': userAgent }, payload: { username, password } });
  const withToken = (token: string, method: string, url: string, body?: unknown) => t.call(method, url, { headers: { authorization: `Bearer ${token}` }, ...(body !== undefined ? { body } : {}) });

  describe('one ID number, one account (item 10)', () => {
    it('registering with a number already bound is refused without saying whose', async () => {
      const res = await t.call('POST', '/api/auth/register', { body: { username: 'mao.danh', password: 'Sông-Sài-Gòn-2026', fullName: 'Kẻ Mạo Danh', idNumber: '079090001234' } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('id-number-taken');
      expect(JSON.stringify(res.body)).not.toMatch(/citizen|Nguyễn Văn An|usr_/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['idNumber']);
    });

    it('registration validates the ID number: province code and century digit', async () => {
      const badProvince = await t.call('POST', '/api/auth/register', { body: { username: 'so.sai', password: 'Sông-Sài-Gòn-2026', fullName: 'Số Sai', idNumber: '003090001234' } });
      expect(badProvince.status).toBe(422);
      expect(badProvince.body.code).toBe('invalid-id-number');
      expect(badProvince.body.errors[0].path).toBe('idNumber');
      const future = await t.call('POST', '/api/auth/register', { body: { username: 'so.sai', password: 'Sông-Sài-Gòn-2026', fullName: 'Số Sai', idNumber: '079290001234' } });
      expect(future.status).toBe(422);
    });

    it('a dossier applicant’s ID number is validated, with the birth date when given', async () => {
      const submit = async (applicant: Record<string, unknown>) => {
        const upl = await t.upload('citizen', PDF);
        const base = householdBusinessRequest(upl);
        return t.call('POST', '/api/dossiers', { as: 'citizen', body: { ...base, applicant: { ...base.applicant, ...applicant } } });
      };
      // Another person's ID number is checked at the counter (online, a citizen submits only for themselves).
      const base = householdBusinessRequest(await t.upload('reception', PDF));
      const badProvince = await t.call('POST', '/api/dossiers', { as: 'reception', body: { ...base, channel: 'counter', applicant: { ...base.applicant, idNumber: '000090001234', birthDate: '1990-04-30' } } });
      expect(badProvince.status).toBe(422);
      expect(badProvince.body.errors.map((e: { path: string }) => e.path)).toContain('applicant.idNumber');
      const wrongYear = await submit({ idNumber: '079090001234', birthDate: '1985-04-30' });
      expect(wrongYear.status).toBe(422);
      expect(wrongYear.body.errors.map((e: { path: string }) => e.path)).toContain('applicant.idNumber');
      expect((await submit({ idNumber: '079090001234', birthDate: '1990-04-30' })).status).toBe(201);
    });

    it('reception moves a binding after checking the card; the move is recorded; others may not', async () => {
      const owner = await register({ idNumber: '001185000777' });
      const real = await register();
      const body = { idNumber: '001185000777', toUsername: real.username, reason: 'Đã kiểm tra thẻ căn cước tại quầy' };
      expect((await t.call('POST', '/api/accounts/id-binding', { as: 'citizen', body })).status).toBe(403);
      expect((await t.call('POST', '/api/accounts/id-binding', { as: 'admin', body })).status).toBe(403);
      const moved = await t.call('POST', '/api/accounts/id-binding', { as: 'reception', body });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ idNumber: '001185000777', fromUserId: owner.id, toUserId: real.id });
      expect((await withToken(real.token, 'GET', '/api/auth/me')).body.idNumber).toBe('001185000777');
      expect((await withToken(owner.token, 'GET', '/api/auth/me')).body.idNumber).toBeNull();
      const log = await t.handle.db.selectFrom('id_binding_moves').selectAll().where('id_number', '=', '001185000777').execute();
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ from_user_id: owner.id, to_user_id: real.id, reason: 'Đã kiểm tra thẻ căn cước tại quầy' });
      // The number is now the real person's: registering with it is refused again.
      expect((await t.call('POST', '/api/auth/register', { body: { username: 'lai.mao.danh', password: 'Sông-Sài-Gòn-2026', fullName: 'X Y', idNumber: '001185000777' } })).status).toBe(409);
      // An invalid number is refused with a field error.
      const bad = await t.call('POST', '/api/accounts/id-binding', { as: 'reception', body: { ...body, idNumber: '003185000777' } });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].path).toBe('idNumber');
    });
  });

  describe('sign-in throttling per account (item 11a)', () => {
    it('failures from many addresses back off then lock the account: 429 then 423 with Retry-After; counters live in the database', async () => {
      const { username } = await register();
      for (let i = 0; i < 5; i++) expect((await loginFrom(username, 'sai-mat-khau-roi', `198.51.100.${i}`)).statusCode).toBe(401);
      // Sixth attempt from yet another address, even with the right password: wait.
      const wait = await loginFrom(username, 'Sông-Sài-Gòn-2026', '198.51.100.99');
      expect(wait.statusCode).toBe(429);
      expect(wait.json().code).toBe('too-many-attempts');
      expect(Number(wait.headers['retry-after'])).toBeGreaterThan(0);
      expect(wait.json().detail).toMatch(/giây/);
      const row = await t.handle.db.selectFrom('login_failures').selectAll().where('username', '=', username).executeTakeFirst();
      expect(row?.failures).toBe(5);
      for (let i = 5; i < 10; i++) {
        t.clock.advanceMinutes(1);
        expect((await loginFrom(username, 'sai-mat-khau-roi', `192.0.2.${i}`)).statusCode).toBe(401);
      }
      t.clock.advanceMinutes(1);
      const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.200', headers: { 'accept-language': 'en' }, payload: { username, password: 'Sông-Sài-Gòn-2026' } });
      expect(locked.statusCode).toBe(423);
      expect(locked.json().code).toBe('account-locked');
      expect(locked.json().detail).toMatch(/locked/);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(10 * 60);
      t.clock.advanceMinutes(16);
      expect((await loginFrom(username, 'Sông-Sài-Gòn-2026', '192.0.2.201')).statusCode).toBe(200);
      // A successful sign-in resets this account's counter only.
      expect(await t.handle.db.selectFrom('login_failures').selectAll().where('username', '=', username).executeTakeFirst()).toBeUndefined();
    });

    it('a burst of parallel guesses gets no more password checks than sequential ones', async () => {
      const { username } = await register();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => loginFrom(username, `doan-mo-${i}-khong-dung`, `100.64.0.${i}`)));
      const statuses = answers.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    });

    it('an unknown username gets exactly the same answers (no enumeration)', async () => {
      const known = await register();
      const answers = async (username: string) => {
        const out: Array<[number, string | undefined]> = [];
        for (let i = 0; i < 12; i++) {
          const res = await loginFrom(username, 'sai-mat-khau-roi', `198.18.0.${i}`);
          out.push([res.statusCode, res.json().code]);
          t.clock.advanceMinutes(0.5);
        }
        return out;
      };
      const start = t.clock.now;
      const a = await answers(known.username);
      t.clock.now = start;
      const b = await answers('khong.co.ai.ten.nay');
      expect(b).toEqual(a);
      expect(a.map(([s]) => s)).toContain(423);
    });

    it('an administrator unlocks one account', async () => {
      const { username, id } = await register();
      for (let i = 0; i < 10; i++) {
        await loginFrom(username, 'sai-mat-khau-roi', `198.19.0.${i}`);
        t.clock.advanceMinutes(0.5);
      }
      expect((await loginFrom(username, 'Sông-Sài-Gòn-2026')).statusCode).toBe(423);
      expect((await t.call('POST', `/api/accounts/${id}/unlock`, { as: 'reception', body: {} })).status).toBe(403);
      expect((await t.call('POST', `/api/accounts/${id}/unlock`, { as: 'admin', body: {} })).status).toBe(200);
      expect((await loginFrom(username, 'Sông-Sài-Gòn-2026')).statusCode).toBe(200);
    });
  });

  describe('password policy (item 11b)', () => {
    it('registration refuses short, common, and own-name passwords', async () => {
      const reg = (username: string, password: string, idNumber?: string) =>
        t.call('POST', '/api/auth/register', { body: { username, password, fullName: 'Thử Mật Khẩu', ...(idNumber ? { idNumber } : {}) } });
      expect((await reg('mk.ngan', 'ngan-qua')).status).toBe(400);
      for (const common of ['password123', 'qwertyuiop', '1234567890']) {
        const res = await reg('mk.pho.bien', common);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('weak-password');
        expect(res.body.errors[0].path).toBe('password');
      }
      expect((await reg('ten.dang.nhap.dai', 'Ten.Dang.Nhap.Dai')).body.code).toBe('weak-password');
      expect((await reg('so.dinh.danh', '036188012345', '036188012345')).body.code).toBe('weak-password');
    });

    it('officer creation applies the policy too', async () => {
      const res = await t.call('POST', '/api/users', { as: 'admin', body: { username: 'btn.yeu', fullName: 'Mật Khẩu Yếu', role: 'reception', orgId: 'phuong-ben-thanh', password: 'iloveyou123' } });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('weak-password');
    });
  });

  describe('password change and sessions (items 11c, 11e)', () => {
    it('lists one’s sessions without tokens and signs one out by id', async () => {
      const { username, token } = await register();
      const other = (await loginFrom(username, 'Sông-Sài-Gòn-2026', '198.51.100.7', 'Firefox trên điện thoại')).json().token as string;
      const list = await withToken(token, 'GET', '/api/auth/sessions');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      const text = JSON.stringify(list.body);
      for (const secret of [token, other, sha256(token), sha256(other)]) expect(text).not.toContain(secret);
      const mine = list.body.items.find((s: { current: boolean }) => s.current);
      const phone = list.body.items.find((s: { current: boolean }) => !s.current);
      expect(mine).toBeDefined();
      expect(phone).toMatchObject({ userAgent: 'Firefox trên điện thoại', address: '198.51.100.7' });
      expect(phone.lastSeenAt).toBeTypeOf('string');
      // Someone else's session id is not found.
      expect((await t.call('DELETE', `/api/auth/sessions/${phone.id}`, { as: 'citizen2' })).status).toBe(404);
      expect((await withToken(other, 'GET', '/api/auth/me')).status).toBe(200);
      expect((await withToken(token, 'DELETE', `/api/auth/sessions/${phone.id}`)).status).toBe(200);
      expect((await withToken(other, 'GET', '/api/auth/me')).status).toBe(401);
      expect((await withToken(token, 'GET', '/api/auth/me')).status).toBe(200);
    });

    it('a password change needs the current password, applies the policy and ends every other session', async () => {
      const { username, token } = await register();
      const other = (await loginFrom(username, 'Sông-Sài-Gòn-2026')).json().token as string;
      const wrong = await withToken(token, 'POST', '/api/auth/password', { currentPassword: 'khong-phai-mat-khau', newPassword: 'Hồ-Con-Rùa-1975' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors[0].path).toBe('currentPassword');
      const weak = await withToken(token, 'POST', '/api/auth/password', { currentPassword: 'Sông-Sài-Gòn-2026', newPassword: 'password1234' });
      expect(weak.status).toBe(422);
      expect(weak.body.errors[0].path).toBe('newPassword');
      const ok = await withToken(token, 'POST', '/api/auth/password', { currentPassword: 'Sông-Sài-Gòn-2026', newPassword: 'Hồ-Con-Rùa-1975' });
      expect(ok.status).toBe(200);
      expect(ok.body.endedSessions).toBe(1);
      expect((await withToken(other, 'GET', '/api/auth/me')).status).toBe(401);
      expect((await withToken(token, 'GET', '/api/auth/me')).status).toBe(200);
      expect((await loginFrom(username, 'Sông-Sài-Gòn-2026')).statusCode).toBe(401);
      expect((await loginFrom(username, 'Hồ-Con-Rùa-1975')).statusCode).toBe(200);
    });
  });

  describe('password reset by link (item 11d)', () => {
    it('reception issues a single-use link for a verified citizen; stored hashed, queued in the outbox, ends all sessions', async () => {
      const { username, token, id } = await register();
      const issued = await t.call('POST', `/api/accounts/${id}/password-reset`, { as: 'btn.reception', body: {} });
      expect(issued.status).toBe(201);
      const link = new URL(issued.body.link);
      expect(link.pathname).toBe('/dat-lai-mat-khau');
      const resetToken = link.searchParams.get('token')!;
      const stored = await t.handle.db.selectFrom('password_resets').selectAll().where('user_id', '=', id).execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.token_hash).toBe(sha256(resetToken));
      const queued = await t.handle.db.selectFrom('outbox').selectAll().where('topic', '=', 'account.password_reset').execute();
      expect(queued.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload))).toContainEqual(expect.objectContaining({ userId: id, link: issued.body.link }));

      expect((await t.call('POST', '/api/auth/password-reset', { body: { token: resetToken, newPassword: 'qwertyuiop' } })).status).toBe(422);
      const used = await t.call('POST', '/api/auth/password-reset', { body: { token: resetToken, newPassword: 'Chợ-Bến-Thành-1914' } });
      expect(used.status).toBe(200);
      expect((await withToken(token, 'GET', '/api/auth/me')).status).toBe(401);
      expect((await loginFrom(username, 'Chợ-Bến-Thành-1914')).statusCode).toBe(200);
      const again = await t.call('POST', '/api/auth/password-reset', { body: { token: resetToken, newPassword: 'Chợ-Bến-Thành-1915' } });
      expect(again.status).toBe(410);
      expect(again.body.code).toBe('reset-link-used');
      expect((await t.call('POST', '/api/auth/password-reset', { body: { token: 'x'.repeat(43), newPassword: 'Chợ-Bến-Thành-1915' } })).status).toBe(400);
    });

    it('an expired link is refused with 410', async () => {
      const { id } = await register();
      const issued = await t.call('POST', `/api/accounts/${id}/password-reset`, { as: 'reception', body: {} });
      const resetToken = new URL(issued.body.link).searchParams.get('token')!;
      t.clock.advanceMinutes(25 * 60);
      const res = await t.call('POST', '/api/auth/password-reset', { body: { token: resetToken, newPassword: 'Chợ-Bến-Thành-1914' } });
      expect(res.status).toBe(410);
      expect(res.body.code).toBe('reset-link-expired');
    });

    it('is scoped: reception cannot reset an officer, a citizen cannot reset anyone', async () => {
      const officers = (await t.call('GET', '/api/users', { as: 'admin' })).body.items as Array<{ id: string; username: string }>;
      const leader = officers.find((o) => o.username === 'leader')!;
      expect((await t.call('POST', `/api/accounts/${leader.id}/password-reset`, { as: 'reception', body: {} })).status).toBe(403);
      expect((await t.call('POST', `/api/accounts/${leader.id}/password-reset`, { as: 'citizen', body: {} })).status).toBe(403);
      expect((await t.call('POST', `/api/accounts/${leader.id}/password-reset`, { as: 'admin', body: {} })).status).toBe(201);
    });
  });

  describe('deactivation (item 11f)', () => {
    it('a city administrator deactivates a citizen: sessions end, sign-in is refused with a clear message', async () => {
      const { username, token, id } = await register();
      // A ward's administrator does not manage citizens.
      expect((await t.call('POST', '/api/users', { as: 'admin', body: { username: 'sg.quantri', fullName: 'Quản trị Sài Gòn', role: 'admin', orgId: 'phuong-sai-gon', password: 'mat-khau-dai-du' } })).status).toBe(201);
      const wardAdmin = (await loginFrom('sg.quantri', 'mat-khau-dai-du')).json().token as string;
      expect((await withToken(wardAdmin, 'POST', `/api/accounts/${id}/deactivate`, {})).status).toBe(403);
      expect((await withToken(wardAdmin, 'GET', `/api/accounts?username=${username}`)).status).toBe(403);
      expect((await t.call('GET', `/api/accounts?username=${username}`, { as: 'admin' })).body.items.map((a: { id: string }) => a.id)).toEqual([id]);
      expect((await t.call('POST', `/api/accounts/${id}/deactivate`, { as: 'reception', body: {} })).status).toBe(403);
      const off = await t.call('POST', `/api/accounts/${id}/deactivate`, { as: 'admin', body: {} });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect((await withToken(token, 'GET', '/api/auth/me')).status).toBe(401);
      const refused = await loginFrom(username, 'Sông-Sài-Gòn-2026');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('account-deactivated');
      // Only someone who knows the password learns that the account is deactivated.
      expect((await loginFrom(username, 'sai-mat-khau-roi')).json().code).toBe('invalid-credentials');
      expect((await t.call('POST', `/api/accounts/${id}/activate`, { as: 'admin', body: {} })).status).toBe(200);
      expect((await loginFrom(username, 'Sông-Sài-Gòn-2026')).statusCode).toBe(200);
    });
  });
});
