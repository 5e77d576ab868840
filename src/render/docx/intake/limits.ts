/**
 * Resource limits of .docx intake. Every limit is enforced on the bytes actually produced, never on
 * sizes declared inside the package (a zip's local and central headers can lie).
 */
export interface IntakeLimits {
  /** Size of the uploaded file. */
  maxCompressedBytes: number;
  /** Entries in the zip's central directory. */
  maxEntries: number;
  /** Inflated size of any single part. */
  maxEntryBytes: number;
  /** Inflated size of all parts read together. */
  maxTotalBytes: number;
  /** Inflated / compressed size of one part (deflate's own maximum is about 1032). */
  maxCompressionRatio: number;
  /** Element nesting depth of any XML part. */
  maxXmlDepth: number;
  /** XML elements of all parts read together (the standard contract has about 1,100). */
  maxXmlElements: number;
  /** Pixels (width × height) of one image. */
  maxImagePixels: number;
  /** Bytes of one image. */
  maxImageBytes: number;
}

export const DEFAULT_INTAKE_LIMITS: Readonly<IntakeLimits> = Object.freeze({
  maxCompressedBytes: 50 * 1024 * 1024,
  maxEntries: 2000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxXmlDepth: 256,
  maxXmlElements: 250_000,
  maxImagePixels: 40_000_000,
  maxImageBytes: 20 * 1024 * 1024,
});

export function resolveLimits(partial?: Partial<IntakeLimits>): IntakeLimits {
  return { ...DEFAULT_INTAKE_LIMITS, ...partial };
}
