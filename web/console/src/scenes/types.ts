/** A signing scene (签约场景) as the API gives it (src/http/routes/sign-flows.ts SCENE_SETTINGS). */
export interface SceneSettings {
  themeColor?: string;
  logoUrl?: string;
  allowReject?: boolean;
  forcedReading?: { seconds?: number; toLastPage?: boolean };
  embedOrigins?: string[];
  intentMethods?: ('sms' | 'email')[];
  clickwrapText?: string;
  /** Signing needs a verified real name (实名认证) of the signer first. */
  requireRealName?: boolean;
  successText?: string;
  redirectUrl?: string;
  redirectDelaySeconds?: number;
}

export interface Scene {
  id: string;
  name: string;
  settings: SceneSettings;
  createdAt: number;
  updatedAt: number;
}
