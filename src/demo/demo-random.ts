/**
 * DEMO DATA. The seeded randomness and the fake people of the demo city's history (./demo-history.ts):
 * a small PRNG, so the same seed gives the same year on every machine, and plausible but fake
 * Vietnamese applicants. Their ID numbers start with 099, a province code that does not exist, and
 * their phone numbers with 0900, so no real person is named.
 */

/** mulberry32: tiny, fast and good enough for demo data; Math.random would not be reproducible. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** An item drawn with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((s, x) => s + weight(x), 0);
    let r = this.next() * total;
    for (const x of items) {
      r -= weight(x);
      if (r < 0) return x;
    }
    return items[items.length - 1]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** A stable 32-bit number from a text (FNV-1a), to derive a unit's own seed from the city's. */
export function hashText(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Trương', 'Đinh', 'Lâm', 'Mai'];
const MIDDLE_M = ['Văn', 'Minh', 'Quốc', 'Đức', 'Hoàng', 'Thanh', 'Gia', 'Hữu', 'Công', 'Tuấn'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Bảo', 'Kim', 'Mỹ', 'Phương', 'Hồng', 'Diệu'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Duy', 'Hải', 'Hiếu', 'Hùng', 'Khang', 'Khánh', 'Long', 'Nam', 'Nghĩa', 'Phúc', 'Quân', 'Sơn', 'Tài', 'Thành', 'Thắng', 'Trí', 'Tùng', 'Vinh'];
const GIVEN_F = ['Anh', 'Châu', 'Giang', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Tâm', 'Thảo', 'Trang', 'Trinh', 'Uyên', 'Vy', 'Yến'];
const STREETS = ['Lê Lợi', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Pasteur', 'Nam Kỳ Khởi Nghĩa', 'Điện Biên Phủ', 'Võ Văn Tần', 'Trần Hưng Đạo', 'Cách Mạng Tháng Tám', 'Nguyễn Đình Chiểu', 'Lý Tự Trọng', 'Phan Xích Long', 'Bạch Đằng', 'Xô Viết Nghệ Tĩnh', 'Kha Vạn Cân'];
const COMPANY = ['Công ty TNHH Thương mại Dịch vụ', 'Công ty Cổ phần', 'Công ty TNHH Một thành viên', 'Hợp tác xã'];
const COMPANY_NAME = ['Sao Mai', 'Phú Thịnh', 'Hòa Bình', 'Bến Nghé', 'Thành Công', 'Đại Phát', 'Hưng Long', 'Nam Việt', 'Tân Tiến', 'Minh Khang'];

export interface FakeApplicant {
  type: 'individual' | 'organisation';
  fullName: string;
  idNumber?: string;
  taxCode?: string;
  birthDate?: string;
  address: string;
  phone: string;
}

/** A plausible, fake applicant living in `area` (a ward's name, or the city's). */
export function fakeApplicant(r: Random, area: string, kind: 'individual' | 'organisation'): FakeApplicant {
  const address = `${r.int(1, 399)} ${r.pick(STREETS)}, ${area}, Thành phố Hồ Chí Minh`;
  const phone = `0900${String(r.int(0, 999999)).padStart(6, '0')}`;
  if (kind === 'organisation') {
    return { type: 'organisation', fullName: `${r.pick(COMPANY)} ${r.pick(COMPANY_NAME)}`, taxCode: `03${String(r.int(0, 99_999_999)).padStart(8, '0')}`, address, phone };
  }
  const female = r.chance(0.5);
  const fullName = `${r.pick(FAMILY)} ${r.pick(female ? MIDDLE_F : MIDDLE_M)} ${r.pick(female ? GIVEN_F : GIVEN_M)}`;
  const year = r.int(1950, 2005);
  // 12 digits: province 099 (none has it), sex-and-century digit, year of birth, then a serial.
  const idNumber = `099${female ? (year >= 2000 ? 3 : 1) : year >= 2000 ? 2 : 0}${String(year % 100).padStart(2, '0')}${String(r.int(0, 999_999)).padStart(6, '0')}`;
  const birthDate = `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  return { type: 'individual', fullName, idNumber, birthDate, address, phone };
}

export const REFUSAL_REASONS = [
  'Thủ tục không thuộc thẩm quyền giải quyết của cơ quan; đề nghị nộp tại Sở Tư pháp.',
  'Hồ sơ đã được giải quyết trước đây; không tiếp nhận hồ sơ trùng.',
  'Người nộp không có quyền yêu cầu theo quy định (không phải người có quyền, lợi ích liên quan).',
  'Giấy tờ xuất trình là bản chụp không rõ nét, không xác định được nội dung; không đủ điều kiện tiếp nhận.',
  'Yêu cầu chứng thực bản sao từ bản chính giả mạo, bị tẩy xóa, sửa chữa nội dung.',
  'Nội dung đề nghị trái quy định pháp luật.',
];

export const SUPPLEMENT_REQUESTS: Array<{ reason: string; item: string; itemReason: string }> = [
  { reason: 'Hồ sơ thiếu thành phần bắt buộc.', item: 'Bản sao giấy tờ pháp lý của cá nhân', itemReason: 'Chưa khai thác được từ Cơ sở dữ liệu quốc gia về dân cư' },
  { reason: 'Tờ khai chưa đầy đủ thông tin.', item: 'Tờ khai, đơn đề nghị', itemReason: 'Thiếu chữ ký của người yêu cầu' },
  { reason: 'Cần bổ sung giấy tờ chứng minh.', item: 'Giấy tờ chứng minh nơi cư trú', itemReason: 'Thông tin cư trú không khớp với tờ khai' },
  { reason: 'Bản vẽ chưa đúng quy cách.', item: 'Bản vẽ thiết kế', itemReason: 'Thiếu bản vẽ mặt bằng, tỷ lệ không đúng' },
  { reason: 'Hợp đồng chưa được công chứng, chứng thực.', item: 'Hợp đồng, giao dịch', itemReason: 'Cần bản đã công chứng, chứng thực' },
];

export const APOLOGY_REASONS = [
  'Hồ sơ cần lấy ý kiến cơ quan liên quan nên chưa kịp giải quyết đúng hẹn; cơ quan xin lỗi ông/bà và hẹn lại.',
  'Cán bộ thụ lý phải xác minh thực địa; xin lỗi vì sự chậm trễ và hẹn lại thời gian trả kết quả.',
  'Hệ thống cơ sở dữ liệu chuyên ngành gián đoạn; cơ quan xin lỗi và hẹn lại.',
];

export const RATING_COMMENTS = {
  very_satisfied: ['Cán bộ hướng dẫn tận tình, giải quyết nhanh.', 'Rất hài lòng, trả kết quả trước hẹn.', 'Thủ tục trực tuyến thuận tiện.'],
  satisfied: ['Đúng hẹn.', 'Hướng dẫn rõ ràng.', 'Ổn, nhưng phải chờ hơi lâu ở quầy.'],
  dissatisfied: ['Phải đi lại nhiều lần.', 'Trả kết quả trễ hẹn.'],
} as const;
