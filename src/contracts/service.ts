/**
 * The contract life cycle (合同): create from the active approved versions of templates (and/or
 * uploaded PDFs), read, list, download, preview, revoke, group, audit.
 *
 * Crash safety (issue 3 "Safety"): every document is rendered and its blob stored durably FIRST;
 * only then are the contract, its documents and signers inserted in ONE transaction with the
 * audit event. So a contract row never exists without its stored document, and a crash between
 * the two leaves only an unreferenced, content-addressed blob — harmless (a later put of the same
 * bytes reuses it) and collectable by a mark-and-sweep over contract_documents/template_versions.
 */
import { createHash } from 'node:crypto';
import type { AuditTrail } from '../evidence/audit.js';
import type { RenderEngine, RenderedPdf } from '../render/index.js';
import type { PdfPageRasterizer } from '../render/pdf-pages/index.js';
import { HetongError } from '../shared/errors.js';
import { assertNoInvisibleCharacters } from '../shared/invisible.js';
import type { BlobStore } from '../store/blobs/blob-store.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import {
  ContractRepository,
  type ContractDocumentRow,
  type ContractFilter,
  type ContractGroupRow,
  type ContractRow,
  type ContractSignerRow,
} from '../store/repositories/contracts.js';
import type { TemplateService } from '../templates/index.js';
import type { ActorContext } from '../tenancy/context.js';
import { signerEventData, NO_EVENTS, type ContractEventSink } from './flow/events.js';
import { initialStatuses } from './flow/turns.js';
import { checkContractInput, type SignerInput } from './inputs.js';
import { PageImageCache } from './page-images.js';
import { DEFAULT_PREVIEW_POLICY, pageSource, type PreviewPolicy } from './page-source.js';
import { inspectUploadedPdf } from './pdf-upload.js';
import { effectiveStatus, nextStatus } from './state.js';
import { contractDetailView, contractView, documentView, type ContractDetailView } from './view.js';

export interface CreateContractInput {
  templateId?: string;
  title: string;
  data?: Record<string, unknown>;
  signers: SignerInput[];
  groupId?: string | null;
  expiresAt?: number | null;
  documents?: { templateId: string; data: Record<string, unknown> }[];
}

export interface UploadedPdf {
  filename: string;
  data: Uint8Array;
}

export interface ContractServiceDeps {
  db: Db;
  blobs: BlobStore;
  audit: AuditTrail;
  templates: TemplateService;
  render: () => RenderEngine;
  /**
   * Pictures of PDF pages (poppler): uploaded PDFs' (without it their previews answer 503) and
   * long template-made documents' (page-source.ts).
   */
  pdfPages?: PdfPageRasterizer;
  /** Which documents are drawn from their PDF, and the Typst page limit (DEFAULT_PREVIEW_POLICY). */
  previews?: Partial<PreviewPolicy>;
  /** Called once per rendered document (metrics). */
  onRendered?: () => void;
  /** Webhook events, written in the transaction of each change. */
  events?: ContractEventSink;
  now?: () => number;
}

export interface CreatedContract {
  id: string;
  status: ContractRow['status'];
  documents: { id: string; sha256: string; pages: number }[];
}

interface PlannedDocument {
  templateVersionId: string | null;
  templateId: string | null;
  roles: string[];
  data: Record<string, unknown> | null;
  /** Where in the request this document's data came from, for problem paths. */
  dataPath: string;
  render: () => Promise<{ bytes: Uint8Array; pages: number; warnings?: RenderedPdf['warnings'] }>;
}

const notFound = () => new HetongError('CONTRACT_NOT_FOUND', 404, 'no such contract');

export class ContractService {
  readonly #repo: ContractRepository;
  readonly #now: () => number;
  /** The signing pages' page images (32 MiB: some 200 pages of 1,200 px; page-images.ts). */
  readonly #pageImages = new PageImageCache(32 * 1024 * 1024);
  readonly #previews: PreviewPolicy;

  constructor(private readonly deps: ContractServiceDeps) {
    this.#repo = new ContractRepository(deps.db);
    this.#now = deps.now ?? Date.now;
    this.#previews = { ...DEFAULT_PREVIEW_POLICY, ...deps.previews };
  }

  /** Page images held for the signing pages (a metric). */
  get pageImagesCached(): number {
    return this.#pageImages.size;
  }

