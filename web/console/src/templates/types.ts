/**
 * The shapes of the templates API the console reads. Answers come from the wire contract
 * (src/http/wire/templates.ts, typed from the routes' schemas); the field analysis and the preview
 * mode are still the console's own.
 */
import type { SignField } from '../wire';

export type {
  PreviewPages,
  SignField,
  Template,
  TemplateGroup,
  TemplateSummary,
  TemplateVersion,
  VersionStatus,
} from '../wire';

export type PageField = Extract<SignField, { page: number }>;
export const isPageField = (f: SignField): f is PageField => 'page' in f;

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
