/**
 * Seals in the service: generate, upload and handwritten seals for a business line's subjects,
 * list, disable and replace them, serve their PNGs. Images live in the blob store (content
 * addressed), rows in `seals`; every change is audited in the same transaction as the row.
 *
 * Replacing a seal creates a NEW seal (new id) and disables the old one, linking the two
 * (`replaces` / `replacedBy`): signatures already made with the old image keep pointing at a row
 * that still exists and still serves the image they show, and the history stays readable.
 */
import type { AuditTrail } from '../evidence/audit.js';
import { HetongError } from '../shared/errors.js';
import type { BlobStore } from '../store/blobs/blob-store.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import { SealRepository, type SealRow } from '../store/repositories/seals.js';
import { renderRoundSeal, type RoundSealSpec } from './round-seal.js';
import { GeneratedSealImages } from './generated-images.js';
import { createSeal, type SealKind } from './seal.js';
import { renderSquareSeal, type SquareSealSpec } from './square-seal.js';
import { normalizeSealImage, type NormalizedImage, type SealImageJob } from './upload.js';

/** Whose seal it is: the same subject shape (and spelling) as a contract's signer. */
export interface SealSubject {
  kind: 'person' | 'organization';
  idType: string;
  id: string;
  name: string;
}

/** A seal as the API shows it. */
export interface SealView {
  id: string;
  subject: SealSubject;
  kind: SealKind;
  widthMm: number;
  heightMm: number;
  status: 'active' | 'disabled';
  replaces: string | null;
  replacedBy: string | null;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type GenerateSpec =
  | ({ kind: 'round' } & Omit<RoundSealSpec, 'name' | 'dpi' | 'color'> & { name?: string })
  | ({ kind: 'square' } & Omit<SquareSealSpec, 'name' | 'dpi' | 'color'> & { name?: string });

/** An image for a seal: generated from text, uploaded (PNG/JPEG) or handwritten (PNG). */
export type SealImageInput =
  | GenerateSpec
  | { kind: 'uploaded'; bytes: Uint8Array; removeBackground?: boolean; widthMm?: number }
  | { kind: 'handwritten'; bytes: Uint8Array; widthMm?: number };

export interface AuditContext {
  actor: string;
  requestId?: string | null;
  ip?: string | null;
}

const DEFAULT_WIDTH_MM = { uploaded: 40, handwritten: 30 } as const;

export class SealService {
  private readonly repo: SealRepository;
  private readonly generated = new GeneratedSealImages();

  constructor(
    private readonly deps: {
      db: Db;
      blobs: BlobStore;
      audit: AuditTrail;
      now?: () => number;
      /**
       * Decodes and normalises an uploaded image: CPU-bound, so the composition root runs it in
       * the task pool (src/app/tasks), in the lane of the business line it is for; inline when
       * absent (tests, tools).
       */
      images?: (job: SealImageJob, businessLineId: string) => Promise<NormalizedImage>;
    },
  ) {
    this.repo = new SealRepository(deps.db);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Creates a seal for `subject` from a generation spec or an image. */
  async create(
    businessLineId: string,
    subject: SealSubject,
    input: SealImageInput,
    ctx: AuditContext,
  ): Promise<SealView> {
    const image = await this.image(businessLineId, subject, input);
    const row = this.row(businessLineId, subject, input.kind, image, null);
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.withDb(trx).insert(row);
      await this.deps.audit.record(
        {
          ...ctx,
          action: 'seal.created',
          target: row.id,
          businessLineId,
          details: { kind: row.kind, subjectIdType: row.subject_id_type, subjectId: row.subject_id },
        },
        trx,
      );
    });
    return view(row);
  }

  async get(businessLineId: string, id: string): Promise<SealView> {
    return view(await this.row404(businessLineId, id));
  }

  async list(
    businessLineId: string,
    filter: { subjectIdType?: string; subjectId?: string; status?: 'active' | 'disabled' },
  ): Promise<SealView[]> {
    return (await this.repo.list(businessLineId, filter)).map(view);
  }

  /** The PNG of a seal (also of a disabled one: documents signed with it still show it). */
  async png(businessLineId: string, id: string): Promise<Buffer> {
    return this.deps.blobs.get((await this.row404(businessLineId, id)).blob_key);
  }

  /**
   * The PNG to sign with: only an active seal of `subject` (SEAL_DISABLED, SEAL_NOT_OWNED
   * otherwise), so a disabled seal can no longer appear on a new signature.
   */
  async usablePng(
    businessLineId: string,
    id: string,
    subject: Pick<SealSubject, 'idType' | 'id'>,
  ): Promise<{ png: Buffer; seal: SealView }> {
    const row = await this.row404(businessLineId, id);
    if (row.subject_id_type !== subject.idType || row.subject_id !== subject.id)
      throw new HetongError('SEAL_NOT_OWNED', 403, 'the seal belongs to another subject', { sealId: id });
    if (row.status !== 'active')
      throw new HetongError('SEAL_DISABLED', 409, 'the seal is disabled', { sealId: id });
    return { png: await this.deps.blobs.get(row.blob_key), seal: view(row) };
  }

  async disable(businessLineId: string, id: string, ctx: AuditContext): Promise<SealView> {
    await this.row404(businessLineId, id);
    await this.deps.db.transaction().execute(async (trx) => {
      const changed = await this.repo.withDb(trx).disable(businessLineId, id, this.now());
      if (changed)
        await this.deps.audit.record({ ...ctx, action: 'seal.disabled', target: id, businessLineId }, trx);
    });
    return this.get(businessLineId, id);
  }

