import { describe, expect, it } from 'vitest';
import { renderEmail, renderText } from '../channels/templates.js';
import { checkLineText, fillText, withText } from './line-texts.js';

describe('a line’s wording of messages', () => {
  it('fills placeholders; a param the message lacks becomes empty; others are left as text', () => {
    expect(fillText('码 {code}，{minutes} 分钟；《{contractTitle}》', { code: '123456', minutes: '5' })).toBe(
      '码 123456，5 分钟；《》',
    );
    expect(fillText('{ code } {{code}}', { code: '1' })).toBe('{ code } {1}');
  });

  it('names every problem: unknown and missing placeholders, length, control characters, subjects', () => {
    const problems = (f: () => unknown) => {
      try {
        f();
        return [];
      } catch (e) {
        return (e as { details: { problems: { path: string; message: string }[] } }).details.problems;
      }
    };
    expect(problems(() => checkLineText('intent_code', 'sms', { text: '{url} x'.repeat(60) }))).toEqual([
      { path: 'text', message: 'at most 300 characters for sms' },
      { path: 'text', message: expect.stringMatching(/^\{url\} is not a placeholder/) },
      { path: 'text', message: 'the text must hold {code}' },
    ]);
    expect(
      problems(() => checkLineText('sign_reminder', 'email', { text: '{url}\u0007', subject: 'a\nb' })),
    ).toEqual([
      { path: 'text', message: 'no control characters (a line break is fine)' },
      { path: 'subject', message: 'a subject is one line of 1–200 characters' },
    ]);
    expect(
      checkLineText('sign_reminder', 'email', {
        text: ' 请签署：\r\n{url} ',
        subject: ' 《{contractTitle}》 ',
      }),
    ).toEqual({
      subject: '《{contractTitle}》',
      text: '请签署：\n{url}',
    });
  });

  it('knows the placeholders of invitations and completion messages', () => {
    expect(checkLineText('sign_invitation', 'sms', { text: '{signerName} 请签署 {url}' })).toEqual({
      text: '{signerName} 请签署 {url}',
    });
    expect(() => checkLineText('sign_invitation', 'sms', { text: '请签署' })).toThrow(/problems/);
    expect(
      checkLineText('contract_completed', 'sms', { text: '《{contractTitle}》已于 {completedAt} 完成' }),
    ).toEqual({ text: '《{contractTitle}》已于 {completedAt} 完成' });
    expect(() => checkLineText('contract_completed', 'sms', { text: '已完成 {url}' })).toThrow(/problems/);
  });

  it('replaces the built-in wording in the text, the SMS and the e-mail (escaped in HTML)', () => {
    const message = withText(
      {
        to: 'a@example.com',
        template: 'sign_reminder',
        params: { signerName: '<张三>', contractTitle: 'T', url: 'https://x.example/s', expiresAt: 'e' },
      },
      { subject: '请签署《{contractTitle}》', text: '{signerName}：{url}' },
    );
    expect(renderText(message)).toBe('<张三>：https://x.example/s');
    const email = renderEmail(message);
    expect(email.subject).toBe('请签署《T》');
    expect(email.text).toBe('<张三>：https://x.example/s\n');
    expect(email.html).toContain('&lt;张三&gt;：https://x.example/s');
    expect(email.html).not.toContain('<张三>');
  });
});
