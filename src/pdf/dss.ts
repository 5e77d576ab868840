/**
 * The Document Security Store (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3): the catalog's
 * /DSS dictionary with arrays of streams /Certs (DER certificates), /CRLs (DER CRLs) and /OCSPs
 * (DER OCSP responses), and an optional /VRI dictionary of per-signature validation data. Written
 * by the signer for PAdES B-LT, read by the verifier for path building and revocation.
 *
 * Its streams are ordinary PDF streams (§7.3.8): other producers compress them (FlateDecode) or
 * put them in object streams, so they are read through the file's filters and inflation budget.
 */
import { createHash } from 'node:crypto';
import { isPdfReadError, type PdfFile } from './file.js';
import type { IncrementalUpdate } from './incremental.js';
import { PdfDict, PdfRef, PdfStream, name, type PdfValue } from './objects.js';

export interface DssContents {
  /** Whether the catalog has a /DSS dictionary at all. */
  present: boolean;
  /** Decoded /Certs streams (DER certificates). */
  certificates: Uint8Array[];
  /** Decoded /CRLs streams (DER CertificateLists). */
  crls: Uint8Array[];
  /** Decoded /OCSPs streams (DER OCSPResponses). */
  ocsps: Uint8Array[];
  /** Entries that are not streams, or whose filters we do not decode or whose data is corrupt. */
  unreadable: number;
}

const ARRAYS = { certificates: 'Certs', crls: 'CRLs', ocsps: 'OCSPs' } as const;

/**
 * The DSS of the newest revision. An entry that cannot be decoded contributes nothing (the
 * verifier then finds no path or no revocation data, and says so); a stream past the file's
 * inflation budget still refuses the whole file (PdfLimitError).
 */
export function readDss(file: PdfFile): DssContents {
  const dss = file.resolveDict(file.catalog().get('DSS'));
  const out: DssContents = {
    present: dss !== undefined,
    certificates: [],
    crls: [],
    ocsps: [],
    unreadable: 0,
  };
  if (!dss) return out;
  for (const [field, key] of Object.entries(ARRAYS) as [keyof typeof ARRAYS, string][]) {
    const arr = file.resolve(dss.get(key));
    if (!Array.isArray(arr)) continue;
    for (const entry of arr) {
      const s = file.resolve(entry);
      if (!(s instanceof PdfStream)) {
        out.unreadable++;
        continue;
      }
      try {
        out[field].push(file.decode(s));
      } catch (e) {
        if (!isPdfReadError(e)) throw e;
        out.unreadable++;
      }
    }
  }
  return out;
}

export interface DssAdditions {
  certificates: Iterable<Uint8Array>;
  crls: Iterable<Uint8Array>;
}

/**
 * Adds certificates and CRLs to the DSS in `update`: the existing DSS's entries (its /OCSPs and
 * /VRI too) are kept, data it already holds is not added twice, new entries are uncompressed
 * streams (DER barely compresses). Sets /DSS on `catalog`, a clone the caller writes.
 */
export function writeDss(
  file: PdfFile,
  update: IncrementalUpdate,
  catalog: PdfDict,
  add: DssAdditions,
): PdfRef {
  const existing = file.resolveDict(catalog.get('DSS'));
  const held = readDss(file);
  const key = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  const seen = new Set([...held.certificates, ...held.crls].map(key));
  const dss = existing ? existing.clone() : new PdfDict();
  dss.set('Type', name('DSS'));
  const extend = (arrayKey: string, items: Iterable<Uint8Array>): void => {
    const old = file.resolve(dss.get(arrayKey));
    const refs: PdfValue[] = Array.isArray(old) ? [...old] : [];
    for (const b of items) {
      const k = key(b);
      if (seen.has(k)) continue;
      seen.add(k);
      refs.push(update.add(new PdfStream(new PdfDict(), Buffer.from(b))));
    }
    dss.set(arrayKey, refs);
  };
  extend(ARRAYS.certificates, add.certificates);
  extend(ARRAYS.crls, add.crls);
  const ref = update.add(dss);
  catalog.set('DSS', ref);
  return ref;
}

/**
 * The indirect objects that make up the DSS's own structure (the /DSS and /VRI dictionaries and
 * indirect /Certs, /CRLs, /OCSPs arrays): ETSI EN 319 142-1 §5.4 lets a later revision change
 * these after a signature.
 */
export function dssStructureRefs(dssRef: PdfValue | undefined, dss: PdfDict | undefined): PdfRef[] {
  const out: PdfRef[] = [];
  if (dssRef instanceof PdfRef) out.push(dssRef);
  for (const k of ['VRI', ...Object.values(ARRAYS)]) {
    const v = dss?.get(k);
    if (v instanceof PdfRef) out.push(v);
  }
  return out;
}
