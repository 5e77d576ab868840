/**
 * The typed Hetong client (fetch-based): signs every request as DESIGN.md "Public API conventions"
 * says. Used by the CLI, the tests and the load generator; business systems can use it as is.
 */
import { createHash, randomBytes } from 'node:crypto';
import { buildMultipart } from '../http/multipart.js';
import { computeSignature } from '../tenancy/signature.js';
import type { BusinessLineWire, LineScopedAuditEventWire } from '../http/wire/admin.js';
import type {
  AuthorizationBody,
  AuthorizationWire,
  DelegateInputWire,
  RevokeAuthorizationBody,
} from '../http/wire/authorizations.js';
import type {
  AddToContractGroupBody,
  ContractDetailWire,
  ContractGroupBody,
  ContractGroupWire,
  ContractListQuery as ContractListQueryWire,
  ContractStatusWire,
  ContractWire,
  CreateContractBody,
  CreatedContractWire,
  DocumentPreviewHtmlQuery,
  ItemsWire,
  ListWire,
  PreviewPngQuery,
  RevokeContractBody,
  SignerInputWire,
  SignFieldInputWire,
  SignLinkWire,
  SubjectInputWire,
} from '../http/wire/contracts.js';
import type { DictionaryBody, DictionaryWire } from '../http/wire/dictionaries.js';
import type {
  OrganizationVerificationBody,
  PersonVerificationBody,
  RealNameListQuery as RealNameListQueryWire,
  RealNameWire,
} from '../http/wire/real-name.js';
import type {
  CreateTemplateGroupBody,
  FieldSpecWire,
  MoveTemplateBody,
  TemplateFieldsWire,
  TemplateGroupChangeBody,
  TemplateGroupWire,
  TemplateListQuery as TemplateListQueryWire,
  TemplatePreviewHtmlQuery,
  TemplatePreviewPngQuery,
  TemplateSignFieldWire,
  TemplateSummaryWire,
  TemplateVersionWire,
  TemplateWire,
} from '../http/wire/templates.js';
import type { CreateSceneBody, SceneSettingsWire, SceneWire } from '../http/wire/scenes.js';
import type {
  GenerateSealBody,
  ReplaceSealBody,
  SealListQuery as SealListQueryWire,
  SealReplacementWire,
  SealSubjectInputWire,
  SealWire,
} from '../http/wire/seals.js';
import type {
  AutoSignBody,
  CombinedSignUrlBody,
  LinkOptionsWire,
  RemindBody,
  RemindResultsWire,
  ReminderResultWire,
  SignOutcomeWire,
  SignUrlBody,
} from '../http/wire/sign-flows.js';
import type { VerificationReportWire } from '../http/wire/verify.js';
import type {
  ContractDeliveriesQuery,
  CreateWebhookBody,
  RegisteredWebhookWire,
  WebhookDeliveriesQuery,
  WebhookDeliveryWire,
  WebhookEndpointWire,
  WebhookEventName as WebhookEventNameWire,
  WebhookListWire,
} from '../http/wire/webhooks.js';
import { fileNameOf } from './content-disposition.js';

export interface ClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** For tests: a fixed clock. */
  now?: () => number;
  fetch?: typeof fetch;
}

export type BusinessLineInfo = BusinessLineWire;

export type TemplateGroupInfo = TemplateGroupWire;

export type AuditEventInfo = LineScopedAuditEventWire;

export type TemplateVersionInfo = TemplateVersionWire;

/** A template in lists (without its versions). */
export type TemplateSummaryInfo = TemplateSummaryWire;

/** One template with its versions; signerRoles/signFields of the active (else latest) version. */
export type TemplateInfo = TemplateWire;

/** A field the template reads; a loop's or a condition's inner fields nest in `fields`. */
export type TemplateFieldInfo = FieldSpecWire;
/** A version's field analysis and what the compiler could not render as Word does. */
export type TemplateFieldsInfo = TemplateFieldsWire;

/**
 * A Word template upload (multipart, its parts checked by src/templates/inputs.ts): sign fields in
 * the shape a version answers with them.
 */
export interface TemplateUpload {
  docx: Uint8Array;
  name?: string;
  groupId?: string;
  signerRoles?: string[];
  signFields?: TemplateSignFieldWire[];
  delimiters?: { start: string; end: string };
  /** A missing value in contract data: refused (`error`, the default) or shown empty with a warning. */
  missing?: TemplateVersionWire['missing'];
}

