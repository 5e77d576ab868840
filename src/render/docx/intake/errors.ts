import { HetongError } from '../../../shared/errors.js';

/** Error codes of .docx intake (stable, listed in the README's error table). */
export const INVALID_DOCX = 'TEMPLATE_INVALID_DOCX';
export const TOO_LARGE = 'TEMPLATE_TOO_LARGE';
export const MACROS_NOT_ALLOWED = 'TEMPLATE_MACROS_NOT_ALLOWED';
export const IMAGE_INVALID = 'TEMPLATE_IMAGE_INVALID';

export function invalidDocx(message: string, details?: unknown): HetongError {
  return new HetongError(INVALID_DOCX, 400, message, details);
}

export function tooLarge(message: string, details?: unknown): HetongError {
  return new HetongError(TOO_LARGE, 413, message, details);
}

export function macrosNotAllowed(message: string, details?: unknown): HetongError {
  return new HetongError(MACROS_NOT_ALLOWED, 400, message, details);
}

export function imageInvalid(message: string, details?: unknown): HetongError {
  return new HetongError(IMAGE_INVALID, 400, message, details);
}
