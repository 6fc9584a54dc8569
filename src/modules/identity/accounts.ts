/**
 * What a person does with their own account — change the password, see and end their sessions — and
 * what officers do for them: a password reset link after checking who they are, moving an ID number to
 * the right account after checking the card, deactivation and unlock by administrators.
 */
import { recordAudit } from '../audit/audit.ts';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import { idNumberIssues } from './domain/id-number.ts';
import { isCityLevel } from '../organisations/scope.ts';
import type { AppContext } from '../../context.ts';
import { accountDeactivated, tokenHash, type SessionUser } from './auth.ts';
import { claimLoginAttempt, clearLoginFailures } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { requireGoodPassword } from './password-policy.ts';
import { writeOutbox } from '../../platform/outbox/index.ts';

/** How long a reset link works: long enough to get home from the counter, short enough to go stale. */
export const RESET_TTL_HOURS = 24;

const notFound = () => new DomainError('not-found', 404, { vi: 'Không tìm thấy tài khoản.', en: 'No such account.' });
const outOfScope = () =>
  new DomainError('forbidden', 403, { vi: 'Tài khoản này không thuộc phạm vi quản lý của bạn.', en: 'This account is outside your scope.' });

type AccountRow = { id: string; username: string; role: SessionUser['role']; org_id: string | null; active: boolean; id_number: string | null };

async function accountById(ctx: AppContext, id: string): Promise<AccountRow> {
  const row = await ctx.db.selectFrom('users').select(['id', 'username', 'role', 'org_id', 'active', 'id_number']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/**
 * Who may manage an account: an officer's account, an administrator whose subtree holds its
 * organisation; a citizen's account (citizens belong to no organisation), a city-level administrator —
 * and, for a password reset only, any reception officer, who has the person and the card in front of them.
 */
async function requireAccountScope(ctx: AppContext, actor: SessionUser, target: AccountRow, purpose: 'manage' | 'reset'): Promise<void> {
  if (target.role === 'citizen') {
    if (actor.role === 'reception' && purpose === 'reset') return;
    if (actor.role === 'admin' && (await isCityLevel(ctx, actor))) return;
    throw outOfScope();
  }
  if (actor.role === 'admin' && (await ctx.orgs.covers(actor.orgId, target.org_id!))) return;
  throw outOfScope();
}

// ---- one's own account -------------------------------------------------------------------------

/**
 * Password change. Every other session of the account ends; the session that asked stays signed in
 * (it has just proved the current password), so the person is not thrown out of the page they are on.
 */
export async function changePassword(ctx: AppContext, user: SessionUser, currentToken: string, body: { currentPassword: string; newPassword: string }) {
  await claimLoginAttempt(ctx, user.username);
  const row = await ctx.db.selectFrom('users').select(['password_hash']).where('id', '=', user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(body.currentPassword, row.password_hash))) {
    throw new DomainError('wrong-password', 422, { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' }, [
      { path: 'currentPassword', message: { vi: 'Không đúng', en: 'Wrong password' } },
    ]);
  }
  await clearLoginFailures(ctx.db, user.username);
  requireGoodPassword(body.newPassword, { username: user.username, idNumber: user.idNumber }, 'newPassword');
  const hash = await hashPassword(body.newPassword);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
    await trx.deleteFrom('password_resets').where('user_id', '=', user.id).where('used_at', 'is', null).execute();
    const r = await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('token_hash', '<>', tokenHash(currentToken)).executeTakeFirst();
    await recordAudit(trx, ctx, user, { action: 'user.password_change', subjectType: 'user', subjectId: user.id, orgId: user.orgId, details: { endedSessions: Number(r.numDeletedRows) } });
    return Number(r.numDeletedRows);
  });
  return { ok: true, endedSessions: ended };
}

export async function listSessions(ctx: AppContext, user: SessionUser, currentToken: string | null) {
  const current = currentToken ? tokenHash(currentToken) : null;
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'token_hash', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'address'])
    .where('user_id', '=', user.id)
    .where('expires_at', '>', ctx.clock())
    .orderBy('created_at', 'desc')
    .execute();
  // The token hash is compared here and never leaves the server.
  return {
    items: rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at.toISOString(),
      lastSeenAt: (r.last_seen_at ?? r.created_at).toISOString(),
      expiresAt: r.expires_at.toISOString(),
      userAgent: r.user_agent,
      address: r.address,
      current: r.token_hash === current,
    })),
  };
}

/** Ends one of one's own sessions; someone else's answers 404 like a missing one. */
export async function endSession(ctx: AppContext, user: SessionUser, sessionId: string, currentToken: string | null) {
  const row = await ctx.db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', user.id).returning(['token_hash']).executeTakeFirst();
  if (!row) throw new DomainError('not-found', 404, { vi: 'Không tìm thấy phiên đăng nhập.', en: 'No such session.' });
  return { ok: true, current: !!currentToken && row.token_hash === tokenHash(currentToken) };
}

