import { describe, expect, it } from 'vitest';
import { rawPdf } from '../signing/testing/fixtures.js';
import { certificationLevel, certifyingSignatureRef, writeCertification } from './docmdp.js';
import { PdfFile } from './file.js';
import { IncrementalUpdate } from './incremental.js';
import { dict, name } from './objects.js';

const PAGES = [
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
];

/** A catalog whose /Perms /DocMDP is object 4, a signature dictionary with `reference` as /Reference. */
const certified = (reference: string): PdfFile =>
  PdfFile.open(
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 4 0 R >> >>',
      ...PAGES,
      `<< /Type /Sig /Reference ${reference} >>`,
    ]),
  );

describe('DocMDP (ISO 32000-1 §12.8.2.2)', () => {
  it('reads back the permissions it wrote and the signature /Perms names', () => {
    for (const p of [1, 2, 3] as const) {
      const file = PdfFile.open(rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', ...PAGES]));
      expect(certificationLevel(file)).toBeUndefined();
      const update = new IncrementalUpdate(file);
      const sigRef = update.allocate();
      const sig = dict({ Type: name('Sig') });
      const catalog = file.catalog().clone();
      writeCertification(sig, sigRef, catalog, p);
      update.set(sigRef, sig);
      update.set(file.catalogRef(), catalog);
      const after = PdfFile.open(update.build().bytes);
      expect(certificationLevel(after)).toBe(p);
      expect(certifyingSignatureRef(after)?.num).toBe(sigRef.num);
    }
  });

  it('Table 254: a missing or undefined /P is the default 2', () => {
    const mdp = (params: string): string =>
      `[<< /Type /SigRef /TransformMethod /DocMDP /TransformParams ${params} >>]`;
    expect(certificationLevel(certified(mdp('<< /V /1.2 >>')))).toBe(2);
    expect(certificationLevel(certified(mdp('<< /P 7 >>')))).toBe(2);
    expect(certificationLevel(certified(mdp('<< /P 1 >>')))).toBe(1);
    expect(certificationLevel(certified('5'))).toBe(2);
    // A /Reference with another transform first: the DocMDP one decides.
    expect(
      certificationLevel(
        certified(
          '[<< /TransformMethod /FieldMDP >> << /TransformMethod /DocMDP /TransformParams << /P 3 >> >>]',
        ),
      ),
    ).toBe(3);
  });
});
