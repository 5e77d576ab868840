/** How the console shows the server's refusals: the message, and the stable code beside it. */
import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../api';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return `${e.message} (${e.code})`;
  return e instanceof Error ? e.message : String(e);
}

export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return <Alert type="error" showIcon title={errorText(error)} data-testid="error" />;
}

/**
 * Puts a VALIDATION_FAILED answer's problems on the form's fields (the server's words), and
 * returns whether any field took one; otherwise the caller shows the error as a whole.
 */
export function showFieldErrors(form: FormInstance, e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  const problems = e.fieldProblems();
  const known = Object.entries(problems).filter(([name]) => form.getFieldInstance(name) !== undefined);
  if (!known.length) return false;
  form.setFields(known.map(([name, problem]) => ({ name, errors: [problem] })));
  return true;
}
