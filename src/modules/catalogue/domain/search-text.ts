/**
 * Accent-insensitive search: "dang ky ho kinh doanh" must find "Đăng ký thành lập hộ kinh doanh".
 * We fold both the stored text and the query to lower-case ASCII (đ → d), then match word by word.
 */

export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
}

/** Words of a query, folded; empty words and duplicates removed, at most 12 (longer queries add nothing). */
export function queryWords(query: string): string[] {
  return [...new Set(foldVietnamese(query).split(' ').filter((w) => w.length > 0))].slice(0, 12);
}
