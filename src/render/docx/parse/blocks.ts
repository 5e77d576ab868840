/**
 * Block-level content (ECMA-376 Part 1 §17.2.2 body, §17.3.1 paragraphs, §17.4 tables) of the
 * body, of headers and footers and of table cells. Content controls, custom XML and inserted
 * revisions are unwrapped; deleted revisions are dropped.
 */
import type { Block, Paragraph, SectionProps } from '../../model.js';
import { child, elements, type XmlElement } from '../intake/xml.js';
import type { ParseContext, PartScope } from './context.js';
import { chooseAlternate, readParagraphContent, type ParagraphState } from './inlines.js';
import { readTable } from './tables.js';

export interface BlockOptions {
  tableStyleId?: string;
  /** Body only: turn a paragraph's w:sectPr into the section it ends. */
  sectionBreak?: (sectPr: XmlElement) => SectionProps;
  /** Label of the enclosing container for `where`, e.g. "table 1 row 2 cell 3". */
  where?: string;
}

export function readBlocks(
  container: XmlElement,
  ctx: ParseContext,
  scope: PartScope,
  o: BlockOptions = {},
): Block[] {
  const out: Block[] = [];
  const walk = (parent: XmlElement): void => {
    for (const el of elements(parent)) {
      switch (el.name) {
        case 'w:p': {
          out.push(readParagraph(el, ctx, scope, o));
          const sectPr = child(child(el, 'w:pPr'), 'w:sectPr');
          if (sectPr && o.sectionBreak) out.push({ type: 'sectionBreak', section: o.sectionBreak(sectPr) });
          break;
        }
        case 'w:tbl':
          out.push(readTable(el, ctx, scope, readBlocks));
          break;
        case 'w:sdt':
          walk(ctx.sdtContent(el));
          break;
        case 'w:customXml':
        case 'w:ins':
        case 'w:moveTo':
          walk(el);
          break;
        case 'mc:AlternateContent':
          walk(chooseAlternate(el));
          break;
        case 'w:altChunk':
          ctx.warn('UNSUPPORTED_ALTCHUNK', 'Imported content (altChunk) was left out.', `${scope.label}`);
          break;
        default:
          break;
      }
    }
  };
  walk(container);
  return out;
}

export function readParagraph(
  p: XmlElement,
  ctx: ParseContext,
  scope: PartScope,
  o: BlockOptions,
): Paragraph {
  scope.paragraphs++;
  const pPr = child(p, 'w:pPr');
  const res = ctx.styles.paragraph(pPr, o.tableStyleId, ctx.numbering.levelPPr);
  const markProps = ctx.styles.run(res.styleId, o.tableStyleId, child(pPr, 'w:rPr'));
  const props = { ...res.props, markProps };
  // w:firstLineChars counts hundredths of a character of the paragraph's font size (§17.3.1.12).
  if (res.firstLineChars !== undefined) props.firstLine = (res.firstLineChars / 100) * markProps.size;
  const state: ParagraphState = {
    ctx,
    scope,
    paraStyleId: res.styleId,
    tableStyleId: o.tableStyleId,
    markProps,
    where: `${o.where ? `${scope.label} ${o.where}` : scope.label} paragraph ${scope.paragraphs}`,
    out: [],
  };
  // §17.3.1.11 text frames are positioned apart from the flow; their text stays in place here.
  if (child(pPr, 'w:framePr'))
    ctx.warn('UNSUPPORTED_FRAME', 'A text frame is shown as an ordinary paragraph.', state.where);
  readParagraphContent(p, state);
  return { type: 'paragraph', props, children: state.out };
}
