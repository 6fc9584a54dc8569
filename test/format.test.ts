/**
 * The web app's one formatting helper (web/src/lib/format.ts, pure): dates dd/MM/yyyy, times HH:mm in
 * Vietnam time whatever the device's zone, numbers 1.234.567 and money 1.234.000 ₫ (issue 14, fault 10).
 * The same numeric forms in English mode; they never depend on the browser's locale data.
 */
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatFormValue, formatMoney, formatNumber, formatTime } from '../web/src/lib/format.ts';

describe('web formatting', () => {
  it('writes dates and times the Vietnamese way, in Vietnam time', () => {
    expect(formatDateTime('2026-12-01T17:05:00Z')).toBe('02/12/2026 00:05');
    expect(formatDateTime('2026-03-09T08:30:00+07:00')).toBe('09/03/2026 08:30');
    expect(formatDate('2026-12-01T17:05:00Z')).toBe('02/12/2026');
    expect(formatDate('1990-01-31')).toBe('31/01/1990');
    expect(formatTime('2026-12-01T01:07:00Z')).toBe('08:07');
    expect(formatDateTime(null)).toBe('—');
  });

  it('groups thousands with dots and writes money in đồng with ₫', () => {
    expect(formatNumber(1234000)).toBe('1.234.000');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(-45000)).toBe('-45.000');
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatNumber(0)).toBe('0');
    expect(formatMoney(1234000, 'vi')).toBe('1.234.000 ₫');
    expect(formatMoney(1234000, 'en')).toBe('1,234,000 ₫');
    // English numbers read the English way (a share of 95.5 %, not 95,5 %).
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(-45000, 'en')).toBe('-45,000');
    expect(formatNumber(95.5, 'vi')).toBe('95,5');
    expect(formatMoney(0, 'vi')).toBe('Miễn phí');
    expect(formatMoney(null, 'en')).toBe('Depends on the case');
  });

  it('formats a form value by its field: dates, numbers, amounts in đồng; text as typed', () => {
    expect(formatFormValue({ name: 'eventDate', type: 'date' }, '2026-11-20')).toBe('20/11/2026');
    expect(formatFormValue({ name: 'parcelAreaM2', type: 'number' }, 80.5)).toBe('80,5');
    expect(formatFormValue({ name: 'capitalVnd', type: 'number' }, 50_000_000)).toBe('50.000.000 ₫');
    expect(formatFormValue(undefined, 1500)).toBe('1.500');
    expect(formatFormValue({ name: 'businessName', type: 'text' }, 'Phở 2000')).toBe('Phở 2000');
    expect(formatFormValue({ name: 'x', type: 'text' }, '')).toBe('—');
    expect(formatFormValue({ name: 'x', type: 'text' }, undefined)).toBe('—');
  });
});