/** A subject in a request (a signer's, an authorization's organisation or delegate). */
export type SubjectInput = SubjectInputWire;

// Requests and answers typed from the routes' schemas (one wire contract, src/http/wire): type-only
// imports, nothing of the server reaches the client's JavaScript.

/** A sign field given per contract: page coordinates (page, x, y) or a keyword, in one document. */
export type SignFieldInput = SignFieldInputWire;
/**
 * A signer of a new contract and its sign flow (defaults: README "Sign flows"); equal signOrder
 * numbers sign in parallel, higher after lower (default 1).
 */
export type SignerRequest = SignerInputWire;
export type CreateContractRequest = CreateContractBody;

export type ContractStatusName = ContractStatusWire;
/** A contract as lists give it (without documents and signers). */
export type ContractInfo = ContractWire;
/** One contract with its documents and signers (`contract`, `revokeContract`). */
export type ContractDetailInfo = ContractDetailWire;
export type CreatedContractInfo = CreatedContractWire;

// Queries typed from the routes' query schemas: a number there is a string of digits (query strings
// are not coerced), which a caller may give as a number (src/http/wire/query.ts QueryOf).

/** Filters of `contracts()`; createdFrom/createdTo in milliseconds since the epoch. */
export type ContractListQuery = ContractListQueryWire;
export type TemplateListQuery = TemplateListQueryWire;
export type RealNameListQuery = RealNameListQueryWire;
/** A subject's seals: both subjectIdType and subjectId. */
export type SealListQuery = SealListQueryWire;

/** A page of a cursor-paginated list: give `nextCursor` back as `cursor` for the next one. */
export type Page<T> = ListWire<T>;

/** A downloaded document and what its answer says about it (downloadDocumentFile). */
export interface DocumentFile {
  /** 304 when the `ifNoneMatch` given still matches: then `bytes` is empty. */
  status: 200 | 304;
  bytes: Buffer;
  /** The offered name (Content-Disposition, UTF-8), e.g. `技术服务合同 HT-2025-100000.pdf`. */
  fileName: string | null;
  contentType: string | null;
  /** `"<SHA-256 of the bytes>"`: give it back as `ifNoneMatch`. */
  etag: string | null;
}

export type ContractGroupInfo = ContractGroupWire;

/** Whose seal it is: the subject of a signer, without its contact details. */
export type SealSubjectInfo = SealSubjectInputWire;

export type SealInfo = SealWire;

/** A round (organisation) or square (person) seal drawn from text options. */
export type GenerateSealInput = GenerateSealBody;
/** A replacement seal: the text options of GenerateSealInput, for the replaced seal's subject. */
export type ReplaceSealInput = ReplaceSealBody;
/** The replaced seal (now disabled) and its successor. */
export type SealReplacementInfo = SealReplacementWire;

/** The answer of POST /api/v1/verify: the verification report, per signature. */
export type VerificationReportInfo = VerificationReportWire;

/** Open `url` in a browser (or an iframe with mode=headless); the token travels in the fragment. */
export type SignLinkInfo = SignLinkWire;

/** Which page a link opens (pc, h5, all), how (normal, headless), for how long (expiresIn seconds). */
export type SignLinkOptions = LinkOptionsWire;

/** What became of one signer's reminder (催签): sent (by sms or email), too_soon, no_contact, not_active. */
export type ReminderResultInfo = ReminderResultWire;
export type RemindResultsInfo = RemindResultsWire;

/** An automatic signature (自动签) and the authorization it was made under. */
export type SignOutcomeInfo = SignOutcomeWire;

/** Whom an organisation authorises (委托签约): the platform (automatic signing) or a person. */
export type DelegateInput = DelegateInputWire;

/** An authorization; a person delegate's ID-card number, mobile and e-mail come back masked. */
export type AuthorizationInfo = AuthorizationWire;
export type AuthorizationRequest = AuthorizationBody;

/** A signing scene (签约场景): its settings with the defaults filled in. */
export type SceneInfo = SceneWire;
export type SceneSettingsInput = SceneSettingsWire;

