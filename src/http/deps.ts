import type { AdminService } from '../admin/accounts.js';
import type { ContractService } from '../contracts/index.js';
import type { RealNameService } from '../identity/real-name/index.js';
import type { SignFlows } from '../contracts/flow/bundle.js';
import type { AuditTrail } from '../evidence/audit.js';
import type { CertificateDirectory } from '../pki/store/certificate-directory.js';
import type { JobQueue } from '../jobs/queue.js';
import type { SealService } from '../seals/service.js';
import type { PdfPageRasterizer } from '../render/pdf-pages/index.js';
import type { VerificationReport, VerifyOptions } from '../signing/index.js';
import type { NotificationTexts } from '../notify/texts/service.js';
import type { WebhookService } from '../notify/webhooks/index.js';
import type { BlobStore } from '../store/blobs/blob-store.js';
import type { Store } from '../store/database.js';
import type { IdempotencyKeyRepository } from '../store/repositories/idempotency-keys.js';
import type { TemplateGroupRepository } from '../store/repositories/template-groups.js';
import type { TrustAnchorRepository } from '../store/repositories/trust-anchors.js';
import type { TemplateService } from '../templates/index.js';
import type { BusinessLineService } from '../tenancy/business-lines.js';
import type { DictionaryService } from '../tenancy/dictionary-service.js';
import type { RequestAuthenticator } from '../tenancy/authenticator.js';
import type { Metrics } from './metrics.js';
import type { EvidenceEndpoints } from './routes/evidence.js';

/** The PKI endpoints' data, present once the PKI capability is wired. */
export interface PkiEndpoints {
  handleTimestampRequest(der: Uint8Array): Promise<Uint8Array>;
  issuingCrl(): Promise<Uint8Array>;
  rootCertificate(): Promise<Uint8Array>;
  issuingCertificate(): Promise<Uint8Array>;
}

/** What the HTTP edge needs from the rest of the service (built by the composition root). */
export interface HttpDeps {
  store: Store;
  blobs: BlobStore;
  audit: AuditTrail;
  businessLines: BusinessLineService;
  authenticator: RequestAuthenticator;
  admin: AdminService;
  idempotency: IdempotencyKeyRepository;
  templateGroups: TemplateGroupRepository;
  queue: JobQueue;
  metrics: Metrics;
  pki?: PkiEndpoints;
  /** Seals API, verification API and the admin trust-anchor API (registered when present). */
  seals?: SealService;
  trustAnchors?: TrustAnchorRepository;
  verificationAnchors?: () => Promise<Uint8Array[]>;
  /** The verifier off the event loop (the task pool); without it the route verifies inline. */
  verifyPdf?: (
    pdf: Uint8Array,
    options: VerifyOptions,
    businessLineId?: string,
  ) => Promise<VerificationReport>;
  /** Pictures of the pages of uploaded PDFs (poppler; absent or without pdftoppm: 503). */
  pdfPages?: PdfPageRasterizer;
  /** Templates and contracts APIs (registered when present). */
  templates?: TemplateService;
  contracts?: ContractService;
  /** When set, GET /metrics needs `Authorization: Bearer <token>` (HETONG_METRICS_TOKEN). */
  metricsToken?: string;
  /** Signing links, sessions, automatic signing, scenes, authorizations (registered when present). */
  signFlows?: SignFlows;
  /** Webhook endpoints and deliveries API (registered when present). */
  webhooks?: WebhookService;
  /** The evidence log and packages (registered when present). */
  evidence?: EvidenceEndpoints;
  /** The built-in CA's issued certificates for the console: list, download, revoke. */
  certificates?: CertificateDirectory;
  /** The lines' own wording of messages (通知配置) and test sends (registered when present). */
  notificationTexts?: NotificationTexts;
  /** The line's dictionaries (字典) over the built-in ones (registered when present). */
  dictionaries?: DictionaryService;
  /** Real-name verification API and the console's manual review (registered when present). */
  realName?: RealNameService;
}
