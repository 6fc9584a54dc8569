/**
 * Where to go after signing in, from a `next` parameter: only a path of this very site. `next` is
 * parsed as a URL against the site's origin, as the browser would: "/\evil.example" (from
 * "?next=/%5Cevil.example"), "//evil.example", "/\t/evil.example" or "https://evil.example" all
 * resolve to another origin and are refused. The normalised path is returned, so what is followed is
 * what was checked. Login pages are refused too (no loop). Pure: no DOM, unit-tested under test/.
 */
export function safeNextPath(next: string | null | undefined, origin: string): string | null {
  if (!next || !next.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(origin).origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith('/') || path.startsWith('//') || url.pathname === '/dang-nhap' || url.pathname === '/dang-ky') return null;
  return path;
}
