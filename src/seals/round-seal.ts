import { HetongError } from '../shared/errors.js';
import { SEAL_FONT } from './fonts.js';
import { glyph, round } from './glyph.js';
import { assertSealSize, mmToPx, rasterize } from './rasterize.js';

export interface RoundSealSpec {
  /** The organisation's registered name, set along the upper arc. */
  name: string;
  /** Purpose text under the star, e.g. 合同专用章. */
  purpose?: string;
  /** Seal number (e.g. the 13-digit code of the public-security filing), along the lower arc. */
  number?: string;
  /** Diameter in millimetres; 42 mm is the common size of an organisation's seal. */
  diameterMm?: number;
  /** Output resolution; default 300 dpi. */
  dpi?: number;
  color?: string;
}

export const SEAL_RED = '#d7000f';

/**
 * SVG of an organisation's round red seal, in millimetres, after the usual proportions of a
 * 42 mm seal: 1.2 mm ring, a five-pointed star of 14 mm across in the centre, the name along the
 * upper arc (up to ~220°, ending above the purpose text, characters upright toward the centre, compressed when the name is long),
 * the purpose text horizontal under the star and the number along the lower arc.
 */
export function roundSealSvg(spec: RoundSealSpec): string {
  const name = [...spec.name.trim()];
  if (name.length === 0 || name.length > 40)
    throw new HetongError('SEAL_SPEC_INVALID', 400, 'an organisation seal needs a name of 1–40 characters');
  const purpose = [...(spec.purpose?.trim() ?? '')];
  if (purpose.length > 12)
    throw new HetongError('SEAL_SPEC_INVALID', 400, 'purpose text is at most 12 characters');
  const number = [...(spec.number?.trim() ?? '')];
  if (number.length > 24)
    throw new HetongError('SEAL_SPEC_INVALID', 400, 'a seal number is at most 24 characters');

  const k = (spec.diameterMm ?? 42) / 42; // everything scales with the diameter
  const d = 42 * k;
  const c = d / 2;
  const fill = spec.color ?? SEAL_RED;
  const ring = 1.2 * k;
  const parts: string[] = [];
  parts.push(
    `<circle cx="${c}" cy="${c}" r="${round(c - ring / 2 - 0.1 * k)}" fill="none" stroke="${fill}" stroke-width="${round(ring)}"/>`,
  );
  parts.push(`<path d="${starPath(c, c, 7 * k)}" fill="${fill}"/>`);

  // Name along the upper arc: character height 6.2 mm, centres on a circle inside the ring.
  const nameHeight = 6.2 * k;
  const nameRadius = c - ring - 0.9 * k - nameHeight / 2;
  const stepMax = 28; // degrees between characters for short names
  const span = Math.min(222, stepMax * (name.length - 1));
  const step = name.length > 1 ? span / (name.length - 1) : 0;
  // Width available per character along the arc; long names are compressed horizontally.
  const arcPerChar = name.length > 1 ? ((nameRadius * Math.PI) / 180) * step : nameHeight;
  const nameWidth = Math.min(nameHeight * 0.98, arcPerChar * 0.92);
  name.forEach((ch, i) => {
    const theta = -span / 2 + i * step;
    const rad = (theta * Math.PI) / 180;
    parts.push(
      glyph(ch, {
        cx: c + nameRadius * Math.sin(rad),
        cy: c - nameRadius * Math.cos(rad),
        width: nameWidth,
        height: nameHeight,
        rotate: theta,
        family: SEAL_FONT.serif,
        fill,
      }),
    );
  });

  if (purpose.length) {
    const height = 4.4 * k;
    const total = Math.min(purpose.length * 3.6 * k, 19 * k);
    const width = total / purpose.length;
    purpose.forEach((ch, i) =>
      parts.push(
        glyph(ch, {
          cx: c - total / 2 + width * (i + 0.5),
          cy: c + 10.6 * k,
          width: width * 0.96,
          height,
          family: SEAL_FONT.serif,
          fill,
        }),
      ),
    );
  }

  if (number.length) {
    // Digits along the lower arc, read left to right, tops toward the centre.
    const height = 2.6 * k;
    const radius = c - ring - 0.7 * k - height / 2;
    const stepDeg = ((height * 0.62) / radius) * (180 / Math.PI);
    const spanDeg = stepDeg * (number.length - 1);
    number.forEach((ch, i) => {
      const alpha = spanDeg / 2 - i * stepDeg;
      const rad = (alpha * Math.PI) / 180;
      parts.push(
        glyph(ch, {
          cx: c - radius * Math.sin(rad),
          cy: c + radius * Math.cos(rad),
          width: height * 0.6,
          height,
          rotate: alpha,
          family: SEAL_FONT.sans,
          fill,
        }),
      );
    });
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${round(d)}mm" height="${round(d)}mm" viewBox="0 0 ${round(d)} ${round(d)}">${parts.join('')}</svg>`;
}

/** A regular five-pointed star with one point up; inner radius r·sin18°/sin54° (≈0.382 r). */
export function starPath(cx: number, cy: number, r: number): string {
  const inner = (r * Math.sin(Math.PI / 10)) / Math.sin((3 * Math.PI) / 10);
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : inner;
    const a = (i * Math.PI) / 5;
    points.push(`${round(cx + radius * Math.sin(a))} ${round(cy - radius * Math.cos(a))}`);
  }
  return `M${points.join('L')}Z`;
}

export function renderRoundSeal(spec: RoundSealSpec): { png: Uint8Array; widthMm: number; heightMm: number } {
  const d = spec.diameterMm ?? 42;
  assertSealSize(d, 20, 80, spec.dpi ?? 300, 'a round seal diameter');
  return {
    png: rasterize(roundSealSvg(spec), { widthPx: mmToPx(d, spec.dpi ?? 300) }),
    widthMm: d,
    heightMm: d,
  };
}
