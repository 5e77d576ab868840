/**
 * PAdES signing (ETSI EN 319 142-1, baseline B-T) as an append-only incremental update
 * (ISO 32000-1 §7.5.6, §12.8). The first signature certifies the document (DocMDP P=2, §12.8.2.2):
 * later changes are limited to form filling and further signatures.
 */
import type { SigningKey, TimestampAuthority } from '../pki/types.js';
import { HetongError } from '../shared/errors.js';
import { addImage, addImageForm, decodeSeal } from './appearance.js';
import { buildCadesSignature, estimateCmsSize } from './cms/build.js';
import { addFieldToAcroForm, addWidgetsToPage, listFields, uniqueFieldName } from './form.js';
import { openForSigning } from './open.js';
import { certificationLevel, writeCertification } from '../pdf/docmdp.js';
import { IncrementalUpdate } from '../pdf/incremental.js';
import type { PdfRef } from '../pdf/objects.js';
import { PdfDict, PdfString, dict, name, type PdfValue } from '../pdf/objects.js';
import { ContentsOverflowError, fillSignature, pdfDate, writeSignatureDict } from '../pdf/signature-dict.js';
import { resolvePlacement, type SignFieldPlacement } from './placement.js';

export interface SignRequest {
  key: SigningKey;
  tsa: TimestampAuthority;
  field: SignFieldPlacement;
  /**
   * The seal or handwritten signature drawn in the field (centred, at widthPt × heightPt points,
   * default the field's size); the field is invisible without it.
   */
  appearance?: { png: Uint8Array; widthPt?: number; heightPt?: number };
  reason?: string;
  location?: string;
  contactInfo?: string;
  name?: string;
  /** DocMDP certification, P=2. Default: true when the PDF has no signature yet. */
  certify?: boolean;
  /** DocMDP /P of a certifying signature (§12.8.2.2 Table 254): 1 no changes, 2 (default) form filling and signing, 3 also annotations. */
  certifyPermissions?: 1 | 2 | 3;
  /**
   * Cross-page seal (骑缝章): the seal split into one vertical strip per page along the right edge
   * of the CropBox. The strips are further widgets of this same signature field, so they are part
   * of the signed revision and no page content changes (which would void earlier signatures).
   */
  crossPageSeal?: {
    png: Uint8Array;
    widthPt: number;
    heightPt: number;
    /** from the CropBox bottom; default centred */ y?: number;
  };
  /** Field name (/T); default SignatureN. */
  fieldName?: string;
  /** /M; default now. */
  signingTime?: Date;
}

const lastTokenSize = new WeakMap<TimestampAuthority, number>();

export async function signPdf(pdf: Uint8Array, request: SignRequest): Promise<Uint8Array> {
  let capacity = estimateCmsSize(request.key) + (lastTokenSize.get(request.tsa) ?? 6000) + 256;
  for (let attempt = 0; ; attempt++) {
    try {
      return await signOnce(pdf, request, capacity);
    } catch (e) {
      if (!(e instanceof ContentsOverflowError) || attempt > 0) throw e;
      capacity = e.needed + 512;
    }
  }
}

