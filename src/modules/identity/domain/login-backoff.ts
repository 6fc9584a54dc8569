/**
 * Failed sign-ins per account name: after 5 failures each further attempt waits 1, 2, 4, 8, 16 s
 * after the last failure; 10 failures within 15 minutes lock the name for 15 minutes. Attempts refused
 * by the wait are not counted (they never reach the password check). Pure: the caller passes the clock.
 */
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const BACKOFF_AFTER = 5;
export const LOCK_AFTER = 10;
export const LOCK_MS = 15 * 60_000;
const MAX_DELAY_MS = 5 * 60_000;

export interface FailureState {
  failures: number;
  windowStart: Date;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

export type LoginRefusal = { kind: 'locked' | 'backoff'; retryAfterSeconds: number };

const lockActive = (s: FailureState, now: Date) => !!s.lockedUntil && s.lockedUntil.getTime() > now.getTime();

/** A state whose window is over and that holds no lock counts for nothing. */
export const isStale = (s: FailureState, now: Date): boolean => now.getTime() - s.windowStart.getTime() >= FAILURE_WINDOW_MS && !lockActive(s, now);

export function backoffDelayMs(failures: number): number {
  return failures < BACKOFF_AFTER ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - BACKOFF_AFTER));
}

export function afterFailure(previous: FailureState | null, now: Date): FailureState {
  const base = !previous || isStale(previous, now) ? { failures: 0, windowStart: now, lockedUntil: null } : previous;
  const failures = base.failures + 1;
  const lockedUntil = failures >= LOCK_AFTER && !lockActive(base as FailureState, now) ? new Date(now.getTime() + LOCK_MS) : base.lockedUntil;
  return { failures, windowStart: base.windowStart, lastFailureAt: now, lockedUntil };
}

export function refusal(state: FailureState | null, now: Date): LoginRefusal | null {
  if (!state) return null;
  const seconds = (until: number) => Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  if (lockActive(state, now)) return { kind: 'locked', retryAfterSeconds: seconds(state.lockedUntil!.getTime()) };
  if (isStale(state, now)) return null;
  const allowedAt = state.lastFailureAt.getTime() + backoffDelayMs(state.failures);
  return allowedAt > now.getTime() ? { kind: 'backoff', retryAfterSeconds: seconds(allowedAt) } : null;
}
