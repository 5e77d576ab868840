/**
 * Section breaks on loop-tag paragraphs, for docxtemplater. Word keeps a section's properties
 * (w:sectPr: page size, orientation, headers) in the last paragraph of the section (ECMA-376
 * Part 1 §17.6.18); when that paragraph holds only a loop's tag, docxtemplater's paragraphLoop
 * removes the paragraph and the section with it, so the pages before the break take the next
 * section's size and headers. Before filling, such a sectPr is moved into an empty paragraph of
 * its own right after the tag paragraph: the output keeps the break, with one empty line at the
 * end of the section (our own engine keeps the break without it).
 */

const PARAGRAPH = /<w:p\b[^>]*?(?:\/>|>[\s\S]*?<\/w:p>)/g;
const SECT_PR = /<w:sectPr\b[\s\S]*?<\/w:sectPr>|<w:sectPr\b[^>]*\/>/;
const TEXT = /<w:t\b[^>]*>([^<]*)<\/w:t>/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `documentXml` with each sectPr of a paragraph that holds nothing but section tags moved out. */
export function keepSectionBreaks(documentXml: string, delimiters: { start: string; end: string }): string {
  const start = escapeRegExp(delimiters.start);
  const end = escapeRegExp(delimiters.end);
  // Only opening, closing and inverted section tags (#, /, ^), with space around them.
  const tagsOnly = new RegExp(`^\\s*(?:${start}\\s*[#/^](?:(?!${end})[^])*${end}\\s*)+$`);
  return documentXml.replace(PARAGRAPH, (p) => {
    const sect = SECT_PR.exec(p);
    // A text box's paragraphs end this match early (its </w:p>): such a paragraph is left alone.
    if (sect === null || p.includes('<w:txbxContent')) return p;
    const text = [...p.matchAll(TEXT)].map((m) => m[1]).join('');
    if (!tagsOnly.test(text)) return p;
    return `${p.replace(sect[0], '')}<w:p><w:pPr>${sect[0]}</w:pPr></w:p>`;
  });
}
