import { describe, expect, it } from 'vitest';
import { settingsOf, valuesOf } from './form';

describe('scene form ↔ settings', () => {
  it('leaves out empty fields and keeps what was set', () => {
    const v = valuesOf(null);
    expect(settingsOf({ ...v, name: 'x', logoUrl: '  ', clickwrapText: ' 我已阅读并同意 ' })).toEqual({
      allowReject: true,
      themeColor: '#1677ff',
      clickwrapText: '我已阅读并同意',
    });
  });

  it('round-trips a scene’s settings', () => {
    const settings = {
      themeColor: '#ff0000',
      logoUrl: 'https://x.example/logo.png',
      allowReject: false,
      forcedReading: { seconds: 15, toLastPage: true },
      intentMethods: ['sms' as const],
      clickwrapText: '同意',
      requireRealName: true,
      successText: '完成',
      redirectUrl: 'https://app.example/done',
      redirectDelaySeconds: 3,
      embedOrigins: ['https://app.example'],
    };
    const scene = { id: 'scn_1', name: '入职', settings, createdAt: 0, updatedAt: 0 };
    expect(settingsOf(valuesOf(scene))).toEqual(settings);
  });
});
