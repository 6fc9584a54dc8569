/** Accounts and sessions. Tokens are random; only their sha256 is stored. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import type { Role } from '../domain/dossier/types.ts';
import type { RegisterRequest } from '../contracts/auth.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import type { AppContext } from './context.ts';
import { precompiled } from '../store/precompiled.ts';

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
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const invalidCredentials = () =>
  new DomainError('invalid-credentials', 401, {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'Wrong username or password.',
  });

export async function login(ctx: AppContext, username: string, password: string) {
  const row = await ctx.db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  // Spend the same time whether or not the user exists.
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok || !row.active) throw invalidCredentials();
  return createSession(ctx, toSessionUser(row));
}

export async function createSession(ctx: AppContext, user: SessionUser) {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await ctx.db.insertInto('sessions').values({ token_hash: tokenHash(token), user_id: user.id, created_at: now, expires_at: expiresAt }).execute();
  return { token, expiresAt, user };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** Every request's look-up, compiled once (src/store/precompiled.ts). */
const sessionByToken = precompiled((q, p: { tokenHash: string }) =>
  q.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').selectAll('users').select('sessions.expires_at').where('sessions.token_hash', '=', p.tokenHash),
);

export async function resolveToken(ctx: AppContext, token: string): Promise<SessionUser | null> {
  if (token.length < 20 || token.length > 100) return null;
  const row = (await ctx.db.executeQuery(sessionByToken({ tokenHash: tokenHash(token) }))).rows[0];
  if (!row || !row.active || row.expires_at.getTime() <= ctx.clock().getTime()) return null;
  return toSessionUser(row);
}

export async function registerCitizen(ctx: AppContext, body: RegisterRequest) {
  const username = body.username.toLowerCase();
  const taken = await ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (taken) throw usernameTaken();
  const id = `usr_${randomUUID()}`;
  const inserted = await ctx.db
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
  if (!inserted) throw usernameTaken();
  return createSession(ctx, toSessionUser(inserted));
}

const usernameTaken = () =>
  new DomainError('username-taken', 409, { vi: 'Tên đăng nhập đã được sử dụng.', en: 'That username is taken.' }, [
    { path: 'username', message: { vi: 'Đã được sử dụng', en: 'Already taken' } },
  ]);

function toSessionUser(row: {
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
