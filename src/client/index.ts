/**
 * The typed Hetong client (fetch-based): signs every request as DESIGN.md "Public API conventions"
 * says. Used by the CLI, the tests and the load generator; business systems can use it as is.
 */
import { randomBytes } from 'node:crypto';
import { computeSignature } from '../tenancy/signature.js';

export interface ClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** For tests: a fixed clock. */
  now?: () => number;
  fetch?: typeof fetch;
}

export interface BusinessLineInfo {
  id: string;
  appId: string;
  name: string;
  status: 'active' | 'disabled';
  autoApprove: boolean;
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface TemplateGroupInfo {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AuditEventInfo {
  id: number;
  actor: string;
  action: string;
  target: string;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  at: number;
}

/** An error answer of the API, with its stable code. */
export class HetongApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'HetongApiError';
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  /** A JSON value, or raw bytes with `contentType`. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  idempotencyKey?: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

export class HetongClient {
  constructor(private readonly options: ClientOptions) {}

  /** Sends a signed request and returns the raw answer (any status). */
  async raw(method: string, path: string, opts: RequestOptions = {}): Promise<RawResponse> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const pathWithQuery = query.size ? `${path}?${query.toString()}` : path;
    let body: Buffer = Buffer.alloc(0);
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) {
      if (opts.body instanceof Uint8Array) {
        body = Buffer.from(opts.body);
        headers['content-type'] = opts.contentType ?? 'application/octet-stream';
      } else {
        body = Buffer.from(JSON.stringify(opts.body));
        headers['content-type'] = opts.contentType ?? 'application/json';
      }
    }
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    Object.assign(headers, signedHeaders(this.options, method, pathWithQuery, body));
    const res = await (this.options.fetch ?? fetch)(
      this.options.baseUrl.replace(/\/+$/, '') + pathWithQuery,
      {
        method,
        headers,
        body: body.length ? body : undefined,
      },
    );
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }

  /** Sends a signed request; returns the parsed JSON, or throws HetongApiError. */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.raw(method, path, opts);
    const text = res.body.toString('utf8');
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (res.status >= 400) {
      const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
        ?.error;
      throw new HetongApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? text, err?.details);
    }
    return json as T;
  }

  businessLine(): Promise<BusinessLineInfo> {
    return this.request('GET', '/api/v1/business-line');
  }

  createTemplateGroup(
    input: { name: string; parentId?: string | null },
    idempotencyKey?: string,
  ): Promise<TemplateGroupInfo> {
    return this.request('POST', '/api/v1/template-groups', {
      body: input,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  templateGroup(id: string): Promise<TemplateGroupInfo> {
    return this.request('GET', `/api/v1/template-groups/${encodeURIComponent(id)}`);
  }

  async templateGroups(): Promise<TemplateGroupInfo[]> {
    return (await this.request<{ items: TemplateGroupInfo[] }>('GET', '/api/v1/template-groups')).items;
  }

  async auditEvents(target: string): Promise<AuditEventInfo[]> {
    return (
      await this.request<{ items: AuditEventInfo[] }>('GET', '/api/v1/audit-events', { query: { target } })
    ).items;
  }
}

/** The four signature headers for one request. */
export function signedHeaders(
  creds: { appId: string; appSecret: string; now?: () => number },
  method: string,
  pathWithQuery: string,
  body: Uint8Array,
): Record<string, string> {
  const timestamp = String((creds.now ?? Date.now)());
  const nonce = randomBytes(16).toString('base64url');
  return {
    'x-hetong-app-id': creds.appId,
    'x-hetong-timestamp': timestamp,
    'x-hetong-nonce': nonce,
    'x-hetong-signature': computeSignature(creds.appSecret, {
      method,
      pathWithQuery,
      timestamp,
      nonce,
      body,
    }),
  };
}
