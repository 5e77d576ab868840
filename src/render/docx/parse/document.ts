/**
 * parseDocx: a .docx upload to the document model (src/render/model.ts). Intake safety first
 * (package, zip, XML, images under limits), then the WordprocessingML parse of ECMA-376 Part 1.
 */
import type { Block, ParagraphProps, RenderWarning, SectionProps, TemplateDocument } from '../../model.js';
import { HetongError } from '../../../shared/errors.js';
import { invalidDocx } from '../intake/errors.js';
import { admitImage } from '../intake/image.js';
import { resolveLimits, type IntakeLimits } from '../intake/limits.js';
import { openDocxPackage, type DocxPackage, type Relationship } from '../intake/package.js';
import { child, elements, type XmlElement } from '../intake/xml.js';
import { readBlocks } from './blocks.js';
import { newScope, warningSink, type ParseContext } from './context.js';
import { readNoteNumbering } from './note-numbering.js';
import { readNumbering } from './numbering.js';
import { contentOf, readBoundStores, readCoreProperties } from './properties.js';
import { readSection, textWidth } from './sections.js';
import { StyleSheet } from './styles.js';
import { readThemeFonts } from './theme.js';
import { onOff, twips } from './units.js';

export interface ParseOptions {
  limits?: Partial<IntakeLimits>;
}

export function parseDocx(bytes: Uint8Array, options: ParseOptions = {}): TemplateDocument {
  try {
    return parsePackage(openDocxPackage(bytes, resolveLimits(options.limits)));
  } catch (e) {
    if (e instanceof HetongError) throw e;
    // A safety net: malformed input must surface as a clear refusal, never as an internal error.
    throw invalidDocx(
      'The document could not be read; it may be damaged. Open it in Word and save it again.',
      {
        cause: e instanceof Error ? e.message.slice(0, 200) : String(e),
      },
    );
  }
}

function partOf(pkg: DocxPackage, rels: Relationship[], type: string): XmlElement | undefined {
  const rel = rels.find((r) => r.type === type && !r.external && pkg.has(r.target));
  return rel ? pkg.xml(rel.target) : undefined;
}

interface NoteElement {
  el: XmlElement;
  part: string;
}

/**
 * The w:footnote or w:endnote elements of the package (§17.11.10, §17.11.4) with an id, other
 * than the separators Word keeps among them (those have a w:type).
 */
function noteElements(pkg: DocxPackage, rels: Relationship[], kind: 'footnote' | 'endnote'): NoteElement[] {
  const rel = rels.find((r) => r.type === `${kind}s` && !r.external && pkg.has(r.target));
  if (!rel) return [];
  return elements(pkg.xml(rel.target))
    .filter((e) => e.name === `w:${kind}` && e.attrs['w:type'] === undefined && e.attrs['w:id'] !== undefined)
    .map((el) => ({ el, part: rel.target }));
}

