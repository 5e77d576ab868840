/**
 * The template life cycle (合同模板): upload (compiled at once, so a bad template is refused at
 * upload with the render engine's error), versions, legal approval, groups, previews. Blobs are
 * stored before the rows that reference them; the rows of one change go in one transaction.
 */
import type { AuditTrail } from '../evidence/audit.js';
import { serializeCompiledTemplate, type CompiledTemplate, type RenderEngine } from '../render/index.js';
// The preview's sample data is not on the render face yet; it is a pure function of the fields.
import { sampleData } from '../render/preview/index.js';
import { PdfFile } from '../pdf/file.js';
import { resolvePlacement } from '../signing/index.js';
import { HetongError } from '../shared/errors.js';
import type { BlobStore } from '../store/blobs/blob-store.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import type { BusinessLine } from '../store/repositories/business-lines.js';
import type { TemplateGroup, TemplateGroupRepository } from '../store/repositories/template-groups.js';
import {
  TemplateRepository,
  type TemplateFilter,
  type TemplateRow,
  type TemplateVersionRow,
} from '../store/repositories/templates.js';
import type { ActorContext } from '../tenancy/context.js';
import type { TemplateUploadInput } from './inputs.js';
import { assertNoInvisibleCharacters } from '../shared/invisible.js';
import { Lru } from './lru.js';
import {
  initialStatus,
  reviewedStatus,
  usableVersionId,
  type ReviewDecision,
  type TemplateEventSink,
} from './review.js';

export interface TemplateDetail extends TemplateRow {
  versions: TemplateVersionRow[];
  activeVersion: TemplateVersionRow | null;
}

/** A keyword sign field placed on a preview (TemplateService.keywordBoxes). */
export interface KeywordBox {
  occurrence: number;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Occurrences of a keyword placed on a preview at most (a keyword on every line of a list is not a field). */
const MAX_KEYWORD_BOXES = 50;

export interface TemplateServiceDeps {
  db: Db;
  blobs: BlobStore;
  audit: AuditTrail;
  groups: TemplateGroupRepository;
  render: () => RenderEngine;
  /** Approvals and rejections as webhook events (none when absent). */
  events?: TemplateEventSink;
  /** Compiled templates kept in memory (default 64). */
  cacheSize?: number;
  now?: () => number;
}

const notFound = () => new HetongError('TEMPLATE_NOT_FOUND', 404, 'no such template');

export class TemplateService {
  readonly #repo: TemplateRepository;
  readonly #cache: Lru<string, CompiledTemplate>;
  readonly #now: () => number;

  constructor(private readonly deps: TemplateServiceDeps) {
    this.#repo = new TemplateRepository(deps.db);
    this.#cache = new Lru(deps.cacheSize ?? 64);
    this.#now = deps.now ?? Date.now;
  }

  get repository(): TemplateRepository {
    return this.#repo;
  }

  async #compileAndStore(lineId: string, docx: Uint8Array, input: TemplateUploadInput) {
    // Names, roles and keywords are shown to signers and matched against contracts: no bidi
    // controls or other invisible characters (src/shared/invisible.ts), checked before compiling.
    assertNoInvisibleCharacters(input);
    if (docx.length === 0) throw new HetongError('TEMPLATE_INPUT_INVALID', 400, 'the .docx file is empty');
    // In a worker (the service's task pool, at a lower CPU priority, in this line's lane): parsing
    // and program generation stay off the event loop and out of contract renders' way.
    const compiled = await this.deps.render().compileTemplate(docx, {
      tenant: lineId,
      ...(input.delimiters ? { delimiters: input.delimiters } : {}),
    });
    // Blobs first: a row never points at a blob that is not durably stored.
    const sourceBlobKey = await this.deps.blobs.put(docx);
    const compiledKey = await this.deps.blobs.put(Buffer.from(serializeCompiledTemplate(compiled)));
    return { compiled, sourceBlobKey, compiledBlobKeys: { compiled: compiledKey } };
  }

