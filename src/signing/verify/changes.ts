/**
 * What changed after a signature: the objects of the signed revision compared with the newest
 * ones (ISO 32000-1 §12.8.2.2.2 lists what DocMDP P=2 permits; ETSI EN 319 142-1 §5.4 adds DSS and
 * document timestamps). Allowed: new signature fields and their widgets and appearances, the
 * AcroForm /Fields array and page /Annots arrays growing by exactly those, /SigFlags, DSS,
 * /Extensions. Everything else — content, resources, other annotations, other form values,
 * catalog entries, /Perms — is a disallowed modification.
 */
import { dssStructureRefs } from '../../pdf/dss.js';
import type { PdfFile, XrefEntry } from '../../pdf/file.js';
import { PdfDict, PdfRef, PdfStream, pdfEquals, type PdfValue } from '../../pdf/objects.js';
import { PdfParser, indexOf } from '../../pdf/parser.js';

export interface Modifications {
  allowed: string[];
  disallowed: string[];
}

const ALLOWED_CATALOG_CHANGES = new Set(['DSS', 'Extensions']);
const ALLOWED_ACROFORM_CHANGES = new Set(['SigFlags', 'DR', 'DA']);

/**
 * DocMDP P=1 (§12.8.2.2.2 Table 254): no changes at all; ISO 32000-2 §12.8.2.2.2 and ETSI EN
 * 319 142-1 §5.4 still allow DSS and document timestamps. Moves everything else to disallowed.
 */
export function applyNoChangesPermission(m: Modifications): Modifications {
  const stillAllowed = (c: string): boolean => /DSS|Extensions|document timestamp added|SigFlags/.test(c);
  return {
    allowed: m.allowed.filter(stillAllowed),
    disallowed: [
      ...m.disallowed,
      ...m.allowed
        .filter((c) => !stillAllowed(c))
        .map((c) => `${c} (the certification allows no changes, DocMDP P=1)`),
    ],
  };
}

export function changesAfter(signed: PdfFile, final: PdfFile): Modifications {
  const out: Modifications = { allowed: [], disallowed: [] };
  if (!pdfEquals(signed.trailer.get('Root'), final.trailer.get('Root'))) {
    out.disallowed.push('the document catalog was replaced (/Root changed)');
    return out;
  }
  if (!prevChainReaches(final, signed.startxref)) {
    out.disallowed.push(
      "the final revision's /Prev chain does not reach the signed revision's cross-reference",
    );
  }
  const ctx = new Context(signed, final, out);
  const nums = [...new Set([...signed.xref.keys(), ...final.xref.keys()])].sort((x, y) => x - y);
  for (const num of nums) {
    const before = signed.xref.get(num);
    const entry = final.xref.get(num);
    const definedBefore = before !== undefined && before.type !== 0;
    const definedAfter = entry !== undefined && entry.type !== 0;
    if (!definedBefore) {
      // New objects are judged where referenced, unless a signed object already referred to the number.
      if (definedAfter) ctx.newObject(num);
      continue;
    }
    if (!definedAfter) {
      if (num !== 0) out.disallowed.push(`object ${num}${describe(signed.getObject(num))} was deleted`);
      continue;
    }
    // A compressed object's entry can stay the same while its object stream is redefined: compare by value.
    if (before.type === 1 && sameEntry(before, entry)) continue;
    ctx.changed(num);
  }
  return out;
}

/** Whether following /Prev from the newest cross-reference section reaches `target` (§7.5.6). */
function prevChainReaches(final: PdfFile, target: number): boolean {
  const seen = new Set<number>();
  let at: number | undefined = final.startxref;
  while (at !== undefined && !seen.has(at)) {
    if (at === target) return true;
    seen.add(at);
    let prev: PdfValue | undefined;
    try {
      const p = new PdfParser(final.bytes, at);
      if (p.peekKeyword('xref')) {
        const t = indexOf(final.bytes, 'trailer', at);
        if (t < 0) return false;
        const trailer = new PdfParser(final.bytes, t + 'trailer'.length).parseValue();
        prev = trailer instanceof PdfDict ? trailer.get('Prev') : undefined;
      } else {
        const obj = p.parseIndirectObject();
        prev = obj.value instanceof PdfStream ? obj.value.dict.get('Prev') : undefined;
      }
    } catch {
      return false;
    }
    at = typeof prev === 'number' ? prev : undefined;
  }
  return false;
}

