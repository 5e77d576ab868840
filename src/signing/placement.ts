/**
 * Where a signature field goes. Coordinates are PDF user-space points (1/72 inch, ISO 32000-1
 * §8.3.2.3) relative to the page's CropBox (§14.11.2) — by default from its bottom-left corner
 * (PDF's own convention), or from its top-left corner with `origin: 'top-left'`, which is how
 * most business systems and screen coordinates measure. Page rotation (/Rotate) is not applied:
 * the numbers are in the unrotated page space.
 */
import { HetongError } from '../shared/errors.js';
import type { PdfFile, Rect } from '../pdf/file.js';
import { findText } from './text/find.js';

export type SignFieldPlacement =
  | {
      /** 1-based page number. */
      page: number;
      x: number;
      y: number;
      width: number;
      height: number;
      origin?: 'bottom-left' | 'top-left';
    }
  | {
      /** Text to find in the page content, e.g. "甲方（盖章）". */
      keyword: string;
      /** 1-based; which match in reading order over the whole document (default 1). */
      occurrence?: number;
      /** The field is centred on the END of the keyword, moved by these offsets (points, +x right, +y up). */
      offsetX?: number;
      offsetY?: number;
      width: number;
      height: number;
    };

export interface ResolvedPlacement {
  pageIndex: number;
  rect: Rect;
}

export function resolvePlacement(file: PdfFile, placement: SignFieldPlacement): ResolvedPlacement {
  const pages = file.pages();
  if (!(placement.width > 0 && placement.height > 0)) {
    throw new HetongError(
      'SIGN_FIELD_PLACEMENT_INVALID',
      422,
      'the sign field needs a positive width and height',
    );
  }
  if ('keyword' in placement) {
    const hits = findText(file, pages, placement.keyword);
    const occurrence = placement.occurrence ?? 1;
    const hit = hits[occurrence - 1];
    if (!hit) {
      throw new HetongError(
        'SIGN_FIELD_KEYWORD_NOT_FOUND',
        422,
        `the text "${placement.keyword}" was not found in the document`,
        {
          keyword: placement.keyword,
          occurrence,
          found: hits.length,
        },
      );
    }
    const cx = hit.x1 + (placement.offsetX ?? 0);
    const cy = (hit.y0 + hit.y1) / 2 + (placement.offsetY ?? 0);
    return {
      pageIndex: hit.pageIndex,
      rect: [
        cx - placement.width / 2,
        cy - placement.height / 2,
        cx + placement.width / 2,
        cy + placement.height / 2,
      ],
    };
  }
  const page = pages[placement.page - 1];
  if (!Number.isInteger(placement.page) || !page) {
    throw new HetongError(
      'SIGN_FIELD_PLACEMENT_INVALID',
      422,
      `page ${placement.page} does not exist (the document has ${pages.length})`,
    );
  }
  const [cx0, cy0, , cy1] = page.cropBox;
  const x0 = cx0 + placement.x;
  const y0 = placement.origin === 'top-left' ? cy1 - placement.y - placement.height : cy0 + placement.y;
  return { pageIndex: placement.page - 1, rect: [x0, y0, x0 + placement.width, y0 + placement.height] };
}