  async #assertGroup(lineId: string, groupId: string | null): Promise<void> {
    if (groupId && !(await this.deps.groups.get(lineId, groupId)))
      throw new HetongError('TEMPLATE_GROUP_NOT_FOUND', 404, 'no such template group', { groupId });
  }

  /** Creates a template with version 1 (pending approval, or approved at once with auto-approve). */
  async create(
    line: BusinessLine,
    docx: Uint8Array,
    input: TemplateUploadInput & { name: string },
    actor: ActorContext,
  ): Promise<TemplateDetail> {
    await this.#assertGroup(line.id, input.groupId);
    const stored = await this.#compileAndStore(line.id, docx, input);
    const now = this.#now();
    const status = initialStatus(line.autoApprove);
    const version: TemplateVersionRow = {
      id: newId('tplv'),
      templateId: newId('tpl'),
      version: 1,
      status,
      sourceBlobKey: stored.sourceBlobKey,
      compiledBlobKeys: stored.compiledBlobKeys,
      fields: stored.compiled.fields,
      signerRoles: input.signerRoles,
      signFields: input.signFields,
      missing: input.missing ?? 'error',
      createdBy: actor.actor,
      reviewerId: null,
      reviewReason: line.autoApprove ? 'auto-approved by the business line setting' : null,
      reviewedAt: line.autoApprove ? now : null,
      createdAt: now,
    };
    const template: TemplateRow = {
      id: version.templateId,
      businessLineId: line.id,
      groupId: input.groupId,
      name: input.name,
      activeVersionId: status === 'approved' ? version.id : null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = this.#repo.withDb(trx);
      await repo.insertTemplate({ ...template, activeVersionId: null });
      await repo.insertVersion(version);
      if (template.activeVersionId) await repo.setActive(template.id, version.id, now);
      await this.deps.audit.recordBy(trx, actor, line.id, 'template.created', template.id, {
        name: template.name,
        versionId: version.id,
        status,
        warnings: stored.compiled.warnings.length,
      });
      if (status === 'approved') {
        await this.deps.audit.recordBy(trx, actor, line.id, 'template_version.approved', template.id, {
          versionId: version.id,
          auto: true,
        });
        await this.deps.events?.emit(trx, line.id, 'template.version.approved', {
          templateId: template.id,
          versionId: version.id,
          version: version.version,
          auto: true,
        });
      }
    });
    this.#cache.set(version.id, stored.compiled);
    return { ...template, versions: [version], activeVersion: status === 'approved' ? version : null };
  }

  /**
   * Adds a version; signer roles, sign fields and the missing policy default to the latest
   * version's. Without a .docx (`null`: the console changing only signers or sign fields) the
   * latest version's source is kept — and its compiled program too, which is the same, unless new
   * delimiters ask for the source to be compiled again.
   */
  async addVersion(
    line: BusinessLine,
    templateId: string,
    docx: Uint8Array | null,
    input: TemplateUploadInput,
    given: { signerRoles: boolean; signFields: boolean },
    actor: ActorContext,
  ): Promise<TemplateVersionRow> {
    const template = await this.#repo.get(line.id, templateId);
    if (!template) throw notFound();
    const previous = (await this.#repo.versions(templateId)).at(-1);
    if (!docx && !previous)
      throw new HetongError(
        'TEMPLATE_INPUT_INVALID',
        400,
        'the template has no version to take the .docx from',
      );
    const stored =
      docx || input.delimiters
        ? await this.#compileAndStore(
            line.id,
            docx ?? (await this.deps.blobs.get(previous!.sourceBlobKey)),
            input,
          )
        : await this.#reuse(previous!);
    const now = this.#now();
    const status = initialStatus(line.autoApprove);
    let version!: TemplateVersionRow;
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = this.#repo.withDb(trx);
      // The unique (template_id, version) constraint turns a concurrent double add into an error
      // rather than two versions with one number.
      version = {
        id: newId('tplv'),
        templateId,
        version: await repo.nextVersionNumber(templateId),
        status,
        sourceBlobKey: stored.sourceBlobKey,
        compiledBlobKeys: stored.compiledBlobKeys,
        fields: stored.compiled.fields,
        signerRoles: given.signerRoles || !previous ? input.signerRoles : previous.signerRoles,
        signFields: given.signFields || !previous ? input.signFields : previous.signFields,
        missing: input.missing ?? previous?.missing ?? 'error',
        createdBy: actor.actor,
        reviewerId: null,
        reviewReason: line.autoApprove ? 'auto-approved by the business line setting' : null,
        reviewedAt: line.autoApprove ? now : null,
        createdAt: now,
      };
      await repo.insertVersion(version);
      await this.deps.audit.recordBy(trx, actor, line.id, 'template_version.added', templateId, {
        versionId: version.id,
        version: version.version,
        status,
      });
      if (status === 'approved') {
        await this.#activate(repo, template, version, now);
        await this.deps.audit.recordBy(trx, actor, line.id, 'template_version.approved', templateId, {
          versionId: version.id,
          auto: true,
        });
        await this.deps.events?.emit(trx, line.id, 'template.version.approved', {
          templateId,
          versionId: version.id,
          version: version.version,
          auto: true,
        });
      }
    });
    this.#cache.set(version.id, stored.compiled);
    return version;
  }

  /** The latest version's stored source and compiled program, for a version without a new .docx. */
  async #reuse(previous: TemplateVersionRow) {
    return {
      compiled: await this.compiled(previous),
      sourceBlobKey: previous.sourceBlobKey,
      compiledBlobKeys: previous.compiledBlobKeys,
    };
  }

  /**
   * Makes an approved version the active one — unless a newer version is active already: approving
   * an older pending version (legal works through the queue oldest first) must not roll contracts
   * back to older text, so that version goes straight to `superseded`.
   */
  async #activate(
    repo: TemplateRepository,
    template: TemplateRow,
    version: { id: string; version: number },
    now: number,
  ) {
    const currentId = (await repo.get(template.businessLineId, template.id))?.activeVersionId;
    if (currentId && currentId !== version.id) {
      const current = await repo.version(currentId);
      if (current && current.version > version.version) {
        await repo.supersede(version.id);
        return;
      }
      await repo.supersede(currentId);
    }
    await repo.setActive(template.id, version.id, now);
  }

  /** Legal's decision on a pending version (admin API). Rejection needs a reason. */
  async review(
    versionId: string,
    decision: ReviewDecision,
    reason: string | undefined,
    reviewer: { accountId: string } & ActorContext,
  ): Promise<TemplateVersionRow> {
    const found = await this.#repo.versionWithTemplate(versionId);
    if (!found) throw new HetongError('TEMPLATE_VERSION_NOT_FOUND', 404, 'no such template version');
    const to = reviewedStatus(found.version.status, decision, reason);
    const now = this.#now();
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = this.#repo.withDb(trx);
      const review = { reviewerId: reviewer.accountId, reason: reason?.trim() || null, at: now };
      // Compare-and-set: two reviewers deciding at once — the second one gets a 409.
      if (!(await repo.review(versionId, 'pending_approval', to, review)))
        throw new HetongError('TEMPLATE_VERSION_NOT_PENDING', 409, 'this version was reviewed meanwhile');
      if (to === 'approved') await this.#activate(repo, found.template, found.version, now);
      await this.deps.audit.recordBy(
        trx,
        reviewer,
        found.template.businessLineId,
        decision === 'approve' ? 'template_version.approved' : 'template_version.rejected',
        found.template.id,
        { versionId, ...(review.reason ? { reason: review.reason } : {}) },
      );
      await this.deps.events?.emit(
        trx,
        found.template.businessLineId,
        decision === 'approve' ? 'template.version.approved' : 'template.version.rejected',
        {
          templateId: found.template.id,
          versionId,
          version: found.version.version,
          ...(decision === 'reject' && review.reason ? { reason: review.reason } : {}),
        },
      );
    });
    return (await this.#repo.version(versionId))!;
  }

  pending(limit = 100) {
    return this.#repo.pending(limit);
  }

  async get(lineId: string, id: string): Promise<TemplateDetail> {
    const template = await this.#repo.get(lineId, id);
    if (!template) throw notFound();
    const versions = await this.#repo.versions(id);
    return {
      ...template,
      versions,
      activeVersion: versions.find((v) => v.id === template.activeVersionId) ?? null,
    };
  }

  list(lineId: string, filter: TemplateFilter, page: { cursor?: string; limit: number }) {
    return this.#repo.list(lineId, filter, page);
  }

  /** The compiled program of a version, from the per-process cache or the blob store. */
  async compiled(version: TemplateVersionRow): Promise<CompiledTemplate> {
    const hit = this.#cache.get(version.id);
    if (hit) return hit;
    const key = version.compiledBlobKeys.compiled;
    if (!key) throw new HetongError('TEMPLATE_COMPILED_INVALID', 500, 'the version has no compiled template');
    const json = (await this.deps.blobs.get(key)).toString('utf8');
    const { compiled, upgraded } = this.deps.render().loadCompiled(json);
    if (upgraded) {
      // Written by an earlier engine: keep the regenerated program so this happens once.
      const compiledKey = await this.deps.blobs.put(Buffer.from(serializeCompiledTemplate(compiled)));
      await this.#repo.setCompiledBlobKeys(version.id, {
        ...version.compiledBlobKeys,
        compiled: compiledKey,
      });
    }
    this.#cache.set(version.id, compiled);
    return compiled;
  }

  /** The active approved version of a line's template, for creating a contract. */
  async activeVersion(
    lineId: string,
    templateId: string,
  ): Promise<{ template: TemplateRow; version: TemplateVersionRow }> {
    const template = await this.#repo.get(lineId, templateId);
    if (!template) throw new HetongError('TEMPLATE_NOT_FOUND', 404, 'no such template', { templateId });
    const version = await this.#repo.version(usableVersionId(template));
    if (!version || version.status !== 'approved')
      throw new HetongError('TEMPLATE_NOT_APPROVED', 409, 'the active version is not approved', {
        templateId,
      });
    return { template, version };
  }

  /** The version a preview shows: `versionId`, else the active one, else the latest. */
  async #previewVersion(lineId: string, id: string, versionId?: string): Promise<TemplateVersionRow> {
    const t = await this.get(lineId, id);
    const v = versionId ? t.versions.find((x) => x.id === versionId) : (t.activeVersion ?? t.versions.at(-1));
    if (!v) throw new HetongError('TEMPLATE_VERSION_NOT_FOUND', 404, 'no such template version');
    return v;
  }

  async previewPng(
    lineId: string,
    id: string,
    options: { page: number; width: number; mode: 'sample' | 'tags'; versionId?: string },
  ): Promise<Uint8Array> {
    const compiled = await this.compiled(await this.#previewVersion(lineId, id, options.versionId));
    const pngs = await this.deps.render().renderPng(compiled, sampleData(compiled.fields, options.mode), {
      width: options.width,
      pages: [options.page],
      tenant: lineId,
    });
    const png = pngs[0];
    if (!png)
      throw new HetongError('PAGE_NOT_FOUND', 404, 'the document has no such page', { page: options.page });
    return png;
  }

  /** The pages of a preview with their sizes in points (what a PNG preview's pixels stand for). */
  async previewPages(
    lineId: string,
    id: string,
    options: { mode: 'sample' | 'tags'; versionId?: string },
  ): Promise<{ versionId: string; pages: { width: number; height: number }[] }> {
    const version = await this.#previewVersion(lineId, id, options.versionId);
    const { pdf } = await this.deps
      .render()
      .templatePreview(await this.compiled(version), { mode: options.mode, tenant: lineId });
    // The CropBox, as sign fields are placed (signing/placement.ts); Typst's SVG rounds sizes.
    const pages = PdfFile.open(pdf)
      .pages()
      .map(({ cropBox: [x0, y0, x1, y1] }) => ({ width: x1 - x0, height: y1 - y0 }));
    return { versionId: version.id, pages };
  }

  /**
   * Where a keyword sign field lands on a preview: every occurrence of `keyword` in reading order,
   * with the field placed on it exactly as signing will place it (signing/placement.ts: centred on
   * the keyword's end, moved by the offsets). Points from the crop box's bottom-left corner.
   */
  async keywordBoxes(
    lineId: string,
    id: string,
    options: {
      mode: 'sample' | 'tags';
      versionId?: string;
      keyword: string;
      offsetX: number;
      offsetY: number;
      width: number;
      height: number;
    },
  ): Promise<{ versionId: string; boxes: KeywordBox[] }> {
    const version = await this.#previewVersion(lineId, id, options.versionId);
    const { pdf } = await this.deps
      .render()
      .templatePreview(await this.compiled(version), { mode: options.mode, tenant: lineId });
    const file = PdfFile.open(pdf);
    const pages = file.pages();
    const boxes: KeywordBox[] = [];
    for (let occurrence = 1; occurrence <= MAX_KEYWORD_BOXES; occurrence++) {
      let placed;
      try {
        placed = resolvePlacement(file, { ...options, occurrence });
      } catch (e) {
        if ((e as { code?: string }).code === 'SIGN_FIELD_KEYWORD_NOT_FOUND') break;
        throw e;
      }
      const [cx0, cy0] = pages[placed.pageIndex]!.cropBox;
      const [x0, y0, x1, y1] = placed.rect;
      const r2 = (n: number) => Math.round(n * 100) / 100;
      boxes.push({
        occurrence,
        page: placed.pageIndex + 1,
        x: r2(x0 - cx0),
        y: r2(y0 - cy0),
        width: r2(x1 - x0),
        height: r2(y1 - y0),
      });
    }
    return { versionId: version.id, boxes };
  }

  async previewHtml(
    lineId: string,
    id: string,
    options: { mode: 'sample' | 'tags'; theme?: 'light' | 'dark'; versionId?: string },
  ): Promise<string> {
    const compiled = await this.compiled(await this.#previewVersion(lineId, id, options.versionId));
    return this.deps
      .render()
      .renderHtml(
        compiled,
        sampleData(compiled.fields, options.mode),
        options.theme ? { theme: options.theme } : {},
      );
  }

  async move(
    lineId: string,
    id: string,
    groupId: string | null,
    actor: ActorContext,
  ): Promise<TemplateDetail> {
    await this.#assertGroup(lineId, groupId);
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.#repo.withDb(trx).setGroup(lineId, id, groupId, this.#now()))) throw notFound();
      await this.deps.audit.recordBy(trx, actor, lineId, 'template.moved', id, { groupId });
    });
    return this.get(lineId, id);
  }

  /** Creates a template group (模板组), at the top level or under `parentId`; audited. */
  async createGroup(
    lineId: string,
    input: { name: string; parentId: string | null },
    actor: ActorContext,
  ): Promise<TemplateGroup> {
    assertNoInvisibleCharacters({ name: input.name });
    if (input.parentId && !(await this.deps.groups.get(lineId, input.parentId)))
      throw new HetongError('TEMPLATE_GROUP_NOT_FOUND', 404, 'no such parent template group', {
        parentId: input.parentId,
      });
    const now = this.#now();
    const group = {
      id: newId('tg'),
      name: input.name,
      parentId: input.parentId,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.groups.withDb(trx).insert(lineId, group);
      await this.deps.audit.recordBy(trx, actor, lineId, 'template_group.created', group.id, {
        name: group.name,
      });
    });
    return group;
  }

  /** Renames a template group. */
  async renameGroup(lineId: string, id: string, name: string, actor: ActorContext): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.deps.groups.withDb(trx).rename(lineId, id, name, this.#now())))
        throw new HetongError('TEMPLATE_GROUP_NOT_FOUND', 404, 'no such template group');
      await this.deps.audit.recordBy(trx, actor, lineId, 'template_group.renamed', id, { name });
    });
  }

  /** Moves a template group under another (null: top level); a group cannot go under itself. */
  async moveGroup(lineId: string, id: string, parentId: string | null, actor: ActorContext): Promise<void> {
    if (!(await this.deps.groups.get(lineId, id)))
      throw new HetongError('TEMPLATE_GROUP_NOT_FOUND', 404, 'no such template group');
    // Walk up from the new parent: meeting the group itself would make a cycle.
    for (let p = parentId, depth = 0; p; depth++) {
      if (p === id || depth > 64)
        throw new HetongError(
          'TEMPLATE_GROUP_CYCLE',
          409,
          'a group cannot be moved under itself or its descendants',
        );
      const g = await this.deps.groups.get(lineId, p);
      if (!g)
        throw new HetongError('TEMPLATE_GROUP_NOT_FOUND', 404, 'no such parent template group', { parentId });
      p = g.parentId;
    }
    await this.deps.db.transaction().execute(async (trx) => {
      await this.#repo.withDb(trx).moveGroup(lineId, id, parentId, this.#now());
      await this.deps.audit.recordBy(trx, actor, lineId, 'template_group.moved', id, { parentId });
    });
  }
}
