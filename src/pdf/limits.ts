/**
 * Bounds on what a PDF from a stranger may make the parser do. ISO 32000-1 sets no limits of its
 * own (Annex C lists an implementation's, e.g. 8,388,607 indirect objects), so a file can declare
 * two billion xref entries in 171 KB (§7.5.4), inflate one xref or object stream to gigabytes
 * (§7.4.4) or nest arrays a hundred thousand deep (§7.3.6). Every bound here is relative to the
 * file's own size where the format allows it, with a hard ceiling, and a refusal names the bound.
 */
import { HetongError } from '../shared/errors.js';

export const PDF_LIMITS = {
  /**
   * §7.5.4: a classic xref entry is exactly 20 bytes; some producers write 19 (a bare EOL). A
   * subsection declaring more entries than the rest of the file could hold is refused before
   * anything is allocated for it.
   */
  minXrefEntryBytes: 19,
  /** Entries read from all xref sections of one file (Annex C.2 allows 8,388,607 objects). */
  maxXrefEntries: 1_000_000,
  /** Inflated bytes of all streams decoded from one file, per byte of the file. */
  inflateRatio: 100,
  /** ... but never less than this (a small file may hold a few ordinary compressed streams) ... */
  inflateFloor: 8 * 1024 * 1024,
  /** ... and never more than this, however large the file. */
  inflateCeiling: 256 * 1024 * 1024,
  /** One stream, whatever the budget left. */
  maxStreamBytes: 64 * 1024 * 1024,
  /** Arrays and dictionaries inside one another (Annex C.2 names 28 for content streams' q). */
  maxNesting: 512,
  /** Objects one object needs loaded first (an indirect /Length, its object stream, …). */
  maxLoadDepth: 64,
  /**
   * Form XObjects run while reading one page's text (§8.10, Do), each run counted: a 1 KB file
   * whose form draws the next one ten times, eight deep, asks for 10^8 runs. A contract page
   * runs a handful (a logo, a seal appearance).
   */
  maxFormRuns: 10_000,
  /** Glyphs read from one page (§9.4.3): a contract page shows a few thousand. */
  maxPageGlyphs: 500_000,
  /**
   * Signatures and document timestamps one verification checks: each one costs a CMS check and a
   * diff of every object after it; a contract has a handful, a long-lived one some dozens.
   */
  maxSignatures: 200,
} as const;

export type PdfLimitName =
  | 'xref-entries'
  | 'inflated-bytes'
  | 'stream-bytes'
  | 'nesting-depth'
  | 'object-load-depth'
  | 'object-stream-entries'
  | 'signatures'
  | 'form-runs'
  | 'page-glyphs'
  /** The verifier's worker ran out of heap (src/app/tasks). */
  | 'worker-memory';

/** A PDF that exceeds one of PDF_LIMITS: 400 PDF_LIMIT_EXCEEDED, `details.limit` names it. */
export class PdfLimitError extends HetongError {
  constructor(limit: PdfLimitName, max: number, message: string) {
    super('PDF_LIMIT_EXCEEDED', 400, `the PDF exceeds a parser limit: ${message}`, { limit, max });
  }
}

/**
 * How many more bytes streams of one file may inflate to. One budget is shared by every reading
 * of a file (the verifier opens each signed revision again), so re-opening cannot multiply it.
 */
export class InflateBudget {
  remaining: number;
  constructor(fileLength: number) {
    this.remaining = InflateBudget.totalFor(fileLength);
  }

  static totalFor(fileLength: number): number {
    return Math.min(
      PDF_LIMITS.inflateCeiling,
      Math.max(PDF_LIMITS.inflateFloor, fileLength * PDF_LIMITS.inflateRatio),
    );
  }

  /** The most the next stream may inflate to. */
  get nextStreamMax(): number {
    return Math.min(PDF_LIMITS.maxStreamBytes, this.remaining);
  }

  spend(bytes: number): void {
    this.remaining -= bytes;
  }
}
