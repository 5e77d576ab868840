/**
 * The console's calls to the admin API: JSON or multipart in, JSON out; the session cookie goes by
 * itself (same origin, Path=/admin), the CSRF token (from login or /me) in X-CSRF-Token on every
 * change. Errors arrive in the API's one shape and are thrown as ApiError with the stable code.
 */

export interface FieldProblem {
  in?: string;
  path: string;
  problem: string;
  field?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /**
   * The problems of an answer by field name (`/name` or `items/0/value` → the first segment): a
   * VALIDATION_FAILED's list of {path, problem}, or a domain check's {problems: [{path, message}]}
   * (e.g. DICTIONARY_INVALID, NOTIFICATION_TEXT_INVALID). Several on one field are joined.
   */
  fieldProblems(): Record<string, string> {
    const list: { path: string; text: string; field?: string }[] = [];
    if (this.code === 'VALIDATION_FAILED' && Array.isArray(this.details))
      for (const p of this.details as FieldProblem[])
        list.push({ path: p.path, text: p.problem, ...(p.field ? { field: p.field } : {}) });
    const domain = (this.details as { problems?: unknown } | undefined)?.problems;
    if (Array.isArray(domain))
      for (const p of domain as { path?: unknown; message?: unknown }[])
        if (typeof p.path === 'string' && typeof p.message === 'string')
          list.push({ path: p.path, text: p.message });
    const out: Record<string, string> = {};
    for (const p of list) {
      const field = p.field ?? p.path.replace(/^\//, '').split('/')[0] ?? '';
      if (field) out[field] = out[field] ? `${out[field]}; ${p.text}` : p.text;
    }
    return out;
  }
}

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when an answer says the session is gone (401), so the console shows the login. */
let onSessionLost: () => void = () => undefined;
export function whenSessionLost(f: () => void): void {
  onSessionLost = f;
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body instanceof Blob) {
    headers['content-type'] = body.type || 'application/octet-stream';
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.ok) return res;
  let e: { code?: string; message?: string; details?: unknown } | undefined;
  try {
    e = ((await res.json()) as { error?: typeof e }).error;
  } catch {
    e = undefined;
  }
  if (res.status === 401 && e?.code === 'AUTH_SESSION_REQUIRED') onSessionLost();
  throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.details);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch {
    return undefined as T;
  }
}

/** A binary answer (a picture drawn from a posted file, say) as a Blob, errors as ApiError. */
export async function apiBlob(method: string, path: string, body?: unknown): Promise<Blob> {
  return (await send(method, path, body)).blob();
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

/** A path of the business-line API as the console reaches it (/admin/api/lines/:appId/…). */
export function linePath(appId: string, path: string): string {
  return `/admin/api/lines/${encodeURIComponent(appId)}${path}`;
}

/** A query string of the defined values (`?a=1&b=x`, or '' when none). */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A page of a cursor-paginated list (src/http/wire/contracts.ts listOf). */
export type { Page } from './wire';