function sameEntry(a: XrefEntry | undefined, b: XrefEntry): boolean {
  if (!a || a.type !== b.type) return false;
  if (a.type === 1 && b.type === 1) return a.offset === b.offset && a.gen === b.gen;
  if (a.type === 2 && b.type === 2) return a.stream === b.stream && a.index === b.index;
  return true;
}

class Context {
  private readonly pageIndex = new Map<number, number>();
  private readonly annotArrays = new Map<number, number>();
  private readonly catalogNum: number;
  private readonly acroNum?: number;
  private readonly fieldsArrayNum?: number;
  private readonly dssNums = new Set<number>();

  constructor(
    private readonly signed: PdfFile,
    private readonly final: PdfFile,
    private readonly out: Modifications,
  ) {
    this.catalogNum = signed.catalogRef().num;
    signed.pages().forEach((p, i) => {
      this.pageIndex.set(p.ref.num, i);
      const a = p.dict.get('Annots');
      if (a instanceof PdfRef) this.annotArrays.set(a.num, i);
    });
    const catalog = signed.catalog();
    const acro = catalog.get('AcroForm');
    if (acro instanceof PdfRef) this.acroNum = acro.num;
    const fields = signed.resolveDict(acro)?.get('Fields');
    if (fields instanceof PdfRef) this.fieldsArrayNum = fields.num;
    const dss = catalog.get('DSS');
    for (const r of dssStructureRefs(dss, signed.resolveDict(dss))) this.dssNums.add(r.num);
    // DSS-only means referenced from the DSS alone: a DSS pointing at, say, a page content stream
    // must not make changes to that stream allowed.
    for (const [num, referrers] of this.signedReferrers()) {
      if (!this.dssNums.has(num)) continue;
      for (const r of referrers) {
        if (this.dssNums.has(r)) continue;
        if (
          r === this.catalogNum &&
          dss instanceof PdfRef &&
          dss.num === num &&
          this.catalogRefersOnlyViaDss(num)
        )
          continue;
        this.dssNums.delete(num);
        break;
      }
    }
  }

  private referrers?: Map<number, Set<number>>;

  /** For each object number, the numbers of the signed revision's objects that refer to it. */
  private signedReferrers(): Map<number, Set<number>> {
    if (this.referrers) return this.referrers;
    const map = new Map<number, Set<number>>();
    for (const [num, entry] of this.signed.xref) {
      if (entry.type === 0) continue;
      let v: PdfValue | undefined;
      try {
        v = this.signed.getObject(num);
      } catch {
        continue;
      }
      const visit = (x: PdfValue | undefined): void => {
        if (x instanceof PdfRef) {
          const set = map.get(x.num) ?? new Set<number>();
          set.add(num);
          map.set(x.num, set);
        } else if (Array.isArray(x)) x.forEach(visit);
        else if (x instanceof PdfDict) for (const y of x.map.values()) visit(y);
        else if (x instanceof PdfStream) visit(x.dict);
      };
      visit(v);
    }
    for (const y of this.signed.trailer.map.values()) {
      if (y instanceof PdfRef) map.set(y.num, (map.get(y.num) ?? new Set<number>()).add(-1));
    }
    this.referrers = map;
    return map;
  }

  private catalogRefersOnlyViaDss(num: number): boolean {
    const catalog = this.signed.catalog();
    let count = 0;
    const visit = (x: PdfValue | undefined): void => {
      if (x instanceof PdfRef) count += x.num === num ? 1 : 0;
      else if (Array.isArray(x)) x.forEach(visit);
      else if (x instanceof PdfDict) for (const y of x.map.values()) visit(y);
    };
    visit(catalog);
    return count === 1;
  }

  /** An object number free or absent at signing, now defined. */
  newObject(num: number): void {
    const referrers = this.signedReferrers().get(num);
    if (!referrers?.size) return;
    const from = [...referrers].filter((r) => r >= 0);
    this.out.disallowed.push(
      `object ${num}${describe(this.final.getObject(num))} was missing at signing, referenced from signed ${from.length ? `object ${from.join(', ')}` : 'trailer'}, and defined later`,
    );
  }

