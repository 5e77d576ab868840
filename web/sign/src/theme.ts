import { themeColours } from './contrast';

/** antd-mobile's primary blue: the theme when the scene names none. */
const DEFAULT_THEME = '#1677ff';

/**
 * The scene's theme colour, when it is a plain hex colour (never raw CSS from the server), made
 * readable (contrast.ts): the fill of buttons, the text on it (antd-mobile's text on solid colours),
 * and the colour as text and focus ring on white.
 */
export function applyTheme(color: string | undefined): void {
  const c = themeColours(color ?? DEFAULT_THEME) ?? themeColours(DEFAULT_THEME)!;
  const root = document.documentElement.style;
  root.setProperty('--adm-color-primary', c.background);
  root.setProperty('--hetong-theme', c.background);
  root.setProperty('--adm-color-text-light-solid', c.onBackground);
  root.setProperty('--hetong-on-theme', c.onBackground);
  root.setProperty('--hetong-theme-text', c.asText);
  root.setProperty('--hetong-focus', c.asText);
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', c.background);
}

export type Layout = 'pc' | 'h5';

/** `client` of the link picks the layout; `all` follows the viewport. */
export function pickLayout(client: 'pc' | 'h5' | 'all', width = window.innerWidth): Layout {
  if (client === 'pc' || client === 'h5') return client;
  return width >= 768 ? 'pc' : 'h5';
}

/** The link without its fragment (the token must not stay in the address bar or the history). */
export function takeToken(): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (!location.hash) return null;
  history.replaceState(history.state, '', location.pathname + location.search);
  return m ? m[1]! : null;
}

/** Where the business system wants the signer back, with the result. */
export function resultUrl(base: string, result: 'signed' | 'rejected', contractIds: string[]): string | null {
  try {
    const url = new URL(base);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    url.searchParams.set('hetongResult', result);
    url.searchParams.set('contractId', contractIds.join(','));
    return url.toString();
  } catch {
    return null;
  }
}
