import { describe, expect, it } from 'vitest';
import { shippedFonts } from '../fonts/index.js';
import { TypstRunner } from './runner.js';
import { pdfText } from './testing/pdf-tools.js';

// Two programs kept mapped, so the tests reach the unmapping of the least recently used one.
const runner = new TypstRunner(
  shippedFonts().map((f) => f.bytes),
  2,
);
const text = (s: string) => new TextEncoder().encode(s);
// Each program prints its own marker, the text of its asset and one data value.
const program = (marker: string) =>
  `#set text(font: "Noto Serif SC")\n${marker} #read("/assets/1-note.txt") #json("/run/data.json").v\n`;

function render(id: string, marker: string, asset: string, v: string): string {
  const r = runner.run({
    programId: id,
    program: program(marker),
    assets: { '/assets/1-note.txt': text(asset) },
    data: JSON.stringify({ v }),
    format: 'pdf',
  });
  return pdfText(r.pdf!).replace(/\s+/g, ' ').trim();
}

describe('TypstRunner', () => {
  it('runs each program from its own stable main file, with only the data changing', () => {
    expect(render('a1', 'alpha', 'note-a', 'one')).toBe('alpha note-a one');
    expect(render('b1', 'beta', 'note-b', 'two')).toBe('beta note-b two');
    // Back to the first program: its source and its asset (same path, other bytes) are its own.
    expect(render('a1', 'alpha', 'note-a', 'three')).toBe('alpha note-a three');
  });

  it('keeps serving after more programs than it keeps mapped', () => {
    for (let i = 0; i < 4; i++) render(`p${i}`, `m${i}`, `n${i}`, 'x');
    expect(render('p0', 'm0', 'n0', 'again')).toBe('m0 n0 again');
  });

  it('reports a failing program as RENDER_FAILED with its diagnostics', () => {
    expect(() =>
      runner.run({ programId: 'bad', program: '#let x = (', assets: {}, data: '{}', format: 'pdf' }),
    ).toThrow(expect.objectContaining({ code: 'RENDER_FAILED' }));
  });
});
