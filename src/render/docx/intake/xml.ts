/**
 * Safe XML for package parts: any DTD is refused (no XXE, no entity expansion "billion laughs"),
 * nesting depth is bounded, and names are normalised to canonical prefixes by namespace URI so the
 * parser can match `w:p` whatever prefix the producer chose (Namespaces in XML 1.0 §6; ECMA-376
 * Part 1 §8.2 lists the URIs; Strict-conformance URIs map to the same prefixes).
 */
import { SaxesParser } from 'saxes';
import { invalidDocx, tooLarge } from './errors.js';

export interface XmlElement {
  /** Canonical qualified name, e.g. "w:p", "a:blip"; unknown namespaces keep "{uri}local". */
  name: string;
  /** Attributes by canonical qualified name ("w:val", "r:embed"); unprefixed ones by local name. */
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const CANONICAL: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing': 'wp',
  'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing': 'wp',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://purl.oclc.org/ooxml/drawingml/main': 'a',
  'http://schemas.openxmlformats.org/drawingml/2006/picture': 'pic',
  'http://purl.oclc.org/ooxml/drawingml/picture': 'pic',
  'http://schemas.openxmlformats.org/drawingml/2006/chart': 'c',
  'http://schemas.openxmlformats.org/drawingml/2006/diagram': 'dgm',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'http://schemas.openxmlformats.org/officeDocument/2006/math': 'm',
  'urn:schemas-microsoft-com:vml': 'v',
  'urn:schemas-microsoft-com:office:office': 'o',
  'urn:schemas-microsoft-com:office:word': 'w10',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingShape': 'wps',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingGroup': 'wpg',
  'http://schemas.microsoft.com/office/word/2010/wordml': 'w14',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
  'http://schemas.openxmlformats.org/package/2006/content-types': 'ct',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

const DTD = /<!DOCTYPE/i;

function decode(bytes: Uint8Array): string {
  // XML 1.0 Appendix F: a byte-order mark tells UTF-16; everything else in a package is UTF-8.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Elements left to the whole package: one budget is shared by every part it parses, so a package
 * cannot multiply its cost by spreading elements over many parts.
 */
export interface ElementBudget {
  left: number;
  readonly limit: number;
}

/** Parse one package part into an element tree; `partName` is used in error messages. */
export function parseXml(
  input: Uint8Array | string,
  partName: string,
  maxDepth: number,
  budget?: ElementBudget,
): XmlElement {
  const text = typeof input === 'string' ? input : decode(input);
  if (DTD.test(text)) {
    throw invalidDocx(`XML with a DTD is not accepted (part "${partName}").`, { part: partName });
  }
  // Namespace prefixes are resolved here rather than by saxes' xmlns mode, which is about twice
  // as slow; an unbound prefix is kept as written (tolerant of sloppy producers).
  const parser = new SaxesParser({ position: false });
  const root: XmlElement = { name: '#root', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  const scopes: Array<Map<string, string>> = [new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])];
  parser.on('doctype', () => {
    throw invalidDocx(`XML with a DTD is not accepted (part "${partName}").`, { part: partName });
  });
  parser.on('opentag', (tag) => {
    if (stack.length > maxDepth) {
      throw invalidDocx(`The part "${partName}" nests elements deeper than ${maxDepth} levels.`, {
        part: partName,
      });
    }
    if (budget && --budget.left < 0) {
      // The tree, the model and the Typst program all grow with the element count; refusing here
      // stops a huge template before it costs seconds of CPU and gigabytes of memory.
      throw tooLarge(
        `The document has more than ${budget.limit.toLocaleString('en')} XML elements (at part "${partName}"); split it into smaller templates.`,
        { part: partName, limit: budget.limit },
      );
    }
    const raw = tag.attributes as Record<string, string>;
    let ns = scopes[scopes.length - 1]!;
    for (const key in raw) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (ns === scopes[scopes.length - 1]) ns = new Map(ns);
        ns.set(key === 'xmlns' ? '' : key.slice(6), raw[key]!);
      }
    }
    scopes.push(ns);
    const attrs: Record<string, string> = {};
    for (const key in raw) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      // Namespaces in XML §6.2: unprefixed attributes are in no namespace.
      attrs[key.includes(':') ? resolve(ns, key, false) : key] = raw[key]!;
    }
    const el: XmlElement = { name: resolve(ns, tag.name, true), attrs, children: [] };
    stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
    scopes.pop();
  });
  const onText = (t: string): void => {
    stack[stack.length - 1]!.children.push(t);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (e) => {
    throw invalidDocx(`The part "${partName}" is not well-formed XML: ${e.message.slice(0, 200)}`, {
      part: partName,
    });
  });
  parser.write(text).close();
  const top = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!top) throw invalidDocx(`The part "${partName}" holds no XML element.`, { part: partName });
  return top;
}

function resolve(ns: Map<string, string>, qname: string, isElement: boolean): string {
  const i = qname.indexOf(':');
  const prefix = i < 0 ? '' : qname.slice(0, i);
  const local = i < 0 ? qname : qname.slice(i + 1);
  const uri = prefix === '' && !isElement ? undefined : ns.get(prefix);
  if (uri === undefined) return qname;
  return qualify(uri, local);
}

function qualify(uri: string | undefined, local: string): string {
  if (!uri) return local;
  const prefix = CANONICAL[uri];
  return prefix ? `${prefix}:${local}` : `{${uri}}${local}`;
}

// ---------------------------------------------------------------------------------------------
// Navigation helpers used by the parser.

export function elements(el: XmlElement | undefined): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string') out.push(c);
  return out;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return elements(el).filter((c) => c.name === name);
}

/** First descendant of that name, depth first. */
export function find(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) return c;
    const hit = find(c, name);
    if (hit) return hit;
  }
  return undefined;
}

/** Concatenated character data of the element and its descendants. */
export function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) s += typeof c === 'string' ? c : textOf(c);
  return s;
}
