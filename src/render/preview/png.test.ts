import { describe, expect, it } from 'vitest';
import { shippedFontPaths } from '../fonts/index.js';
import { readShippedFont } from '../fonts/registry.js';
import { TypstRunner } from '../typst/runner.js';
import { svgPageDocuments, svgPages, svgToPngs } from './png.js';

/** Width and height from a PNG's IHDR chunk (PNG spec §11.2.2). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('PNG previews from Typst SVG', () => {
  const runner = new TypstRunner(shippedFontPaths().map(readShippedFont));
  // Page 2 is landscape: each page keeps its own size.
  const program = `#set text(font: "Noto Serif SC")
第一页正文
#pagebreak()
#set page(flipped: true)
第二页正文
#pagebreak()
#set page(flipped: false)
第三页正文`;
  const svg = runner.run({
    programId: 'p',
    program,
    modules: {},
    assets: {},
    data: '{}',
    format: 'svg',
  }).svg!;

  it('finds every page with its place in the stacked SVG', () => {
    const pages = svgPages(svg);
    expect(pages).toHaveLength(3);
    expect(pages[1]!.width).toBeGreaterThan(pages[1]!.height);
    expect(pages[1]!.y).toBe(pages[0]!.height);
    // Contiguous: each page's group ends where the next begins.
    expect(pages[0]!.end).toBe(pages[1]!.start);
    expect(pages[2]!.end).toBe(svg.lastIndexOf('</svg>'));
  });

  it('cuts one standalone SVG per page: the shared definitions plus only that page', () => {
    const pages = svgPages(svg);
    const [second] = svgPageDocuments(svg, [2]);
    expect(second).toContain(svg.slice(pages[1]!.start, pages[1]!.end));
    expect(second).not.toContain(svg.slice(pages[0]!.start, pages[0]!.start + 200));
    expect(second).not.toContain(svg.slice(pages[2]!.start, pages[2]!.start + 200));
    expect(second).toContain('<defs class="glyph">');
    expect(second).not.toContain('<style');
    expect(second!.length).toBeLessThan(svg.length);
  });

  it('rasterises each asked page at the width asked, keeping its aspect ratio', () => {
    const [p1, p2] = svgToPngs(svg, 300, [1, 2]).map(pngSize);
    expect(p1).toEqual({ width: 300, height: Math.round((300 * 842) / 595.28) });
    expect(p2!.width).toBe(300);
    expect(p2!.height).toBeLessThan(300);
  });

  it('refuses a page that does not exist and a width out of range (400)', () => {
    expect(() => svgToPngs(svg, 300, [4])).toThrow(/page 4 does not exist \(the document has 3\)/);
    expect(() => svgToPngs(svg, 10_000, [1])).toThrow(/PNG width must be an integer/);
  });
});