  changed(num: number): void {
    const before = this.signed.getObject(num);
    const after = this.final.getObject(num);
    if (pdfEquals(before, after)) return;
    if (before instanceof PdfStream && ['XRef', 'ObjStm'].includes(before.dict.name('Type') ?? '')) return;
    if (after === undefined) {
      this.out.disallowed.push(`object ${num} was deleted`);
      return;
    }
    if (num === this.catalogNum) return this.catalog(before, after);
    if (num === this.acroNum) return this.acroForm(before, after);
    if (num === this.fieldsArrayNum)
      return this.grownArray(before, after, 'AcroForm /Fields', (r) => this.isSignatureField(r));
    if (this.dssNums.has(num)) {
      this.out.allowed.push('DSS updated');
      return;
    }
    const page = this.pageIndex.get(num);
    if (page !== undefined) return this.page(page, before, after);
    const annotsOf = this.annotArrays.get(num);
    if (annotsOf !== undefined) {
      return this.grownArray(before, after, `page ${annotsOf + 1} /Annots`, (r) => this.isSignatureWidget(r));
    }
    if (this.isUnsignedSignatureFieldBeingSigned(before, after)) {
      this.out.allowed.push(`signature field object ${num} signed`);
      return;
    }
    this.out.disallowed.push(`object ${num}${describe(before)} changed${keysChanged(before, after)}`);
  }

