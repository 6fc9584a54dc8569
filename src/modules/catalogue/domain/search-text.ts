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

/**
 * Typo and abbreviation tolerance for catalogue search (issue 14, fault 11). People type "khai sihn",
 * "đkkh" (the initials of "đăng ký kết hôn") or words without diacritics; each query word must still be
 * found in the procedure's folded search text, in one of three ways:
 *  - exactly, as a part of the text (what the search always did: "kinh" finds "kinh doanh");
 *  - as the initials of consecutive words (a letters-only word of 3 or more: "dkkh" → "dang ky ket hon");
 *  - with one typo (one letter missing, extra, changed, or two neighbours swapped) against a whole word,
 *    for words of 4 letters or more, so short words do not match half the catalogue.
 * The answer is the number of words that needed a tolerance (0 = every word found exactly), or null when
 * a word was not found at all; fewer tolerances rank first.
 */
export function toleranceNeeded(searchText: string, words: readonly string[]): number | null {
  let tolerated = 0;
  let textWords: string[] | undefined;
  let initials: string | undefined;
  for (const word of words) {
    if (searchText.includes(word)) continue;
    textWords ??= searchText.split(' ').filter((w) => w.length > 0);
    initials ??= textWords.map((w) => w[0]).join('');
    if (isAbbreviation(word) && initials.includes(word)) tolerated++;
    else if (word.length >= 4 && textWords.some((t) => withinOneEdit(word, t))) tolerated++;
    else return null;
  }
  return tolerated;
}

function isAbbreviation(word: string): boolean {
  return word.length >= 3 && /^[a-z]+$/.test(word);
}

/** True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one letter changed
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // neighbours swapped
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i); // one letter missing or extra
}

/** Vietnamese alphabetical order (A Ă Â B C D Đ E Ê …), not code-point order, which puts "Đ…" after "X…". */
const vietnameseCollator = new Intl.Collator('vi', { numeric: true });
export function compareVietnamese(a: string, b: string): number {
  return vietnameseCollator.compare(a, b);
}

export interface SearchCandidate {
  name: string;
  searchText: string;
}

/**
 * The catalogue's search and order: keeps the candidates that match every query word (with the tolerances
 * above) and sorts them — with a query, fewest tolerances first, then the shortest name (the closest match:
 * "dang ky ket hon" puts "Đăng ký kết hôn" before longer names holding the same words), then Vietnamese
 * alphabetical order; without a query, Vietnamese alphabetical order only.
 */
export function searchCandidates<T extends SearchCandidate>(candidates: readonly T[], query: string): T[] {
  const words = queryWords(query);
  if (words.length === 0) return [...candidates].sort((a, b) => compareVietnamese(a.name, b.name));
  const found: { item: T; tolerated: number }[] = [];
  for (const item of candidates) {
    const tolerated = toleranceNeeded(item.searchText, words);
    if (tolerated !== null) found.push({ item, tolerated });
  }
  found.sort((a, b) => a.tolerated - b.tolerated || a.item.name.length - b.item.name.length || compareVietnamese(a.item.name, b.item.name));
  return found.map((f) => f.item);
}
