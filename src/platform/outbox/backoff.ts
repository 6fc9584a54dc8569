/**
 * When a failed outbox message is tried again: 10 s × 2^(attempts − 1), capped at one hour, counted
 * from the clock the caller passes (pure: no Date.now()).
 */
export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_CAP_MS = 3_600_000;

/** `attempts`: how many attempts have failed so far, this one included (1 after the first failure). */
export function backoffDelayMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^9 × 10 s already exceeds the cap: stop doubling there (no overflow for large counts).
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 20));
}

export function nextAttemptAt(now: Date, attempts: number): Date {
  return new Date(now.getTime() + backoffDelayMs(attempts));
}
