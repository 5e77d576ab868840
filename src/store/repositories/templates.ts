/**
 * Templates (合同模板) and their immutable versions, read through the owning business line; the
 * review queue of legal reads across lines. Also the template-group move (parent change).
 */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { TemplatesTable, TemplateVersionsTable } from '../schema.js';
import { keysetPage } from './keyset.js';

export type TemplateVersionStatus = TemplateVersionsTable['status'];

export interface TemplateRow {
  id: string;
  businessLineId: string;
  groupId: string | null;
  name: string;
  activeVersionId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface TemplateVersionRow {
  id: string;
  templateId: string;
  version: number;
  status: TemplateVersionStatus;
  sourceBlobKey: string;
  /** Compiled artefacts by name → blob key (`compiled`: the serialised CompiledTemplate). */
  compiledBlobKeys: Record<string, string>;
  fields: unknown[];
  signerRoles: string[];
  signFields: unknown[];
  /** What a missing plain value does in contracts of this version (render MissingPolicy). */
  missing: 'error' | 'empty';
  createdBy: string;
  reviewerId: string | null;
  reviewReason: string | null;
  reviewedAt: number | null;
  createdAt: number;
}

export interface TemplateFilter {
  groupId?: string;
  /** `active`: has an approved version; `pending_approval`: has a version awaiting review. */
  status?: 'active' | 'pending_approval';
  /** Substring of the name. */
  name?: string;
}

const templateOf = (r: TemplatesTable): TemplateRow => ({
  id: r.id,
  businessLineId: r.business_line_id,
  groupId: r.group_id,
  name: r.name,
  activeVersionId: r.active_version_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const versionOf = (r: Selectable<TemplateVersionsTable>): TemplateVersionRow => ({
  id: r.id,
  templateId: r.template_id,
  version: r.version,
  status: r.status,
  sourceBlobKey: r.source_blob_key,
  compiledBlobKeys: JSON.parse(r.compiled_blob_keys_json) as Record<string, string>,
  fields: JSON.parse(r.fields_json) as unknown[],
  signerRoles: JSON.parse(r.signer_roles_json) as string[],
  signFields: JSON.parse(r.sign_fields_json) as unknown[],
  missing: r.missing_policy,
  createdBy: r.created_by,
  reviewerId: r.reviewer_id,
  reviewReason: r.review_reason,
  reviewedAt: r.reviewed_at,
  createdAt: r.created_at,
});

export class TemplateRepository {
  constructor(private readonly db: Db) {}

  withDb(db: Db): TemplateRepository {
    return new TemplateRepository(db);
  }

  async insertTemplate(t: TemplateRow): Promise<void> {
    await this.db
      .insertInto('templates')
      .values({
        id: t.id,
        business_line_id: t.businessLineId,
        group_id: t.groupId,
        name: t.name,
        active_version_id: t.activeVersionId,
        created_at: t.createdAt,
        updated_at: t.updatedAt,
      })
      .execute();
  }

  async insertVersion(v: TemplateVersionRow): Promise<void> {
    await this.db
      .insertInto('template_versions')
      .values({
        id: v.id,
        template_id: v.templateId,
        version: v.version,
        status: v.status,
        source_blob_key: v.sourceBlobKey,
        compiled_blob_keys_json: JSON.stringify(v.compiledBlobKeys),
        fields_json: JSON.stringify(v.fields),
        signer_roles_json: JSON.stringify(v.signerRoles),
        sign_fields_json: JSON.stringify(v.signFields),
        missing_policy: v.missing,
        created_by: v.createdBy,
        reviewer_id: v.reviewerId,
        review_reason: v.reviewReason,
        reviewed_at: v.reviewedAt,
        created_at: v.createdAt,
      })
      .execute();
  }

  async get(businessLineId: string, id: string): Promise<TemplateRow | undefined> {
    const r = await this.db
      .selectFrom('templates')
      .selectAll()
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && templateOf(r);
  }

  async list(
    businessLineId: string,
    filter: TemplateFilter,
    page: { cursor?: string; limit: number },
  ): Promise<{ items: TemplateRow[]; nextCursor: string | null }> {
    let q = this.db.selectFrom('templates').selectAll().where('business_line_id', '=', businessLineId);
    if (filter.groupId) q = q.where('group_id', '=', filter.groupId);
    if (filter.name) {
      // LIKE with its wildcards escaped: the filter is a plain substring.
      const escaped = filter.name.replace(/[\\%_]/g, (c) => `\\${c}`);
      q = q.where(sql<boolean>`name like ${`%${escaped}%`} escape '\\'`);
    }
    if (filter.status === 'active') q = q.where('active_version_id', 'is not', null);
    if (filter.status === 'pending_approval')
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('template_versions').select('template_id').where('status', '=', 'pending_approval'),
      );
    return keysetPage(q, page, templateOf);
  }

  async versions(templateId: string): Promise<TemplateVersionRow[]> {
    const rows = await this.db
      .selectFrom('template_versions')
      .selectAll()
      .where('template_id', '=', templateId)
      .orderBy('version')
      .execute();
    return rows.map(versionOf);
  }

  async version(id: string): Promise<TemplateVersionRow | undefined> {
    const r = await this.db
      .selectFrom('template_versions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && versionOf(r);
  }

  /** A version together with its template (any business line: for legal's review). */
  async versionWithTemplate(
    id: string,
  ): Promise<{ version: TemplateVersionRow; template: TemplateRow } | undefined> {
    const version = await this.version(id);
    if (!version) return undefined;
    const t = await this.db
      .selectFrom('templates')
      .selectAll()
      .where('id', '=', version.templateId)
      .executeTakeFirst();
    return t && { version, template: templateOf(t) };
  }

  async nextVersionNumber(templateId: string): Promise<number> {
    const r = await this.db
      .selectFrom('template_versions')
      .select((eb) => eb.fn.max('version').as('max'))
      .where('template_id', '=', templateId)
      .executeTakeFirst();
    return Number(r?.max ?? 0) + 1;
  }

  /** Versions awaiting review, oldest first, across business lines. */
  async pending(limit: number): Promise<{ version: TemplateVersionRow; template: TemplateRow }[]> {
    const rows = await this.db
      .selectFrom('template_versions as v')
      .innerJoin('templates as t', 't.id', 'v.template_id')
      .selectAll('v')
      .select([
        't.business_line_id as t_business_line_id',
        't.group_id as t_group_id',
        't.name as t_name',
        't.active_version_id as t_active_version_id',
        't.created_at as t_created_at',
        't.updated_at as t_updated_at',
      ])
      .where('v.status', '=', 'pending_approval')
      .orderBy('v.created_at')
      .orderBy('v.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      version: versionOf(r),
      template: {
        id: r.template_id,
        businessLineId: r.t_business_line_id,
        groupId: r.t_group_id,
        name: r.t_name,
        activeVersionId: r.t_active_version_id,
        createdAt: r.t_created_at,
        updatedAt: r.t_updated_at,
      },
    }));
  }

  /** Compare-and-set of a version's review state. */
  async review(
    id: string,
    from: TemplateVersionStatus,
    to: TemplateVersionStatus,
    review: { reviewerId: string | null; reason: string | null; at: number },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('template_versions')
      .set({
        status: to,
        reviewer_id: review.reviewerId,
        review_reason: review.reason,
        reviewed_at: review.at,
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The version's compiled artefacts, regenerated by a newer engine (the source is unchanged). */
  async setCompiledBlobKeys(id: string, keys: Record<string, string>): Promise<void> {
    await this.db
      .updateTable('template_versions')
      .set({ compiled_blob_keys_json: JSON.stringify(keys) })
      .where('id', '=', id)
      .execute();
  }

  async supersede(id: string): Promise<void> {
    await this.db
      .updateTable('template_versions')
      .set({ status: 'superseded' })
      .where('id', '=', id)
      .where('status', '=', 'approved')
      .execute();
  }

  async setActive(templateId: string, versionId: string, now: number): Promise<void> {
    await this.db
      .updateTable('templates')
      .set({ active_version_id: versionId, updated_at: now })
      .where('id', '=', templateId)
      .execute();
  }

  async setGroup(businessLineId: string, id: string, groupId: string | null, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('templates')
      .set({ group_id: groupId, updated_at: now })
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Moves a template group under another parent (null: to the top). */
  async moveGroup(
    businessLineId: string,
    id: string,
    parentId: string | null,
    now: number,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('template_groups')
      .set({ parent_id: parentId, updated_at: now })
      .where('business_line_id', '=', businessLineId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
