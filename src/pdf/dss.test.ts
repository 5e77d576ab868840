import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rawPdf } from '../signing/testing/fixtures.js';
import { tempFile } from '../signing/testing/validators.js';
import { dssStructureRefs, readDss, writeDss } from './dss.js';
import { PdfFile } from './file.js';
import { IncrementalUpdate } from './incremental.js';

const PAGE = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
];

function withDss(pdf: Uint8Array, certificates: Uint8Array[], crls: Uint8Array[]): Uint8Array {
  const file = PdfFile.open(pdf);
  const update = new IncrementalUpdate(file);
  const catalog = file.catalog().clone();
  writeDss(file, update, catalog, { certificates, crls });
  update.set(file.catalogRef(), catalog);
  return update.build().bytes;
}

const hex = (list: Uint8Array[]): string[] => list.map((b) => Buffer.from(b).toString('hex'));

describe('the DSS (ETSI EN 319 142-1 §5.4.2)', () => {
  it('reads back what it wrote, and a second DSS update keeps the first one and adds only new data', () => {
    const [c1, c2, crl] = [randomBytes(300), randomBytes(200), randomBytes(120)];
    const once = withDss(rawPdf(PAGE), [c1, c1], [crl]);
    const first = readDss(PdfFile.open(once));
    expect(first.present).toBe(true);
    expect(hex(first.certificates)).toEqual(hex([c1]));
    expect(hex(first.crls)).toEqual(hex([crl]));

    const twice = withDss(once, [c1, c2], [crl]);
    const second = readDss(PdfFile.open(twice));
    expect(hex(second.certificates)).toEqual(hex([c1, c2]));
    expect(hex(second.crls)).toEqual(hex([crl]));
    expect(second.unreadable).toBe(0);
  });

  it('a document without a DSS has none', () => {
    const dss = readDss(PdfFile.open(rawPdf(PAGE)));
    expect(dss).toEqual({ present: false, certificates: [], crls: [], ocsps: [], unreadable: 0 });
  });

  it('reads FlateDecode-compressed streams (another producer’s DSS), and counts what it cannot decode', () => {
    const [cert, crl, ocsp] = [randomBytes(400), randomBytes(150), randomBytes(90)];
    const flate = (b: Uint8Array): string =>
      `<< /Filter /FlateDecode /Length ${deflateSync(b).length} >>\nstream\n`;
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /DSS 4 0 R >>',
      PAGE[1]!,
      PAGE[2]!,
      '<< /Type /DSS /Certs 5 0 R /CRLs [6 0 R 8 0 R 9 0 R] /OCSPs [7 0 R] /VRI << >> >>',
      '[10 0 R]',
      Buffer.concat([Buffer.from(flate(crl)), deflateSync(crl), Buffer.from('\nendstream')]),
      Buffer.concat([Buffer.from(flate(ocsp)), deflateSync(ocsp), Buffer.from('\nendstream')]),
      '<< /Filter /LZWDecode /Length 3 >>\nstream\nabc\nendstream',
      '<< /Filter /FlateDecode /Length 9 >>\nstream\nnot zlib!\nendstream',
      Buffer.concat([Buffer.from(flate(cert)), deflateSync(cert), Buffer.from('\nendstream')]),
    ]);
    const dss = readDss(PdfFile.open(pdf));
    expect(hex(dss.certificates)).toEqual(hex([cert]));
    expect(hex(dss.crls)).toEqual(hex([crl]));
    expect(hex(dss.ocsps)).toEqual(hex([ocsp]));
    expect(dss.unreadable).toBe(2);
  });

  it('reads a DSS that qpdf moved into object streams and compressed', () => {
    const [cert, crl] = [Buffer.alloc(600, 'certificate '), Buffer.alloc(300, 'crl ')];
    const ours = withDss(rawPdf(PAGE), [cert], [crl]);
    const out = tempFile('qpdf-dss.pdf', new Uint8Array());
    const r = spawnSync('qpdf', [
      '--object-streams=generate',
      '--compress-streams=y',
      tempFile('dss.pdf', ours),
      out,
    ]);
    expect(r.status, r.stderr.toString()).toBe(0);
    const file = PdfFile.open(readFileSync(out));
    // qpdf wrote an xref stream and compressed the DSS streams: the old reader skipped these.
    expect(file.lastXrefKind).toBe('stream');
    const certs = file.resolve(file.resolveDict(file.catalog().get('DSS'))?.get('Certs'));
    expect(Array.isArray(certs) && file.resolveDict(certs[0])?.name('Filter')).toBe('FlateDecode');
    const dss = readDss(file);
    expect(hex(dss.certificates)).toEqual(hex([cert]));
    expect(hex(dss.crls)).toEqual(hex([crl]));
  });

  it('names the indirect objects of its structure, which a later revision may change', () => {
    const file = PdfFile.open(
      rawPdf([
        '<< /Type /Catalog /Pages 2 0 R /DSS 4 0 R >>',
        PAGE[1]!,
        PAGE[2]!,
        '<< /Type /DSS /Certs 5 0 R /CRLs [] /VRI 6 0 R >>',
        '[]',
        '<< >>',
      ]),
    );
    const ref = file.catalog().get('DSS');
    expect(dssStructureRefs(ref, file.resolveDict(ref)).map((r) => r.num)).toEqual([4, 6, 5]);
    expect(dssStructureRefs(undefined, undefined)).toEqual([]);
  });
});
