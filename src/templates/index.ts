/**
 * The template capability: upload and compile, versions, legal approval, groups, previews.
 * Error codes: TEMPLATE_NOT_FOUND, TEMPLATE_VERSION_NOT_FOUND, TEMPLATE_VERSION_NOT_PENDING,
 * TEMPLATE_NOT_APPROVED, TEMPLATE_INPUT_INVALID, TEMPLATE_GROUP_NOT_FOUND, TEMPLATE_GROUP_CYCLE,
 * PAGE_NOT_FOUND, plus the render engine's TEMPLATE_* from compiling an upload.
 */
export { TemplateService, type TemplateDetail, type TemplateServiceDeps } from './service.js';
export { parseTemplateUpload, type TemplateSignField, type TemplateUploadInput } from './inputs.js';
export { initialStatus, reviewedStatus, usableVersionId, type ReviewDecision } from './review.js';
export { Lru } from './lru.js';
