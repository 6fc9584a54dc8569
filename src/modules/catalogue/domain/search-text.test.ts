import { describe, expect, it } from 'vitest';
import { compareVietnamese, foldVietnamese, searchCandidates, toleranceNeeded, withinOneEdit } from './search-text.ts';

const candidate = (name: string) => ({ name, searchText: foldVietnamese(`${name} 1.000000.H29 Hộ tịch`) });
const catalogue = ['Đăng ký kết hôn', 'Đăng ký khai sinh', 'Đăng ký khai tử', 'Cấp Giấy xác nhận tình trạng hôn nhân', 'Xét, duyệt trợ cấp xã hội hằng tháng', 'Ăn uống', 'An toàn thực phẩm'].map(candidate);
const names = (q: string) => searchCandidates(catalogue, q).map((c) => c.name);

describe('catalogue search tolerance', () => {
  it('one edit: changed, missing, extra letter or swapped neighbours; never two', () => {
    expect(withinOneEdit('sihn', 'sinh')).toBe(true);
    expect(withinOneEdit('khia', 'khai')).toBe(true);
    expect(withinOneEdit('sinh', 'sinh')).toBe(true);
    expect(withinOneEdit('sin', 'sinh')).toBe(true);
    expect(withinOneEdit('sinhh', 'sinh')).toBe(true);
    expect(withinOneEdit('sanh', 'sinh')).toBe(true);
    expect(withinOneEdit('snih', 'sinh')).toBe(true);
    expect(withinOneEdit('hisn', 'sinh')).toBe(false);
    expect(withinOneEdit('si', 'sinh')).toBe(false);
  });

  it('counts the words that needed a tolerance, null when one is not found', () => {
    const text = foldVietnamese('Đăng ký kết hôn');
    expect(toleranceNeeded(text, ['dang', 'ky'])).toBe(0);
    expect(toleranceNeeded(text, ['dkkh'])).toBe(1);
    expect(toleranceNeeded(text, ['dang', 'hno'])).toBe(null); // 3 letters: no typo tolerance
    expect(toleranceNeeded(text, ['kett'])).toBe(1);
    expect(toleranceNeeded(text, ['xyzxyz'])).toBe(null);
  });

  it('finds by words without diacritics, initials and one typo', () => {
    expect(names('dang ky ket hon')).toEqual(['Đăng ký kết hôn']);
    expect(names('đkkh')).toEqual(['Đăng ký kết hôn']);
    expect(names('ĐKKS')).toEqual(['Đăng ký khai sinh']);
    expect(names('khai sihn')).toEqual(['Đăng ký khai sinh']);
    expect(names('khia sinh')).toEqual(['Đăng ký khai sinh']);
    expect(names('khai xyz')).toEqual([]);
  });

  it('exact matches rank before tolerated ones, then the shortest name', () => {
    expect(names('dang ky khai')).toEqual(['Đăng ký khai tử', 'Đăng ký khai sinh']);
    // "nhan" is in "xác nhận … hôn nhân" exactly; "honn" needs a typo tolerance for "hôn".
    const ranked = searchCandidates([candidate('Đăng ký kết hôn'), candidate('Cấp Giấy xác nhận tình trạng hôn nhân')], 'honn');
    expect(ranked.map((c) => c.name)).toEqual(['Đăng ký kết hôn', 'Cấp Giấy xác nhận tình trạng hôn nhân']);
  });

  it('sorts in Vietnamese alphabetical order, not code-point order', () => {
    expect(['Xác nhận', 'Đăng ký', 'Dân', 'Cấp', 'Ăn', 'Bảo'].sort(compareVietnamese)).toEqual(['Ăn', 'Bảo', 'Cấp', 'Dân', 'Đăng ký', 'Xác nhận']);
    expect(names('')).toEqual(['An toàn thực phẩm', 'Ăn uống', 'Cấp Giấy xác nhận tình trạng hôn nhân', 'Đăng ký kết hôn', 'Đăng ký khai sinh', 'Đăng ký khai tử', 'Xét, duyệt trợ cấp xã hội hằng tháng']);
  });
});
