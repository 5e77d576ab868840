import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainParagraphProps, plainRunProps } from '../defaults.js';
import { parseDocx } from '../docx/index.js';
import { buildDocx, p } from '../docx/testing/build-docx.js';
import type { LineSpacing, Paragraph } from '../model.js';
import { lineEdges, SINGLE_LINE } from './paragraph.js';

const props = (lineSpacing: LineSpacing, snapToGrid?: boolean) => ({
  ...plainParagraphProps(plainRunProps()),
  lineSpacing,
  ...(snapToGrid === undefined ? {} : { snapToGrid }),
});
const height = (e: { top: number; bottom: number }) => Math.round((e.top + e.bottom) * 1000) / 1000;
const single: LineSpacing = { rule: 'auto', multiple: 1 };

describe('line heights on the document grid (ECMA-376 Part 1 §17.6.5)', () => {
  it('a line takes one pitch while it fits, two when its font is taller', () => {
    expect(height(lineEdges(props(single), 10.5, 15.6))).toBe(15.6);
    expect(height(lineEdges(props(single), 12, 15.6))).toBe(15.6); // 1.3 × 12 = 15.6 exactly
    expect(height(lineEdges(props(single), 14, 15.6))).toBe(31.2);
    expect(height(lineEdges(props(single), 22, 15.6))).toBe(31.2);
    expect(height(lineEdges(props(single), 26, 15.6))).toBe(46.8);
  });

  it('a multiple scales the pitches; exact keeps its height; at-least is at least the pitches', () => {
    expect(height(lineEdges(props({ rule: 'auto', multiple: 1.5 }), 10.5, 15.6))).toBe(23.4);
    expect(height(lineEdges(props({ rule: 'auto', multiple: 2 }), 14, 15.6))).toBe(62.4);
    expect(height(lineEdges(props({ rule: 'exact', value: 20 }), 10.5, 15.6))).toBe(20);
    expect(height(lineEdges(props({ rule: 'atLeast', value: 12 }), 10.5, 15.6))).toBe(15.6);
    expect(height(lineEdges(props({ rule: 'atLeast', value: 24 }), 10.5, 15.6))).toBe(24);
  });

  it('w:snapToGrid 0 and no grid keep the single line of the font', () => {
    expect(height(lineEdges(props(single, false), 10.5, 15.6))).toBe(height(lineEdges(props(single), 10.5)));
    expect(height(lineEdges(props(single), 10.5))).toBe(SINGLE_LINE * 10.5);
  });

  it('for any font and pitch: whole pitches, never shorter than the font, at most one pitch more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 144 }), fc.integer({ min: 120, max: 1440 }), (half, twips) => {
        const size = half / 2;
        const pitch = twips / 20;
        const h = lineEdges(props(single), size, pitch);
        const n = (h.top + h.bottom) / pitch;
        expect(Math.abs(n - Math.round(n))).toBeLessThan(1e-9);
        expect(h.top + h.bottom).toBeGreaterThanOrEqual(SINGLE_LINE * size - 1e-3);
        expect(h.top + h.bottom).toBeLessThan(SINGLE_LINE * size + pitch + 1e-9);
        expect(h.bottom).toBeGreaterThan(0);
      }),
    );
  });
});

describe('parsing the grid', () => {
  const sect = (grid: string) =>
    `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/>${grid}</w:sectPr>`;

  it('reads the line pitch of active grids, charSpace of character grids, snapToGrid and the table compat flag', () => {
    const doc = parseDocx(
      buildDocx({
        body: '<w:p><w:pPr><w:snapToGrid w:val="0"/></w:pPr><w:r><w:t>off</w:t></w:r></w:p>' + p('on'),
        sectPr: sect('<w:docGrid w:type="linesAndChars" w:linePitch="312" w:charSpace="-3891"/>'),
        settings: '<w:compat><w:adjustLineHeightInTable/></w:compat>',
      }),
    );
    expect(doc.finalSection.lineGrid).toBe(15.6);
    expect(doc.finalSection.charSpace).toBeCloseTo(-3891 / 4096, 6);
    const [off, on] = doc.body as Paragraph[];
    expect(off!.props.snapToGrid).toBe(false);
    expect(on!.props.snapToGrid).toBeUndefined();
    expect(doc.settings.adjustLineHeightInTable).toBe(true);
  });

  it('has no grid for type default and no character grid for type lines', () => {
    const none = parseDocx(
      buildDocx({
        body: p('x'),
        sectPr: sect('<w:docGrid w:type="default" w:linePitch="600" w:charSpace="38911"/>'),
      }),
    );
    expect(none.finalSection.lineGrid).toBeUndefined();
    expect(none.finalSection.charSpace).toBeUndefined();
    const lines = parseDocx(
      buildDocx({
        body: p('x'),
        sectPr: sect('<w:docGrid w:type="lines" w:linePitch="360" w:charSpace="4096"/>'),
      }),
    );
    expect(lines.finalSection.lineGrid).toBe(18);
    expect(lines.finalSection.charSpace).toBeUndefined();
  });
});
