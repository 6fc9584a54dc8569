import { describe, expect, it } from 'vitest';
import { dateLimitIssue, numberLimitIssue } from './form-limits.ts';

describe('form field limits', () => {
  it('numbers: no negative by default, min and max from the field', () => {
    expect(numberLimitIssue({}, -1, 'form.x')?.path).toBe('form.x');
    expect(numberLimitIssue({}, 0, 'form.x')).toBeNull();
    expect(numberLimitIssue({ min: -10 }, -5, 'form.x')).toBeNull();
    expect(numberLimitIssue({ min: 1, max: 10 }, 11, 'form.x')?.message.en).toBe('Must be at most 10');
  });

  it('dates: real calendar dates, not after today when notFuture', () => {
    expect(dateLimitIssue({ notFuture: true }, '2026-11-24', '2026-11-23', 'form.d')?.message.en).toBe('Must not be in the future');
    expect(dateLimitIssue({ notFuture: true }, '2026-11-23', '2026-11-23', 'form.d')).toBeNull();
    expect(dateLimitIssue({}, '2030-01-01', '2026-11-23', 'form.d')).toBeNull();
    expect(dateLimitIssue({}, '2026-02-30', '2026-11-23', 'form.d')?.message.en).toBe('No such date');
  });
});
