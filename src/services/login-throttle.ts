/**
 * Failed sign-ins per account name, in the database (table login_failures, migration 014): they hold
 * across restarts and across processes, and are never cleared wholesale — a name's row ends with its
 * successful sign-in, an administrator's unlock, or when it has gone stale. The rules are pure
 * (src/domain/accounts/login-backoff.ts).
 */
import { DomainError } from '../domain/errors.ts';
import { afterFailure, FAILURE_WINDOW_MS, LOCK_MS, refusal, type FailureState } from '../domain/accounts/login-backoff.ts';
import type { Database } from '../store/db.ts';
import type { AppContext } from './context.ts';

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

async function stateOf(db: Database, username: string): Promise<FailureState | null> {
  const row = await db.selectFrom('login_failures').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? { failures: row.failures, windowStart: row.window_start, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until } : null;
}

export async function refuseIfThrottled(ctx: AppContext, username: string): Promise<void> {
  const r = refusal(await stateOf(ctx.db, username), ctx.clock());
  if (r) throw new LoginThrottled(r.kind, r.retryAfterSeconds);
}

export async function recordLoginFailure(ctx: AppContext, username: string): Promise<void> {
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    // Create the row first so that the locking read below always finds one, even when several
    // processes record the first failure of a name at the same time.
    await trx
      .insertInto('login_failures')
      .values({ username, failures: 0, window_start: now, last_failure_at: now, locked_until: null })
      .onConflict((oc) => oc.column('username').doNothing())
      .execute();
    const row = await trx.selectFrom('login_failures').selectAll().where('username', '=', username).forUpdate().executeTakeFirstOrThrow();
    const previous = row.failures === 0 ? null : { failures: row.failures, windowStart: row.window_start, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until };
    const next = afterFailure(previous, now);
    await trx
      .updateTable('login_failures')
      .set({ failures: next.failures, window_start: next.windowStart, last_failure_at: next.lastFailureAt, locked_until: next.lockedUntil })
      .where('username', '=', username)
      .execute();
    // Other names' rows that can no longer refuse anything (bounded table under a spray of names).
    await trx
      .deleteFrom('login_failures')
      .where('last_failure_at', '<', new Date(now.getTime() - FAILURE_WINDOW_MS - LOCK_MS))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .execute();
  });
}

/** After a successful sign-in, a password reset, or an administrator's unlock: this name only. */
export async function clearLoginFailures(db: Database, username: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
}
