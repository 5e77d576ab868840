/** The shapes of the templates API the console reads (src/http/schemas-contracts.ts). */

export type VersionStatus = 'pending_approval' | 'approved' | 'rejected' | 'superseded';

/** A sign field at page coordinates (points from the bottom-left) or at a keyword. */
export type SignField =
  | {
      role: string;
      page: number;
      x: number;
      y: number;
      width: number;
      height: number;
      origin?: 'bottom-left' | 'top-left';
      crossPage?: boolean;
    }
  | {
      role: string;
      keyword: string;
      occurrence?: number;
      offsetX?: number;
      offsetY?: number;
      width: number;
      height: number;
      crossPage?: boolean;
    };

export type PageField = Extract<SignField, { page: number }>;
export const isPageField = (f: SignField): f is PageField => 'page' in f;

export interface TemplateVersion {
  id: string;
  templateId: string;
  version: number;
  status: VersionStatus;
  signerRoles: string[];
  signFields: SignField[];
  /** What a missing value in contract data does: refused (`error`) or shown empty with a warning. */
  missing: 'error' | 'empty';
  fieldCount: number;
  createdBy: string;
  reviewerId: string | null;
  reviewReason: string | null;
  reviewedAt: number | null;
  createdAt: number;
}

export interface TemplateSummary {
  id: string;
  name: string;
  groupId: string | null;
  activeVersionId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Template extends TemplateSummary {
  versions: TemplateVersion[];
  activeVersion: TemplateVersion | null;
  signerRoles: string[];
  signFields: SignField[];
}

export interface TemplateGroup {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The engine's field analysis (src/render/tags/fields.ts FieldSpec). */
export interface FieldSpec {
  name: string;
  path: string[];
  kind: 'text' | 'loop' | 'condition' | 'image' | 'html';
  fields?: FieldSpec[];
  where: string[];
}

export interface RenderWarning {
  code: string;
  message: string;
  where?: string;
}

export interface FieldAnalysis {
  versionId: string;
  fields: FieldSpec[];
  warnings: RenderWarning[];
}

export type PreviewMode = 'sample' | 'tags';

/** GET …/preview-pages: the wire contract (src/http/wire/templates.ts). */
export type { PreviewPages } from '../wire';
