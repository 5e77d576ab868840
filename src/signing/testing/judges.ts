/**
 * The independent judges of a signed PDF, for tests: poppler's pdfsig, `qpdf --check`, and for
 * every signature `openssl cms -verify` of its CMS over its ByteRange and `openssl ts -verify` of
 * its timestamp token (a document timestamp's token over its ByteRange) — each with ONLY the given
 * root as trust anchor, so every intermediate certificate must travel inside the signatures.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPem } from '../../pki/index.js';
import { PdfFile } from '../../pdf/file.js';
import type { PdfString } from '../../pdf/objects.js';
import { type PdfRef } from '../../pdf/objects.js';
import { readNode } from '../../pki/asn1/der.js';
import { OID } from '../../pki/asn1/oids.js';
import { parseSignedData } from '../cms/parse.js';
import { listFields } from '../form.js';
import { nssDatabase, pdfsig, qpdfCheck } from './validators.js';

export interface JudgedSignature {
  subFilter: string;
  cmsVerified: boolean;
  timestampVerified: boolean;
  output: string;
}

export interface Judgement {
  pdfsig: string;
  pdfsigValid: number;
  pdfsigTrusted: number;
  qpdf: { ok: boolean; output: string };
  signatures: JudgedSignature[];
}

function run(dir: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir });
  return { ok: r.status === 0, out: r.stdout.toString() + r.stderr.toString() };
}

export function judge(pdf: Uint8Array, rootDer: Uint8Array): Judgement {
  const rootPem = toPem(rootDer, 'CERTIFICATE');
  const dir = mkdtempSync(join(tmpdir(), 'hetong-judge-'));
  writeFileSync(join(dir, 'root.pem'), rootPem);
  const file = PdfFile.open(pdf);
  const seen = new Set<number>();
  const signatures: JudgedSignature[] = [];
  for (const f of listFields(file)) {
    if (f.type !== 'Sig' || !(f.value && typeof f.value === 'object' && 'num' in f.value)) continue;
    const ref = f.value as PdfRef;
    if (seen.has(ref.num)) continue;
    seen.add(ref.num);
    const sig = file.resolveDict(ref)!;
    const range = file.resolve(sig.get('ByteRange')) as number[];
    const contents = sig.get('Contents') as PdfString;
    const der = contents.bytes.subarray(0, readNode(contents.bytes).end);
    const signed = Buffer.concat([
      Buffer.from(pdf.subarray(range[0]!, range[0]! + range[1]!)),
      Buffer.from(pdf.subarray(range[2]!, range[2]! + range[3]!)),
    ]);
    const n = signatures.length;
    writeFileSync(join(dir, `content${n}.bin`), signed);
    writeFileSync(join(dir, `sig${n}.der`), der);
    const subFilter = sig.name('SubFilter') ?? '';
    if (subFilter === 'ETSI.RFC3161') {
      const ts = run(dir, [
        'ts',
        '-verify',
        '-data',
        `content${n}.bin`,
        '-in',
        `sig${n}.der`,
        '-token_in',
        '-CAfile',
        'root.pem',
      ]);
      signatures.push({ subFilter, cmsVerified: ts.ok, timestampVerified: ts.ok, output: ts.out });
      continue;
    }
    const cms = run(dir, [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      `sig${n}.der`,
      '-content',
      `content${n}.bin`,
      '-CAfile',
      'root.pem',
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    const sd = parseSignedData(der);
    const token = sd.signer.unsignedAttrs.get(OID.signatureTimeStampToken)?.[0]?.raw;
    let ts = { ok: false, out: 'no signature-time-stamp token' };
    if (token) {
      writeFileSync(join(dir, `token${n}.der`), token);
      const digest = createHash('sha256').update(sd.signer.signature).digest('hex');
      ts = run(dir, [
        'ts',
        '-verify',
        '-in',
        `token${n}.der`,
        '-token_in',
        '-digest',
        digest,
        '-CAfile',
        'root.pem',
      ]);
    }
    signatures.push({
      subFilter,
      cmsVerified: cms.ok && /Verification successful/.test(cms.out),
      timestampVerified: ts.ok && /Verification: OK/.test(ts.out),
      output: cms.out + ts.out,
    });
  }
  const poppler = pdfsig(nssDatabase(rootPem), pdf);
  return {
    pdfsig: poppler,
    pdfsigValid: poppler.match(/Signature is Valid\./g)?.length ?? 0,
    pdfsigTrusted: poppler.match(/Certificate is Trusted\./g)?.length ?? 0,
    qpdf: qpdfCheck(pdf),
    signatures,
  };
}
