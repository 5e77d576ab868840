/**
 * Issuing and checking authorization letters (授权委托书). Issuing renders the built-in template
 * (./letter.ts) with our own engine, signs it on the same path as a contract — one PAdES B-T
 * signature with the organisation's long-lived certificate and its seal in a keyword field
 * (../flow/sign-documents.ts, ../flow/signer-keys.ts), certifying the document (DocMDP P=2) —
 * then adds the DSS and a document timestamp (B-LTA, as a completed contract gets), so the
 * letter stays verifiable after the organisation's certificate expires. The PDF goes to the blob
 * store (content addressed) before the authorization row that names it is written: a crash in
 * between leaves only an orphan for the sweep.
 *
 * Checking a letter (before every use) reads the stored bytes, compares their SHA-256 with the
 * one on the authorization, and verifies the signatures with our verifier: every signature valid,
 * and the organisation's signature made with the certificate recorded at issue. A letter that
 * passed is remembered by its hash for the life of the process (the bytes under a hash never
 * change; only that they are still stored is checked again); a failure is never remembered.
 */
import { createHash } from 'node:crypto';
import type { BuiltinCa } from '../../pki/index.js';
import type { RenderEngine } from '../../render/engine.js';
import { renderBuiltin } from '../../render/builtin/index.js';
import type { SealService } from '../../seals/service.js';
import { addLongTermValidation, verifyPdf } from '../../signing/index.js';
import { HetongError } from '../../shared/errors.js';
import type { BlobStore } from '../../store/blobs/blob-store.js';
import { Lru } from '../../templates/index.js';
import { signDocument } from '../flow/sign-documents.js';
import type { SignerKeys } from '../flow/signer-keys.js';
import { SignerSeals } from '../signer-seals.js';
import {
  LETTER_BODY,
  LETTER_SEAL_KEYWORD,
  LETTER_TEMPLATE,
  letterData,
  type LetterContent,
} from './letter.js';

export interface IssuedLetter {
  blobKey: string;
  sha256: string;
  /** Serial of the organisation's certificate that signed it. */
  certificateSerial: string;
  pdf: Uint8Array;
}

export interface StoredLetter {
  id: string;
  businessLineId: string;
  letterBlobKey: string | null;
  letterSha256: string | null;
  letterCertificateSerial: string | null;
}

export type LetterCheck = { ok: true } | { ok: false; problem: string };

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The seal's field: 42 mm round seals are about 119 pt; centred right of the keyword's end. */
const SEAL_FIELD = { keyword: LETTER_SEAL_KEYWORD, offsetX: 72, offsetY: 0, width: 120, height: 120 };

export class AuthorizationLetters {
  readonly #verified = new Lru<string, true>(1000);
  readonly #seals: SignerSeals;

  constructor(
    private readonly deps: {
      render: () => RenderEngine;
      keys: SignerKeys;
      ca: () => Promise<BuiltinCa>;
      seals: SealService;
      blobs: BlobStore;
      /** Trust anchors for checking letters (the built-in root at least). */
      trustAnchors: () => Promise<Uint8Array[]>;
    },
  ) {
    this.#seals = new SignerSeals(deps.seals);
  }

  /** Renders, signs (B-T, then B-LTA) and stores the letter of `content` for business line `lineId`. */
  async issue(lineId: string, content: LetterContent): Promise<IssuedLetter> {
    const rendered = await renderBuiltin(
      this.deps.render(),
      LETTER_TEMPLATE,
      LETTER_BODY,
      letterData(content),
    );
    const ca = await this.deps.ca();
    const org = content.organization;
    // The organisation's round seal (generated on first use) or its uploaded one, as its contracts get.
    const appearance = await this.#seals.appearance(lineId, org, ['round', 'uploaded'], undefined);
    const key = await this.deps.keys.forSubject(lineId, org);
    const certificateSerial = key.serialNumber;
    // Long-lived keys from our CA always have one; the letter's check needs it.
    if (!certificateSerial) throw new Error('the organization key has no certificate serial');
    let signed: Uint8Array;
    try {
      signed = (
        await signDocument(rendered.pdf, {
          key,
          tsa: ca.tsa,
          fields: [SEAL_FIELD],
          appearance,
          name: org.name,
          reason: `${org.name} 出具授权委托书 ${content.letterId}`,
        })
      ).pdf;
    } finally {
      await key.destroy?.();
    }
    const pdf = await addLongTermValidation(signed, { revocation: ca.revocation, tsa: ca.tsa });
    const blobKey = await this.deps.blobs.put(pdf);
    const hash = sha256(pdf);
    this.#verified.set(`${lineId}:${content.letterId}:${hash}`, true);
    return { blobKey, sha256: hash, certificateSerial, pdf };
  }

  /** The stored letter's bytes (the caller checked the authorization belongs to the line). */
  async bytes(a: StoredLetter): Promise<Buffer | null> {
    return a.letterBlobKey ? this.deps.blobs.get(a.letterBlobKey) : null;
  }

  /** Whether the stored letter of `a` exists, is the one recorded, and its signatures verify. */
  async check(a: StoredLetter): Promise<LetterCheck> {
    if (!a.letterBlobKey || !a.letterSha256 || !a.letterCertificateSerial)
      return { ok: false, problem: 'the authorization has no letter' };
    const cacheKey = `${a.businessLineId}:${a.id}:${a.letterSha256}`;
    // Verified before: the bytes under a hash never change, but they must still be there.
    if (this.#verified.get(cacheKey))
      return (await this.deps.blobs.has(a.letterBlobKey))
        ? { ok: true }
        : { ok: false, problem: 'the letter is missing from the blob store' };
    let pdf: Buffer;
    try {
      pdf = await this.deps.blobs.get(a.letterBlobKey);
    } catch (e) {
      // A missing letter authorises nothing; a store that fails is a fault, not a verdict.
      if (e instanceof HetongError && e.code === 'BLOB_NOT_FOUND')
        return { ok: false, problem: 'the letter is missing from the blob store' };
      throw e;
    }
    if (sha256(pdf) !== a.letterSha256)
      return { ok: false, problem: 'the stored letter is not the one recorded (SHA-256 differs)' };
    let report;
    try {
      report = verifyPdf(pdf, { trustAnchors: await this.deps.trustAnchors() });
    } catch (e) {
      return { ok: false, problem: `the letter is not a signed PDF: ${(e as Error).message}` };
    }
    if (!report.valid)
      return {
        ok: false,
        problem: `the letter's signatures do not verify: ${[
          ...(report.problems ?? []),
          ...report.signatures
            .filter((s) => !s.valid)
            .map((s) => s.integrity.problems.join('; ') || s.trustProblem || 'invalid'),
        ].join('; ')}`,
      };
    const serial = a.letterCertificateSerial.toLowerCase();
    if (
      !report.signatures.some(
        (s) => s.kind === 'signature' && s.signer?.serialNumber.toLowerCase() === serial,
      )
    )
      return { ok: false, problem: "the letter is not signed with the organization's certificate" };
    this.#verified.set(cacheKey, true);
    return { ok: true };
  }
}
