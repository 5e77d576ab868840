/**
 * Merging of run properties for generated runs. Word validates the order of w:rPr children
 * (CT_RPr is a sequence, ECMA-376 Part 1 §17.3.2.28), so properties are kept in schema order.
 */
const RPR_ORDER = [
  'rStyle', 'rFonts', 'b', 'bCs', 'i', 'iCs', 'caps', 'smallCaps', 'strike', 'dstrike', 'outline',
  'shadow', 'emboss', 'imprint', 'noProof', 'snapToGrid', 'vanish', 'webHidden', 'color', 'spacing',
  'w', 'kern', 'position', 'sz', 'szCs', 'highlight', 'u', 'effect', 'bdr', 'shd', 'fitText',
  'vertAlign', 'rtl', 'cs', 'em', 'lang', 'eastAsianLayout', 'specVanish', 'oMath',
]; // prettier-ignore

export interface RunOverrides {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  /** 6-digit hex without '#'. */
  color?: string;
  sizePt?: number;
  superscript?: boolean;
  subscript?: boolean;
}

/** Splits an rPr inner XML into its child elements keyed by local name. */
function children(rPr: string): Map<string, string> {
  const map = new Map<string, string>();
  const re = /<w:([A-Za-z]+)\b(?:[^>]*?\/>|[^>]*>[\s\S]*?<\/w:\1>)/g;
  for (let m = re.exec(rPr); m; m = re.exec(rPr)) map.set(m[1]!, m[0]);
  return map;
}

export function mergeRunProps(baseRPr: string, o: RunOverrides): string {
  const map = children(baseRPr);
  const flag = (name: string, on: boolean | undefined) => {
    if (on === undefined) return;
    map.set(name, on ? `<w:${name}/>` : `<w:${name} w:val="0"/>`);
  };
  flag('b', o.bold);
  flag('bCs', o.bold);
  flag('i', o.italic);
  flag('iCs', o.italic);
  flag('strike', o.strike);
  if (o.underline) map.set('u', '<w:u w:val="single"/>');
  if (o.color) map.set('color', `<w:color w:val="${o.color}"/>`);
  if (o.sizePt !== undefined) {
    const half = Math.round(o.sizePt * 2); // w:sz is in half-points (§17.3.2.38)
    map.set('sz', `<w:sz w:val="${half}"/>`);
    map.set('szCs', `<w:szCs w:val="${half}"/>`);
  }
  if (o.superscript) map.set('vertAlign', '<w:vertAlign w:val="superscript"/>');
  if (o.subscript) map.set('vertAlign', '<w:vertAlign w:val="subscript"/>');
  return RPR_ORDER.map((n) => map.get(n) ?? '').join('');
}
