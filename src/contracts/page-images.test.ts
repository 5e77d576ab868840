import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageImageCache } from './page-images.js';

const png = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('PageImageCache', () => {
  it('renders an image once, then answers it from memory', async () => {
    const cache = new PageImageCache(1000);
    let renders = 0;
    const render = async () => {
      renders++;
      return png(100);
    };
    const key = PageImageCache.key('bl_1', 'ct_1', 'doc_1', 1, 800);
    await cache.get(key, render);
    await cache.get(key, render);
    expect(renders).toBe(1);
    // Another width, page or line is another image.
    await cache.get(PageImageCache.key('bl_1', 'ct_1', 'doc_1', 1, 1600), render);
    await cache.get(PageImageCache.key('bl_2', 'ct_1', 'doc_1', 1, 800), render);
    expect(renders).toBe(3);
  });

  it('shares one render between concurrent asks, and keeps no failure', async () => {
    const cache = new PageImageCache(1000);
    let renders = 0;
    let release!: () => void;
    const slow = () =>
      new Promise<Uint8Array>((resolve) => {
        renders++;
        release = () => resolve(png(10));
      });
    const a = cache.get('k', slow);
    const b = cache.get('k', slow);
    release();
    expect(await a).toBe(await b);
    expect(renders).toBe(1);
    await expect(cache.get('bad', () => Promise.reject(new Error('render failed')))).rejects.toThrow();
    expect(await cache.get('bad', async () => png(5))).toHaveLength(5);
  });

  it('stays within its byte budget, least recently used out', async () => {
    const cache = new PageImageCache(250);
    await cache.get('a', async () => png(100));
    await cache.get('b', async () => png(100));
    await cache.get('a', async () => png(1)); // a is now the most recent
    await cache.get('c', async () => png(100)); // b goes
    expect(cache.bytes).toBe(200);
    let rendered = false;
    await cache.get('b', async () => ((rendered = true), png(100)));
    expect(rendered).toBe(true);
    // Larger than the whole budget: answered, not kept.
    await cache.get('huge', async () => png(300));
    expect(cache.bytes).toBeLessThanOrEqual(250);
  });

  it('never holds more than its budget, whatever is asked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 400 })), {
          maxLength: 60,
        }),
        async (asks) => {
          const cache = new PageImageCache(500);
          for (const [k, n] of asks) {
            const got = await cache.get(String(k), async () => png(n));
            expect(got.byteLength).toBeGreaterThanOrEqual(0);
            expect(cache.bytes).toBeLessThanOrEqual(500);
          }
        },
      ),
    );
  });
});