// ---- password reset ------------------------------------------------------------------------------

/**
 * A single-use link, valid RESET_TTL_HOURS. Only the token's sha256 is stored. The link goes to the
 * outbox for the e-mail channel, and is returned once to the officer who verified the person, who
 * hands it over until that channel exists. A new link replaces any earlier unused one.
 */
export async function issuePasswordReset(ctx: AppContext, officer: SessionUser, userId: string) {
  const target = await accountById(ctx, userId);
  await requireAccountScope(ctx, officer, target, 'reset');
  if (!target.active) throw accountDeactivated();
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock();
  const expiresAt = new Date(now.getTime() + RESET_TTL_HOURS * 3_600_000);
  const link = `${ctx.config.publicUrl}/dat-lai-mat-khau?token=${token}`;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('password_resets').where('user_id', '=', target.id).where('used_at', 'is', null).execute();
    await trx.insertInto('password_resets').values({ token_hash: tokenHash(token), user_id: target.id, issued_by: officer.id, created_at: now, expires_at: expiresAt, used_at: null }).execute();
    await writeOutbox(trx, { topic: 'account.password_reset', payload: { userId: target.id, link, expiresAt: expiresAt.toISOString() }, at: now }).execute();
    // The link itself is a secret: the audit names who issued it for whom, and until when.
    await recordAudit(trx, ctx, officer, { action: 'user.password_reset', subjectType: 'user', subjectId: target.id, orgId: target.org_id ?? null, details: { expiresAt: expiresAt.toISOString() } });
  });
  return { userId: target.id, username: target.username, link, expiresAt: expiresAt.toISOString() };
}

const resetLinkInvalid = () =>
  new DomainError('reset-link-invalid', 400, { vi: 'Liên kết đặt lại mật khẩu không hợp lệ.', en: 'This password reset link is not valid.' }, [
    { path: 'token', message: { vi: 'Không hợp lệ', en: 'Not valid' } },
  ]);
const resetLinkGone = (used: boolean) =>
  new DomainError(
    used ? 'reset-link-used' : 'reset-link-expired',
    410,
    used
      ? { vi: 'Liên kết đặt lại mật khẩu đã được dùng. Mỗi liên kết chỉ dùng được một lần; hãy xin liên kết mới.', en: 'This password reset link has already been used. Each link works once; ask for a new one.' }
      : { vi: 'Liên kết đặt lại mật khẩu đã hết hạn. Hãy xin liên kết mới tại bộ phận một cửa.', en: 'This password reset link has expired. Ask for a new one at the one-stop desk.' },
  );

/** Sets the new password and ends every session of the account; the link works once. */
export async function consumePasswordReset(ctx: AppContext, body: { token: string; newPassword: string }) {
  const hash = tokenHash(body.token);
  const now = ctx.clock();
  const reset = await ctx.db.selectFrom('password_resets').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!reset) throw resetLinkInvalid();
  if (reset.used_at) throw resetLinkGone(true);
  if (reset.expires_at.getTime() <= now.getTime()) throw resetLinkGone(false);
  const user = await ctx.db.selectFrom('users').select(['id', 'username', 'id_number', 'active']).where('id', '=', reset.user_id).executeTakeFirstOrThrow();
  if (!user.active) throw accountDeactivated();
  requireGoodPassword(body.newPassword, { username: user.username, idNumber: user.id_number }, 'newPassword');
  const passwordHash = await hashPassword(body.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    // The conditional update is what makes the link single-use when two requests race.
    const claimed = await trx.updateTable('password_resets').set({ used_at: now }).where('token_hash', '=', hash).where('used_at', 'is', null).returning('user_id').executeTakeFirst();
    if (!claimed) throw resetLinkGone(true);
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await recordAudit(trx, ctx, null, { action: 'user.password_reset_used', subjectType: 'user', subjectId: user.id, orgId: null, details: { issuedBy: reset.issued_by } });
  });
  await clearLoginFailures(ctx.db, user.username);
  return { ok: true, username: user.username };
}

// ---- administration ----------------------------------------------------------------------------

/** Deactivation ends every session and pending reset link; sign-in is then refused with a clear message. */
export async function setAccountActive(ctx: AppContext, admin: SessionUser, userId: string, active: boolean) {
  const target = await accountById(ctx, userId);
  await requireAccountScope(ctx, admin, target, 'manage');
  if (target.id === admin.id && !active) {
    throw new DomainError('validation-failed', 422, { vi: 'Không thể tự khóa tài khoản của mình.', en: 'You cannot deactivate yourself.' });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ active }).where('id', '=', target.id).execute();
    if (!active) {
      await trx.deleteFrom('sessions').where('user_id', '=', target.id).execute();
      await trx.deleteFrom('password_resets').where('user_id', '=', target.id).where('used_at', 'is', null).execute();
    }
    await recordAudit(trx, ctx, admin, { action: active ? 'user.activate' : 'user.deactivate', subjectType: 'user', subjectId: target.id, orgId: target.org_id ?? null });
  });
  return { id: target.id, username: target.username, role: target.role, active };
}

