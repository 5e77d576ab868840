/**
 * Generated seal images by their specification (kind, name, style, size): the image is a pure
 * function of the spec, and a person's first signature otherwise draws its name seal anew
 * (~5 ms of rasterising on the main thread). Common names repeat across people, so a bounded
 * cache of the most recent specs saves that work; the image of a new spec is drawn as before.
 */
export interface GeneratedImage {
  png: Uint8Array;
  widthMm: number;
  heightMm: number;
}

export class GeneratedSealImages {
  readonly #map = new Map<string, GeneratedImage>();

  constructor(readonly capacity = 512) {}

  /** The cached image of `spec`, or `draw()`'s (then cached), least recently used out. */
  get(spec: Record<string, unknown>, draw: () => GeneratedImage): GeneratedImage {
    const key = specKey(spec);
    let image = this.#map.get(key);
    if (image) this.#map.delete(key);
    else image = draw();
    this.#map.set(key, image);
    while (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value!);
    return image;
  }

  get size(): number {
    return this.#map.size;
  }
}

/** One string per spec whatever the order of its keys; absent and undefined fields are alike. */
function specKey(spec: Record<string, unknown>): string {
  return JSON.stringify(
    Object.entries(spec)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
