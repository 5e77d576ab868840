/**
 * One signer's signatures on one document: each of its sign fields is one incremental PAdES B-T
 * signature (ETSI EN 319 142-1; ISO 32000-1 §12.8) with the signer's key, the seal drawn in the
 * field; a document where the signer has no field still gets one invisible signature, so every
 * document carries every signer's certificate. No I/O besides the TSA the request names.
 */
import type { SigningKey, TimestampAuthority } from '../../pki/index.js';
import { signPdf, type SignFieldPlacement, type SignRequest } from '../../signing/index.js';
import type { TemplateSignField } from '../../templates/index.js';
import type { SignFieldInput } from './options.js';

/** The seal or handwritten signature drawn in the fields. */
export interface SealAppearance {
  sealId: string;
  png: Uint8Array;
  widthMm: number;
  heightMm: number;
}

export interface DocumentSignature {
  key: SigningKey;
  tsa: TimestampAuthority;
  fields: SignFieldInput[];
  appearance: SealAppearance | null;
  name: string;
  reason: string;
  location?: string;
}

const MM_TO_PT = 72 / 25.4;
/** Where the invisible signature of a signer without a field is anchored (it has no rectangle). */
const INVISIBLE: SignFieldPlacement = { page: 1, x: 0, y: 0, width: 1, height: 1 };

export async function signDocument(
  pdf: Uint8Array,
  s: DocumentSignature,
): Promise<{ pdf: Uint8Array; signatures: number }> {
  let out = pdf;
  const base = {
    key: s.key,
    tsa: s.tsa,
    name: s.name,
    reason: s.reason,
    ...(s.location ? { location: s.location } : {}),
  };
  if (s.fields.length === 0 || !s.appearance) {
    out = await signPdf(out, { ...base, field: INVISIBLE });
    return { pdf: out, signatures: 1 };
  }
  const widthPt = s.appearance.widthMm * MM_TO_PT;
  const heightPt = s.appearance.heightMm * MM_TO_PT;
  for (const f of s.fields) {
    const { document: _d, crossPage, ...placement } = f;
    const request: SignRequest = {
      ...base,
      field: placement,
      appearance: { png: s.appearance.png, widthPt, heightPt },
    };
    if (crossPage) request.crossPageSeal = { png: s.appearance.png, widthPt, heightPt };
    out = await signPdf(out, request);
  }
  return { pdf: out, signatures: s.fields.length };
}

/**
 * The fields of a signer in the document at `position`: its own (per contract) or the template
 * version's fields of its role.
 */
export function fieldsFor(
  position: number,
  own: SignFieldInput[] | null,
  role: string,
  templateFields: readonly TemplateSignField[],
): SignFieldInput[] {
  if (own) return own.filter((f) => (f.document ?? 0) === position);
  return templateFields.filter((f) => f.role === role).map(({ role: _r, ...placement }) => placement);
}
