/**
 * Template tags (docxtemplater semantics, https://docxtemplater.com/docs/tag-types/): lexing and
 * structure once per template version (`applyTags`), the field analysis, data validation, and the
 * reference expansion with contract data (`expandDocument`).
 */
import { HetongError } from '../../shared/errors.js';
import type { TemplateDocument } from '../model.js';
import { analyzeFields, type FieldSpec } from './fields.js';
import { DEFAULT_DELIMITERS, type Delimiters } from './lexer.js';
import { structureDocument } from './structure.js';

export type { FieldSpec } from './fields.js';
export type { Delimiters, TagProblem } from './lexer.js';
export { DEFAULT_DELIMITERS } from './lexer.js';
export {
  validateData,
  checkData,
  assertDataValid,
  MAX_HTML_CHARS,
  MISSING_POLICIES,
  type DataProblem,
  type DataCheck,
  type MissingPolicy,
} from './validate.js';
export { expandDocument } from './expand.js';
export { decodeImageValue, MAX_IMAGE_BYTES, type DecodedImage } from './images.js';

/**
 * Finds the tags of a parsed template and turns them into the IR's value and section nodes, on the
 * body and on every header/footer. Throws TEMPLATE_TAG_INVALID (422) with every problem at once.
 */
export function applyTags(
  doc: TemplateDocument,
  options?: { delimiters?: Delimiters },
): { doc: TemplateDocument; fields: FieldSpec[] } {
  const delimiters = options?.delimiters ?? DEFAULT_DELIMITERS;
  if (delimiters.start === '' || delimiters.end === '' || delimiters.start === delimiters.end) {
    throw new HetongError(
      'TEMPLATE_DELIMITERS_INVALID',
      422,
      'tag delimiters must be two different non-empty strings',
      { delimiters },
    );
  }
  const structured = structureDocument(doc, delimiters);
  return { doc: structured, fields: analyzeFields(structured) };
}
