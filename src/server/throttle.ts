/**
 * Login throttling: after 10 failures for one (address, username) in 15 minutes, further attempts
 * wait until the oldest failure ages out. In memory, per process: enough for one server; a cluster
 * would keep it in the database.
 */
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

export class LoginThrottle {
  private failures = new Map<string, number[]>();

  private recent(key: string, now: Date): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now.getTime() - t < WINDOW_MS);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  retryAfterSeconds(key: string, now: Date): number {
    const list = this.recent(key, now);
    if (list.length < MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil((list[0]! + WINDOW_MS - now.getTime()) / 1000));
  }

  failed(key: string, now: Date): void {
    this.failures.set(key, [...this.recent(key, now), now.getTime()]);
    if (this.failures.size > 100_000) this.failures.clear(); // bounded memory under a username spray
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}

export const loginThrottle = new LoginThrottle();
