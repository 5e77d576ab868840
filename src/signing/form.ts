/**
 * Interactive-form plumbing for signature fields (ISO 32000-1 §12.7): listing the existing fields,
 * adding a field to /AcroForm /Fields with /SigFlags 3 (§12.7.2 Table 219: SignaturesExist |
 * AppendOnly), and adding widgets to a page's /Annots — each changed object re-emitted whole in the
 * incremental update, wherever it lives (inline in its parent or indirect).
 */
import type { PageInfo, PdfFile } from '../pdf/file.js';
import type { IncrementalUpdate } from '../pdf/incremental.js';
import { PdfDict, PdfRef, PdfString, type PdfValue } from '../pdf/objects.js';

export interface FieldInfo {
  ref?: PdfRef;
  dict: PdfDict;
  /** Fully qualified name (§12.7.3.2). */
  name: string;
  type?: string;
  value?: PdfValue;
}

/** Every terminal field of /AcroForm /Fields, depth first. */
export function listFields(file: PdfFile): FieldInfo[] {
  const acro = file.resolveDict(file.catalog().get('AcroForm'));
  const out: FieldInfo[] = [];
  const seen = new Set<number>();
  const visit = (
    v: PdfValue | undefined,
    parentName: string,
    inheritedType: string | undefined,
    depth: number,
  ): void => {
    if (depth > 32) return;
    if (v instanceof PdfRef) {
      if (seen.has(v.num)) return;
      seen.add(v.num);
    }
    const d = file.resolveDict(v);
    if (!d) return;
    const t = d.get('T');
    const partial = t instanceof PdfString ? t.decode() : '';
    const full = parentName && partial ? `${parentName}.${partial}` : parentName || partial;
    const type = d.name('FT') ?? inheritedType;
    const kids = file.resolve(d.get('Kids'));
    const fieldKids = Array.isArray(kids) ? kids.filter((k) => file.resolveDict(k)?.has('T')) : [];
    if (fieldKids.length > 0) {
      for (const k of fieldKids) visit(k, full, type, depth + 1);
      return;
    }
    const info: FieldInfo = { dict: d, name: full, type, value: d.get('V') };
    if (v instanceof PdfRef) info.ref = v;
    out.push(info);
  };
  const fields = file.resolve(acro?.get('Fields'));
  if (Array.isArray(fields)) for (const f of fields) visit(f, '', undefined, 0);
  return out;
}

export function uniqueFieldName(file: PdfFile, base = 'Signature'): string {
  const names = new Set(listFields(file).map((f) => f.name));
  for (let i = 1; ; i++) if (!names.has(`${base}${i}`)) return `${base}${i}`;
}

/**
 * Adds `fieldRefs` to /AcroForm /Fields and sets /SigFlags 3. Returns catalog entries that must
 * change (when the AcroForm is new or was inline in the catalog).
 */
export function addFieldToAcroForm(
  file: PdfFile,
  update: IncrementalUpdate,
  fieldRefs: PdfRef[],
  catalog: PdfDict,
): boolean {
  const current = catalog.get('AcroForm');
  const acro = file.resolveDict(current)?.clone() ?? new PdfDict();
  const fieldsValue = acro.get('Fields');
  if (fieldsValue instanceof PdfRef) {
    const arr = file.resolve(fieldsValue);
    update.set(fieldsValue, [...(Array.isArray(arr) ? arr : []), ...fieldRefs]);
  } else {
    acro.set('Fields', [...(Array.isArray(fieldsValue) ? fieldsValue : []), ...fieldRefs]);
  }
  const flags = file.resolve(acro.get('SigFlags'));
  acro.set('SigFlags', (typeof flags === 'number' ? flags : 0) | 3);
  if (current instanceof PdfRef) {
    update.set(current, acro);
    return false;
  }
  catalog.set('AcroForm', update.add(acro));
  return true;
}

/** Appends widget annotations to a page's /Annots (§12.5.2). */
export function addWidgetsToPage(
  file: PdfFile,
  update: IncrementalUpdate,
  page: PageInfo,
  widgets: PdfRef[],
): void {
  const annots = page.dict.get('Annots');
  if (annots instanceof PdfRef) {
    const arr = file.resolve(annots);
    update.set(annots, [...(Array.isArray(arr) ? arr : []), ...widgets]);
    return;
  }
  // The page may already be rewritten by this update (several widgets on one page).
  const dict = page.dict.clone();
  dict.set('Annots', [...(Array.isArray(annots) ? annots : []), ...widgets]);
  update.set(page.ref, dict);
}
