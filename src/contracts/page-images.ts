/**
 * Rendered page images (PNG) of contracts, by business line, contract, document, page and width,
 * least recently used out past a byte budget. A contract's documents never change once created,
 * so an entry never goes stale; a signing page asks for the same pages again on every open, reload
 * and zoom step, and each miss costs a Typst run of the whole document plus a rasterisation.
 * Concurrent asks for one image share one render.
 */
export class PageImageCache {
  readonly #images = new Map<string, Uint8Array>();
  readonly #pending = new Map<string, Promise<Uint8Array>>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {
    if (!(maxBytes >= 0)) throw new RangeError('maxBytes must not be negative');
  }

  static key(lineId: string, contractId: string, documentId: string, page: number, width: number): string {
    return `${lineId}\u0000${contractId}\u0000${documentId}\u0000${page}\u0000${width}`;
  }

  /** The cached image, or `render()`'s (kept when it fits the budget). A failed render is not kept. */
  get(key: string, render: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const hit = this.#images.get(key);
    if (hit) {
      // Map keeps insertion order: re-inserting makes it the most recent.
      this.#images.delete(key);
      this.#images.set(key, hit);
      return Promise.resolve(hit);
    }
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const made = render()
      .then((png) => {
        this.#keep(key, png);
        return png;
      })
      .finally(() => this.#pending.delete(key));
    this.#pending.set(key, made);
    return made;
  }

  #keep(key: string, png: Uint8Array): void {
    if (png.byteLength > this.maxBytes) return;
    this.#images.set(key, png);
    this.#bytes += png.byteLength;
    for (const [k, old] of this.#images) {
      if (this.#bytes <= this.maxBytes) break;
      this.#images.delete(k);
      this.#bytes -= old.byteLength;
    }
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#images.size;
  }
}
