/** Accounts and sessions. Tokens are random; only their sha256 is stored. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import type { Role } from '../../kernel/roles.ts';
import type { RegisterRequest } from './contracts.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import type { AppContext } from '../../context.ts';
import { precompiled } from '../../platform/db/precompiled.ts';
import { claimLoginAttempt, clearLoginFailures } from './login-throttle.ts';
import { requireGoodPassword } from './password-policy.ts';
import { idNumberIssues } from './domain/id-number.ts';

/** What a person sees in their list of sessions to recognise one. */
export interface ClientInfo {
  userAgent?: string | undefined;
  address?: string | undefined;
}

export interface SessionUser {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  orgId: string | null;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  /**
   * The level of electronic identity this session proved (Decree 69/2024/NĐ-CP; 2 = chip card), set by a
   * VNeID sign-in (src/modules/integrations/vneid/); null for a password sign-in.
   */
  identityLevel?: number | null;
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const invalidCredentials = () =>
  new DomainError('invalid-credentials', 401, {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'Wrong username or password.',
  });

export const accountDeactivated = () =>
  new DomainError('account-deactivated', 403, {
    vi: 'Tài khoản này đã bị khóa bởi quản trị viên. Vui lòng liên hệ bộ phận một cửa.',
    en: 'This account has been deactivated by an administrator. Please contact the one-stop desk.',
  });

/**
 * Sign-in. Failures are counted per account name in the database (./login-throttle.ts), known or not,
 * so an unknown name gets exactly the answers a known one gets. A deactivated account is told so, but
 * only to someone who knows its password.
 */
export async function login(ctx: AppContext, username: string, password: string, client: ClientInfo = {}) {
  const name = username.trim().toLowerCase();
  await claimLoginAttempt(ctx, name); // counted as a failure until the password proves right
  const row = await ctx.db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();
  // Spend the same time whether or not the user exists.
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok) throw invalidCredentials();
  await clearLoginFailures(ctx.db, name);
  if (!row.active) throw accountDeactivated();
  return createSession(ctx, toSessionUser(row), client);
}

export async function createSession(ctx: AppContext, user: SessionUser, client: ClientInfo = {}, options: { identityLevel?: 1 | 2 } = {}) {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await ctx.db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash(token),
      id: `ses_${randomUUID()}`,
      user_id: user.id,
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
      address: client.address?.slice(0, 64) ?? null,
      identity_level: options.identityLevel ?? null,
    })
    .execute();
  return { token, expiresAt, user: { ...user, identityLevel: options.identityLevel ?? null } };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** Every request's look-up, compiled once (src/platform/db/precompiled.ts). */
const sessionByToken = precompiled((q, p: { tokenHash: string }) =>
  q
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.expires_at', 'sessions.last_seen_at', 'sessions.identity_level as session_identity_level'])
    .where('sessions.token_hash', '=', p.tokenHash),
);

/** "Last seen" is written at most once a minute per session, not on every request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export async function resolveToken(ctx: AppContext, token: string): Promise<SessionUser | null> {
  if (token.length < 20 || token.length > 100) return null;
  const hash = tokenHash(token);
  const row = (await ctx.db.executeQuery(sessionByToken({ tokenHash: hash }))).rows[0];
  const now = ctx.clock();
  if (!row || !row.active || row.expires_at.getTime() <= now.getTime()) return null;
  if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', hash).execute();
  }
  return { ...toSessionUser(row), identityLevel: row.session_identity_level };
}

/** Registration never says whose account holds an ID number: it sends the person to the counter. */
export const idNumberTaken = () =>
  new DomainError(
    'id-number-taken',
    409,
    {
      vi: 'Không thể đăng ký với số định danh này. Nếu đây là số của bạn, vui lòng mang thẻ căn cước đến bộ phận một cửa để được hỗ trợ.',
      en: 'This ID number cannot be registered. If it is yours, please bring your ID card to the one-stop desk for help.',
    },
    [{ path: 'idNumber', message: { vi: 'Không dùng được số định danh này', en: 'This ID number cannot be used' } }],
  );

const isUniqueViolation = (e: unknown, constraint: string) => {
  const err = e as { code?: string; constraint?: string; message?: string };
  return err?.code === '23505' && (err.constraint === constraint || (err.message ?? '').includes(constraint));
};

function validateRegistration(ctx: AppContext, body: RegisterRequest, username: string) {
  if (body.idNumber) {
    const issues = idNumberIssues(body.idNumber, { today: ctx.clock() });
    if (issues.length > 0) throw new DomainError('invalid-id-number', 422, { vi: 'Số định danh cá nhân không hợp lệ.', en: 'Invalid personal ID number.' }, issues);
  }
  requireGoodPassword(body.password, { username, idNumber: body.idNumber });
}

export async function registerCitizen(ctx: AppContext, body: RegisterRequest, client: ClientInfo = {}) {
  const username = body.username.toLowerCase();
  validateRegistration(ctx, body, username);
  const taken = await ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (taken) throw usernameTaken();
  if (body.idNumber && (await ctx.db.selectFrom('users').select('id').where('id_number', '=', body.idNumber).executeTakeFirst())) throw idNumberTaken();
  const id = `usr_${randomUUID()}`;
  const inserted = await insertCitizen(ctx, id, username, body).catch((e: unknown) => {
    // Two registrations with the same number at once: the unique index (migration 014) decides.
    if (isUniqueViolation(e, 'users_id_number')) throw idNumberTaken();
    throw e;
  });
  if (!inserted) throw usernameTaken();
  return createSession(ctx, toSessionUser(inserted), client);
}

async function insertCitizen(ctx: AppContext, id: string, username: string, body: RegisterRequest) {
  return ctx.db
    .insertInto('users')
    .values({
      id,
      username,
      password_hash: await hashPassword(body.password),
      full_name: body.fullName.normalize('NFC'),
      role: 'citizen',
      org_id: null,
      id_number: body.idNumber ?? null,
      phone: body.phone ?? null,
      email: body.email ?? null,
      address: body.address?.normalize('NFC') ?? null,
      created_at: ctx.clock(),
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .returningAll()
    .executeTakeFirst();
}

const usernameTaken = () =>
  new DomainError('username-taken', 409, { vi: 'Tên đăng nhập đã được sử dụng.', en: 'That username is taken.' }, [
    { path: 'username', message: { vi: 'Đã được sử dụng', en: 'Already taken' } },
  ]);

export function toSessionUser(row: {
  id: string;
  username: string;
  full_name: string;
  role: Role;
  org_id: string | null;
  id_number: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}): SessionUser {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    orgId: row.org_id,
    idNumber: row.id_number,
    phone: row.phone,
    email: row.email,
    address: row.address,
  };
}
