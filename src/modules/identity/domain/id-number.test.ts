import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { birthYearOf, idNumberIssues, isValidIdNumber, sexOf } from './id-number.ts';
import { PROVINCE_CODES, isProvinceCode } from './provinces.ts';

const today = new Date('2026-12-01T00:00:00Z');
const codes = Object.keys(PROVINCE_CODES);

/** A number as the register would issue it: province, century+sex, year, serial. */
const validNumber = fc
  .record({
    province: fc.constantFrom(...codes),
    year: fc.integer({ min: 1900, max: 2026 }),
    female: fc.boolean(),
    serial: fc.integer({ min: 0, max: 999_999 }),
  })
  .map(({ province, year, female, serial }) => ({
    id: `${province}${Math.floor((year - 1900) / 100) * 2 + (female ? 1 : 0)}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`,
    year,
    female,
  }));

describe('personal ID number', () => {
  it('the official list has the 63 pre-2025 provinces, 001 to 096 with gaps', () => {
    expect(codes).toHaveLength(63);
    expect(codes[0]).toBe('001');
    expect(codes.at(-1)).toBe('096');
    expect(isProvinceCode('003')).toBe(false);
    expect(isProvinceCode('079')).toBe(true);
  });

  it('accepts the demo numbers', () => {
    for (const id of ['079090001234', '079195004321', '079199004321', '079185012345', '079185000111', '079303012345', '079085001234']) {
      expect(idNumberIssues(id, { today }), id).toEqual([]);
    }
    expect(isValidIdNumber('079090001234', { birthDate: '1990-05-01' })).toBe(true);
    expect(birthYearOf('079090001234')).toBe(1990);
    expect(birthYearOf('079303012345')).toBe(2003);
    expect(sexOf('079195004321')).toBe('female');
  });

  it('refuses a wrong shape, an unknown province, a future year and a contradicting birth date', () => {
    expect(idNumberIssues('07909000123')[0]!.path).toBe('idNumber');
    expect(isValidIdNumber('07909000123a')).toBe(false);
    expect(isValidIdNumber('000090001234')).toBe(false);
    expect(isValidIdNumber('003090001234')).toBe(false);
    expect(isValidIdNumber('097090001234')).toBe(false);
    expect(isValidIdNumber('079290001234', { today })).toBe(false); // born 2090
    expect(isValidIdNumber('079090001234', { birthDate: '2090-01-01' })).toBe(false); // 4th digit says 1900s
    expect(isValidIdNumber('079090001234', { birthDate: '1991-01-01' })).toBe(false); // digits 5–6 say 90
    const [issue] = idNumberIssues('079090001234', { birthDate: '1985-01-01' }, 'applicant.idNumber');
    expect(issue!.path).toBe('applicant.idNumber');
    expect(issue!.message.vi).toContain('năm sinh');
  });

  it('property: every number built from a province, a past birth year and a sex is valid and decodes back', () => {
    fc.assert(
      fc.property(validNumber, ({ id, year, female }) => {
        expect(idNumberIssues(id, { today, birthDate: `${year}-06-15` })).toEqual([]);
        expect(birthYearOf(id)).toBe(year);
        expect(sexOf(id)).toBe(female ? 'female' : 'male');
      }),
    );
  });

  it('property: a different birth year is always refused', () => {
    fc.assert(
      fc.property(validNumber, fc.integer({ min: 1900, max: 2026 }), ({ id, year }, other) => {
        fc.pre(other !== year);
        expect(isValidIdNumber(id, { birthDate: `${other}-01-01` })).toBe(false);
      }),
    );
  });

  it('property: a number whose first three digits are no province is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.stringMatching(/^\d{9}$/), (p, rest) => {
        const province = String(p).padStart(3, '0');
        fc.pre(!isProvinceCode(province));
        expect(isValidIdNumber(province + rest)).toBe(false);
      }),
    );
  });

  it('property: anything but 12 digits is refused', () => {
    fc.assert(fc.property(fc.string({ maxLength: 20 }).filter((s) => !/^\d{12}$/.test(s)), (s) => {
      expect(isValidIdNumber(s)).toBe(false);
    }));
  });
});