  private catalog(before: PdfValue | undefined, after: PdfValue): void {
    if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) {
      this.out.disallowed.push('the catalog was replaced');
      return;
    }
    for (const key of new Set([...before.map.keys(), ...after.map.keys()])) {
      const b = before.get(key);
      const a = after.get(key);
      if (pdfEquals(b, a)) continue;
      if (ALLOWED_CATALOG_CHANGES.has(key))
        this.out.allowed.push(`catalog /${key} ${b === undefined ? 'added' : 'updated'}`);
      else if (key === 'AcroForm') this.acroForm(this.signed.resolve(b), this.final.resolve(a));
      else
        this.out.disallowed.push(
          `catalog /${key} ${b === undefined ? 'added' : a === undefined ? 'removed' : 'changed'}`,
        );
    }
  }

  private acroForm(before: PdfValue | undefined, after: PdfValue | undefined): void {
    const b = before instanceof PdfDict ? before : new PdfDict();
    if (!(after instanceof PdfDict)) {
      this.out.disallowed.push('the AcroForm was removed');
      return;
    }
    for (const key of new Set([...b.map.keys(), ...after.map.keys()])) {
      const bv = b.get(key);
      const av = after.get(key);
      if (pdfEquals(bv, av)) continue;
      if (key === 'Fields') {
        // An inline /Fields, or a new indirect one, must still grow by signature fields only.
        this.grownArray(this.signed.resolve(bv) ?? [], this.final.resolve(av), 'AcroForm /Fields', (r) =>
          this.isSignatureField(r),
        );
      } else if (ALLOWED_ACROFORM_CHANGES.has(key)) this.out.allowed.push(`AcroForm /${key} updated`);
      else this.out.disallowed.push(`AcroForm /${key} changed`);
    }
  }

  private page(index: number, before: PdfValue | undefined, after: PdfValue): void {
    if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) {
      this.out.disallowed.push(`page ${index + 1} was replaced`);
      return;
    }
    for (const key of new Set([...before.map.keys(), ...after.map.keys()])) {
      const b = before.get(key);
      const a = after.get(key);
      if (pdfEquals(b, a)) continue;
      if (key === 'Annots') {
        this.grownArray(
          this.signed.resolve(b) ?? [],
          this.final.resolve(a),
          `page ${index + 1} /Annots`,
          (r) => this.isSignatureWidget(r),
        );
      } else {
        this.out.disallowed.push(`page ${index + 1} /${key} changed`);
      }
    }
  }

  /** The array must keep every old element in place and only append elements that pass `ok`. */
  private grownArray(
    before: PdfValue | undefined,
    after: PdfValue | undefined,
    what: string,
    ok: (v: PdfValue) => boolean,
  ): void {
    const b = Array.isArray(before) ? before : [];
    if (!Array.isArray(after)) {
      this.out.disallowed.push(`${what} removed`);
      return;
    }
    if (after.length < b.length || !b.every((v, i) => pdfEquals(v, after[i]))) {
      this.out.disallowed.push(`${what}: existing entries removed or replaced`);
      return;
    }
    for (const added of after.slice(b.length)) {
      if (ok(added))
        this.out.allowed.push(
          `${what}: ${this.isDocumentTimestamp(added) ? 'document timestamp' : 'signature field'} added`,
        );
      else
        this.out.disallowed.push(
          `${what}: added ${added instanceof PdfRef ? `object ${added.num}` : 'an entry'} that is not a signature field${describe(this.final.resolve(added))}`,
        );
    }
  }

  /**
   * A signature field added or signed after this signature: its /V must be a signature dictionary
   * that is itself verified (/ByteRange and /Contents); an unsigned one must be invisible (no
   * appearance, zero-area /Rect), or it could overlay the page.
   */
  private isSignatureField(v: PdfValue): boolean {
    const d = this.final.resolveDict(v);
    if (!d || d.name('FT') !== 'Sig') return false;
    if (!d.has('V')) {
      const kids = this.final.resolve(d.get('Kids'));
      const widgets = Array.isArray(kids) ? kids.map((k) => this.final.resolveDict(k)) : [d];
      return widgets.every((w) => w !== undefined && this.isInvisibleWidget(w));
    }
    const value = this.final.resolveDict(d.get('V'));
    if (!value) return false;
    return (
      ['Sig', 'DocTimeStamp'].includes(value.name('Type') ?? 'Sig') &&
      value.has('ByteRange') &&
      value.has('Contents')
    );
  }

  private isInvisibleWidget(w: PdfDict): boolean {
    const rect = this.final.resolve(w.get('Rect'));
    if (Array.isArray(rect) && rect.length === 4) {
      const [x1, y1, x2, y2] = rect.map((x) => this.final.resolve(x));
      if (![x1, y1, x2, y2].every((x) => typeof x === 'number')) return false;
      if ((x1 as number) !== (x2 as number) && (y1 as number) !== (y2 as number)) return false;
    } else if (rect !== undefined) return false;
    const ap = this.final.resolveDict(w.get('AP'));
    if (!ap) return true;
    for (const k of ap.map.keys()) {
      const s = this.final.resolve(ap.get(k));
      if (!(s instanceof PdfStream) || !/^\s*$/.test(Buffer.from(s.raw).toString('latin1'))) return false;
    }
    return true;
  }

  private isDocumentTimestamp(v: PdfValue): boolean {
    const d = this.final.resolveDict(v);
    const field = d?.has('FT') ? d : this.final.resolveDict(d?.get('Parent'));
    return this.final.resolveDict(field?.get('V'))?.name('Type') === 'DocTimeStamp';
  }

  private isSignatureWidget(v: PdfValue): boolean {
    const d = this.final.resolveDict(v);
    if (!d || d.name('Subtype') !== 'Widget') return false;
    if (d.has('FT')) return this.isSignatureField(v);
    const parent = d.get('Parent');
    if (parent === undefined || !this.isSignatureField(parent)) return false;
    return this.final.resolveDict(parent)?.has('V') === true || this.isInvisibleWidget(d);
  }

  private isUnsignedSignatureFieldBeingSigned(before: PdfValue | undefined, after: PdfValue): boolean {
    if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) return false;
    if (before.name('FT') !== 'Sig' || before.has('V') || after.name('FT') !== 'Sig') return false;
    for (const key of new Set([...before.map.keys(), ...after.map.keys()])) {
      if (pdfEquals(before.get(key), after.get(key))) continue;
      if (!['V', 'AP', 'Lock', 'SV'].includes(key)) return false;
    }
    return this.isSignatureField(after);
  }
}

function describe(v: PdfValue | undefined): string {
  const d = v instanceof PdfStream ? v.dict : v instanceof PdfDict ? v : undefined;
  if (!d) return Array.isArray(v) ? ' (array)' : '';
  const type = d.name('Type');
  const sub = d.name('Subtype');
  return type || sub ? ` (${[type, sub].filter(Boolean).join(' ')})` : '';
}

function keysChanged(before: PdfValue | undefined, after: PdfValue): string {
  const b = before instanceof PdfStream ? before.dict : before;
  const a = after instanceof PdfStream ? after.dict : after;
  if (!(b instanceof PdfDict) || !(a instanceof PdfDict)) return '';
  const keys = [...new Set([...b.map.keys(), ...a.map.keys()])].filter((k) => !pdfEquals(b.get(k), a.get(k)));
  const streamChanged =
    before instanceof PdfStream && after instanceof PdfStream && !Buffer.from(before.raw).equals(after.raw);
  const parts = keys.map((k) => `/${k}`);
  if (streamChanged) parts.push('stream data');
  return parts.length ? `: ${parts.join(', ')}` : '';
}