/** A real-name verification (实名认证); ID numbers and phones come back masked. */
export type RealNameInfo = RealNameWire;
export type PersonVerificationRequest = PersonVerificationBody;
export type OrganizationVerificationRequest = OrganizationVerificationBody;

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

/** A list of values (GET /api/v1/dictionaries). */
export type DictionaryInfo = DictionaryWire;
export type DictionaryRequest = DictionaryBody;

/** An event type (src/shared/webhook-events.ts), or `*` for every type, present and future. */
export type WebhookEventName = WebhookEventNameWire;
/** Where to POST events, and which (README "Webhooks"). */
export type WebhookRequest = CreateWebhookBody;
/** A registered endpoint (no secret). */
export type WebhookEndpointInfo = WebhookEndpointWire;
/** The answer of createWebhook: the endpoint and its signing secret, in this answer only. */
export type RegisteredWebhookInfo = RegisteredWebhookWire;
/** One event to one endpoint, with the log of its tries. */
export type WebhookDeliveryInfo = WebhookDeliveryWire;
export type WebhookDeliveriesQueryInput = WebhookDeliveriesQuery;
export type ContractDeliveriesQueryInput = Omit<ContractDeliveriesQuery, 'contractId'>;

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

  createTemplateGroup(input: CreateTemplateGroupBody, idempotencyKey?: string): Promise<TemplateGroupInfo> {
    return this.request('POST', '/api/v1/template-groups', {
      body: input,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  templateGroup(id: string): Promise<TemplateGroupInfo> {
    return this.request('GET', `/api/v1/template-groups/${encodeURIComponent(id)}`);
  }

  async templateGroups(): Promise<TemplateGroupInfo[]> {
    return (await this.request<ItemsWire<TemplateGroupInfo>>('GET', '/api/v1/template-groups')).items;
  }

  // ── templates ──────────────────────────────────────────────────────────────────────────────

  #uploadBody(u: Omit<TemplateUpload, 'docx'> & { docx?: Uint8Array }): {
    body: Buffer;
    contentType: string;
  } {
    const fields: Record<string, string> = {};
    if (u.name !== undefined) fields.name = u.name;
    if (u.groupId !== undefined) fields.groupId = u.groupId;
    if (u.signerRoles !== undefined) fields.signerRoles = JSON.stringify(u.signerRoles);
    if (u.signFields !== undefined) fields.signFields = JSON.stringify(u.signFields);
    if (u.delimiters !== undefined) fields.delimiters = JSON.stringify(u.delimiters);
    if (u.missing !== undefined) fields.missing = u.missing;
    const files = u.docx
      ? [
          {
            field: 'file',
            filename: 'template.docx',
            contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            data: u.docx,
          },
        ]
      : [];
    const boundary = contentBoundary(
      fields,
      files.map((f) => f.data),
    );
    const body = buildMultipart(boundary, fields, files);
    return { body, contentType: `multipart/form-data; boundary=${boundary}` };
  }

  /** Uploads a Word template (version 1). */
  createTemplate(upload: TemplateUpload & { name: string }, idempotencyKey?: string): Promise<TemplateInfo> {
    const { body, contentType } = this.#uploadBody(upload);
    return this.request('POST', '/api/v1/templates', {
      body,
      contentType,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  /** Adds a version; without `docx` it keeps the latest version's .docx (new signers or sign fields). */
  addTemplateVersion(
    templateId: string,
    upload: Omit<TemplateUpload, 'name' | 'groupId' | 'docx'> & { docx?: Uint8Array },
    idempotencyKey?: string,
  ): Promise<TemplateVersionInfo> {
    const { body, contentType } = this.#uploadBody(upload);
    return this.request('POST', `/api/v1/templates/${encodeURIComponent(templateId)}/versions`, {
      body,
      contentType,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  template(id: string): Promise<TemplateInfo> {
    return this.request('GET', `/api/v1/templates/${encodeURIComponent(id)}`);
  }

  templates(query: TemplateListQuery = {}): Promise<Page<TemplateSummaryInfo>> {
    return this.request('GET', '/api/v1/templates', { query });
  }

  templateFields(id: string, versionId?: string): Promise<TemplateFieldsInfo> {
    return this.request('GET', `/api/v1/templates/${encodeURIComponent(id)}/fields`, {
      query: { versionId },
    });
  }

  moveTemplate(id: string, groupId: string | null): Promise<TemplateInfo> {
    const body: MoveTemplateBody = { groupId };
    return this.request('POST', `/api/v1/templates/${encodeURIComponent(id)}/move`, { body });
  }

  updateTemplateGroup(id: string, change: TemplateGroupChangeBody): Promise<TemplateGroupInfo> {
    return this.request('PATCH', `/api/v1/template-groups/${encodeURIComponent(id)}`, { body: change });
  }

  async templatePreviewPng(id: string, query: TemplatePreviewPngQuery = {}): Promise<Buffer> {
    return this.#bytes(`/api/v1/templates/${encodeURIComponent(id)}/preview.png`, query);
  }

  async templatePreviewHtml(id: string, query: TemplatePreviewHtmlQuery = {}) {
    return (await this.#bytes(`/api/v1/templates/${encodeURIComponent(id)}/preview.html`, query)).toString(
      'utf8',
    );
  }

  async templateAudit(id: string): Promise<AuditEventInfo[]> {
    return (
      await this.request<ItemsWire<AuditEventInfo>>(
        'GET',
        `/api/v1/templates/${encodeURIComponent(id)}/audit`,
      )
    ).items;
  }

  // ── contracts ──────────────────────────────────────────────────────────────────────────────

  /** Creates a contract; with `pdfs`, sent as multipart with the PDFs as extra documents. */
  createContract(
    input: CreateContractRequest,
    options: { idempotencyKey?: string; pdfs?: { filename: string; data: Uint8Array }[] } = {},
  ): Promise<CreatedContractInfo> {
    const key = options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {};
    if (!options.pdfs?.length) return this.request('POST', '/api/v1/contracts', { body: input, ...key });
    const contract = JSON.stringify(input);
    const boundary = contentBoundary(
      { contract },
      options.pdfs.map((p) => p.data),
    );
    const body = buildMultipart(
      boundary,
      { contract },
      options.pdfs.map((p) => ({
        field: 'pdf',
        filename: p.filename,
        contentType: 'application/pdf',
        data: p.data,
      })),
    );
    return this.request('POST', '/api/v1/contracts', {
      body,
      contentType: `multipart/form-data; boundary=${boundary}`,
      ...key,
    });
  }

  contract(id: string): Promise<ContractDetailInfo> {
    return this.request('GET', `/api/v1/contracts/${encodeURIComponent(id)}`);
  }

  contracts(query: ContractListQuery = {}): Promise<Page<ContractInfo>> {
    return this.request('GET', '/api/v1/contracts', { query: { ...query } });
  }

  /** The document's bytes (the PDF as signed so far). Its file name and ETag: downloadDocumentFile. */
  async downloadDocument(contractId: string, documentId: string): Promise<Buffer> {
    return (await this.downloadDocumentFile(contractId, documentId)).bytes;
  }

  /**
   * The document with what its answer says about it: the offered file name, the content type and
   * the ETag (`"<SHA-256>"`). With `ifNoneMatch` still matching, status 304 and no bytes.
   */
  async downloadDocumentFile(
    contractId: string,
    documentId: string,
    options: { ifNoneMatch?: string } = {},
  ): Promise<DocumentFile> {
    const res = await this.raw(
      'GET',
      `/api/v1/contracts/${encodeURIComponent(contractId)}/documents/${encodeURIComponent(documentId)}/download`,
      options.ifNoneMatch ? { headers: { 'if-none-match': options.ifNoneMatch } } : {},
    );
    if (res.status >= 400) throw apiError(res);
    return {
      status: res.status === 304 ? 304 : 200,
      bytes: res.body,
      fileName: fileNameOf(res.headers.get('content-disposition')),
      contentType: res.headers.get('content-type'),
      etag: res.headers.get('etag'),
    };
  }

  contractPreviewPng(contractId: string, documentId: string, query: PreviewPngQuery = {}) {
    return this.#bytes(
      `/api/v1/contracts/${encodeURIComponent(contractId)}/documents/${encodeURIComponent(documentId)}/preview.png`,
      query,
    );
  }

  async contractPreviewHtml(contractId: string, documentId: string, query: DocumentPreviewHtmlQuery = {}) {
    return (
      await this.#bytes(
        `/api/v1/contracts/${encodeURIComponent(contractId)}/documents/${encodeURIComponent(documentId)}/preview.html`,
        query,
      )
    ).toString('utf8');
  }

  revokeContract(id: string, reason: string): Promise<ContractDetailInfo> {
    const body: RevokeContractBody = { reason };
    return this.request('POST', `/api/v1/contracts/${encodeURIComponent(id)}/revoke`, { body });
  }

  /** A signing link for one signer (签署链接). */
  signUrl(contractId: string, signerId: string, options: SignLinkOptions = {}): Promise<SignLinkInfo> {
    const body: SignUrlBody = { signerId, ...options };
    return this.request('POST', `/api/v1/contracts/${encodeURIComponent(contractId)}/sign-url`, { body });
  }

  /** One link for every contract `subject` signs among `contractIds` (组合签). */
  combinedSignUrl(
    subject: CombinedSignUrlBody['subject'],
    contractIds: string[],
    options: SignLinkOptions = {},
  ): Promise<SignLinkInfo> {
    const body: CombinedSignUrlBody = { subject, contractIds, ...options };
    return this.request('POST', '/api/v1/sign-urls', { body });
  }

  async revokeSignLink(linkId: string): Promise<void> {
    await this.request('POST', `/api/v1/sign-links/${encodeURIComponent(linkId)}/revoke`);
  }

  /** Signs for an organization under an authorization the business line holds (自动签). */
  autoSign(
    contractId: string,
    signerId: string,
    options: AutoSignBody = {},
    idempotencyKey?: string,
  ): Promise<SignOutcomeInfo> {
    return this.request(
      'POST',
      `/api/v1/contracts/${encodeURIComponent(contractId)}/signers/${encodeURIComponent(signerId)}/auto-sign`,
      { body: options, ...(idempotencyKey ? { idempotencyKey } : {}) },
    );
  }

  /**
   * Reminds the signers whose turn it is (催签), or these of them, with a fresh link; each result
   * says whether the reminder went, and by which channel.
   */
  remind(contractId: string, signerIds?: string[]): Promise<RemindResultsInfo> {
    const body: RemindBody = signerIds ? { signerIds } : {};
    return this.request('POST', `/api/v1/contracts/${encodeURIComponent(contractId)}/remind`, { body });
  }

  createAuthorization(input: AuthorizationRequest, idempotencyKey?: string): Promise<AuthorizationInfo> {
    return this.request('POST', '/api/v1/authorizations', {
      body: input,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  /** The authorization letter, signed by the organisation (PDF). */
  authorizationLetter(id: string): Promise<Buffer> {
    return this.#bytes(`/api/v1/authorizations/${encodeURIComponent(id)}/letter.pdf`, {});
  }

  revokeAuthorization(id: string, reason: string): Promise<AuthorizationInfo> {
    const body: RevokeAuthorizationBody = { reason };
    return this.request('POST', `/api/v1/authorizations/${encodeURIComponent(id)}/revoke`, { body });
  }

  createScene(input: CreateSceneBody): Promise<SceneInfo> {
    return this.request('POST', '/api/v1/scenes', { body: input });
  }

  async contractAudit(id: string): Promise<AuditEventInfo[]> {
    return (
      await this.request<ItemsWire<AuditEventInfo>>(
        'GET',
        `/api/v1/contracts/${encodeURIComponent(id)}/audit`,
      )
    ).items;
  }

  createContractGroup(name: string, idempotencyKey?: string): Promise<ContractGroupInfo> {
    const body: ContractGroupBody = { name };
    return this.request('POST', '/api/v1/contract-groups', {
      body,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  async contractGroups(): Promise<ContractGroupInfo[]> {
    return (await this.request<ItemsWire<ContractGroupInfo>>('GET', '/api/v1/contract-groups')).items;
  }

  addContractsToGroup(groupId: string, contractIds: string[]): Promise<ContractGroupInfo> {
    const body: AddToContractGroupBody = { contractIds };
    return this.request('POST', `/api/v1/contract-groups/${encodeURIComponent(groupId)}/contracts`, {
      body,
    });
  }

  async #bytes(path: string, query: Record<string, string | number | undefined>): Promise<Buffer> {
    const res = await this.raw('GET', path, { query });
    if (res.status >= 400) throw apiError(res);
    return res.body;
  }

  // Seals (印章) and verification (验签).

  generateSeal(input: GenerateSealInput, idempotencyKey?: string): Promise<SealInfo> {
    return this.request('POST', '/api/v1/seals', {
      body: input,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  /** An uploaded seal image (PNG/JPEG) or, with `handwritten`, a handwritten signature (PNG). */
  uploadSeal(input: {
    subject: SealSubjectInfo;
    image: Uint8Array;
    contentType?: 'image/png' | 'image/jpeg';
    handwritten?: boolean;
    removeBackground?: boolean;
    widthMm?: number;
  }): Promise<SealInfo> {
    const fields: Record<string, string> = { subject: JSON.stringify(input.subject) };
    if (input.removeBackground) fields.removeBackground = 'true';
    if (input.widthMm !== undefined) fields.widthMm = String(input.widthMm);
    const boundary = contentBoundary(fields, [input.image]);
    const body = buildMultipart(boundary, fields, [
      { field: 'file', filename: 'seal', contentType: input.contentType ?? 'image/png', data: input.image },
    ]);
    return this.request('POST', input.handwritten ? '/api/v1/seals/handwritten' : '/api/v1/seals/upload', {
      body: new Uint8Array(body),
      contentType: `multipart/form-data; boundary=${boundary}`,
    });
  }

  async seals(query: SealListQuery = {}) {
    return (await this.request<ItemsWire<SealInfo>>('GET', '/api/v1/seals', { query })).items;
  }

  seal(id: string): Promise<SealInfo> {
    return this.request('GET', `/api/v1/seals/${encodeURIComponent(id)}`);
  }

  sealImage(id: string): Promise<Buffer> {
    return this.#bytes(`/api/v1/seals/${encodeURIComponent(id)}/image`, {});
  }

  disableSeal(id: string): Promise<SealInfo> {
    return this.request('POST', `/api/v1/seals/${encodeURIComponent(id)}/disable`);
  }

  /** Replaces a generated seal with new text options: a new seal; the old one is disabled and linked. */
  replaceSeal(id: string, input: ReplaceSealInput): Promise<SealReplacementInfo> {
    return this.request('POST', `/api/v1/seals/${encodeURIComponent(id)}/replace`, { body: input });
  }

  /**
   * Registers an endpoint for events, signed with `X-Hetong-Signature` by the secret in this answer
   * (store it now: no other answer shows it). No Idempotency-Key on purpose (a stored replay would
   * hold the secret): unsure whether it went through, list the endpoints and disable extras.
   */
  createWebhook(input: WebhookRequest): Promise<RegisteredWebhookInfo> {
    return this.request('POST', '/api/v1/webhooks', { body: input });
  }

  /** The line's endpoints, newest first (disabled ones too). */
  async webhooks(): Promise<WebhookEndpointInfo[]> {
    return (await this.request<WebhookListWire>('GET', '/api/v1/webhooks')).items;
  }

  webhook(id: string): Promise<WebhookEndpointInfo> {
    return this.request('GET', `/api/v1/webhooks/${encodeURIComponent(id)}`);
  }

  /** DELETE /webhooks/{id}: disables the endpoint, kept with its delivery log; pending deliveries fail. */
  disableWebhook(id: string): Promise<WebhookEndpointInfo> {
    return this.request('DELETE', `/api/v1/webhooks/${encodeURIComponent(id)}`);
  }

  /** Deliveries to an endpoint, newest first, each with its attempt log. */
  webhookDeliveries(
    endpointId: string,
    query: WebhookDeliveriesQueryInput = {},
  ): Promise<Page<WebhookDeliveryInfo>> {
    return this.request('GET', `/api/v1/webhooks/${encodeURIComponent(endpointId)}/deliveries`, { query });
  }

  /** The deliveries of one contract's events to every endpoint, newest first. */
  contractWebhookDeliveries(
    contractId: string,
    query: ContractDeliveriesQueryInput = {},
  ): Promise<Page<WebhookDeliveryInfo>> {
    const q: ContractDeliveriesQuery = { ...query, contractId };
    return this.request('GET', '/api/v1/webhook-deliveries', { query: q });
  }

  webhookDelivery(id: string): Promise<WebhookDeliveryInfo> {
    return this.request('GET', `/api/v1/webhook-deliveries/${encodeURIComponent(id)}`);
  }

  /** Tries a delivery again now (same event id, createdAt and data; signed afresh): 202. */
  redeliverWebhook(deliveryId: string): Promise<WebhookDeliveryInfo> {
    return this.request('POST', `/api/v1/webhook-deliveries/${encodeURIComponent(deliveryId)}/redeliver`);
  }

  verifyPdf(pdf: Uint8Array): Promise<VerificationReportInfo> {
    return this.request('POST', '/api/v1/verify', { body: pdf, contentType: 'application/pdf' });
  }

  async auditEvents(target: string): Promise<AuditEventInfo[]> {
    return (
      await this.request<ItemsWire<AuditEventInfo>>('GET', '/api/v1/audit-events', { query: { target } })
    ).items;
  }

  /** Verifies a person: name, resident ID number and phone (3-factor). */
  verifyPerson(input: PersonVerificationRequest, idempotencyKey?: string): Promise<RealNameInfo> {
    return this.request('POST', '/api/v1/real-name/persons', {
      body: input,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  /** Verifies an organization: name, unified social credit code and legal representative. */
  verifyOrganization(input: OrganizationVerificationRequest, idempotencyKey?: string): Promise<RealNameInfo> {
    return this.request('POST', '/api/v1/real-name/organizations', {
      body: input,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  }

  realName(id: string): Promise<RealNameInfo> {
    return this.request('GET', `/api/v1/real-name/${encodeURIComponent(id)}`);
  }

  /** A subject's real-name verifications, newest first. */
  realNames(filter: RealNameListQuery = {}): Promise<Page<RealNameInfo>> {
    return this.request('GET', '/api/v1/real-name', { query: filter });
  }

  /** The line's dictionaries (字典): its own lists over the built-in ones. */
  dictionaries(): Promise<ItemsWire<DictionaryInfo>> {
    return this.request('GET', '/api/v1/dictionaries');
  }

  dictionary(code: string): Promise<DictionaryInfo> {
    return this.request('GET', `/api/v1/dictionaries/${encodeURIComponent(code)}`);
  }

  /** Creates the list, or replaces its items (a built-in code is replaced for this line). */
  saveDictionary(code: string, body: DictionaryRequest): Promise<DictionaryInfo> {
    return this.request('PUT', `/api/v1/dictionaries/${encodeURIComponent(code)}`, { body });
  }

  async deleteDictionary(code: string): Promise<void> {
    await this.request('DELETE', `/api/v1/dictionaries/${encodeURIComponent(code)}`);
  }

  /** A contract's evidence package (ZIP), for `hetong evidence verify`. */
  evidencePackage(contractId: string): Promise<Buffer> {
    return this.#bytes(`/api/v1/contracts/${encodeURIComponent(contractId)}/evidence`, {});
  }

  /** The evidence log's latest checkpoint (signed note) and verifier key. */
  evidenceCheckpoint() {
    return this.request<{
      treeSize: number;
      rootHash: string;
      note: string;
      createdAt: number;
      logKey: string;
    }>('GET', '/api/v1/evidence/checkpoint');
  }

  /** Inclusion proof of one of this line's events (default: against the latest checkpoint). */
  inclusionProof(leafIndex: number, treeSize?: number) {
    return this.request<{ leafIndex: number; treeSize: number; leaf: string; hashes: string[] }>(
      'GET',
      '/api/v1/evidence/inclusion',
      { query: { leafIndex, treeSize } },
    );
  }

  consistencyProof(from: number, to: number) {
    return this.request<{ from: number; to: number; hashes: string[] }>(
      'GET',
      '/api/v1/evidence/consistency',
      {
        query: { from, to },
      },
    );
  }
}

/**
 * A multipart boundary derived from the content: a retry of the same upload sends the same bytes,
 * so its Idempotency-Key matches the first request (the server hashes the raw body).
 */
function contentBoundary(fields: Record<string, string>, files: Uint8Array[]): string {
  const h = createHash('sha256').update(JSON.stringify(fields));
  for (const f of files) h.update(f);
  return `hetong-${h.digest('hex').slice(0, 32)}`;
}

function apiError(res: RawResponse): HetongApiError {
  const text = res.body.toString('utf8');
  let err: { code?: string; message?: string; details?: unknown } | undefined;
  try {
    err = (JSON.parse(text) as { error?: typeof err }).error;
  } catch {
    err = undefined;
  }
  return new HetongApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? text, err?.details);
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
