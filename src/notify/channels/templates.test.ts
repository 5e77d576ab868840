import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEmail, renderText } from './templates.js';

describe('message templates', () => {
  it('render a reminder in zh-CN, then English', () => {
    const message = {
      to: 'a@example.com',
      template: 'sign_reminder' as const,
      params: {
        signerName: '张三',
        contractTitle: '劳动合同',
        url: 'https://h.example.com/s/1',
        expiresAt: '2025-07-01 18:00',
      },
    };
    expect(renderText(message)).toBe(
      '张三，您好：《劳动合同》正等待您签署，请于 2025-07-01 18:00 前打开以下链接完成签署：\n' +
        'https://h.example.com/s/1\n' +
        'Dear 张三, “劳动合同” is waiting for your signature. Please sign it before 2025-07-01 18:00:\n' +
        'https://h.example.com/s/1',
    );
    expect(renderEmail(message).subject).toBe('【合同签署】请签署《劳动合同》');
  });

  it('render an invitation and word of completion; refuse them without their params', () => {
    const invitation = {
      to: '13800138000',
      template: 'sign_invitation' as const,
      params: {
        signerName: '张三',
        contractTitle: '劳动合同',
        url: 'https://h.example.com/s/1',
        expiresAt: '2025-07-01 18:00',
      },
    };
    expect(renderText(invitation)).toBe(
      '张三，您好：您有一份《劳动合同》待签署，请于 2025-07-01 18:00 前打开以下链接查看并签署：\n' +
        'https://h.example.com/s/1\n' +
        'Dear 张三, “劳动合同” is ready for your signature. Open this link before 2025-07-01 18:00 to read and sign it:\n' +
        'https://h.example.com/s/1',
    );
    expect(renderEmail(invitation).subject).toBe('【合同签署】《劳动合同》待您签署');
    const completed = {
      to: 'a@example.com',
      template: 'contract_completed' as const,
      params: { signerName: '张三', contractTitle: '劳动合同', completedAt: '2025-07-01 18:00' },
    };
    expect(renderText(completed)).toBe(
      '张三，您好：《劳动合同》已于 2025-07-01 18:00 由各方签署完成，如需合同文件请联系发起方。\n' +
        'Dear 张三, every party has signed “劳动合同” (completed 2025-07-01 18:00). Ask the sender for the signed document.',
    );
    expect(renderEmail(completed).subject).toBe('【合同签署】《劳动合同》已签署完成');
    expect(() =>
      renderText({ ...invitation, params: { ...invitation.params, url: 'javascript:x' } }),
    ).toThrow(/params\.url/);
    expect(() => renderText({ ...completed, params: { signerName: '张三', contractTitle: 'T' } })).toThrow(
      /params\.completedAt/,
    );
  });

  it('keep any title and name out of the headers and escaped in HTML', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (title, name) => {
        fc.pre(/\S/.test(title) && /\S/.test(name));
        const { subject, html } = renderEmail({
          to: 'a@example.com',
          template: 'sign_reminder',
          params: {
            signerName: name,
            contractTitle: title,
            url: 'https://h.example.com/s/1',
            expiresAt: 'x',
          },
        });
        // eslint-disable-next-line no-control-regex
        expect(subject).not.toMatch(/[\r\n\u0000-\u001f]/);
        const body = html.replace(/^.*<body[^>]*>/, '').replace(/<\/body>.*$/, '');
        // Escaped params hold no '<': every tag is one of ours.
        const tags = body.match(/<[^>]*>/g) ?? [];
        for (const tag of tags) expect(tag).toMatch(/^<\/?(p|br|a|strong)\b/);
      }),
      { numRuns: 2000 },
    );
  });
});
