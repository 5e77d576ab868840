import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

/** zh-CN unless the page asks for English (?lang=en) or the browser speaks English and no Chinese. */
export function pickLanguage(search: string, languages: readonly string[]): 'zh-CN' | 'en' {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'en' || asked === 'zh-CN') return asked;
  const first = languages.find((l) => /^(zh|en)\b/i.test(l));
  return first && /^en/i.test(first) ? 'en' : 'zh-CN';
}

export const language = pickLanguage(location.search, navigator.languages ?? [navigator.language]);

void i18next.use(initReactI18next).init({
  lng: language,
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = language;

export default i18next;
