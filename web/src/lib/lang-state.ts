/** The chosen language, kept outside React so the API layer can send it as accept-language. */
export type Lang = 'vi' | 'en';
const KEY = 'motcua.lang';

let lang: Lang = (() => {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
})();

export const currentLang = (): Lang => lang;

export function setCurrentLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}
