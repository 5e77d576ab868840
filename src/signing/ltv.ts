/**
 * Long-term validation (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.4.3): once the last party has
 * signed, a Document Security Store with every certificate and CRL the signatures need, in one
 * incremental update (PAdES B-LT), then a document timestamp (/SubFilter /ETSI.RFC3161,
 * ISO 32000-2 §12.8.5) in another (PAdES B-LTA).
 */
import type { RevocationSource, TimestampAuthority } from '../pki/types.js';
import { HetongError } from '../shared/errors.js';
import { readNode } from '../pki/asn1/der.js';
import { OID } from '../pki/asn1/oids.js';
import { parseSignedData } from './cms/parse.js';
import { addImageForm } from './appearance.js';
import { addFieldToAcroForm, addWidgetsToPage, listFields, uniqueFieldName } from './form.js';
import { openForSigning } from './open.js';
import type { PdfFile } from '../pdf/file.js';
import { writeDss } from '../pdf/dss.js';
import { IncrementalUpdate } from '../pdf/incremental.js';
import { PdfString, dict, name, type PdfRef } from '../pdf/objects.js';
import { ContentsOverflowError, fillSignature, writeSignatureDict } from '../pdf/signature-dict.js';

export interface LongTermValidationRequest {
  revocation: RevocationSource;
  tsa: TimestampAuthority;
}

/** Adds the DSS (B-LT) and then a document timestamp (B-LTA); returns the new PDF. */
export async function addLongTermValidation(
  pdf: Uint8Array,
  request: LongTermValidationRequest,
): Promise<Uint8Array> {
  const withDss = await addDss(pdf, request.revocation);
  return addDocumentTimestamp(withDss, request.tsa);
}

/** Every signature's certificates (CMS and timestamp token), grouped as chains, end-entity first. */
function collectChains(file: PdfFile): Uint8Array[][] {
  const chains: Uint8Array[][] = [];
  const seen = new Set<number>();
  for (const f of listFields(file)) {
    if (f.type !== 'Sig' || !(f.value && typeof f.value === 'object' && 'num' in f.value)) continue;
    const num = (f.value as PdfRef).num;
    if (seen.has(num)) continue;
    seen.add(num);
    const contents = file.resolveDict(f.value)?.get('Contents');
    if (!(contents instanceof PdfString)) continue;
    try {
      const der = contents.bytes.subarray(0, readNode(contents.bytes).end);
      const sd = parseSignedData(der);
      chains.push(sd.certificates);
      const token = sd.signer.unsignedAttrs.get(OID.signatureTimeStampToken)?.[0];
      if (token) chains.push(parseSignedData(token.raw).certificates);
    } catch {
      // A signature we cannot read contributes nothing; the verifier reports it.
    }
  }
  return chains;
}

export async function addDss(pdf: Uint8Array, revocation: RevocationSource): Promise<Uint8Array> {
  const file = openForSigning(pdf);
  const chains = collectChains(file);
  if (chains.length === 0)
    throw new HetongError(
      'LTV_NO_SIGNATURES',
      422,
      'the document has no signatures to add validation data for',
    );
  const certs: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  for (const chain of chains) {
    certs.push(...chain);
    crls.push(...(await revocation.crlsFor(chain)));
  }
  const update = new IncrementalUpdate(file);
  const catalog = file.catalog().clone();
  writeDss(file, update, catalog, { certificates: certs, crls });
  update.set(file.catalogRef(), catalog);
  return update.build().bytes;
}

export async function addDocumentTimestamp(pdf: Uint8Array, tsa: TimestampAuthority): Promise<Uint8Array> {
  let capacity = 8192;
  for (let attempt = 0; ; attempt++) {
    try {
      return await documentTimestampOnce(pdf, tsa, capacity);
    } catch (e) {
      if (!(e instanceof ContentsOverflowError) || attempt > 0) throw e;
      capacity = e.needed + 512;
    }
  }
}

async function documentTimestampOnce(
  pdf: Uint8Array,
  tsa: TimestampAuthority,
  capacity: number,
): Promise<Uint8Array> {
  const file = openForSigning(pdf);
  const page = file.pages()[0];
  if (!page) throw new HetongError('SIGN_INVALID_PDF', 400, 'the document has no pages');
  const update = new IncrementalUpdate(file);
  const sigRef = update.allocate();
  const hole = writeSignatureDict(
    update,
    sigRef,
    dict({ Type: name('DocTimeStamp'), Filter: name('Adobe.PPKLite'), SubFilter: name('ETSI.RFC3161') }),
    capacity,
  );
  const ap = addImageForm(update, undefined, 0, 0);
  const field = update.add(
    dict({
      FT: name('Sig'),
      T: PdfString.text(uniqueFieldName(file, 'DocumentTimestamp')),
      V: sigRef,
      Type: name('Annot'),
      Subtype: name('Widget'),
      Rect: [0, 0, 0, 0],
      F: 132,
      P: page.ref,
      AP: dict({ N: ap }),
    }),
  );
  addWidgetsToPage(file, update, page, [field]);
  const catalog = file.catalog().clone();
  if (addFieldToAcroForm(file, update, [field], catalog)) update.set(file.catalogRef(), catalog);
  // ETSI EN 319 142-1 §5.4.3: the token's imprint is the digest of the ByteRange itself.
  return fillSignature(update.build(), hole, (digest) => tsa.timestamp(digest));
}
