/**
 * Documents modified after signing that must not verify as valid: each test builds the attack
 * PDF from a freshly signed one (reviewer's proof of concept, turned into regressions).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeStream } from '../../pdf/filters.js';
import { PdfFile } from '../../pdf/file.js';
import { IncrementalUpdate } from '../../pdf/incremental.js';
import {
  PdfDict,
  PdfRef,
  PdfStream,
  PdfString,
  dict,
  name,
  serialize,
  type PdfValue,
} from '../../pdf/objects.js';
import { addFieldToAcroForm, addWidgetsToPage, listFields } from '../form.js';
import { addDocumentTimestamp } from '../ltv.js';
import { signPdf } from '../sign.js';
import { makePdf, makeSealPng, rawPdf, stream } from '../testing/fixtures.js';
import { createOpensslPki, type OpensslPki } from '../testing/openssl-pki.js';
import { verifyPdf } from './verify.js';

let pki: OpensslPki;
let key: ReturnType<OpensslPki['newKey']>;

beforeAll(() => {
  pki = createOpensslPki();
  key = pki.newKey('Party A', 'ECDSA-P256');
});

const sign = (pdf: Uint8Array): Promise<Uint8Array> =>
  signPdf(pdf, {
    key,
    tsa: pki.tsa,
    field: { page: 1, x: 60, y: 100, width: 80, height: 80 },
    appearance: { png: makeSealPng() },
  });

const verify = (pdf: Uint8Array) => verifyPdf(pdf, { trustAnchors: [pki.rootDer] });

/** A hidden signature widget named `t` whose value is `v`, as an attacker would add one. */
const hiddenSigField = (t: string, v: PdfRef) =>
  dict({
    FT: name('Sig'),
    T: PdfString.text(t),
    V: v,
    Type: name('Annot'),
    Subtype: name('Widget'),
    Rect: [0, 0, 0, 0],
    F: 132,
  });

