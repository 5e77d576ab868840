import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('real-name configuration', () => {
  it('is manual, for a year, unless told', () => {
    expect(loadConfig({}).realName).toEqual({ provider: 'manual', validityDays: 365 });
  });

  it('reads the http provider’s endpoint, credentials and timeout', () => {
    expect(
      loadConfig({
        HETONG_REALNAME_PROVIDER: 'http',
        HETONG_REALNAME_URL: 'https://rn.example.com/verify',
        HETONG_REALNAME_APP_KEY: 'key',
        HETONG_REALNAME_SECRET: 'secret',
        HETONG_REALNAME_TIMEOUT_MS: '2500',
        HETONG_REALNAME_VALIDITY_DAYS: '30',
      }).realName,
    ).toEqual({
      provider: 'http',
      url: 'https://rn.example.com/verify',
      appKey: 'key',
      secret: 'secret',
      timeoutMs: 2500,
      validityDays: 30,
    });
  });

  it('refuses an unknown provider and a http provider without its settings', () => {
    expect(() => loadConfig({ HETONG_REALNAME_PROVIDER: 'acme' })).toThrow(/manual or http/);
    expect(() => loadConfig({ HETONG_REALNAME_PROVIDER: 'http', HETONG_REALNAME_URL: 'https://x' })).toThrow(
      'HETONG_REALNAME_PROVIDER=http needs HETONG_REALNAME_APP_KEY, HETONG_REALNAME_SECRET',
    );
    expect(() => loadConfig({ HETONG_REALNAME_VALIDITY_DAYS: '0' })).toThrow(/positive integer/);
  });
});