  /** A new seal for the same subject (same kind unless the input says otherwise); the old one is disabled. */
  async replace(
    businessLineId: string,
    id: string,
    input: SealImageInput,
    ctx: AuditContext,
  ): Promise<{ replaced: SealView; seal: SealView }> {
    const old = await this.row404(businessLineId, id);
    if (old.status !== 'active')
      throw new HetongError('SEAL_DISABLED', 409, 'only an active seal can be replaced', { sealId: id });
    const subject = subjectOf(old);
    const image = await this.image(businessLineId, subject, input);
    const row = this.row(businessLineId, subject, input.kind, image, old.id);
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = this.repo.withDb(trx);
      // Disabling first, conditionally, makes a concurrent second replace fail instead of forking.
      if (!(await repo.disable(businessLineId, id, row.created_at, row.id)))
        throw new HetongError('SEAL_DISABLED', 409, 'only an active seal can be replaced', { sealId: id });
      await repo.insert(row);
      await this.deps.audit.record(
        { ...ctx, action: 'seal.replaced', target: id, businessLineId, details: { replacedBy: row.id } },
        trx,
      );
      await this.deps.audit.record(
        {
          ...ctx,
          action: 'seal.created',
          target: row.id,
          businessLineId,
          details: { kind: row.kind, replaces: id },
        },
        trx,
      );
    });
    return { replaced: await this.get(businessLineId, id), seal: view(row) };
  }

  private async row404(businessLineId: string, id: string): Promise<SealRow> {
    const row = await this.repo.get(businessLineId, id);
    if (!row) throw new HetongError('SEAL_NOT_FOUND', 404, 'no such seal', { sealId: id });
    return row;
  }

  private async image(
    businessLineId: string,
    subject: SealSubject,
    input: SealImageInput,
  ): Promise<{ blobKey: string; widthMm: number; heightMm: number }> {
    let png: Uint8Array;
    let widthMm: number;
    let heightMm: number;
    switch (input.kind) {
      case 'round': {
        if (subject.kind !== 'organization')
          throw new HetongError('SEAL_SPEC_INVALID', 400, 'a round seal belongs to an organisation');
        const { kind: _k, name, ...rest } = input;
        const spec = { ...rest, name: name ?? subject.name };
        ({ png, widthMm, heightMm } = this.generated.get({ kind: 'round', ...spec }, () =>
          renderRoundSeal(spec),
        ));
        break;
      }
      case 'square': {
        if (subject.kind !== 'person')
          throw new HetongError('SEAL_SPEC_INVALID', 400, 'a square name seal belongs to a person');
        const { kind: _k, name, ...rest } = input;
        const spec = { ...rest, name: name ?? subject.name };
        ({ png, widthMm, heightMm } = this.generated.get({ kind: 'square', ...spec }, () =>
          renderSquareSeal(spec),
        ));
        break;
      }
      case 'uploaded':
      case 'handwritten': {
        const job: SealImageJob =
          input.kind === 'uploaded'
            ? { kind: 'uploaded', bytes: input.bytes, removeBackground: input.removeBackground ?? false }
            : { kind: 'handwritten', bytes: input.bytes };
        const img = this.deps.images ? await this.deps.images(job, businessLineId) : normalizeSealImage(job);
        png = img.png;
        widthMm = input.widthMm ?? DEFAULT_WIDTH_MM[input.kind];
        // The printed height follows the image's aspect ratio, within the domain's size limits.
        heightMm = Math.min(80, Math.max(5, Math.round(((widthMm * img.height) / img.width) * 10) / 10));
        break;
      }
    }
    // createSeal validates the printed size (SEAL_SPEC_INVALID) before anything is stored.
    createSeal({ id: 'check', subjectId: 'check', kind: input.kind, png, widthMm, heightMm }, new Date(0));
    return { blobKey: await this.deps.blobs.put(png), widthMm, heightMm };
  }

  private row(
    businessLineId: string,
    subject: SealSubject,
    kind: SealKind,
    image: { blobKey: string; widthMm: number; heightMm: number },
    replaces: string | null,
  ): SealRow {
    const now = this.now();
    return {
      id: newId('seal'),
      business_line_id: businessLineId,
      subject_kind: subject.kind === 'organization' ? STORED_ORGANIZATION : 'person',
      subject_id_type: subject.idType,
      subject_id: subject.id,
      subject_name: subject.name,
      kind,
      blob_key: image.blobKey,
      width_mm: image.widthMm,
      height_mm: image.heightMm,
      status: 'active',
      replaces,
      replaced_by: null,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    };
  }
}

/**
 * The column keeps the spelling of migration 0003 (`organisation`); the API and the domain say
 * `organization`, as contracts do. Mapped here so no stored row needs rewriting.
 */
const STORED_ORGANIZATION = 'organisation';

function subjectOf(row: SealRow): SealSubject {
  return {
    kind: row.subject_kind === STORED_ORGANIZATION ? 'organization' : 'person',
    idType: row.subject_id_type,
    id: row.subject_id,
    name: row.subject_name,
  };
}

function view(row: SealRow): SealView {
  return {
    id: row.id,
    subject: subjectOf(row),
    kind: row.kind,
    widthMm: Number(row.width_mm),
    heightMm: Number(row.height_mm),
    status: row.status,
    replaces: row.replaces,
    replacedBy: row.replaced_by,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
