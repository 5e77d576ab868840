/**
 * The HTML preview of an expanded contract: one self-contained page (inline CSS, images as data:
 * URLs, no scripts — a Content-Security-Policy forbids any) that reads well on a phone. See
 * style.ts for the themes and render.ts for the mapping.
 */
import type { Block, TemplateDocument } from '../model.js';
import { CONTROLS, escapeHtml, HtmlRenderer } from './render.js';
import { styleSheet } from './style.js';

export { escapeHtml } from './render.js';
export { NumberingCounter } from './numbering.js';
export { formatNumber } from '../number-format.js';

export interface HtmlPreviewOptions {
  /** Default 'light'. */
  theme?: 'light' | 'dark';
  title?: string;
}

/** Headers and footers are shown once: the first-page ones when the section has a title page. */
function pick(set: { default?: Block[]; first?: Block[] }, titlePage: boolean): Block[] | undefined {
  return (titlePage ? set.first : undefined) ?? set.default;
}

export function renderHtmlPreview(doc: TemplateDocument, options: HtmlPreviewOptions): string {
  const theme = options.theme === 'dark' ? 'dark' : 'light';
  const renderer = new HtmlRenderer(doc, theme);
  const s = doc.finalSection;
  const header = pick(s.headers, s.titlePage);
  const footer = pick(s.footers, s.titlePage);
  const pageWidthPx = Math.round((s.pageWidth * 96) / 72);
  const headerInner = header ? renderer.headerFooter(header) : '';
  const headerHtml = headerInner ? `<header class="hf">${headerInner}</header>` : '';
  const body = renderer.blocks(doc.body) + renderer.notes();
  const footerInner = footer ? renderer.headerFooter(footer) : '';
  const footerHtml = footerInner ? `<footer class="hf">${footerInner}</footer>` : '';
  const title = escapeHtml(options.title ?? '合同预览');
  const html =
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">` +
    `<title>${title}</title><style>${styleSheet(theme)}</style></head>` +
    `<body><main class="page" style="--page-width:${pageWidthPx}px">${headerHtml}<article>${body}</article>${footerHtml}</main></body></html>\n`;
  // Everything text went through escapeHtml; this last pass holds for whatever did not (a label,
  // a style value from the template): the page never carries a NUL, BEL or ESC byte.
  return html.replace(CONTROLS, '\ufffd');
}
