import { describe, expect, it } from 'vitest';
import { docOf, para } from '../tags/testing/ir.js';
import { escapeHtml, renderHtmlPreview } from './index.js';
import { CONTROLS } from './render.js';

describe('HTML preview: control characters', () => {
  it('never emits NUL, BEL, ESC or any other C0/C1 control but tab, LF and CR', () => {
    const html = renderHtmlPreview(docOf([para('a\u0000b\u0007c\u001b[31md\u009be\u007f')]), {
      title: 'x\u0000\u001b',
    });
    expect(html).not.toMatch(CONTROLS);
    expect(html).toContain('a\ufffdb\ufffdc\ufffd[31md\ufffde\ufffd');
    expect(Buffer.from(html, 'utf8').some((b) => b === 0x00 || b === 0x07 || b === 0x1b)).toBe(false);
  });

  it('escapes markup and controls in one pass, keeping tab and newline', () => {
    expect(escapeHtml('<b>\u0007\t\n')).toBe('&lt;b&gt;\ufffd\t\n');
  });
});
