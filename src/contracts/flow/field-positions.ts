/**
 * Where a signer's sign fields are on the pages, for the signing page to highlight and count them
 * ("2 处待签"): page coordinates as given, keyword fields found in the document. Page content never
 * changes after creation (signatures are incremental updates), so a position is computed once per
 * original document and kept in a small cache.
 */
import { PdfFile } from '../../pdf/file.js';
import { HetongError } from '../../shared/errors.js';
import { resolvePlacement } from '../../signing/placement.js';
import { Lru } from '../../templates/index.js';
import type { SignFieldInput } from './options.js';

export interface FieldPosition {
  /** 1-based page of the document. */
  page: number;
  /** PDF points from the page's bottom-left corner (ISO 32000-1 §8.3.2.3): [x0, y0, x1, y1]. */
  rect: [number, number, number, number];
  /** Width and height of the page's CropBox in points. */
  pageSize: [number, number];
  crossPage: boolean;
}

const cache = new Lru<string, (FieldPosition | null)[]>(1000);

/** The positions of `fields` in `pdf` (null for a keyword the document does not contain). */
export function fieldPositions(
  originalSha256: string,
  pdf: Uint8Array,
  fields: SignFieldInput[],
): (FieldPosition | null)[] {
  if (fields.length === 0) return [];
  const key = `${originalSha256}:${JSON.stringify(fields)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const file = PdfFile.open(pdf);
  const pages = file.pages();
  const out = fields.map((f): FieldPosition | null => {
    const { document: _d, crossPage, ...placement } = f;
    try {
      const { pageIndex, rect } = resolvePlacement(file, placement);
      const [cx0, cy0, cx1, cy1] = pages[pageIndex]!.cropBox;
      return {
        page: pageIndex + 1,
        rect: [rect[0] - cx0, rect[1] - cy0, rect[2] - cx0, rect[3] - cy0],
        pageSize: [cx1 - cx0, cy1 - cy0],
        crossPage: crossPage ?? false,
      };
    } catch (e) {
      if (e instanceof HetongError) return null;
      throw e;
    }
  });
  cache.set(key, out);
  return out;
}
