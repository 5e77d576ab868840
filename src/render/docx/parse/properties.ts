/**
 * Document properties and the XML that content controls are bound to.
 *
 * - Core properties (docProps/core.xml, ECMA-376 Part 2 §11): title, subject, creator, keywords and
 *   description. docxtemplater fills tags there as in the body; we carry the text (tags and all)
 *   into `doc.properties`, and the PDF's document information is set from the filled text.
 * - Data binding (Part 1 §17.5.2.6 w:dataBinding): a content control can show the text of a node
 *   of a custom XML part (customXml/itemN.xml, found by its w:storeItemID — the cover-page
 *   properties of Word's cover pages live there) or of the core or extended (docProps/app.xml)
 *   properties, found by their fixed store item ids. Word refreshes such a control from that node
 *   when the document opens, so the run text cached in w:sdtContent may be stale; we show the
 *   node's text instead, in the formatting of the cached content's first run. Tags in the node's
 *   text are then filled like any other text.
 *
 * XPath: Word writes bound paths as `/prefix:name[n]/…` steps (with w:prefixMappings); steps are
 * matched here by local name and position, which is what those paths need. Anything else (an
 * attribute, a predicate other than a position, a function) leaves the cached content in place.
 */
import type { DocxPackage, Relationship } from '../intake/package.js';
import { child, elements, textOf, type XmlElement } from '../intake/xml.js';

/** The store item ids Word gives the core and the extended properties (MS-OI29500 §2.1.83). */
const CORE_STORE = '{6C3C8BC8-F283-45AE-878A-BAB7291924A1}';
const EXTENDED_STORE = '{6668398D-A668-4E3E-A5EB-62B293D839F1}';

/** Core properties carried into the document model, by their element's local name. */
export const CORE_PROPERTIES = ['title', 'subject', 'creator', 'keywords', 'description'] as const;
export type CoreProperty = (typeof CORE_PROPERTIES)[number];

function localName(name: string): string {
  const i = Math.max(name.lastIndexOf(':'), name.lastIndexOf('}'));
  return i === -1 ? name : name.slice(i + 1);
}

function partByType(pkg: DocxPackage, rels: Relationship[], type: string): XmlElement | undefined {
  const rel = rels.find((r) => r.type === type && !r.external && pkg.has(r.target));
  return rel ? pkg.xml(rel.target) : undefined;
}

export interface BoundStores {
  /** Root elements by upper-cased store item id. */
  byId: Map<string, XmlElement>;
}

/** The core properties' text, non-empty ones only. */
export function readCoreProperties(core: XmlElement | undefined): Partial<Record<CoreProperty, string>> {
  const out: Partial<Record<CoreProperty, string>> = {};
  for (const el of elements(core)) {
    const name = localName(el.name) as CoreProperty;
    if (!(CORE_PROPERTIES as readonly string[]).includes(name)) continue;
    const text = textOf(el);
    if (text.trim() !== '') out[name] = text;
  }
  return out;
}

/**
 * The XML parts a control can be bound to: the core and extended properties (package
 * relationships) and the custom XML parts of the main part with their item ids (itemProps).
 */
export function readBoundStores(
  pkg: DocxPackage,
  mainRels: Relationship[],
): BoundStores & { core?: XmlElement } {
  const packageRels = pkg.relationships('');
  const byId = new Map<string, XmlElement>();
  const core = partByType(pkg, packageRels, 'core-properties');
  const extended = partByType(pkg, packageRels, 'extended-properties');
  if (core) byId.set(CORE_STORE, core);
  if (extended) byId.set(EXTENDED_STORE, extended);
  for (const rel of mainRels) {
    if (rel.type !== 'customXml' || rel.external || !pkg.has(rel.target)) continue;
    const props = partByType(pkg, pkg.relationships(rel.target), 'customXmlProps');
    const id = props?.attrs['ds:itemID'] ?? attrByLocalName(props, 'itemID');
    if (id) byId.set(id.toUpperCase(), pkg.xml(rel.target));
  }
  return { byId, ...(core ? { core } : {}) };
}

function attrByLocalName(el: XmlElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  for (const [k, v] of Object.entries(el.attrs)) if (localName(k) === name) return v;
  return undefined;
}

const STEP = /^([^[\]/@()]+)(?:\[(\d+)\])?$/;

/** The text of the node a w:dataBinding points at, or undefined when it does not resolve. */
export function boundText(stores: BoundStores, binding: XmlElement): string | undefined {
  const xpath = binding.attrs['w:xpath'];
  if (!xpath?.startsWith('/')) return undefined;
  const steps = xpath.slice(1).split('/');
  const storeId = binding.attrs['w:storeItemID']?.toUpperCase();
  let root = storeId !== undefined ? stores.byId.get(storeId) : undefined;
  const first = STEP.exec(steps[0] ?? '');
  if (!first) return undefined;
  // A binding whose store is not in the package: the core or extended properties by root name.
  if (!root) {
    const want = localName(first[1]!);
    root = [...stores.byId.values()].find((r) => localName(r.name) === want);
  }
  if (!root || localName(root.name) !== localName(first[1]!) || (first[2] ?? '1') !== '1') return undefined;
  let node: XmlElement = root;
  for (const step of steps.slice(1)) {
    const m = STEP.exec(step);
    if (!m) return undefined;
    const name = localName(m[1]!);
    const n = Number(m[2] ?? '1');
    const next = elements(node).filter((e) => localName(e.name) === name)[n - 1];
    if (!next) return undefined;
    node = next;
  }
  return textOf(node);
}

/**
 * What a content control shows (w:sdtContent), with the text of a bound node in place of its
 * cached text: the first run's properties kept, line feeds as w:br, within the first paragraph
 * when the content is block-level. Controls that are not plain text (pictures, dates, rich text),
 * row- or cell-level ones, and bindings that do not resolve keep their content.
 */
export function contentOf(sdt: XmlElement, stores: BoundStores | undefined): XmlElement {
  const content = child(sdt, 'w:sdtContent') ?? sdt;
  const pr = child(sdt, 'w:sdtPr');
  const binding = child(pr, 'w:dataBinding');
  if (!stores || !binding || child(pr, 'w:picture') || child(pr, 'w:date') || child(pr, 'w:richText'))
    return content;
  const value = boundText(stores, binding);
  if (value === undefined) return content;
  const kids = elements(content);
  if (kids.some((e) => e.name === 'w:tr' || e.name === 'w:tc' || e.name === 'w:tbl')) return content;
  const paragraph = kids.find((e) => e.name === 'w:p');
  const firstRun = findRun(paragraph ?? content);
  const rPr = child(firstRun, 'w:rPr');
  const parts: XmlElement[] = [];
  value.split(/\r?\n/).forEach((line, i) => {
    if (i > 0) parts.push({ name: 'w:br', attrs: {}, children: [] });
    if (line !== '') parts.push({ name: 'w:t', attrs: { 'xml:space': 'preserve' }, children: [line] });
  });
  const run: XmlElement = { name: 'w:r', attrs: {}, children: [...(rPr ? [rPr] : []), ...parts] };
  if (!paragraph) return { name: 'w:sdtContent', attrs: {}, children: [run] };
  const pPr = child(paragraph, 'w:pPr');
  return {
    name: 'w:sdtContent',
    attrs: {},
    children: [{ ...paragraph, children: [...(pPr ? [pPr] : []), run] }],
  };
}

function findRun(el: XmlElement | undefined): XmlElement | undefined {
  for (const e of elements(el)) {
    if (e.name === 'w:r') return e;
    const inner = findRun(e);
    if (inner) return inner;
  }
  return undefined;
}
