import { describe, expect, it } from 'vitest';
import { parseCitizenCardQr } from './cccd.ts';
import { DomainError } from '../../../kernel/errors.ts';

const sample = '079303012345|025123456|NGUYỄN THỊ MỸ DUNG|15082003|Nữ|12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh|20042021';

describe('CCCD QR', () => {
  it('parses a card and offers title case', () => {
    const c = parseCitizenCardQr(sample);
    expect(c).toMatchObject({ idNumber: '079303012345', oldIdNumber: '025123456', sex: 'female', birthDate: '2003-08-15', issueDate: '2021-04-20', birthProvinceCode: '079' });
    expect(c.fullNameTitle).toBe('Nguyễn Thị Mỹ Dung');
  });

  it('tolerates scanner noise: prefix, CR/LF, full-width digits, empty old ID and trailing fields', () => {
    const noisy = '\u0002QR:０７９０８５００１２３４||TRẦN VĂN BÌNH|01011985|Nam|Phường Bến Thành, TP. Hồ Chí Minh|01012022||\r\n';
    const c = parseCitizenCardQr(noisy);
    expect(c.idNumber).toBe('079085001234');
    expect(c.oldIdNumber).toBeNull();
    expect(c.sex).toBe('male');
  });

  it('accepts decomposed Unicode (NFD) for Nữ', () => {
    expect(parseCitizenCardQr(sample.normalize('NFD')).sex).toBe('female');
  });

  it('rejects a contradiction between the ID digits and the data', () => {
    const wrongSex = sample.replace('|Nữ|', '|Nam|');
    expect(() => parseCitizenCardQr(wrongSex)).toThrow(DomainError);
    try {
      parseCitizenCardQr('079203012345||NGUYỄN A|15081999|Nữ|x|');
    } catch (e) {
      expect((e as DomainError).issues.map((i) => i.path)).toContain('birthDate');
    }
  });

  it('rejects a number whose first digits are no province code', () => {
    try {
      parseCitizenCardQr(sample.replace('079303012345', '003303012345'));
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).issues.map((i) => i.path)).toContain('idNumber');
    }
  });

  it('rejects text that is not a card', () => {
    expect(() => parseCitizenCardQr('https://example.org')).toThrow(/12-digit/);
  });
});
