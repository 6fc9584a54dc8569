/**
 * DEMO DATA. Ho Chi Minh City as organised since 1 July 2025: the city (H29), its departments and a
 * sample of its wards, communes and the Côn Đảo special zone; no district level. Agency e-IDs follow the
 * QCVN 102:2016 shape but are illustrative, not the official assignments.
 */
import type { OrgCalendarConfig } from '../platform/db/schema-organisations.ts';

export interface DemoOrg {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string;
  kind: 'province' | 'department' | 'commune' | 'unit' | 'centre';
  agencyEid: string;
  address: string;
  phone: string;
  calendar?: OrgCalendarConfig;
}

const city = 'Thành phố Hồ Chí Minh';

export const DEMO_ORGANISATIONS: DemoOrg[] = [
  { id: 'h29', parentId: null, name: `Ủy ban nhân dân ${city}`, shortName: 'UBND TP.HCM', kind: 'province', agencyEid: '000.00.00.H29', address: `86 Lê Thánh Tôn, Phường Sài Gòn, ${city}`, phone: '02838296052' },
  { id: 'ttphvhcc', parentId: 'h29', name: `Trung tâm Phục vụ hành chính công ${city}`, shortName: 'TTPVHCC', kind: 'centre', agencyEid: '000.00.30.H29', address: `Phường Sài Gòn, ${city}`, phone: '02838220000' },
  { id: 'so-tu-phap', parentId: 'h29', name: 'Sở Tư pháp', shortName: 'STP', kind: 'department', agencyEid: '000.00.01.H29', address: `141-143 Pasteur, Phường Xuân Hòa, ${city}`, phone: '02838290230' },
  { id: 'so-tai-chinh', parentId: 'h29', name: 'Sở Tài chính', shortName: 'STC', kind: 'department', agencyEid: '000.00.02.H29', address: `32 Lê Thánh Tôn, Phường Sài Gòn, ${city}`, phone: '02838293179' },
  { id: 'so-xay-dung', parentId: 'h29', name: 'Sở Xây dựng', shortName: 'SXD', kind: 'department', agencyEid: '000.00.03.H29', address: `60 Trương Định, Phường Xuân Hòa, ${city}`, phone: '02839325982' },
  { id: 'so-cong-thuong', parentId: 'h29', name: 'Sở Công Thương', shortName: 'SCT', kind: 'department', agencyEid: '000.00.04.H29', address: `163 Hai Bà Trưng, Phường Xuân Hòa, ${city}`, phone: '02838296035' },
  { id: 'so-y-te', parentId: 'h29', name: 'Sở Y tế', shortName: 'SYT', kind: 'department', agencyEid: '000.00.05.H29', address: `59 Nguyễn Thị Minh Khai, Phường Bến Thành, ${city}`, phone: '02839309912' },
  { id: 'so-gddt', parentId: 'h29', name: 'Sở Giáo dục và Đào tạo', shortName: 'SGDĐT', kind: 'department', agencyEid: '000.00.06.H29', address: `66-68 Lê Thánh Tôn, Phường Sài Gòn, ${city}`, phone: '02838291875' },
  { id: 'so-nnmt', parentId: 'h29', name: 'Sở Nông nghiệp và Môi trường', shortName: 'SNNMT', kind: 'department', agencyEid: '000.00.07.H29', address: `63 Lý Tự Trọng, Phường Sài Gòn, ${city}`, phone: '02838293912' },
  { id: 'vpdkdd', parentId: 'so-nnmt', name: `Văn phòng Đăng ký đất đai ${city}`, shortName: 'VPĐKĐĐ', kind: 'unit', agencyEid: '000.01.07.H29', address: `12 Phan Đình Giót, Phường Tân Sơn Hòa, ${city}`, phone: '02838421010' },
  { id: 'so-noi-vu', parentId: 'h29', name: 'Sở Nội vụ', shortName: 'SNV', kind: 'department', agencyEid: '000.00.08.H29', address: `68 Lê Thánh Tôn, Phường Sài Gòn, ${city}`, phone: '02838224560' },
  { id: 'so-vhtt', parentId: 'h29', name: 'Sở Văn hóa và Thể thao', shortName: 'SVHTT', kind: 'department', agencyEid: '000.00.09.H29', address: `164 Đồng Khởi, Phường Sài Gòn, ${city}`, phone: '02838295586' },
  { id: 'so-khcn', parentId: 'h29', name: 'Sở Khoa học và Công nghệ', shortName: 'SKHCN', kind: 'department', agencyEid: '000.00.10.H29', address: `244 Điện Biên Phủ, Phường Xuân Hòa, ${city}`, phone: '02839327831' },
  { id: 'so-ngoai-vu', parentId: 'h29', name: 'Sở Ngoại vụ', shortName: 'SNgV', kind: 'department', agencyEid: '000.00.11.H29', address: `6 Alexandre de Rhodes, Phường Sài Gòn, ${city}`, phone: '02838224124' },
  { id: 'so-dan-toc-ton-giao', parentId: 'h29', name: 'Sở Dân tộc và Tôn giáo', shortName: 'SDTTG', kind: 'department', agencyEid: '000.00.12.H29', address: `Phường Xuân Hòa, ${city}`, phone: '02838230000' },
  ...[
    ['phuong-sai-gon', 'Phường Sài Gòn', '45-47 Lê Duẩn'],
    ['phuong-ben-thanh', 'Phường Bến Thành', '92 Nguyễn Trãi'],
    ['phuong-tan-dinh', 'Phường Tân Định', '98 Trần Quang Khải'],
    ['phuong-cau-ong-lanh', 'Phường Cầu Ông Lãnh', '140 Nguyễn Thái Học'],
    ['phuong-ban-co', 'Phường Bàn Cờ', '185 Cách Mạng Tháng Tám'],
    ['phuong-xuan-hoa', 'Phường Xuân Hòa', '99 Trần Quốc Thảo'],
    ['phuong-nhieu-loc', 'Phường Nhiêu Lộc', '35 Trần Văn Đang'],
    ['phuong-binh-thanh', 'Phường Bình Thạnh', '6 Phan Đăng Lưu'],
    ['phuong-gia-dinh', 'Phường Gia Định', '18 Phan Đăng Lưu'],
    ['phuong-thu-duc', 'Phường Thủ Đức', '43 Nguyễn Văn Bá'],
    ['phuong-hiep-binh', 'Phường Hiệp Bình', '678 Quốc lộ 13'],
    ['xa-cu-chi', 'Xã Củ Chi', '77 Quốc lộ 22'],
    ['xa-can-gio', 'Xã Cần Giờ', 'Đường Lương Văn Nho'],
    ['xa-nha-be', 'Xã Nhà Bè', '330 Nguyễn Bình'],
    ['dac-khu-con-dao', 'Đặc khu Côn Đảo', '28 Tôn Đức Thắng'],
  ].map(([id, name, street], i): DemoOrg => ({
    id: id!,
    parentId: 'h29',
    name: `Ủy ban nhân dân ${name}`,
    shortName: name!,
    kind: 'commune',
    agencyEid: `000.20.${String(i + 1).padStart(2, '0')}.H29`,
    address: `${street}, ${name}, ${city}`,
    phone: `0283${String(8200000 + i * 1371).padStart(7, '0')}`,
    // Phường Bến Thành receives on Saturday mornings: a Saturday counts only where the calendar says so.
    ...(id === 'phuong-ben-thanh'
      ? { calendar: { weeklyHours: ['', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30'] } }
      : {}),
  })),
];

export const DEMO_FIELDS: Array<[string, string]> = [
  ['ho-kinh-doanh', 'Thành lập và hoạt động của hộ kinh doanh'],
  ['doanh-nghiep', 'Thành lập và hoạt động của doanh nghiệp'],
  ['ho-tich', 'Hộ tịch'],
  ['chung-thuc', 'Chứng thực'],
  ['ly-lich-tu-phap', 'Lý lịch tư pháp'],
  ['xay-dung', 'Hoạt động xây dựng'],
  ['giao-thong', 'Đường bộ'],
  ['luu-thong-hang-hoa', 'Lưu thông hàng hóa trong nước'],
  ['dat-dai', 'Đất đai'],
  ['an-toan-thuc-pham', 'An toàn thực phẩm'],
  ['duoc', 'Dược'],
  ['giao-duc', 'Giáo dục và đào tạo'],
  ['bao-tro-xa-hoi', 'Bảo trợ xã hội'],
  ['van-hoa', 'Văn hóa'],
];
