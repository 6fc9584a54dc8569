import { describe, expect, it } from 'vitest';
import { compareWithRegistry, normaliseName } from './compare.ts';
import { registryDate } from '../client.ts';

const person = { fullName: 'Nguyễn Văn An', birthDate: '1990-05-14', sex: 'male' as const, permanentAddress: '12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh', currentAddress: '3 Pasteur, Phường Sài Gòn, Thành phố Hồ Chí Minh' };

describe('population comparison', () => {
  it('ignores case, Unicode composition (NFD vs NFC) and spacing — nothing more', () => {
    const nfd = 'nguyễn  VĂN   an '.normalize('NFD');
    expect(nfd).not.toBe('nguyễn  VĂN   an ');
    expect(normaliseName(nfd)).toBe('nguyễn văn an');
    expect(compareWithRegistry({ fullName: nfd, birthDate: '1990-05-14', address: '12 Lê Lợi ,Phường Sài Gòn,  THÀNH PHỐ Hồ Chí Minh.' }, person)).toEqual([]);
  });

  it('a name without its diacritics, or another name, is a mismatch with the registry value', () => {
    expect(compareWithRegistry({ fullName: 'Nguyen Van An' }, person)).toEqual([{ field: 'fullName', registry: 'Nguyễn Văn An' }]);
    expect(compareWithRegistry({ fullName: 'Nguyễn Văn Ân' }, person)).toEqual([{ field: 'fullName', registry: 'Nguyễn Văn An' }]);
  });

  it('an address matches the permanent or the current one; otherwise the current one is shown', () => {
    expect(compareWithRegistry({ fullName: 'Nguyễn Văn An', address: '3 Pasteur, Phường Sài Gòn, Thành phố Hồ Chí Minh' }, person)).toEqual([]);
    expect(compareWithRegistry({ fullName: 'Nguyễn Văn An', address: '12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh' }, person)).toEqual([{ field: 'address', registry: person.currentAddress }]);
  });

  it('birth dates: exact, or the year where only the year is registered; undeclared fields are not compared', () => {
    expect(compareWithRegistry({ fullName: 'Nguyễn Văn An', birthDate: '1990-05-15' }, person)).toEqual([{ field: 'birthDate', registry: '1990-05-14' }]);
    expect(compareWithRegistry({ fullName: 'Nguyễn Văn An', birthDate: '1990-12-01' }, { ...person, birthDate: '1990' })).toEqual([]);
    expect(compareWithRegistry({ fullName: 'Nguyễn Văn An', birthDate: '1991-01-01' }, { ...person, birthDate: '1990' })).toEqual([{ field: 'birthDate', registry: '1990' }]);
    expect(compareWithRegistry({ fullName: 'Nguyễn Văn An', birthDate: null, address: null }, person)).toEqual([]);
  });

  it("reads the registry's dates", () => {
    expect([registryDate('19900514'), registryDate('1955'), registryDate('19550000'), registryDate('14/05/1990'), registryDate(19900514)]).toEqual(['1990-05-14', '1955', '1955', null, null]);
  });
});
