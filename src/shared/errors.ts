/**
 * The one error type of Hetong. Domain code throws it with a stable `code` (documented in the
 * README's error table), the HTTP status it maps to, a message a person can act on, and optional
 * structured details. The HTTP layer maps it once to `{ error: { code, message, details } }`.
 */
export class HetongError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, status: number, message: string, details?: unknown) {
    super(message);
    this.name = 'HetongError';
    this.code = code;
    this.status = status;
    this.details = details;
  }

  toJSON(): { code: string; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isHetongError(e: unknown): e is HetongError {
  return e instanceof HetongError;
}
