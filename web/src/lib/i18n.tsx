/**
 * Message catalogues (vi first, en). The portal's catalogue is in the entry bundle; the desk and the
 * administration add theirs when their code is loaded. Missing English falls back to Vietnamese.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';
import { currentLang, setCurrentLang, type Lang } from './lang-state.ts';
import { formatNumber } from './format.ts';

export type Catalog = Record<string, string>;
const catalogs: Record<Lang, Catalog> = { vi: {}, en: {} };

export function registerMessages(vi: Catalog, en: Partial<Record<keyof typeof vi, string>>): void {
  Object.assign(catalogs.vi, vi);
  Object.assign(catalogs.en, en);
}

export type T = (key: string, params?: Record<string, string | number>) => string;

function translate(lang: Lang): T {
  return (key, params) => {
    const text = catalogs[lang][key] ?? catalogs.vi[key] ?? key;
    // Numbers in a message (counts, hours) are grouped the way of the message's language: 1.234 hồ sơ, 1,234 dossiers.
    const show = (v: string | number) => (typeof v === 'number' ? formatNumber(v, lang) : v);
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? show(params[name]!) : m)) : text;
  };
}

interface LangValue {
  lang: Lang;
  t: T;
  setLang: (l: Lang) => void;
}
const LangContext = createContext<LangValue>({ lang: 'vi', t: translate('vi'), setLang: () => {} });

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang());
  const setLang = (l: Lang) => {
    setCurrentLang(l);
    setLangState(l);
  };
  document.documentElement.lang = lang;
  return <LangContext.Provider value={{ lang, t: translate(lang), setLang }}>{children}</LangContext.Provider>;
}

export const useI18n = () => useContext(LangContext);
export const useT = () => useContext(LangContext).t;

/** A label the server sends in both languages ({ vi, en }). */
export const pick = (label: { vi: string; en: string } | undefined, lang: Lang) => (label ? label[lang] : '');
