/**
 * The signing session API (/sign/api, src/http/routes/signing-session.ts): the session cookie is
 * HttpOnly and set by the server; the CSRF token it answers once is kept for this tab
 * (sessionStorage, so a reload keeps working) and sent on every POST.
 *
 * An embedded (headless) page gets no SameSite=Strict cookie inside a cross-site frame: its session
 * answers a token that this page keeps the same way and sends as `Authorization: Bearer` on every
 * call — images and downloads included, which are then fetched here and shown as blob: URLs.
 */

export type IntentMethod = 'sms' | 'email';
export type SealKind = 'round' | 'square' | 'uploaded' | 'handwritten';
export type Todo = 'realName' | 'read' | 'intent' | 'sign' | 'agree';

export interface ReadingState {
  seconds: number;
  toLastPage: boolean;
  done: boolean;
  secondsLeft: number;
  pagesLeft: number;
  lastPageSeen: number;
}

/** Where one of the signer's sign fields is (src/contracts/flow/field-positions.ts). */
export interface FieldPosition {
  /** 1-based page of the document. */
  page: number;
  /** PDF points from the page's bottom-left corner: [x0, y0, x1, y1]. */
  rect: [number, number, number, number];
  pageSize: [number, number];
  crossPage: boolean;
}

export interface DocumentView {
  id: string;
  pages: number;
  /** The signer's fields on this document (null: a keyword the document does not contain). */
  fields: (FieldPosition | null)[];
  kind: 'template' | 'pdf';
  /** With `{page}` for the 1-based page number of this document. */
  previewPng: string;
  previewHtml: string;
  download: string;
}

export interface ContractView {
  id: string;
  title: string;
  status: 'pending_signing' | 'completed' | 'rejected' | 'revoked' | 'expired';
  signer: {
    id: string;
    role: string;
    status: 'waiting' | 'ready' | 'read' | 'signed' | 'rejected';
    method: 'esign' | 'clickwrap';
    sealKinds: SealKind[];
    deadline: number | null;
    reading: ReadingState;
  };
  documents: DocumentView[];
  todo: Todo[];
}

export interface SceneView {
  id: string;
  name: string;
  themeColor?: string;
  logoUrl?: string;
  allowReject: boolean;
  clickwrapText: string;
  successText?: string;
  redirectUrl?: string;
  redirectDelaySeconds?: number;
  /** Origins that may embed a headless link of this scene. */
  embedOrigins?: string[];
}

export interface SessionView {
  sessionExpiresAt: number;
  client: 'pc' | 'h5' | 'all';
  mode: 'normal' | 'headless';
  redirectUrl: string | null;
  scene: SceneView;
  signer?: { kind: 'person' | 'organization'; name: string; mobile: string | null; email: string | null };
  /** Whether the scene requires a verified real name (实名认证) and whether the signer has one. */
  realName?: { required: boolean; verified: boolean; missing: string | null; expiresAt: number | null };
  intent: { methods: IntentMethod[]; verified: boolean; method: IntentMethod | null };
  contracts: ContractView[];
}

export interface Seal {
  id: string;
  kind: SealKind;
  widthMm: number;
  heightMm: number;
  image: string;
}

export interface SignResult {
  contractId: string;
  signerId: string;
  status: 'signed' | 'failed';
  contractStatus?: string;
  signatures?: number;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const CSRF_KEY = 'hetong.sign.csrf';
const BEARER_KEY = 'hetong.sign.bearer';
const stored = (key: string) => {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
};
let csrfToken = stored(CSRF_KEY);
let bearer = stored(BEARER_KEY);

function keep(key: string, token: string): void {
  try {
    sessionStorage.setItem(key, token);
  } catch {
    // Private mode without storage: the token lives as long as the page.
  }
}

/** Whether calls carry the session as a bearer token (an embedded page) instead of the cookie. */
export const usesBearer = () => bearer !== '';

function authHeaders(): Record<string, string> {
  return bearer ? { authorization: `Bearer ${bearer}` } : {};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  // A bearer token is sent only by this page, so it needs no CSRF token; the cookie does.
  if (bearer) Object.assign(headers, authHeaders());
  else if (method === 'POST') headers['x-csrf-token'] = csrfToken;
  // A GET is retried twice on a network failure; a POST never (it may have changed something).
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`/sign/api${path}`, {
        method,
        headers,
        credentials: bearer ? 'omit' : 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      if (method === 'GET' && attempt < 2) {
        await sleep(500 * (attempt + 1));
        continue;
      }
      throw new ApiError(0, 'NETWORK', 'network error');
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: a proxy's error page
    }
    if (res.ok) return json as T;
    const e = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
      ?.error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.details);
  }
}

export const api = {
  /** `firstPageWidth`: the width the first page image will be asked at, when known (boot.ts). */
  async open(token: string, firstPageWidth?: number): Promise<SessionView> {
    const r = await call<{ csrfToken: string; sessionToken?: string; session: SessionView }>(
      'POST',
      '/session',
      firstPageWidth === undefined ? { token } : { token, firstPageWidth },
    );
    csrfToken = r.csrfToken;
    keep(CSRF_KEY, r.csrfToken);
    bearer = r.sessionToken ?? '';
    keep(BEARER_KEY, bearer);
    return r.session;
  },
  session: () => call<SessionView>('GET', '/session'),
  reading: (contractId: string, page: number) =>
    call<{ done: boolean; secondsLeft: number; pagesLeft: number }>('POST', '/reading', { contractId, page }),
  sendCode: (method: IntentMethod) =>
    call<{ method: IntentMethod; sentTo: string; expiresAt: number; resendAt: number }>(
      'POST',
      '/intent/code',
      { method },
    ),
  verifyCode: (code: string) =>
    call<{ verified: true; method: IntentMethod }>('POST', '/intent/verify', { code }),
  seals: async () => (await call<{ items: Seal[] }>('GET', '/seals')).items,
  handwritten: (png: string) => call<Seal>('POST', '/seals/handwritten', { png }),
  sign: (body: { sealId?: string; agree?: boolean; contractIds?: string[] }) =>
    call<{ results: SignResult[] }>('POST', '/sign', body),
  reject: (contractId: string, reason: string) => call<void>('POST', '/reject', { contractId, reason }),
  embedOrigins: async (linkId: string) =>
    (await call<{ origins: string[] }>('GET', `/embed-origins?link=${encodeURIComponent(linkId)}`)).origins,
};

/**
 * A file of the session API (page image, seal image, signed PDF) as a blob: URL, fetched with the
 * bearer token; the caller revokes it.
 */
export async function blobUrl(url: string): Promise<string> {
  const res = await fetch(url, { headers: authHeaders(), credentials: 'omit' });
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
  return URL.createObjectURL(await res.blob());
}

/** Downloads a file of the session API (a plain navigation when the cookie carries the session). */
export async function download(url: string, name: string): Promise<void> {
  if (!usesBearer()) return location.assign(url);
  const href = await blobUrl(url);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** The URL of a document page image at `width` pixels. */
export function pageUrl(doc: DocumentView, page: number, width: number): string {
  return `${doc.previewPng.replace('{page}', String(page))}?width=${width}`;
}
