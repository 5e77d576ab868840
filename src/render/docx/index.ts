/**
 * The .docx face of the render engine: safe intake of an uploaded Word file and its parse into
 * the document model. Error codes: TEMPLATE_INVALID_DOCX (400), TEMPLATE_TOO_LARGE (413),
 * TEMPLATE_MACROS_NOT_ALLOWED (400), TEMPLATE_IMAGE_INVALID (400).
 */
export { parseDocx, type ParseOptions } from './parse/document.js';
export { DEFAULT_INTAKE_LIMITS, resolveLimits, type IntakeLimits } from './intake/limits.js';
export { openDocxPackage, type DocxPackage, type Relationship } from './intake/package.js';
export { openZip, type ZipArchive } from './intake/zip.js';
export { parseXml, type XmlElement, type XmlNode } from './intake/xml.js';
export { admitImage, sniffImage, type SniffResult } from './intake/image.js';
export { IMAGE_INVALID, INVALID_DOCX, MACROS_NOT_ALLOWED, TOO_LARGE } from './intake/errors.js';
