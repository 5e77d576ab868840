/**
 * Small WordprocessingML writers shared by the image and HTML modules. Output is the XML that
 * Word itself writes for the same content (ECMA-376 Part 1 §17 and §20.4 for DrawingML pictures).
 */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

/** EMU per point (ECMA-376 Part 1 §20.1.2.1: 12,700 EMU = 1 pt). */
const EMU_PER_PT = 12700;

/** A text run; `rPr` is the inner XML of w:rPr (may be empty). Keeps spaces (§17.3.3.31). */
export function textRun(text: string, rPr: string): string {
  const props = rPr ? `<w:rPr>${rPr}</w:rPr>` : '';
  return `<w:r>${props}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

/**
 * An inline picture run (wp:inline, ECMA-376 Part 1 §20.4.2.8) pointing at relationship `rId`.
 * `id` must be unique among the drawing objects of the part (wp:docPr/@id, §20.4.2.5).
 */
export function inlinePictureRun(opts: {
  rId: string;
  id: number;
  widthPt: number;
  heightPt: number;
  name: string;
  alt: string;
  rPr: string;
}): string {
  const cx = Math.round(opts.widthPt * EMU_PER_PT);
  const cy = Math.round(opts.heightPt * EMU_PER_PT);
  const props = opts.rPr ? `<w:rPr>${opts.rPr}</w:rPr>` : '';
  const name = escapeXml(opts.name);
  return (
    `<w:r>${props}<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">` +
    `<wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
    `<wp:docPr id="${opts.id}" name="${name}" descr="${escapeXml(opts.alt)}"/>` +
    `<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
    `<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
    `<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
    `<pic:nvPicPr><pic:cNvPr id="${opts.id}" name="${name}"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${opts.rId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm>` +
    `<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>` +
    `</wp:inline></w:drawing></w:r>`
  );
}

/** Minimal shape of docxtemplater's compiled parts that we read. */
export interface CompiledPart {
  type: string;
  value?: unknown;
  tag?: string;
  position?: string;
}

/**
 * The inner XML of the w:rPr of the run that holds the tag at `index`, read back from the
 * compiled parts, so generated runs keep the font and size of the tag they replace.
 */
export function enclosingRunProps(parts: readonly CompiledPart[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (p.type === 'tag' && p.tag === 'w:r' && p.position === 'start') {
      return innerOf(parts.slice(i, index), 'w:rPr');
    }
    if (p.type === 'tag' && p.tag === 'w:p') break;
  }
  return '';
}

/** The inner XML of the first `<tag>…</tag>` (or '' for `<tag/>`) in the joined values of `parts`. */
export function innerOf(parts: readonly CompiledPart[], tag: string): string {
  const xml = parts.map((p) => (typeof p.value === 'string' ? p.value : '')).join('');
  const open = new RegExp(`<${tag}(?:\\s[^>]*)?>`).exec(xml);
  if (!open) return '';
  const end = xml.indexOf(`</${tag}>`, open.index);
  return end < 0 ? '' : xml.slice(open.index + open[0].length, end);
}

/** The w:rPr inner XML minus properties that must not be inherited by generated runs. */
export function withoutRunStyle(rPr: string): string {
  return rPr.replace(/<w:rStyle\b[^>]*\/>/g, '').replace(/<w:vanish\/>/g, '');
}
