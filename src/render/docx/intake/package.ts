/**
 * The Open Packaging Conventions layer (ECMA-376 Part 2): content types, relationships, the main
 * document part found through the package relationship (never assumed to be word/document.xml),
 * and the refusals that apply to the package as a whole (old .doc / encrypted files, macros).
 */
import { invalidDocx, macrosNotAllowed } from './errors.js';
import type { IntakeLimits } from './limits.js';
import { childrenNamed, parseXml, type XmlElement } from './xml.js';
import { openZip, type ZipArchive } from './zip.js';

export interface Relationship {
  id: string;
  /** Last segment of the relationship type URI: "styles", "header", "image", "hyperlink" … */
  type: string;
  /** Resolved part name without a leading '/', or the raw target when external. */
  target: string;
  external: boolean;
}

export interface DocxPackage {
  readonly limits: IntakeLimits;
  readonly mainPart: string;
  has(part: string): boolean;
  read(part: string): Uint8Array;
  xml(part: string): XmlElement;
  relationships(part: string): Relationship[];
  contentType(part: string): string | undefined;
}

// [MS-CFB] §2.2: the compound file header signature (legacy .doc, and encrypted OOXML, which
// Office stores as an EncryptedPackage stream inside a compound file, [MS-OFFCRYPTO] §2.3.4).
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function openDocxPackage(bytes: Uint8Array, limits: IntakeLimits): DocxPackage {
  if (OLE2.every((v, i) => bytes[i] === v)) {
    throw invalidDocx(
      'This is an old Word (.doc) file or a password-protected document. Save it in Word as .docx without a password and upload it again.',
    );
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw invalidDocx('This file is not a Word document (.docx): it is not a zip package.');
  }
  const zip = openZip(bytes, limits);
  for (const name of zip.names) {
    if (/(^|\/)vbaProject\.bin$/i.test(name) || /(^|\/)vbaData\.xml$/i.test(name)) {
      throw macrosNotAllowed('The document contains macros (VBA). Save it as a plain .docx without macros.', {
        part: name,
      });
    }
  }
  // Every part, referenced or not, before any is parsed: the stored file is the whole package.
  zip.checkAll();
  if (!zip.has('[Content_Types].xml')) {
    throw invalidDocx('This file is not a Word document (.docx): [Content_Types].xml is missing.');
  }
  const cache = new Map<string, XmlElement>();
  const budget = { left: limits.maxXmlElements, limit: limits.maxXmlElements };
  const xml = (part: string): XmlElement => {
    const key = part.toLowerCase();
    let el = cache.get(key);
    if (!el) {
      el = parseXml(zip.read(part), part, limits.maxXmlDepth, budget);
      cache.set(key, el);
    }
    return el;
  };
  const types = readContentTypes(xml('[Content_Types].xml'));
  const contentType = (part: string): string | undefined => {
    const key = part.replace(/^\//, '').toLowerCase();
    return types.overrides.get(key) ?? types.defaults.get(key.split('.').pop() ?? '');
  };
  for (const name of zip.names) {
    const ct = contentType(name) ?? '';
    if (/macroenabled|vbaproject/i.test(ct)) {
      throw macrosNotAllowed(
        'The document is macro-enabled (.docm). Save it as a plain .docx without macros.',
        {
          part: name,
          contentType: ct,
        },
      );
    }
  }
  const relationships = (part: string): Relationship[] => readRelationships(zip, xml, part);
  const main = relationships('').find((r) => r.type === 'officeDocument' && !r.external);
  if (!main || !zip.has(main.target)) {
    throw invalidDocx(
      'This file is not a Word document (.docx): it has no main document part (word/document.xml).',
    );
  }
  const mainType = contentType(main.target) ?? '';
  if (!/wordprocessingml\.(document|template)\.main\+xml$/i.test(mainType)) {
    throw invalidDocx(
      `This file is not a Word document (.docx): its main part is "${mainType || 'untyped'}".`,
    );
  }
  return {
    limits,
    mainPart: main.target,
    has: (p) => zip.has(p),
    read: (p) => zip.read(p),
    xml,
    relationships,
    contentType,
  };
}

function readContentTypes(root: XmlElement): {
  defaults: Map<string, string>;
  overrides: Map<string, string>;
} {
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const d of childrenNamed(root, 'ct:Default')) {
    defaults.set((d.attrs.Extension ?? '').toLowerCase(), d.attrs.ContentType ?? '');
  }
  for (const o of childrenNamed(root, 'ct:Override')) {
    overrides.set((o.attrs.PartName ?? '').replace(/^\//, '').toLowerCase(), o.attrs.ContentType ?? '');
  }
  return { defaults, overrides };
}

/** ECMA-376 Part 2 §9.3: the relationships of part "a/b.xml" live in "a/_rels/b.xml.rels". */
function readRelationships(zip: ZipArchive, xml: (p: string) => XmlElement, part: string): Relationship[] {
  const slash = part.lastIndexOf('/');
  const dir = slash < 0 ? '' : part.slice(0, slash + 1);
  const relsPart = `${dir}_rels/${part.slice(slash + 1)}.rels`;
  if (!zip.has(relsPart)) return [];
  return childrenNamed(xml(relsPart), 'rel:Relationship').map((r) => {
    const external = r.attrs.TargetMode === 'External';
    const raw = r.attrs.Target ?? '';
    return {
      id: r.attrs.Id ?? '',
      type: (r.attrs.Type ?? '').split('/').pop() ?? '',
      target: external ? raw : resolveTarget(dir, raw),
      external,
    };
  });
}

function resolveTarget(dir: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : dir + target;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw invalidDocx(`A relationship points outside the package: "${target}".`);
      out.pop();
    } else out.push(decodeURIComponentSafe(seg));
  }
  return out.join('/');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
