/**
 * Footnote and endnote numbering (ECMA-376 Part 1 §17.11.11 w:footnotePr, §17.11.4 w:endnotePr):
 * document-wide in settings.xml, overridden by the section's (this engine reads the last
 * section's, the usual place Word writes it). Word's defaults: footnotes 1, 2, 3; endnotes
 * i, ii, iii (§17.11.17); numbering from 1 (§17.11.18), never restarted (§17.11.19).
 */
import type { NoteNumbering, RenderWarning } from '../../model.js';
import { readNumberFormat } from '../../number-format.js';
import { child, type XmlElement } from '../intake/xml.js';
import { int } from './units.js';

const RESTART: Record<string, NoteNumbering['restart']> = {
  continuous: 'continuous',
  eachSect: 'eachSection',
  eachPage: 'eachPage',
};

export function readNoteNumbering(
  kind: 'footnote' | 'endnote',
  settings: XmlElement | undefined,
  sectPr: XmlElement | undefined,
  warn: (w: RenderWarning) => void,
): NoteNumbering | undefined {
  const name = kind === 'footnote' ? 'w:footnotePr' : 'w:endnotePr';
  const prs = [child(settings, name), child(sectPr, name)].filter((e) => e !== undefined);
  if (prs.length === 0) return undefined;
  const out: NoteNumbering = {
    format: kind === 'footnote' ? 'decimal' : 'lowerRoman',
    start: 1,
    restart: 'continuous',
  };
  for (const pr of prs) {
    const fmt = child(pr, 'w:numFmt')?.attrs['w:val'];
    if (fmt !== undefined) {
      const format = readNumberFormat(fmt);
      if (format === undefined || format === 'bullet' || format === 'none') {
        warn({
          code: 'NUMBERING_FORMAT_MAPPED',
          message: `Note number format "${fmt}" is shown as decimal numbers.`,
        });
        out.format = 'decimal';
      } else out.format = format;
    }
    const start = int(child(pr, 'w:numStart')?.attrs['w:val']);
    if (start !== undefined && start >= 0 && start <= 32_767) out.start = start;
    const restart = RESTART[child(pr, 'w:numRestart')?.attrs['w:val'] ?? ''];
    if (restart !== undefined) out.restart = restart;
  }
  // Endnotes restart only per section (§17.18.66 ST_RestartNumber: eachPage is for footnotes).
  if (kind === 'endnote' && out.restart === 'eachPage') out.restart = 'continuous';
  return out;
}