export async function unlockAccount(ctx: AppContext, admin: SessionUser, userId: string) {
  const target = await accountById(ctx, userId);
  await requireAccountScope(ctx, admin, target, 'manage');
  await ctx.db.transaction().execute(async (trx) => {
    await clearLoginFailures(trx, target.username);
    await recordAudit(trx, ctx, admin, { action: 'user.unlock', subjectType: 'user', subjectId: target.id, orgId: target.org_id ?? null });
  });
  return { id: target.id, username: target.username, unlocked: true };
}

/** Reception finds a citizen's account by username or ID number, to reset a password or move a binding. */
export async function findCitizenAccount(ctx: AppContext, actor: SessionUser, query: { username?: string | undefined; idNumber?: string | undefined }) {
  // Citizens belong to no unit: among administrators, only the city's manage them.
  if (actor.role !== 'reception' && !(await isCityLevel(ctx, actor))) throw outOfScope();
  if (!query.username && !query.idNumber) return { items: [] };
  let q = ctx.db.selectFrom('users').select(['id', 'username', 'full_name', 'active', 'id_number', 'created_at']).where('role', '=', 'citizen');
  if (query.username) q = q.where('username', '=', query.username.trim().toLowerCase());
  if (query.idNumber) q = q.where('id_number', '=', query.idNumber);
  const rows = await q.limit(5).execute();
  return { items: rows.map((r) => ({ id: r.id, username: r.username, fullName: r.full_name, active: r.active, idNumber: r.id_number, createdAt: r.created_at.toISOString() })) };
}

/**
 * Moves an ID number to the account of the person whose card the officer has checked. The number
 * leaves its current account (if any); the target must be an active citizen account without another
 * number. Every move is recorded in id_binding_moves.
 */
export async function moveIdBinding(ctx: AppContext, officer: SessionUser, body: { idNumber: string; toUserId?: string | undefined; toUsername?: string | undefined; reason: string }) {
  const issues = idNumberIssues(body.idNumber, { today: ctx.clock() });
  if (issues.length > 0) throw new DomainError('invalid-id-number', 422, { vi: 'Số định danh cá nhân không hợp lệ.', en: 'Invalid personal ID number.' }, issues);
  let q = ctx.db.selectFrom('users').select(['id', 'username', 'role', 'active', 'id_number']);
  q = body.toUserId ? q.where('id', '=', body.toUserId) : q.where('username', '=', (body.toUsername ?? '').trim().toLowerCase());
  const target = await q.executeTakeFirst();
  const field = body.toUserId ? 'toUserId' : 'toUsername';
  if (!target || target.role !== 'citizen') {
    throw new DomainError('not-found', 404, { vi: 'Không tìm thấy tài khoản công dân nhận số định danh.', en: 'No citizen account to receive the ID number.' }, [
      { path: field, message: { vi: 'Không tìm thấy tài khoản công dân', en: 'No such citizen account' } },
    ]);
  }
  if (!target.active) throw accountDeactivated();
  if (target.id_number === body.idNumber) throw new DomainError('already-bound', 409, { vi: 'Số định danh đã gắn với tài khoản này.', en: 'The ID number is already bound to this account.' });
  if (target.id_number) {
    throw new DomainError('target-has-id-number', 409, {
      vi: 'Tài khoản nhận đã gắn với một số định danh khác; hãy chuyển số đó đi trước.',
      en: 'The receiving account is bound to another ID number; move that one first.',
    });
  }
  const now = ctx.clock();
  const reason = body.reason.trim().normalize('NFC');
  const from = await ctx.db.transaction().execute(async (trx) => {
    const holder = await trx.selectFrom('users').select(['id', 'username']).where('id_number', '=', body.idNumber).forUpdate().executeTakeFirst();
    if (holder) await trx.updateTable('users').set({ id_number: null }).where('id', '=', holder.id).execute();
    await trx.updateTable('users').set({ id_number: body.idNumber }).where('id', '=', target.id).execute();
    await trx.insertInto('id_binding_moves').values({ id_number: body.idNumber, from_user_id: holder?.id ?? null, to_user_id: target.id, moved_by: officer.id, reason, moved_at: now }).execute();
    // The number itself stays in id_binding_moves; the audit names the accounts, the officer and the reason.
    await recordAudit(trx, ctx, officer, { action: 'identity.binding_move', subjectType: 'user', subjectId: target.id, orgId: officer.orgId, details: { fromUserId: holder?.id ?? null, reason } });
    return holder ?? null;
  });
  return { idNumber: body.idNumber, fromUserId: from?.id ?? null, fromUsername: from?.username ?? null, toUserId: target.id, toUsername: target.username, movedAt: now.toISOString() };
}
