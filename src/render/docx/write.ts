/**
 * A minimal, valid WordprocessingML package (ECMA-376 Part 2 OPC + Part 1 §17) written from XML
 * fragments: the built-in templates (src/render/builtin) are made with it, and tests use it to state
 * exactly the Word features they exercise (testing/build-docx.ts).
 *
 * Part and relationship naming scheme (stable, tests may rely on it):
 * - main part `word/document.xml`; `word/styles.xml`, `word/numbering.xml`, `word/settings.xml`
 *   when given (relationship ids `rIdStyles`, `rIdNumbering`, `rIdSettings`);
 * - headers `word/header{1,2,3}.xml` for default/first/even, relationship ids `rIdHdrDefault`,
 *   `rIdHdrFirst`, `rIdHdrEven`; footers likewise `word/footer{1,2,3}.xml`, `rIdFtrDefault`,
 *   `rIdFtrFirst`, `rIdFtrEven`. The default sectPr references every header/footer given;
 *   `sectionParts` adds parts `word/<id>.xml` with relationship id `<id>`;
 * - media `word/media/<key>`; the n-th media key (insertion order, 1-based) gets relationship id
 *   `rIdImg<n>` — `media: { 'image1.png': … }` is referenced as `r:embed="rIdImg1"`;
 * - `coreProperties` become docProps/core.xml (package relationship `rIdCore`); `customXml[n-1]`
 *   becomes customXml/item{n}.xml with its itemProps{n}.xml (relationship `rIdCustomXml{n}`);
 * - `extraParts` are written verbatim at their path (no relationship, no content-type override
 *   unless the extension is known), for hostile-package tests.
 */
import { zipSync, strToU8, type Zippable } from 'fflate';

type HeaderFooterParts = { default?: string; first?: string; even?: string };

export interface DocxParts {
  /** Inner XML of w:body. */
  body: string;
  /** Inner XML of w:styles. */
  styles?: string;
  /** Inner XML of w:numbering. */
  numbering?: string;
  /** Inner XML of w:settings. */
  settings?: string;
  /** Inner XML of w:footnotes (w:footnote elements) and w:endnotes (w:endnote elements). */
  footnotes?: string;
  endnotes?: string;
  /** Inner XML of w:hdr per kind. */
  headers?: HeaderFooterParts;
  /** Inner XML of w:ftr per kind. */
  footers?: HeaderFooterParts;
  /**
   * More header and footer parts, by relationship id, for sections with headers of their own
   * (ECMA-376 Part 1 §17.10.5): written as `word/<id>.xml` and referenced by no sectPr unless the
   * body's sectPrs (or `sectPr`) name them.
   */
  sectionParts?: Record<string, { type: 'header' | 'footer'; xml: string }>;
  /** A whole `<w:sectPr>…</w:sectPr>` for the end of the body; default A4, 1-inch margins. */
  sectPr?: string;
  media?: Record<string, Uint8Array>;
  extraParts?: Record<string, Uint8Array | string>;
  /**
   * Extra attributes of the root element of every WordprocessingML part: the namespace
   * declarations and mc:Ignorable other producers (WPS Office, Word 2010+) write.
   */
  rootAttributes?: string;
  /** Inner XML of cp:coreProperties (docProps/core.xml; prefixes cp, dc, dcterms declared). */
  coreProperties?: string;
  /** Custom XML data stores (customXml/itemN.xml with their itemProps), bound to by w:dataBinding. */
  customXml?: { xml: string; itemId: string }[];
}

export const NS_DECLS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" ' +
  'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml';

const KINDS = ['default', 'first', 'even'] as const;
const KIND_ID: Record<(typeof KINDS)[number], string> = { default: 'Default', first: 'First', even: 'Even' };

