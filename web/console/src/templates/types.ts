/**
 * The shapes of the templates API the console reads. Answers come from the wire contract
 * (src/http/wire/templates.ts, typed from the routes' schemas, the recursive field analysis too);
 * the preview mode is the console's own.
 */
import type { SignField } from '../wire';

export type {
  FieldAnalysis,
  FieldSpec,
  PreviewPages,
  RenderWarning,
  SignField,
  Template,
  TemplateGroup,
  TemplateSummary,
  TemplateVersion,
  VersionStatus,
} from '../wire';

export type PageField = Extract<SignField, { page: number }>;
export const isPageField = (f: SignField): f is PageField => 'page' in f;

export type PreviewMode = 'sample' | 'tags';
