/**
 * Where the picture of a page of a contract document comes from (issue 14: one business line must
 * not stall the service). A Typst preview runs the document's whole program to draw one page —
 * time and memory grow with the document (the abuse bench's 562-page contract took the service to
 * 1.5 GB RSS) — while poppler's pdftoppm draws one page of a PDF at a cost that hardly grows with
 * its length. So:
 *
 * - an uploaded PDF: its stored bytes, the current revision (the seals signed so far shown);
 * - a template-made document of up to `pdfAbovePages` pages: Typst, in the render pool;
 * - a longer one: its stored PDF as created (revision 0, named by a revision row once signed), the
 *   very PDF this document's program and data produced, so the picture shows what the Typst one
 *   would and never changes (no seals, as on short documents: a signer sees the same kind of page
 *   whatever the length); without pdftoppm, Typst up to `typstPageLimit` pages, refused above.
 */
import { HetongError } from '../shared/errors.js';

export interface PreviewPolicy {
  /** Template-made documents longer than this are drawn from their PDF by pdftoppm when installed. */
  pdfAbovePages: number;
  /** Without pdftoppm, longer documents than this get PREVIEW_TOO_LARGE instead of a Typst run. */
  typstPageLimit: number;
}

/**
 * `npm run bench -- previews` (page 1 at 800 px, load average ~5 on 2 cores): a Typst picture
 * costs ~110 ms of CPU plus ~2.3 ms per page (125 ms at 8 pages, 276 at 77, 808 at 308) in a
 * render worker, one of those creating contracts, and its memory grows with the document (+140 MB
 * at 308 pages); pdftoppm costs ~280 ms of CPU whatever the length, at nice 10 outside the pool,
 * plus a 40–80 ms stall of the service's event loop to spawn it (a fork of the whole service).
 * Counting the stall, Typst is the cheaper way up to ~100 pages. Without pdftoppm, 200 pages keep
 * a Typst picture near 0.6 s of CPU and +90 MB.
 */
export const DEFAULT_PREVIEW_POLICY: PreviewPolicy = { pdfAbovePages: 100, typstPageLimit: 200 };

export type PageSource =
  | { from: 'typst' }
  /** The stored PDF; `revision` null means the document as created (revision 0). */
  | { from: 'pdf'; revision: number | null };

export function pageSource(
  document: { templateVersionId: string | null; pages: number; revision: number },
  policy: PreviewPolicy,
  pdfPagesInstalled: boolean,
): PageSource {
  if (!document.templateVersionId) return { from: 'pdf', revision: document.revision };
  if (document.pages <= policy.pdfAbovePages) return { from: 'typst' };
  if (pdfPagesInstalled) return { from: 'pdf', revision: null };
  if (document.pages <= policy.typstPageLimit) return { from: 'typst' };
  throw new HetongError(
    'PREVIEW_TOO_LARGE',
    413,
    `pictures of documents over ${policy.typstPageLimit} pages need poppler (pdftoppm) on the server; download the PDF instead`,
    { pages: document.pages, limit: policy.typstPageLimit },
  );
}
