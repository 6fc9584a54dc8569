import { describe, expect, it } from 'vitest';
import { afterFailure, refusal, type FailureState } from './login-backoff.ts';

const t0 = new Date('2026-12-01T02:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('login backoff', () => {
  it('lets the first four failures retry at once, then waits 1, 2, 4, 8, 16 s', () => {
    let s: FailureState | null = null;
    for (let i = 0; i < 4; i++) {
      s = afterFailure(s, t0);
      expect(refusal(s, t0)).toBeNull();
    }
    s = afterFailure(s, t0);
    expect(refusal(s, t0)).toEqual({ kind: 'backoff', retryAfterSeconds: 1 });
    expect(refusal(s, at(1))).toBeNull();
    s = afterFailure(s, at(1));
    expect(refusal(s, at(1))).toEqual({ kind: 'backoff', retryAfterSeconds: 2 });
  });

  it('locks for 15 minutes at the tenth failure within 15 minutes, then starts afresh', () => {
    let s: FailureState | null = null;
    let now = 0;
    for (let i = 0; i < 10; i++) {
      s = afterFailure(s, at(now));
      now += 20;
    }
    const r = refusal(s, at(now));
    expect(r?.kind).toBe('locked');
    expect(r!.retryAfterSeconds).toBeGreaterThan(14 * 60);
    const after = at(180 + 15 * 60 + 1);
    expect(refusal(s, after)).toBeNull();
    expect(afterFailure(s, after).failures).toBe(1);
  });

  it('failures spread over more than 15 minutes never lock', () => {
    let s: FailureState | null = null;
    for (let i = 0; i < 30; i++) s = afterFailure(s, at(i * 8 * 60));
    expect(s!.lockedUntil).toBeNull();
  });
});