async function signOnce(pdf: Uint8Array, request: SignRequest, capacity: number): Promise<Uint8Array> {
  const file = openForSigning(pdf);
  const pages = file.pages();
  const { pageIndex, rect } = resolvePlacement(file, request.field);
  const page = pages[pageIndex]!;
  const catalog = file.catalog().clone();
  let catalogChanged = false;
  const fields = listFields(file);
  const signed = fields.filter((f) => f.type === 'Sig' && f.value !== undefined && f.value !== null);
  const docMdp = certificationLevel(file);
  if (docMdp === 1) {
    throw new HetongError(
      'SIGN_DOCUMENT_LOCKED',
      409,
      'the document is certified with DocMDP P=1: no further signature is allowed',
    );
  }
  const certify = request.certify ?? signed.length === 0;
  if (certify && signed.length > 0) {
    throw new HetongError(
      'SIGN_CERTIFY_NOT_FIRST',
      409,
      'only the first signature of a document can certify it (ISO 32000-1 §12.8.2.2)',
    );
  }

  const update = new IncrementalUpdate(file);
  const sigRef = update.allocate();
  const fieldRef = update.allocate();
  const now = request.signingTime ?? new Date();
  const sig = new PdfDict([
    ['Type', name('Sig')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name('ETSI.CAdES.detached')],
    ['M', PdfString.text(pdfDate(now))],
  ]);
  if (request.name) sig.set('Name', PdfString.text(request.name));
  if (request.reason) sig.set('Reason', PdfString.text(request.reason));
  if (request.location) sig.set('Location', PdfString.text(request.location));
  if (request.contactInfo) sig.set('ContactInfo', PdfString.text(request.contactInfo));
  if (certify) {
    writeCertification(sig, sigRef, catalog, request.certifyPermissions);
    catalogChanged = true;
  }
  const hole = writeSignatureDict(update, sigRef, sig, capacity);

  // Main widget: visible seal, or invisible (Rect [0 0 0 0], §12.7.4.5).
  const [x0, y0, x1, y1] = rect;
  const w = x1 - x0;
  const h = y1 - y0;
  let mainAp: PdfRef;
  if (request.appearance) {
    const image = addImage(update, decodeSeal(request.appearance.png));
    // The seal keeps its own size (widthPt × heightPt) centred in the field when given.
    const iw = request.appearance.widthPt ?? w;
    const ih = request.appearance.heightPt ?? h;
    mainAp = addImageForm(update, image, w, h, { x: (w - iw) / 2, y: (h - ih) / 2, width: iw, height: ih });
  } else {
    mainAp = addImageForm(update, undefined, 0, 0);
  }
  const fieldName = request.fieldName ?? uniqueFieldName(file);
  const widgetEntries = (pageRef: PdfRef, r: PdfValue[], ap: PdfRef): [string, PdfValue][] => [
    ['Type', name('Annot')],
    ['Subtype', name('Widget')],
    ['Rect', r],
    ['F', 132], // Print | Locked (§12.5.3)
    ['P', pageRef],
    ['AP', dict({ N: ap })],
  ];
  const mainRect = request.appearance ? rect : [0, 0, 0, 0];
  const widgetsByPage = new Map<number, PdfRef[]>();
  const addWidget = (idx: number, ref: PdfRef): void => {
    widgetsByPage.set(idx, [...(widgetsByPage.get(idx) ?? []), ref]);
  };
  const fieldBase: [string, PdfValue][] = [
    ['FT', name('Sig')],
    ['T', PdfString.text(fieldName)],
    ['V', sigRef],
  ];
  // A field merged with its single widget (§12.7.3.1).
  update.set(fieldRef, new PdfDict([...fieldBase, ...widgetEntries(page.ref, mainRect, mainAp)]));
  addWidget(pageIndex, fieldRef);
  const fieldRefs = [fieldRef];
  if (request.crossPageSeal) {
    // Each strip is a further signature field whose /V is this same signature dictionary.
    // Widgets of one field with /Kids would be the textbook shape, but poppler and MuPDF do not
    // inherit /V into kid widgets and then report the signature as unsigned or broken.
    const seal = request.crossPageSeal;
    const image = addImage(update, decodeSeal(seal.png));
    const strip = seal.widthPt / pages.length;
    pages.forEach((p, i) => {
      const [, cy0, cx1, cy1] = p.cropBox;
      const sy = cy0 + (seal.y ?? (cy1 - cy0 - seal.heightPt) / 2);
      const form = addImageForm(update, image, strip, seal.heightPt, {
        x: -i * strip,
        y: 0,
        width: seal.widthPt,
        height: seal.heightPt,
      });
      const ref = update.add(
        new PdfDict([
          ['FT', name('Sig')],
          ['T', PdfString.text(`${fieldName}_crosspage${i + 1}`)],
          ['V', sigRef],
          ...widgetEntries(p.ref, [cx1 - strip, sy, cx1, sy + seal.heightPt], form),
        ]),
      );
      fieldRefs.push(ref);
      addWidget(i, ref);
    });
  }
  for (const [idx, refs] of widgetsByPage) addWidgetsToPage(file, update, pages[idx]!, refs);
  if (addFieldToAcroForm(file, update, fieldRefs, catalog)) catalogChanged = true;
  if (catalogChanged) update.set(file.catalogRef(), catalog);

  const written = update.build();
  let tokenSize = 0;
  const out = await fillSignature(written, hole, async (digest) => {
    const der = await buildCadesSignature(
      request.key,
      timing(request.tsa, (n) => (tokenSize = n)),
      digest,
    );
    return der;
  });
  if (tokenSize > 0) lastTokenSize.set(request.tsa, tokenSize);
  return out;
}

function timing(tsa: TimestampAuthority, onSize: (n: number) => void): TimestampAuthority {
  return {
    timestamp: async (d) => {
      const t = await tsa.timestamp(d);
      onSize(t.length);
      return t;
    },
  };
}
