/**
 * zh-CN first, English second. Each area of the console keeps its texts in i18n/areas/<area>.ts
 * (`export default { zh: {...}, en: {...} }`), reached as t('<area>.<key>'); this file only
 * gathers them, so adding a page never edits a shared dictionary.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export type Dictionary = { [key: string]: string | Dictionary };
export interface AreaTexts {
  zh: Dictionary;
  en: Dictionary;
}

const modules = import.meta.glob<{ default: AreaTexts }>('./areas/*.ts', { eager: true });
const zh: Dictionary = {};
const en: Dictionary = {};
for (const [path, m] of Object.entries(modules)) {
  const area = path.replace(/^.*\/([^/]+)\.ts$/, '$1');
  zh[area] = m.default.zh;
  en[area] = m.default.en;
}

export type Language = 'zh-CN' | 'en';
const KEY = 'hetong.console.lang';

/** The saved choice, else ?lang=, else zh-CN unless the browser speaks English and no Chinese. */
export function pickLanguage(saved: string | null, search: string, languages: readonly string[]): Language {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'en' || asked === 'zh-CN') return asked;
  const first = languages.find((l) => /^(zh|en)\b/i.test(l));
  return first && /^en/i.test(first) ? 'en' : 'zh-CN';
}

export const initialLanguage = pickLanguage(
  localStorage.getItem(KEY),
  location.search,
  navigator.languages ?? [navigator.language],
);

void i18next.use(initReactI18next).init({
  lng: initialLanguage,
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initialLanguage;

export function switchLanguage(lang: Language): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export default i18next;
