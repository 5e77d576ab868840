import type PizZip from 'pizzip';
import type { DecodedImage } from './image-data.js';

interface PlacedImage {
  /** The XML part that shows the image, e.g. "word/document.xml" or "word/header1.xml". */
  part: string;
  rId: string;
  target: string;
  image: DecodedImage;
}

const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';

/**
 * Images placed by `{%x}` (and `<img>` in HTML) during one fill. docxtemplater renders each XML
 * part to a string; the media parts, their relationships (ECMA-376 Part 2 §9.3) and content types
 * (Part 2 §10.1.2.2) are added to the package afterwards by `writeTo`.
 */
export class MediaSink {
  private readonly placed: PlacedImage[] = [];

  add(part: string, image: DecodedImage): { rId: string; id: number } {
    const n = this.placed.length + 1;
    const rId = `rIdHetongImage${n}`;
    this.placed.push({ part, rId, target: `media/hetong-image${n}.${image.extension}`, image });
    return { rId, id: 90_000 + n };
  }

  get count(): number {
    return this.placed.length;
  }

  writeTo(zip: PizZip): void {
    if (this.placed.length === 0) return;
    const byPart = new Map<string, PlacedImage[]>();
    for (const p of this.placed) {
      zip.file(`word/${p.target}`, p.image.bytes);
      byPart.set(p.part, [...(byPart.get(p.part) ?? []), p]);
    }
    for (const [part, images] of byPart) {
      const slash = part.lastIndexOf('/');
      const relsPath = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
      const existing =
        zip.file(relsPath)?.asText() ??
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS_NS}"></Relationships>`;
      // Targets are relative to the source part's folder (Part 2 §9.3.3); media sits in word/media.
      const prefix = part.slice(0, slash) === 'word' ? '' : '../'.repeat(part.split('/').length - 2);
      const rels = images
        .map((p) => `<Relationship Id="${p.rId}" Type="${IMAGE_REL}" Target="${prefix}${p.target}"/>`)
        .join('');
      zip.file(relsPath, existing.replace('</Relationships>', `${rels}</Relationships>`));
    }
    const types = zip.file('[Content_Types].xml')?.asText();
    if (types === undefined) return;
    let updated = types;
    for (const [ext, mime] of [
      ['png', 'image/png'],
      ['jpeg', 'image/jpeg'],
    ] as const) {
      const used = this.placed.some((p) => p.image.extension === ext);
      if (used && !new RegExp(`Extension="${ext}"`, 'i').test(updated)) {
        updated = updated.replace('</Types>', `<Default Extension="${ext}" ContentType="${mime}"/></Types>`);
      }
    }
    zip.file('[Content_Types].xml', updated);
  }
}
