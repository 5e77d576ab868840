/** The scene form's values and the API's scene settings, both ways. */
import type { Scene, SceneSettings } from './types';

export interface FormValues {
  name: string;
  themeColor?: string;
  logoUrl?: string;
  allowReject: boolean;
  requireRealName: boolean;
  readingSeconds?: number | null;
  toLastPage: boolean;
  intentMethods?: ('sms' | 'email')[];
  clickwrapText?: string;
  successText?: string;
  redirectUrl?: string;
  redirectDelaySeconds?: number | null;
  embedOrigins?: string[];
}

/** The form's values as the API's settings: empty fields left out (the API replaces settings whole). */
export function settingsOf(v: FormValues): SceneSettings {
  const text = (s?: string) => (s && s.trim() ? s.trim() : undefined);
  const settings: SceneSettings = { allowReject: v.allowReject };
  const put = <K extends keyof SceneSettings>(k: K, value: SceneSettings[K] | undefined) => {
    if (value !== undefined) settings[k] = value;
  };
  put('themeColor', text(v.themeColor));
  put('logoUrl', text(v.logoUrl));
  if (v.readingSeconds || v.toLastPage)
    settings.forcedReading = { seconds: v.readingSeconds ?? 0, toLastPage: v.toLastPage };
  put('intentMethods', v.intentMethods?.length ? v.intentMethods : undefined);
  put('clickwrapText', text(v.clickwrapText));
  put('requireRealName', v.requireRealName ? true : undefined);
  put('successText', text(v.successText));
  put('redirectUrl', text(v.redirectUrl));
  put('redirectDelaySeconds', v.redirectDelaySeconds ?? undefined);
  put('embedOrigins', v.embedOrigins?.length ? v.embedOrigins : undefined);
  return settings;
}

export function valuesOf(scene: Scene | null): FormValues {
  const s: SceneSettings = scene?.settings ?? {};
  return {
    name: scene?.name ?? '',
    themeColor: s.themeColor ?? '#1677ff',
    logoUrl: s.logoUrl,
    allowReject: s.allowReject ?? true,
    requireRealName: s.requireRealName ?? false,
    readingSeconds: s.forcedReading?.seconds ?? null,
    toLastPage: s.forcedReading?.toLastPage ?? false,
    intentMethods: s.intentMethods ?? [],
    clickwrapText: s.clickwrapText,
    successText: s.successText,
    redirectUrl: s.redirectUrl,
    redirectDelaySeconds: s.redirectDelaySeconds ?? null,
    embedOrigins: s.embedOrigins ?? [],
  };
}