  async #plan(
    lineId: string,
    input: CreateContractInput,
    uploads: UploadedPdf[],
  ): Promise<PlannedDocument[]> {
    const sources: { templateId: string; data: Record<string, unknown>; dataPath: string }[] = [];
    if (input.templateId !== undefined)
      sources.push({ templateId: input.templateId, data: input.data ?? {}, dataPath: 'data' });
    (input.documents ?? []).forEach((d, i) =>
      sources.push({ templateId: d.templateId, data: d.data, dataPath: `documents[${i}].data` }),
    );
    const planned: PlannedDocument[] = [];
    for (const s of sources) {
      const { version } = await this.deps.templates.activeVersion(lineId, s.templateId);
      const compiled = await this.deps.templates.compiled(version);
      planned.push({
        templateVersionId: version.id,
        templateId: s.templateId,
        roles: version.signerRoles,
        data: s.data,
        dataPath: s.dataPath,
        render: async () => {
          const r = await this.deps
            .render()
            .renderPdf(compiled, s.data, { missing: version.missing, tenant: lineId });
          this.deps.onRendered?.();
          return { bytes: r.pdf, pages: r.pageCount, warnings: r.warnings };
        },
      });
    }
    for (const u of uploads) {
      const { pages } = await inspectUploadedPdf(u.data, u.filename);
      planned.push({
        templateVersionId: null,
        templateId: null,
        roles: [],
        data: null,
        dataPath: u.filename,
        render: async () => ({ bytes: u.data, pages }),
      });
    }
    return planned;
  }

  async create(
    lineId: string,
    input: CreateContractInput,
    uploads: UploadedPdf[],
    actor: ActorContext,
  ): Promise<CreatedContract> {
    const now = this.#now();
    // What a contract shows must be what it says: no bidi controls or other invisible characters
    // in its title, data, signers or uploaded file names (src/shared/invisible.ts).
    assertNoInvisibleCharacters({ ...input, files: uploads.map((u) => ({ filename: u.filename })) });
    const planned = await this.#plan(lineId, input, uploads);
    const resolved = checkContractInput({
      signers: input.signers,
      roles: [...new Set(planned.flatMap((p) => p.roles))],
      documentCount: planned.length,
      expiresAt: input.expiresAt ?? null,
      now,
    });
    if (input.groupId && !(await this.#repo.getGroup(lineId, input.groupId)))
      throw new HetongError('CONTRACT_GROUP_NOT_FOUND', 404, 'no such contract group', {
        groupId: input.groupId,
      });

    // Render every document; data problems of all documents are reported together.
    const settled = await Promise.allSettled(planned.map((p) => p.render()));
    const problems: unknown[] = [];
    for (const [i, r] of settled.entries()) {
      if (r.status === 'fulfilled') continue;
      const e = r.reason as unknown;
      if (e instanceof HetongError && e.code === 'CONTRACT_DATA_INVALID') {
        const list = (e.details as { problems?: { path: string }[] } | undefined)?.problems ?? [];
        const prefix = planned[i]!.dataPath;
        for (const p of list) problems.push({ ...p, path: p.path ? `${prefix}.${p.path}` : prefix });
      } else throw e;
    }
    if (problems.length > 0)
      throw new HetongError(
        'CONTRACT_DATA_INVALID',
        422,
        `contract data does not fit the template (${problems.length} problem(s))`,
        {
          problems,
        },
      );
    const rendered = settled.map(
      (r) => (r as PromiseFulfilledResult<Awaited<ReturnType<PlannedDocument['render']>>>).value,
    );

    // Blobs first (durable before the row that names them), then one transaction.
    const keys = await Promise.all(rendered.map((r) => this.deps.blobs.put(r.bytes)));
    const data = planned.map((p) => p.data);
    const dataJson = JSON.stringify(data);
    const first = planned[0]!;
    const contract: ContractRow = {
      id: newId('ct'),
      businessLineId: lineId,
      groupId: input.groupId ?? null,
      title: input.title,
      status: 'pending_signing',
      templateId: first.templateId,
      templateVersionId: first.templateVersionId,
      dataSha256: createHash('sha256').update(dataJson).digest('hex'),
      data,
      expiresAt: input.expiresAt ?? null,
      revokeReason: null,
      rejectReason: null,
      completedAt: null,
      sceneId: null,
      createdAt: now,
      updatedAt: now,
    };
    const documents: ContractDocumentRow[] = planned.map((p, i) => ({
      id: newId('cd'),
      contractId: contract.id,
      position: i,
      templateVersionId: p.templateVersionId,
      // Content-addressed: the blob key is the document's SHA-256.
      blobKey: keys[i]!,
      sha256: keys[i]!,
      pages: rendered[i]!.pages,
      originalSha256: keys[i]!,
      revision: 0,
      createdAt: now,
    }));
    const statuses = initialStatuses(resolved);
    const signers: ContractSignerRow[] = resolved.map((s, i) => ({
      id: newId('cs'),
      contractId: contract.id,
      position: i,
      role: s.role,
      subject: { ...s.subject },
      status: statuses[i]!,
      signedAt: null,
      createdAt: now,
      signOrder: s.signOrder,
      method: s.method,
      options: { ...s.options },
      readingStartedAt: null,
      lastPageSeen: 0,
      readAt: null,
      rejectReason: null,
      signature: null,
      lastRemindedAt: null,
      updatedAt: now,
    }));
    await this.deps.db.transaction().execute(async (trx) => {
      await this.#repo.withDb(trx).insert(contract, documents, signers);
      await this.deps.audit.recordBy(trx, actor, lineId, 'contract.created', contract.id, {
        title: contract.title,
        // Values the template's missing policy showed empty (VALUE_MISSING) and the like.
        documents: documents.map((d, i) => ({
          id: d.id,
          sha256: d.sha256,
          templateVersionId: d.templateVersionId,
          ...(rendered[i]!.warnings?.length ? { warnings: rendered[i]!.warnings } : {}),
        })),
        signers: signers.length,
      });
      const events = this.deps.events ?? NO_EVENTS;
      await events.emit(trx, lineId, 'contract.created', {
        contractId: contract.id,
        title: contract.title,
        documents: documents.map((d) => ({ id: d.id, sha256: d.sha256, pages: d.pages })),
        signers: signers.map((s) => ({
          signerId: s.id,
          role: s.role,
          status: s.status,
          signOrder: s.signOrder,
        })),
      });
      for (const s of signers)
        if (s.status === 'ready')
          await events.emit(trx, lineId, 'contract.signer.ready', signerEventData(contract, s));
    });
    return {
      id: contract.id,
      status: contract.status,
      documents: documents.map((d) => ({ id: d.id, sha256: d.sha256, pages: d.pages })),
    };
  }

  async #get(lineId: string, id: string): Promise<ContractRow> {
    const c = await this.#repo.get(lineId, id);
    if (!c) throw notFound();
    return c;
  }

  async get(lineId: string, id: string): Promise<ContractDetailView> {
    const c = await this.#get(lineId, id);
    const [documents, signers] = await Promise.all([this.#repo.documents(id), this.#repo.signers(id)]);
    return contractDetailView(c, this.#now(), documents, signers);
  }

  async list(lineId: string, filter: ContractFilter, page: { cursor?: string; limit: number }) {
    const now = this.#now();
    const r = await this.#repo.list(lineId, filter, page, now);
    return { items: r.items.map((c) => contractView(c, now)), nextCursor: r.nextCursor };
  }

  /** Counts for the console dashboard (see ContractRepository.stats). */
  stats(lineId: string, since: number) {
    return this.#repo.stats(lineId, since, this.#now());
  }

  async document(lineId: string, id: string, documentId: string) {
    const c = await this.#get(lineId, id);
    const d = (await this.#repo.documents(id)).find((x) => x.id === documentId);
    if (!d) throw new HetongError('CONTRACT_DOCUMENT_NOT_FOUND', 404, 'no such document in this contract');
    return { contract: c, document: d, view: documentView(d) };
  }

  async download(lineId: string, id: string, documentId: string) {
    const { contract, document } = await this.document(lineId, id, documentId);
    return {
      title: contract.title,
      sha256: document.sha256,
      bytes: await this.deps.blobs.get(document.blobKey),
    };
  }

  async #compiledOf(lineId: string, id: string, documentId: string) {
    const { contract, document } = await this.document(lineId, id, documentId);
    if (!document.templateVersionId)
      throw new HetongError(
        'CONTRACT_PREVIEW_UNAVAILABLE',
        409,
        'previews are made from templates; this document is an uploaded PDF (download it instead)',
      );
    const version = await this.deps.templates.repository.version(document.templateVersionId);
    if (!version) throw new HetongError('TEMPLATE_VERSION_NOT_FOUND', 404, 'no such template version');
    return {
      compiled: await this.deps.templates.compiled(version),
      data: contract.data[document.position] ?? {},
      missing: version.missing,
    };
  }

  async previewPng(lineId: string, id: string, documentId: string, options: { page: number; width: number }) {
    const { document } = await this.document(lineId, id, documentId);
    // A page past the end is known without drawing: 404 for an uploaded PDF, and for a template-made
    // document the 400 that the Typst renderer answers.
    if (options.page > document.pages) {
      if (!document.templateVersionId)
        throw new HetongError('PAGE_NOT_FOUND', 404, 'the document has no such page', { page: options.page });
      throw new HetongError(
        'RENDER_OPTIONS_INVALID',
        400,
        `page ${options.page} does not exist (the document has ${document.pages})`,
      );
    }
    const key = PageImageCache.key(lineId, id, documentId, options.page, options.width);
    const pdfPages = this.deps.pdfPages;
    const source = pageSource(document, this.#previews, pdfPages?.available ?? false);
    if (source.from === 'typst')
      return this.#pageImages.get(key, () => this.#renderPng(lineId, id, documentId, options));
    if (!pdfPages)
      throw new HetongError('RENDER_ENGINE_UNAVAILABLE', 503, 'pictures of uploaded PDFs are not configured');
    // An uploaded PDF has no program to run: its stored bytes (with the seals signed so far) are
    // drawn, so its pictures are kept per revision. A long template-made document is drawn from
    // the PDF as created, which never changes: its pictures are the Typst ones' (same key).
    if (source.revision !== null)
      return this.#pageImages.get(`${key}:r${source.revision}`, async () =>
        pdfPages.pagePng(await this.deps.blobs.get(document.blobKey), options),
      );
    return this.#pageImages.get(key, async () =>
      pdfPages.pagePng(await this.deps.blobs.get(document.originalSha256), options),
    );
  }

  async #renderPng(lineId: string, id: string, documentId: string, options: { page: number; width: number }) {
    const { compiled, data, missing } = await this.#compiledOf(lineId, id, documentId);
    const pngs = await this.deps
      .render()
      .renderPng(compiled, data, { width: options.width, pages: [options.page], missing, tenant: lineId });
    const png = pngs[0];
    if (!png)
      throw new HetongError('PAGE_NOT_FOUND', 404, 'the document has no such page', { page: options.page });
    return png;
  }

  async previewHtml(lineId: string, id: string, documentId: string, options: { theme?: 'light' | 'dark' }) {
    const { compiled, data, missing } = await this.#compiledOf(lineId, id, documentId);
    return this.deps
      .render()
      .renderHtml(compiled, data, { missing, ...(options.theme ? { theme: options.theme } : {}) });
  }

  async revoke(lineId: string, id: string, reason: string, actor: ActorContext): Promise<ContractDetailView> {
    const c = await this.#get(lineId, id);
    const now = this.#now();
    const current = effectiveStatus(c, now);
    const to = nextStatus(current, 'revoke');
    await this.deps.db.transaction().execute(async (trx) => {
      // Compare-and-set on the stored status: a concurrent change makes this a 409, not a lost update.
      if (!(await this.#repo.withDb(trx).transition(lineId, id, c.status, to, now, reason)))
        throw new HetongError('CONTRACT_STATE_CONFLICT', 409, 'the contract changed meanwhile');
      await this.deps.audit.recordBy(trx, actor, lineId, 'contract.revoked', id, { from: current, reason });
      await (this.deps.events ?? NO_EVENTS).emit(trx, lineId, 'contract.revoked', {
        contractId: id,
        title: c.title,
        reason,
      });
    });
    return this.get(lineId, id);
  }

  async audit(lineId: string, id: string) {
    await this.#get(lineId, id);
    return this.deps.audit.forTarget(id, { businessLineId: lineId });
  }

  async createGroup(lineId: string, name: string, actor: ActorContext): Promise<ContractGroupRow> {
    assertNoInvisibleCharacters({ name });
    const group = { id: newId('cg'), name, createdAt: this.#now() };
    await this.deps.db.transaction().execute(async (trx) => {
      await this.#repo.withDb(trx).insertGroup(lineId, group);
      await this.deps.audit.recordBy(trx, actor, lineId, 'contract_group.created', group.id, { name });
    });
    return group;
  }

  listGroups(lineId: string) {
    return this.#repo.listGroups(lineId);
  }

  async getGroup(lineId: string, id: string): Promise<ContractGroupRow> {
    const g = await this.#repo.getGroup(lineId, id);
    if (!g) throw new HetongError('CONTRACT_GROUP_NOT_FOUND', 404, 'no such contract group');
    return g;
  }

  /** Puts contracts in a group (all or none: unknown ids are a 404 listing them). */
  async addToGroup(
    lineId: string,
    groupId: string,
    ids: string[],
    actor: ActorContext,
  ): Promise<ContractGroupRow> {
    const group = await this.getGroup(lineId, groupId);
    const unique = [...new Set(ids)];
    const found = new Set(await this.#repo.existing(lineId, unique));
    const missing = unique.filter((x) => !found.has(x));
    if (missing.length > 0)
      throw new HetongError('CONTRACT_NOT_FOUND', 404, 'no such contract(s)', { missing });
    await this.deps.db.transaction().execute(async (trx) => {
      await this.#repo.withDb(trx).setGroup(lineId, unique, groupId, this.#now());
      for (const id of unique)
        await this.deps.audit.recordBy(trx, actor, lineId, 'contract.grouped', id, { groupId });
    });
    return group;
  }
}