describe('verifier rejects documents modified after signing', () => {
  it('a redefined object stream changing a compressed object (A1)', async () => {
    const signed = await sign(await makePdf(1, { useObjectStreams: true }));
    expect(verify(signed).valid).toBe(true);
    const file = PdfFile.open(signed);
    const page = file.pages()[0]!;
    const pagesNum = (file.catalog().get('Pages') as PdfRef).num;
    const pe = file.xref.get(pagesNum);
    expect(pe?.type).toBe(2);
    if (pe?.type !== 2) return;
    const os = file.getObject(pe.stream) as PdfStream;
    const n = os.dict.get('N') as number;
    const hdr = Buffer.from(decodeStream(os))
      .toString('latin1')
      .trim()
      .split(/\s+/)
      .slice(0, 2 * n)
      .map(Number);
    const members: number[] = [];
    for (let i = 0; i < hdr.length; i += 2) members.push(hdr[i]!);
    const up = new IncrementalUpdate(file);
    const fontName = [...file.resolveDict(file.resolveDict(page.resources)?.get('Font'))!.map.keys()][0];
    const fake = up.add(
      new PdfStream(
        new PdfDict(),
        Buffer.from(`BT /${fontName} 30 Tf 72 700 Td (FORGED: pay 1,000,000) Tj ET`),
      ),
    );
    const newPage = page.dict.clone();
    newPage.set('Contents', fake);
    const newPageRef = up.add(newPage);
    const bodies = members.map((m) => {
      let v: PdfValue = file.getObject(m)!;
      if (m === pagesNum) {
        const d = (v as PdfDict).clone();
        d.set('Kids', [newPageRef]);
        v = d;
      }
      return serialize(v);
    });
    let off = 0;
    const offs = bodies.map((b) => {
      const o = off;
      off += b.length + 1;
      return o;
    });
    const header = members.map((m, i) => `${m} ${offs[i]}`).join(' ') + '\n';
    const data = Buffer.from(header + bodies.join('\n') + '\n', 'latin1');
    up.set(
      new PdfRef(pe.stream, 0),
      new PdfStream(dict({ Type: name('ObjStm'), N: members.length, First: header.length }), data),
    );
    const r = verify(up.build().bytes);
    expect(r.valid).toBe(false);
    expect(r.signatures[0]!.modifiedAfterSigning).toBe(true);
    expect(r.signatures[0]!.changesAfter.disallowed.join('\n')).toMatch(/Kids/);
  });

  it('an object dropped by a final xref section without /Prev (A3)', async () => {
    const base = await sign(await makePdf(1));
    const file = PdfFile.open(base);
    const contents = file.pages()[0]!.dict.get('Contents');
    const drop = new Set(
      contents instanceof PdfRef ? [contents.num] : (contents as PdfRef[]).map((r) => r.num),
    );
    let s = 'xref\n0 1\n0000000000 65535 f\r\n';
    const entries = [...file.xref]
      .filter(([n, e]) => !drop.has(n) && e.type === 1)
      .sort((a, b) => a[0] - b[0]);
    for (const [n, e] of entries) {
      if (e.type === 1) s += `${n} 1\n${String(e.offset).padStart(10, '0')} 00000 n\r\n`;
    }
    s += `trailer\n<< /Size ${file.size} /Root ${serialize(file.catalogRef())} >>\nstartxref\n${base.length}\n%%EOF\n`;
    const r = verify(Buffer.concat([Buffer.from(base), Buffer.from(s, 'latin1')]));
    expect(r.valid).toBe(false);
    const dis = r.signatures[0]!.changesAfter.disallowed.join('\n');
    expect(dis).toMatch(/deleted/);
    expect(dis).toMatch(/Prev chain/);
  });

  it('a dangling reference at signing filled in later (A4, shadow hide-and-replace)', async () => {
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 40 0 R >> >> >>',
      stream('', 'BT /F1 14 Tf 72 760 Td (Price: 100 CNY) Tj ET q /X1 Do Q'),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ]);
    const signed = await sign(pdf);
    expect(verify(signed).valid).toBe(true);
    const file = PdfFile.open(signed);
    const up = new IncrementalUpdate(file);
    up.set(
      new PdfRef(40, 0),
      new PdfStream(
        dict({
          Type: name('XObject'),
          Subtype: name('Form'),
          BBox: [0, 0, 595, 842],
          Resources: dict({ Font: dict({ F1: new PdfRef(5, 0) }) }),
        }),
        Buffer.from('1 1 1 rg 60 740 300 40 re f 0 0 0 rg BT /F1 14 Tf 72 760 Td (Price: 100000 CNY) Tj ET'),
      ),
    );
    const r = verify(up.build().bytes);
    expect(r.valid).toBe(false);
    expect(r.signatures[0]!.changesAfter.disallowed.join('\n')).toMatch(/object 40 .*missing at signing/);
  });

  /** Adds a new signature field (merged with its widget) on page 1 in an incremental update. */
  const addField = (
    base: Uint8Array,
    build: (up: IncrementalUpdate, file: PdfFile) => PdfDict,
  ): Uint8Array => {
    const file = PdfFile.open(base);
    const page = file.pages()[0]!;
    const up = new IncrementalUpdate(file);
    const f = build(up, file);
    f.set('P', page.ref);
    const field = up.add(f);
    const catalog = file.catalog().clone();
    addWidgetsToPage(file, up, page, [field]);
    if (addFieldToAcroForm(file, up, [field], catalog)) up.set(file.catalogRef(), catalog);
    return up.build().bytes;
  };

  it('an unsigned signature field whose appearance overlays the page (A2)', async () => {
    const base = await sign(await makePdf(1));
    const out = addField(base, (up) => {
      const ap = up.add(
        new PdfStream(
          dict({
            Type: name('XObject'),
            Subtype: name('Form'),
            BBox: [0, 0, 595, 842],
            Resources: dict({
              Font: dict({
                F1: dict({ Type: name('Font'), Subtype: name('Type1'), BaseFont: name('Helvetica') }),
              }),
            }),
          }),
          Buffer.from(
            '1 1 1 rg 0 0 595 842 re f 0 0 0 rg BT /F1 30 Tf 72 700 Td (FORGED: pay 1,000,000) Tj ET',
          ),
        ),
      );
      return dict({
        FT: name('Sig'),
        T: PdfString.text('x'),
        Type: name('Annot'),
        Subtype: name('Widget'),
        Rect: [0, 0, 595, 842],
        F: 4,
        AP: dict({ N: ap }),
      });
    });
    const r = verify(out);
    expect(r.valid).toBe(false);
    expect(r.signatures[0]!.changesAfter.disallowed.join('\n')).toMatch(/not a signature field/);
  });

  it('a new signature field whose /V has no /ByteRange is an invalid signature, not skipped', async () => {
    const base = await sign(await makePdf(1));
    const out = addField(base, (up) =>
      hiddenSigField(
        'fake',
        up.add(dict({ Type: name('Sig'), Filter: name('Adobe.PPKLite'), Name: PdfString.text('Li Si') })),
      ),
    );
    const r = verify(out);
    expect(r.valid).toBe(false);
    const fake = r.signatures.find((s) => s.fieldNames.includes('fake'));
    expect(fake?.valid).toBe(false);
    expect(fake?.integrity.problems.join('\n')).toMatch(/ByteRange/);
    expect(r.signatures.find((s) => s.fieldNames.includes('Signature1'))?.valid).toBe(false);
  });

  it('a new field whose /V is a copy of the signed signature dictionary (A5)', async () => {
    const base = await sign(await makePdf(1));
    const out = addField(base, (up, file) => {
      const original = listFields(file).find((f) => f.type === 'Sig')!;
      const copy = file.resolveDict(original.value)!.clone();
      copy.set('Reason', PdfString.text('I accept the amended price of 1,000,000 CNY'));
      copy.set('Name', PdfString.text('Li Si (Party B)'));
      return hiddenSigField('PartyB', up.add(copy));
    });
    const r = verify(out);
    expect(r.valid).toBe(false);
    const forged = r.signatures.find((s) => s.fieldNames.includes('PartyB'));
    expect(forged?.valid).toBe(false);
    const problems = forged?.integrity.problems.join('\n') ?? '';
    expect(problems).toMatch(/not an object of the revision it signs/);
    expect(problems).toMatch(/same \/ByteRange/);
  });

  it('a DSS pointing at a page content stream does not make changes to that stream allowed', async () => {
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /DSS 6 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      stream('', 'BT /F1 14 Tf 72 760 Td (Price: 100 CNY) Tj ET'),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      '<< /Certs 4 0 R >>',
    ]);
    const signed = await sign(pdf);
    const file = PdfFile.open(signed);
    const up = new IncrementalUpdate(file);
    up.set(
      new PdfRef(4, 0),
      new PdfStream(new PdfDict(), Buffer.from('BT /F1 14 Tf 72 760 Td (Price: 100000 CNY) Tj ET')),
    );
    const r = verify(up.build().bytes);
    expect(r.valid).toBe(false);
    const changes = r.signatures[0]!.changesAfter;
    expect(changes.allowed).not.toContain('DSS updated');
    expect(changes.disallowed.join('\n')).toMatch(/object 4 changed: .*stream data/);
  });

  it('a document with only a document timestamp is not valid', async () => {
    const stamped = await addDocumentTimestamp(await makePdf(1), pki.tsa);
    const r = verify(stamped);
    expect(r.signatures.map((s) => s.kind)).toEqual(['document-timestamp']);
    expect(r.valid).toBe(false);
    expect(r.problems).toEqual(['the document has only document timestamps and no signature']);
  });
});
