/**
 * HTML fragments (`{~x}` inline, `{~~x}` block) to WordprocessingML, for the LibreOffice route.
 *
 * Supported: p, div, h1–h6, br, b/strong, i/em, u/ins, s/strike/del, sup, sub, span with
 * style color / font-size (pt or px), ul/ol/li, table/tr/td/th with colspan, img (through
 * `placeImage`, data: URLs only).
 * Limits: lists are plain paragraphs with a "• " or "n. " label and a left indent (no Word
 * numbering); rowspan is ignored; CSS other than color and font-size is ignored; in the inline
 * form every block boundary becomes a line break and tables are flattened to text.
 */
import { parseHtmlFragment, type HtmlElement, type HtmlNode } from './html-tree.js';
import { mergeRunProps, type RunOverrides } from './run-props.js';
import { escapeXml } from './wml.js';

/** Turns an `<img src="data:…">` into a picture run XML (or '' to drop it). */
export type PlaceImage = (
  src: string,
  width: number | undefined,
  height: number | undefined,
  rPr: string,
) => string;

interface Ctx {
  baseRPr: string;
  placeImage: PlaceImage;
}

const BLOCKS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'blockquote',
  'table',
  'tr',
  'section',
  'article',
]);
const HEADING_PT: Record<string, number> = { h1: 16, h2: 14, h3: 13, h4: 12, h5: 11, h6: 10.5 };

/** Runs for an inline fragment; block boundaries become w:br. */
export function htmlToRuns(html: string, baseRPr: string, placeImage: PlaceImage): string {
  const ctx: Ctx = { baseRPr, placeImage };
  const out: string[] = [];
  const walk = (node: HtmlNode, style: RunOverrides) => {
    if (node.kind === 'text') {
      if (node.text) out.push(textRuns(node.text, mergeRunProps(ctx.baseRPr, style)));
      return;
    }
    const block = BLOCKS.has(node.name);
    if (block && out.length > 0) out.push('<w:r><w:br/></w:r>');
    inlineElement(node, style, ctx, out, walk);
    if (node.name === 'td' || node.name === 'th') out.push('<w:r><w:t xml:space="preserve"> </w:t></w:r>');
  };
  for (const child of parseHtmlFragment(html).children) walk(child, {});
  return out.join('');
}

/** Paragraphs (and tables) for a block fragment, each starting from the tag paragraph's pPr/rPr. */
export function htmlToBlocks(html: string, basePPr: string, baseRPr: string, placeImage: PlaceImage): string {
  const ctx: Ctx = { baseRPr, placeImage };
  const blocks: string[] = [];
  let runs: string[] = [];
  let pPr = basePPr;
  const flush = () => {
    if (runs.length > 0) blocks.push(paragraph(pPr, runs.join('')));
    runs = [];
    pPr = basePPr;
  };
  const walkInline = (node: HtmlNode, style: RunOverrides): void => {
    if (node.kind === 'text') {
      const text = node.text.replace(/\s+/g, ' ');
      if (text.trim() || runs.length > 0) runs.push(textRuns(text, mergeRunProps(ctx.baseRPr, style)));
      return;
    }
    if (BLOCKS.has(node.name)) return walkBlock(node, style, []);
    inlineElement(node, style, ctx, runs, walkInline);
  };
  const walkBlock = (
    el: HtmlElement,
    style: RunOverrides,
    lists: { ordered: boolean; n: number }[],
  ): void => {
    if (el.name === 'table') {
      flush();
      blocks.push(table(el, style, ctx), paragraph(basePPr, ''));
      return;
    }
    if (el.name === 'ul' || el.name === 'ol') {
      flush();
      const list = { ordered: el.name === 'ol', n: 0 };
      for (const c of el.children) {
        if (c.kind === 'element') walkBlock(c, style, [...lists, list]);
      }
      return;
    }
    flush();
    const s = { ...style, ...styleOf(el) };
    if (el.name in HEADING_PT) Object.assign(s, { bold: true, sizePt: HEADING_PT[el.name] });
    const list = lists[lists.length - 1];
    if (el.name === 'li' && list) {
      list.n += 1;
      // Lists as plain paragraphs: label + indent of 21 pt (two 10.5 pt CJK characters) per level.
      pPr = withIndent(basePPr, lists.length * 420);
      runs.push(textRuns(list.ordered ? `${list.n}. ` : '• ', mergeRunProps(ctx.baseRPr, s)));
    }
    for (const c of el.children) {
      if (c.kind === 'element' && (c.name === 'ul' || c.name === 'ol')) {
        flush();
        walkBlock(c, s, lists);
      } else if (c.kind === 'element' && BLOCKS.has(c.name)) {
        walkBlock(c, s, lists);
      } else walkInline(c, s);
    }
    flush();
  };
  for (const child of parseHtmlFragment(html).children) {
    if (child.kind === 'element' && BLOCKS.has(child.name)) walkBlock(child, {}, []);
    else walkInline(child, {});
  }
  flush();
  return blocks.length > 0 ? blocks.join('') : paragraph(basePPr, '');
}

function inlineElement(
  el: HtmlElement,
  style: RunOverrides,
  ctx: Ctx,
  out: string[],
  walk: (n: HtmlNode, s: RunOverrides) => void,
): void {
  if (el.name === 'br') {
    out.push('<w:r><w:br/></w:r>');
    return;
  }
  if (el.name === 'img') {
    const src = el.attrs.src ?? '';
    out.push(
      ctx.placeImage(
        src,
        numAttr(el.attrs.width),
        numAttr(el.attrs.height),
        mergeRunProps(ctx.baseRPr, style),
      ),
    );
    return;
  }
  const s = { ...style, ...styleOf(el) };
  for (const c of el.children) walk(c, s);
}