const IMAGE_CT: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  emf: 'image/x-emf',
  wmf: 'image/x-wmf',
  svg: 'image/svg+xml',
};

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Build a .docx package; see the module comment for the naming scheme. */
export function buildDocx(parts: DocxParts): Uint8Array {
  const ns = parts.rootAttributes ? `${NS_DECLS} ${parts.rootAttributes}` : NS_DECLS;
  const files: Zippable = {};
  const rels: string[] = [];
  const overrides: string[] = [
    `<Override PartName="/word/document.xml" ContentType="${CT_MAIN}.document.main+xml"/>`,
  ];
  const refs: string[] = [];

  const optional: Array<[keyof DocxParts, string, string, string]> = [
    ['styles', 'styles', 'styles', 'rIdStyles'],
    ['numbering', 'numbering', 'numbering', 'rIdNumbering'],
    ['settings', 'settings', 'settings', 'rIdSettings'],
    ['footnotes', 'footnotes', 'footnotes', 'rIdFootnotes'],
    ['endnotes', 'endnotes', 'endnotes', 'rIdEndnotes'],
  ];
  for (const [key, root, name, id] of optional) {
    const inner = parts[key];
    if (typeof inner !== 'string') continue;
    files[`word/${name}.xml`] = strToU8(`${XML_DECL}<w:${root} ${ns}>${inner}</w:${root}>`);
    rels.push(`<Relationship Id="${id}" Type="${REL_TYPE}/${name}" Target="${name}.xml"/>`);
    overrides.push(`<Override PartName="/word/${name}.xml" ContentType="${CT_MAIN}.${name}+xml"/>`);
  }

  const hf = (which: 'header' | 'footer', set: HeaderFooterParts | undefined): void => {
    if (!set) return;
    const root = which === 'header' ? 'hdr' : 'ftr';
    KINDS.forEach((kind, i) => {
      const inner = set[kind];
      if (inner === undefined) return;
      const name = `${which}${i + 1}.xml`;
      const id = `rId${which === 'header' ? 'Hdr' : 'Ftr'}${KIND_ID[kind]}`;
      files[`word/${name}`] = strToU8(`${XML_DECL}<w:${root} ${ns}>${inner}</w:${root}>`);
      rels.push(`<Relationship Id="${id}" Type="${REL_TYPE}/${which}" Target="${name}"/>`);
      overrides.push(`<Override PartName="/word/${name}" ContentType="${CT_MAIN}.${which}+xml"/>`);
      refs.push(`<w:${which}Reference w:type="${kind}" r:id="${id}"/>`);
    });
  };
  hf('header', parts.headers);
  hf('footer', parts.footers);
  for (const [id, { type, xml }] of Object.entries(parts.sectionParts ?? {})) {
    const root = type === 'header' ? 'hdr' : 'ftr';
    files[`word/${id}.xml`] = strToU8(`${XML_DECL}<w:${root} ${NS_DECLS}>${xml}</w:${root}>`);
    rels.push(`<Relationship Id="${id}" Type="${REL_TYPE}/${type}" Target="${id}.xml"/>`);
    overrides.push(`<Override PartName="/word/${id}.xml" ContentType="${CT_MAIN}.${type}+xml"/>`);
  }

  const defaults = new Set<string>();
  Object.entries(parts.media ?? {}).forEach(([key, bytes], i) => {
    files[`word/media/${key}`] = bytes;
    rels.push(
      `<Relationship Id="rIdImg${i + 1}" Type="${REL_TYPE}/image" Target="media/${escapeXml(key)}"/>`,
    );
    const ext = key.split('.').pop()?.toLowerCase() ?? '';
    if (IMAGE_CT[ext]) defaults.add(`<Default Extension="${ext}" ContentType="${IMAGE_CT[ext]}"/>`);
  });

  const titlePg = parts.headers?.first !== undefined || parts.footers?.first !== undefined;
  const sectPr =
    parts.sectPr ??
    `<w:sectPr>${refs.join('')}<w:pgSz w:w="11906" w:h="16838"/>` +
      '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>' +
      `${titlePg ? '<w:titlePg/>' : ''}</w:sectPr>`;
  files['word/document.xml'] = strToU8(
    `${XML_DECL}<w:document ${ns}><w:body>${parts.body}${sectPr}</w:body></w:document>`,
  );
  files['word/_rels/document.xml.rels'] = strToU8(
    `${XML_DECL}<Relationships xmlns="${REL_NS}">${rels.join('')}</Relationships>`,
  );
  (parts.customXml ?? []).forEach(({ xml, itemId }, i) => {
    const n = i + 1;
    files[`customXml/item${n}.xml`] = strToU8(`${XML_DECL}${xml}`);
    files[`customXml/itemProps${n}.xml`] = strToU8(
      `${XML_DECL}<ds:datastoreItem ds:itemID="${escapeXml(itemId)}" ` +
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>',
    );
    files[`customXml/_rels/item${n}.xml.rels`] = strToU8(
      `${XML_DECL}<Relationships xmlns="${REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_TYPE}/customXmlProps" Target="itemProps${n}.xml"/></Relationships>`,
    );
    overrides.push(
      `<Override PartName="/customXml/itemProps${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>`,
    );
  });
  if (parts.customXml?.length) {
    files['word/_rels/document.xml.rels'] = strToU8(
      `${XML_DECL}<Relationships xmlns="${REL_NS}">${rels.join('')}` +
        parts.customXml
          .map(
            (_, i) =>
              `<Relationship Id="rIdCustomXml${i + 1}" Type="${REL_TYPE}/customXml" Target="../customXml/item${i + 1}.xml"/>`,
          )
          .join('') +
        '</Relationships>',
    );
  }
  if (parts.coreProperties !== undefined) {
    files['docProps/core.xml'] = strToU8(
      `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">' +
        `${parts.coreProperties}</cp:coreProperties>`,
    );
    overrides.push(
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
    );
  }
  files['_rels/.rels'] = strToU8(
    `${XML_DECL}<Relationships xmlns="${REL_NS}">` +
      `<Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="word/document.xml"/>` +
      (parts.coreProperties !== undefined
        ? '<Relationship Id="rIdCore" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        : '') +
      '</Relationships>',
  );
  for (const [path, content] of Object.entries(parts.extraParts ?? {})) {
    files[path] = typeof content === 'string' ? strToU8(content) : content;
  }
  files['[Content_Types].xml'] = strToU8(
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      [...defaults].join('') +
      overrides.join('') +
      '</Types>',
  );
  // Content types first, like Word writes it; order is not required by OPC but helps sniffers.
  const ordered: Zippable = { '[Content_Types].xml': files['[Content_Types].xml']! };
  for (const [k, v] of Object.entries(files)) if (k !== '[Content_Types].xml') ordered[k] = v;
  return zipSync(ordered, { level: 6 });
}
