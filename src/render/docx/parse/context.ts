/** State shared by the parse of one package, and the per-part scope (relationships, positions). */
import type { MediaPart, RenderWarning, RunProps } from '../../model.js';
import type { IntakeLimits } from '../intake/limits.js';
import type { DocxPackage, Relationship } from '../intake/package.js';
import type { XmlElement } from '../intake/xml.js';
import type { NumberingTable } from './numbering.js';
import type { StyleSheet } from './styles.js';

export interface ParseContext {
  pkg: DocxPackage;
  limits: IntakeLimits;
  styles: StyleSheet;
  numbering: NumberingTable;
  media: Record<string, MediaPart>;
  warn(code: string, message: string, where?: string): void;
  /** Admit an image part; the media key, or undefined when it was dropped (with a warning). */
  loadMedia(part: string, where: string): string | undefined;
  /** Ids of the footnotes and endnotes the package defines (footnotes.xml, endnotes.xml). */
  footnoteIds: ReadonlySet<string>;
  endnoteIds: ReadonlySet<string>;
  /**
   * Reads a text box's content (w:txbxContent) into doc.textBoxes; returns its id, or undefined
   * where text boxes cannot stand (inside another text box or a note).
   */
  readTextBox(content: XmlElement, scope: PartScope): string | undefined;
  /** What a content control (w:sdt) shows: its content, or the text it is bound to (properties.ts). */
  sdtContent(sdt: XmlElement): XmlElement;
}

/** A complex field being read (ECMA-376 Part 1 §17.16.18): begin … separate … end. */
export interface FieldFrame {
  instr: string;
  phase: 'instr' | 'result';
  /** PAGE-like fields emit a field inline and hide their cached result. */
  suppress: boolean;
  props: RunProps;
  emitted: boolean;
}

export interface PartScope {
  part: string;
  /** "body", "header1.xml", … for `where` strings. */
  label: string;
  rels: Map<string, Relationship>;
  paragraphs: number;
  tables: number;
  /** Width between the margins of the current section, for percentage table widths. */
  textWidth: number;
  /** Complex fields may span runs and paragraphs, so their stack lives with the part. */
  fields: FieldFrame[];
}

export function newScope(part: string, label: string, rels: Relationship[], textWidth: number): PartScope {
  return {
    part,
    label,
    rels: new Map(rels.map((r) => [r.id, r])),
    paragraphs: 0,
    tables: 0,
    textWidth,
    fields: [],
  };
}

export const WARNING_CAP_PER_CODE = 50;

export function warningSink(list: RenderWarning[]): (code: string, message: string, where?: string) => void {
  const counts = new Map<string, number>();
  return (code, message, where) => {
    const n = counts.get(code) ?? 0;
    counts.set(code, n + 1);
    if (n >= WARNING_CAP_PER_CODE) return;
    list.push(where === undefined ? { code, message } : { code, message, where });
  };
}
