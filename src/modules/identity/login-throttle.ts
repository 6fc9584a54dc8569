/**
 * Failed sign-ins per account name, in the database (table login_failures, migration 014): they hold
 * across restarts and across processes, and are never cleared wholesale — a name's row ends with its
 * successful sign-in, an administrator's unlock, or when it has gone stale. The rules are pure
 * (src/modules/identity/domain/login-backoff.ts).
 */
import { DomainError } from '../../kernel/errors.ts';
import { afterFailure, FAILURE_WINDOW_MS, LOCK_MS, refusal, type FailureState } from './domain/login-backoff.ts';
import type { Database } from '../../platform/db/db.ts';
import type { AppContext } from '../../context.ts';

/** A refusal that carries the seconds for the Retry-After header. */
export class LoginThrottled extends DomainError {
  constructor(
    kind: 'locked' | 'backoff',
    readonly retryAfterSeconds: number,
  ) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    super(
      kind === 'locked' ? 'account-locked' : 'too-many-attempts',
      kind === 'locked' ? 423 : 429,
      kind === 'locked'
        ? {
            vi: `Đăng nhập sai quá nhiều lần: tài khoản tạm khóa. Thử lại sau ${minutes} phút hoặc liên hệ quản trị viên để mở khóa.`,
            en: `Too many failed sign-ins: the account is locked. Try again in ${minutes} minutes or ask an administrator to unlock it.`,
          }
        : {
            vi: `Đăng nhập sai nhiều lần. Vui lòng chờ ${retryAfterSeconds} giây rồi thử lại.`,
            en: `Several failed sign-ins. Please wait ${retryAfterSeconds} seconds and try again.`,
          },
    );
  }
}

/**
 * Counts a sign-in attempt as a failure before the password is checked, or refuses it (backoff, lock).
 * Counting first, under a row lock, is what keeps a burst of parallel guesses from all passing the
 * check before any failure is written; a successful attempt then clears the count
 * (clearLoginFailures). Call it before verifying the password, every time.
 */
export async function claimLoginAttempt(ctx: AppContext, username: string): Promise<void> {
  const now = ctx.clock();
  const refused = await ctx.db.transaction().execute(async (trx) => {
    // Create the row first so that the locking read below always finds one, even when several
    // processes see the first attempt of a name at the same time.
    await trx
      .insertInto('login_failures')
      .values({ username, failures: 0, window_start: now, last_failure_at: now, locked_until: null })
      .onConflict((oc) => oc.column('username').doNothing())
      .execute();
    const row = await trx.selectFrom('login_failures').selectAll().where('username', '=', username).forUpdate().executeTakeFirstOrThrow();
    const state: FailureState | null = row.failures === 0 ? null : { failures: row.failures, windowStart: row.window_start, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until };
    const r = refusal(state, now);
    if (r) return r;
    const next = afterFailure(state, now);
    await trx
      .updateTable('login_failures')
      .set({ failures: next.failures, window_start: next.windowStart, last_failure_at: next.lastFailureAt, locked_until: next.lockedUntil })
      .where('username', '=', username)
      .execute();
    // Other names' rows that can no longer refuse anything (a bounded table under a spray of names).
    await trx
      .deleteFrom('login_failures')
      .where('last_failure_at', '<', new Date(now.getTime() - FAILURE_WINDOW_MS - LOCK_MS))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .execute();
    return null;
  });
  if (refused) throw new LoginThrottled(refused.kind, refused.retryAfterSeconds);
}

/** After a successful sign-in, a password reset, or an administrator's unlock: this name only. */
export async function clearLoginFailures(db: Database, username: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
}
