/** Unit conversions of WordprocessingML (ECMA-376 Part 1 §17.18, §20.1.2.1) into points. */
import type { XmlElement } from '../intake/xml.js';

/** Parse an ST_SignedTwipsMeasure / ST_TwipsMeasure, which may also carry a unit ("12pt", "1in"). */
export function twips(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(-?\d+(?:\.\d+)?)(mm|cm|in|pt|pc|pi)?$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'mm':
      return (n * 72) / 25.4;
    case 'cm':
      return (n * 72) / 2.54;
    case 'in':
      return n * 72;
    case 'pt':
      return n;
    case 'pc':
    case 'pi':
      return n * 12;
    default:
      return n / 20;
  }
}

export function int(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

export function halfPoints(v: string | undefined): number | undefined {
  const n = v === undefined ? undefined : Number(v);
  return n === undefined || !Number.isFinite(n) ? undefined : n / 2;
}

/** English Metric Units (DrawingML): 12700 per point. */
export function emu(v: string | undefined): number | undefined {
  const n = v === undefined ? undefined : Number(v);
  return n === undefined || !Number.isFinite(n) ? undefined : n / 12700;
}

/** ST_OnOff (§17.17.4): absent val means on. */
export function onOff(el: XmlElement | undefined): boolean | undefined {
  if (!el) return undefined;
  const v = el.attrs['w:val'];
  return v === undefined || !(v === '0' || v === 'false' || v === 'off');
}

/** ST_HexColor: "auto" is undefined, anything else 6 upper-case hex digits. */
export function hexColor(v: string | undefined): string | undefined {
  if (!v || v === 'auto' || !/^[0-9a-fA-F]{6}$/.test(v)) return undefined;
  return v.toUpperCase();
}

export function val(el: XmlElement | undefined, attr = 'w:val'): string | undefined {
  return el?.attrs[attr];
}