function styleOf(el: HtmlElement): RunOverrides {
  const o: RunOverrides = {};
  if (el.name === 'b' || el.name === 'strong' || el.name === 'th') o.bold = true;
  if (el.name === 'i' || el.name === 'em') o.italic = true;
  if (el.name === 'u' || el.name === 'ins') o.underline = true;
  if (el.name === 's' || el.name === 'strike' || el.name === 'del') o.strike = true;
  if (el.name === 'sup') o.superscript = true;
  if (el.name === 'sub') o.subscript = true;
  const css = el.attrs.style ?? '';
  const color = /(?:^|;)\s*color\s*:\s*#([0-9a-f]{6}|[0-9a-f]{3})\b/i.exec(css);
  if (color) {
    const hex = color[1]!;
    o.color = (hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex).toUpperCase();
  }
  const size = /font-size\s*:\s*([\d.]+)\s*(pt|px)/i.exec(css);
  if (size) o.sizePt = Number(size[1]) * (size[2]!.toLowerCase() === 'px' ? 0.75 : 1);
  const weight = /font-weight\s*:\s*(bold|[6-9]00)/i.exec(css);
  if (weight) o.bold = true;
  return o;
}

function table(el: HtmlElement, style: RunOverrides, ctx: Ctx): string {
  const rows: HtmlElement[] = [];
  const collect = (e: HtmlElement) => {
    for (const c of e.children) {
      if (c.kind !== 'element') continue;
      if (c.name === 'tr') rows.push(c);
      else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') collect(c);
    }
  };
  collect(el);
  const cellsOf = (r: HtmlElement) =>
    r.children.filter((c): c is HtmlElement => c.kind === 'element' && (c.name === 'td' || c.name === 'th'));
  const cols = Math.max(1, ...rows.map((r) => cellsOf(r).reduce((n, c) => n + span(c), 0)));
  // Even column widths over a 15 cm text width, in twentieths of a point (§17.4.16 w:gridCol).
  const colW = Math.floor(8504 / cols);
  const grid = `<w:tblGrid>${`<w:gridCol w:w="${colW}"/>`.repeat(cols)}</w:tblGrid>`;
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const tblPr =
    `<w:tblPr><w:tblW w:w="${colW * cols}" w:type="dxa"/><w:tblBorders>` +
    ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('') +
    `</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>`;
  const body = rows
    .map((r) => {
      const cells = cellsOf(r).map((c) => {
        const n = span(c);
        const tcPr = `<w:tcPr><w:tcW w:w="${colW * n}" w:type="dxa"/>${n > 1 ? `<w:gridSpan w:val="${n}"/>` : ''}</w:tcPr>`;
        const runs: string[] = [];
        const s = { ...style, ...styleOf(c) };
        const walk = (node: HtmlNode, st: RunOverrides) => {
          if (node.kind === 'text')
            runs.push(textRuns(node.text.replace(/\s+/g, ' '), mergeRunProps(ctx.baseRPr, st)));
          else inlineElement(node, st, ctx, runs, walk);
        };
        for (const child of c.children) walk(child, s);
        return `<w:tc>${tcPr}${paragraph('', runs.join(''))}</w:tc>`;
      });
      return `<w:tr>${cells.join('')}</w:tr>`;
    })
    .join('');
  return `<w:tbl>${tblPr}${grid}${body}</w:tbl>`;
}

function span(c: HtmlElement): number {
  const n = Number(c.attrs.colspan ?? '1');
  return Number.isInteger(n) && n > 0 && n < 64 ? n : 1;
}

function numAttr(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number.parseFloat(v);
  return Number.isFinite(n) && n > 0 ? n : undefined; // CSS pixels, like the image tag's size
}

function paragraph(pPr: string, runs: string): string {
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${runs}</w:p>`;
}

/** Text runs; newlines in text become w:br (as docxtemplater's linebreaks option does). */
function textRuns(text: string, rPr: string): string {
  const props = rPr ? `<w:rPr>${rPr}</w:rPr>` : '';
  return text
    .split('\n')
    .map((line) => `<w:t xml:space="preserve">${escapeXml(line)}</w:t>`)
    .map((t) => `<w:r>${props}${t}</w:r>`)
    .join('<w:r><w:br/></w:r>');
}

/** The pPr inner XML with w:ind left set (twips) and first-line indent removed (§17.3.1.12). */
function withIndent(pPr: string, leftTwips: number): string {
  const ind = `<w:ind w:leftChars="0" w:left="${leftTwips}" w:firstLineChars="0" w:firstLine="0"/>`;
  const cleaned = pPr.replace(/<w:numPr>[\s\S]*?<\/w:numPr>/, '');
  if (/<w:ind\b[^>]*\/>/.test(cleaned)) return cleaned.replace(/<w:ind\b[^>]*\/>/, ind);
  // CT_PPrBase order: w:ind comes after w:spacing and before w:contextualSpacing/w:jc.
  const before =
    /<w:(contextualSpacing|mirrorIndents|suppressOverlap|jc|textDirection|textAlignment|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|sectPr|pPrChange)\b/.exec(
      cleaned,
    );
  return before ? cleaned.slice(0, before.index) + ind + cleaned.slice(before.index) : cleaned + ind;
}
