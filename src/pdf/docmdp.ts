/**
 * Certification signatures (ISO 32000-1 §12.8.2.2, DocMDP): the signature dictionary carries a
 * signature reference dictionary (Table 253) with /TransformMethod /DocMDP and transform
 * parameters /P (Table 254), and the catalog's /Perms /DocMDP points back at that signature
 * dictionary. Written by the signer, read by the signer (P=1 forbids a further signature) and by
 * the verifier (P=1 allows no change, ISO 32000-2 §12.8.2.2.2).
 */
import type { PdfFile } from './file.js';
import { PdfRef, dict, name, type PdfDict } from './objects.js';

/** Table 254: 1 no changes, 2 form filling and signing, 3 also annotations. */
export type DocMdpPermissions = 1 | 2 | 3;

/** Table 254: /P is optional and defaults to 2. */
export const DEFAULT_DOCMDP_PERMISSIONS: DocMdpPermissions = 2;

/**
 * Makes `sig` (the signature dictionary written as `sigRef`) the certifying signature: its
 * /Reference array gets the DocMDP signature reference dictionary and `catalog` (a clone the caller
 * writes) its /Perms /DocMDP entry.
 */
export function writeCertification(
  sig: PdfDict,
  sigRef: PdfRef,
  catalog: PdfDict,
  permissions: DocMdpPermissions = DEFAULT_DOCMDP_PERMISSIONS,
): void {
  // Table 254: /V 1.2 is the only version of the DocMDP transform parameters.
  const params = dict({ Type: name('TransformParams'), P: permissions, V: name('1.2') });
  sig.set('Reference', [
    dict({ Type: name('SigRef'), TransformMethod: name('DocMDP'), TransformParams: params }),
  ]);
  // §12.8.4 Table 258: /Perms /DocMDP is an indirect reference to the signature dictionary.
  // Only the first signature certifies, so there is no earlier entry worth keeping.
  catalog.set('Perms', dict({ DocMDP: sigRef }));
}

/** The signature dictionary /Perms /DocMDP names, when the document is certified. */
export function certifyingSignatureRef(file: PdfFile): PdfRef | undefined {
  const perms = file.resolveDict(file.catalog().get('Perms'));
  const r = perms?.get('DocMDP');
  return r instanceof PdfRef ? r : undefined;
}

/**
 * The DocMDP permission level of a certified document, undefined when it is not certified. A
 * certifying signature without a readable /P, or with a value Table 254 does not define, has the
 * default 2.
 */
export function certificationLevel(file: PdfFile): DocMdpPermissions | undefined {
  const perms = file.resolveDict(file.catalog().get('Perms'));
  const sig = file.resolveDict(perms?.get('DocMDP'));
  if (!sig) return undefined;
  const refs = file.resolve(sig.get('Reference'));
  if (!Array.isArray(refs)) return DEFAULT_DOCMDP_PERMISSIONS;
  for (const r of refs) {
    const d = file.resolveDict(r);
    if (d?.name('TransformMethod') !== 'DocMDP') continue;
    const p = file.resolve(file.resolveDict(d.get('TransformParams'))?.get('P'));
    return p === 1 || p === 2 || p === 3 ? p : DEFAULT_DOCMDP_PERMISSIONS;
  }
  return DEFAULT_DOCMDP_PERMISSIONS;
}