function parsePackage(pkg: DocxPackage): TemplateDocument {
  const main = pkg.mainPart;
  const document = pkg.xml(main);
  const body = child(document, 'w:body');
  if (document.name !== 'w:document' || !body) {
    throw invalidDocx('This file is not a Word document (.docx): its main part has no document body.');
  }
  const rels = pkg.relationships(main);
  const warnings: RenderWarning[] = [];
  const warn = warningSink(warnings);
  const theme = readThemeFonts(partOf(pkg, rels, 'theme'));
  const styles = new StyleSheet(partOf(pkg, rels, 'styles'), theme);
  const numbering = readNumbering(partOf(pkg, rels, 'numbering'), styles, theme, (w) =>
    warn(w.code, w.message),
  );
  const settingsXml = partOf(pkg, rels, 'settings');

  const media: TemplateDocument['media'] = {};
  const dropped = new Set<string>();
  const footnoteEls = noteElements(pkg, rels, 'footnote');
  const endnoteEls = noteElements(pkg, rels, 'endnote');
  const textBoxes: Record<string, Block[]> = {};
  let inTextBox = false;
  const stores = readBoundStores(pkg, rels);
  const ctx: ParseContext = {
    sdtContent: (sdt) => contentOf(sdt, stores),
    footnoteIds: new Set(footnoteEls.map((e) => e.el.attrs['w:id']!)),
    endnoteIds: new Set(endnoteEls.map((e) => e.el.attrs['w:id']!)),
    readTextBox(content, scope) {
      // A box in a box, or in a note: Word lays neither out; a hostile package could nest forever.
      if (inTextBox || /^(footnote|endnote) /.test(scope.label)) {
        warn('TEXTBOX_NESTED', 'A text box inside a text box or a note was left out.', scope.label);
        return undefined;
      }
      const id = String(Object.keys(textBoxes).length + 1);
      inTextBox = true;
      try {
        const inner = newScope(scope.part, `text box ${id}`, [...scope.rels.values()], scope.textWidth);
        textBoxes[id] = readBlocks(content, ctx, inner);
      } finally {
        inTextBox = false;
      }
      return id;
    },
    pkg,
    limits: pkg.limits,
    styles,
    numbering,
    media,
    warn,
    loadMedia(part, where) {
      if (media[part]) return part;
      if (dropped.has(part)) return undefined;
      if (!pkg.has(part)) {
        warn('IMAGE_MISSING', 'A picture refers to a part the package does not contain.', where);
        dropped.add(part);
        return undefined;
      }
      const admitted = admitImage(pkg.read(part), part, pkg.limits);
      if ('dropped' in admitted) {
        dropped.add(part);
        warn(
          'UNSUPPORTED_IMAGE_FORMAT',
          `A ${admitted.dropped.toUpperCase()} picture was left out; insert it as PNG or JPEG instead.`,
          where,
        );
        return undefined;
      }
      media[part] = admitted.media;
      return part;
    },
  };

  // Header and footer parts are parsed once each, with their own relationships (their pictures).
  const hfCache = new Map<string, Block[]>();
  const relById = new Map(rels.map((r) => [r.id, r]));
  let currentWidth = 451.3;
  const headerFooter = (relId: string): Block[] | undefined => {
    const rel = relById.get(relId);
    if (!rel || rel.external || (rel.type !== 'header' && rel.type !== 'footer') || !pkg.has(rel.target))
      return undefined;
    const hit = hfCache.get(rel.target);
    if (hit) return hit;
    const label = rel.target.split('/').pop() ?? rel.target;
    const scope = newScope(rel.target, label, pkg.relationships(rel.target), currentWidth);
    const blocks = readBlocks(pkg.xml(rel.target), ctx, scope);
    hfCache.set(rel.target, blocks);
    return blocks;
  };

  // Sections are read ahead so percentage table widths know the text width of their section.
  const sectPrs = elements(body)
    .filter((e) => e.name === 'w:p')
    .map((p) => child(child(p, 'w:pPr'), 'w:sectPr'))
    .filter((s): s is XmlElement => s !== undefined);
  const sections: SectionProps[] = [];
  let previous: SectionProps | undefined;
  for (const s of [...sectPrs, child(body, 'w:sectPr')]) {
    // Headers of this section lay out at its own text width (percentage table widths).
    currentWidth = textWidth(readSection(s, undefined, () => undefined));
    previous = readSection(s, previous, headerFooter);
    sections.push(previous);
  }
  let sectionIndex = 0;
  const scope = newScope(main, 'body', rels, textWidth(sections[0]!));
  const blocks = readBlocks(body, ctx, scope, {
    sectionBreak: () => {
      const s = sections[Math.min(sectionIndex, sections.length - 1)]!;
      sectionIndex++;
      scope.textWidth = textWidth(sections[Math.min(sectionIndex, sections.length - 1)]!);
      return s;
    },
  });

  const notes = (els: NoteElement[], kind: string): Record<string, Block[]> =>
    Object.fromEntries(
      els.map(({ el, part }) => {
        const id = el.attrs['w:id']!;
        const scope = newScope(part, `${kind} ${id}`, pkg.relationships(part), textWidth(sections[0]!));
        return [id, readBlocks(el, ctx, scope)];
      }),
    );

  const defaultRunProps = styles.defaultRun();
  const defaultPara = styles.paragraph(undefined, undefined, numbering.levelPPr);
  const defaultParagraphProps: ParagraphProps = { ...defaultPara.props, markProps: defaultRunProps };
  const tabStop = twips(child(settingsXml, 'w:defaultTabStop')?.attrs['w:val']);
  const noteWarn = (w: RenderWarning) => warn(w.code, w.message);
  const footnoteNumbering = readNoteNumbering('footnote', settingsXml, child(body, 'w:sectPr'), noteWarn);
  const endnoteNumbering = readNoteNumbering('endnote', settingsXml, child(body, 'w:sectPr'), noteWarn);
  // Core properties as one-paragraph containers, so their tags are found and filled as the body's.
  const core = Object.entries(readCoreProperties(stores.core));
  const properties = Object.fromEntries(
    core.map(([name, text]): [string, Block[]] => [
      name,
      [
        {
          type: 'paragraph',
          props: defaultParagraphProps,
          children: [{ type: 'text', text, props: defaultRunProps }],
        },
      ],
    ]),
  );
  return {
    body: blocks,
    finalSection: sections[sections.length - 1]!,
    numbering: numbering.definitions,
    ...(footnoteEls.length > 0 ? { footnotes: notes(footnoteEls, 'footnote') } : {}),
    ...(endnoteEls.length > 0 ? { endnotes: notes(endnoteEls, 'endnote') } : {}),
    ...(Object.keys(textBoxes).length > 0 ? { textBoxes } : {}),
    ...(core.length > 0 ? { properties } : {}),
    media,
    settings: {
      evenAndOddHeaders: onOff(child(settingsXml, 'w:evenAndOddHeaders')) ?? false,
      // §17.15.1.25: 720 twips (0.5 in) when absent.
      defaultTabStop: tabStop !== undefined && tabStop > 0 ? tabStop : 36,
      ...(onOff(child(child(settingsXml, 'w:compat'), 'w:adjustLineHeightInTable'))
        ? { adjustLineHeightInTable: true }
        : {}),
      ...(footnoteNumbering ? { footnoteNumbering } : {}),
      ...(endnoteNumbering ? { endnoteNumbering } : {}),
    },
    defaultRunProps,
    defaultParagraphProps,
    warnings,
  };
}
