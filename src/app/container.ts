/**
 * The composition root: builds every adapter and service from the configuration and wires them
 * into the HTTP edge and the job runner. The only place that knows concrete implementations.
 */
import { join } from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { AdminService } from '../admin/accounts.js';
import { ContractService } from '../contracts/index.js';
import { AuthorizationService } from '../contracts/authorizations.js';
import { AutoSigner } from '../contracts/auto-sign.js';
import { AuthorizationLetters } from '../contracts/delegation/letters.js';
import type { SignFlows } from '../contracts/flow/bundle.js';
import type { ContractEventSink } from '../contracts/flow/events.js';
import { COMPLETE_CONTRACT, SignFlowService } from '../contracts/flow/service.js';
import { SignerKeys } from '../contracts/flow/signer-keys.js';
import { LinkService } from '../contracts/links.js';
import { REMIND_DUE, REMINDER_POLICY, Reminders } from '../contracts/reminders.js';
import {
  messagingEvents,
  SEND_COMPLETION,
  SEND_INVITATION,
  SignerMessages,
  type SignerMessagePayload,
} from '../contracts/signer-messages.js';
import { ContractRepository } from '../store/repositories/contracts.js';
import { SceneService } from '../contracts/scenes.js';
import { SigningSessionService } from '../contracts/session.js';
import { IntentVerifier } from '../identity/intent.js';
import {
  HttpRealNameProvider,
  ManualProvider,
  RealNameService,
  type RealNameProvider,
} from '../identity/real-name/index.js';
import { createNotifier, type LogFunction } from '../notify/channels/index.js';
import type { Notifier } from '../notify/channels/channel.js';
import { NotificationTexts, withLineTexts } from '../notify/texts/service.js';
import { registerWebhookJobs, WebhookService } from '../notify/webhooks/index.js';
import { SubjectCertificateRepository } from '../store/repositories/authorizations.js';
import { registerContractJobs } from '../contracts/expiry.js';
import { LoginThrottle, type ThrottlePolicy } from '../admin/throttle.js';
import { AuditTrail } from '../evidence/audit.js';
import { CheckpointAnchoring } from '../evidence/log/anchoring.js';
import { LogKeys } from '../evidence/log/log-key.js';
import { LogStore } from '../evidence/log/log-store.js';
import { TransparencyLog } from '../evidence/log/transparency-log.js';
import { WitnessClient } from '../evidence/log/witness.js';
import { EvidencePackager } from '../evidence/package/build.js';
import { renderEvidenceReport } from '../evidence/package/report.js';
import type { EvidenceEndpoints } from '../http/routes/evidence.js';
import { evidenceSource } from './evidence-source.js';
import type { PkiEndpoints } from '../http/deps.js';
import { Metrics } from '../http/metrics.js';
import { buildServer, type ServerOptions } from '../http/server.js';
import { DbJobQueue } from '../jobs/db-queue.js';
import { JobRunner } from '../jobs/runner.js';
import { registerSweepJobs } from '../jobs/sweep.js';
import { registerOrphanSweep } from '../jobs/orphans.js';
import { DbPkiStore, openBuiltinCa, type BuiltinCa } from '../pki/index.js';
import { MasterKey } from '../pki/master-key.js';
import { importFilePkiStore } from '../pki/store/db-pki-store-import.js';
import { CertificateDirectory } from '../pki/store/certificate-directory.js';
import { HttpTimestampAuthority } from '../pki/tsa/client.js';
import { RenderEngine } from '../render/index.js';
import { PopplerRasterizer, type PdfPageRasterizer } from '../render/pdf-pages/index.js';
import type { BlobStore } from '../store/blobs/blob-store.js';
import { FsBlobStore } from '../store/blobs/fs.js';
import { S3BlobStore } from '../store/blobs/s3.js';
import { openStore, type Store } from '../store/database.js';
import { AdminAccountRepository } from '../store/repositories/admin-accounts.js';
import { ApiNonceRepository } from '../store/repositories/api-nonces.js';
import { BusinessLineRepository } from '../store/repositories/business-lines.js';
import { IdempotencyKeyRepository } from '../store/repositories/idempotency-keys.js';
import { LoginThrottleRepository } from '../store/repositories/login-throttle.js';
import { TemplateGroupRepository } from '../store/repositories/template-groups.js';
import { TrustAnchorRepository } from '../store/repositories/trust-anchors.js';
import { SealService } from '../seals/service.js';
import { TemplateService } from '../templates/index.js';
import { RequestAuthenticator } from '../tenancy/authenticator.js';
import { BusinessLineService } from '../tenancy/business-lines.js';
import { DictionaryService } from '../tenancy/dictionary-service.js';
import type { Config } from './config.js';
import { Offload } from './tasks/index.js';
import type { VerificationReport, VerifyOptions } from '../signing/index.js';
import { HetongError } from '../shared/errors.js';

export const VERSION = '0.1.0';
const EVIDENCE_INTEGRATE = 'evidence.integrate';

export interface Services {
  config: Config;
  store: Store;
  blobs: BlobStore;
  masterKey: MasterKey;
  audit: AuditTrail;
  /** The evidence log every audit event is a leaf of (sequenced and checkpointed by a job), packages. */
  evidence: EvidenceEndpoints;
  /** Shows the newest checkpoint to the configured TSA and witnesses (a job). */
  evidenceAnchoring: CheckpointAnchoring;
  businessLines: BusinessLineService;
  admin: AdminService;
  queue: DbJobQueue;
  metrics: Metrics;
  templates: TemplateService;
  contracts: ContractService;
  /** The built-in CA's storage: the service database, shared with the CLI and every node. */
  pkiStore: DbPkiStore;
  /** The built-in CA, opened (and created on first start) on first use. */
  ca(): Promise<BuiltinCa>;
  seals: SealService;
  /** Sign flows: links, sessions, signing, automatic signing, scenes, authorizations, reminders. */
  signFlows: SignFlows;
  notifier: Notifier;
  /** Webhook endpoints and deliveries; `.outbox` is where contracts and templates emit events. */
  webhooks: WebhookService;
  trustAnchors: TrustAnchorRepository;
  /** The verifier's anchors: the built-in root plus the imported ones. */
  verificationAnchors(): Promise<Uint8Array[]>;
  /** Pictures of the pages of uploaded PDFs (poppler's pdftoppm, where installed). */
  pdfPages: PdfPageRasterizer;
  /** Verification and image decoding in the task pool (started on first use). */
  /** In the task pool, in the lane of `businessLineId` when one is given. */
  verifyPdf(pdf: Uint8Array, options: VerifyOptions, businessLineId?: string): Promise<VerificationReport>;
  /** Real-name verification (实名认证) through the configured provider. */
  realName: RealNameService;
  /** The lines' dictionaries (字典) over the built-in ones. */
  dictionaries: DictionaryService;
  /** The lines' own wording of messages (通知配置). */
  notificationTexts: NotificationTexts;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Test hook: an existing store (e.g. a fresh PostgreSQL schema). */
  store?: Store;
  throttle?: ThrottlePolicy;
  /** Pre-generated RSA keys of the built-in CA (default 4; tests use 0). */
  rsaPoolSize?: number;
  /** Where the log message channel writes (intent codes when no SMS/SMTP is configured). */
  log?: LogFunction;
}

/**
 * Two processes started at once on a fresh SQLite file (two CLI commands, or a command beside the
 * service) both try to migrate; the loser's deferred transaction cannot upgrade its lock
 * (SQLITE_BUSY, not retried by busy_timeout). Waiting and retrying finds the schema migrated by
 * the winner. (On PostgreSQL Kysely's migrator holds a lock row while it runs.)
 */
async function migrateWithRetry(store: Store, attempts = 6): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await store.migrate();
      return;
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 50 * i + Math.floor(Math.random() * 100)));
    }
  }
}

/** Opens the store (and migrates it), the blob store and the services. No HTTP, no jobs. */
export async function openServices(config: Config, options: ServiceOptions = {}): Promise<Services> {
  // With PostgreSQL several nodes share one database: a key file generated per node would seal each
  // node's secrets under a different key, and the others could not open them.
  if (config.databaseUrl && !config.masterKey)
    throw new HetongError(
      'CONFIG_MASTER_KEY_REQUIRED',
      500,
      'HETONG_MASTER_KEY must be set when HETONG_DATABASE_URL is: every node needs the same 32-byte key ' +
        '(e.g. `openssl rand -hex 32`)',
    );
  const store =
    options.store ??
    openStore({
      dataDir: config.dataDir,
      sqliteSynchronous: config.sqliteSynchronous,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    });
  await migrateWithRetry(store);
  const blobs: BlobStore = config.s3
    ? new S3BlobStore(config.s3)
    : await FsBlobStore.open(join(config.dataDir, 'blobs'));
  const masterKey = MasterKey.fromConfig({
    dataDir: config.dataDir,
    ...(config.masterKey ? { masterKey: config.masterKey } : {}),
  });
  const audit = new AuditTrail(store.db);
  const logKeys = new LogKeys(store.db, masterKey, {
    publicUrl: config.publicUrl,
    ...(config.evidence.origin ? { origin: config.evidence.origin } : {}),
  });
  const evidenceLog = new TransparencyLog(store.db, new LogStore(store.dialect), logKeys);
  const lineRepo = new BusinessLineRepository(store.db);
  const businessLines = new BusinessLineService(lineRepo, masterKey, audit);
  const admin = new AdminService(
    new AdminAccountRepository(store.db),
    new LoginThrottle(new LoginThrottleRepository(store.db), options.throttle),
    audit,
  );
  const queue = new DbJobQueue(store.db, store.dialect);
  const metrics = new Metrics();
  metrics.gauge('hetong_jobs_queue_depth', 'pending jobs in the durable queue', () => queue.depth());
  const renders = metrics.counter('hetong_renders_total', 'contract documents rendered');
  // The render pool starts its worker threads on first use: commands and tests that never
  // render do not pay for them.
  let engine: RenderEngine | undefined;
  const render = () => (engine ??= new RenderEngine({ compiler: (job) => tasks().compileTemplate(job) }));
  const pdfPages = new PopplerRasterizer();
  // Likewise the task pool: verification and image decoding, off the event loop (issue #14).
  let offload: Offload | undefined;
  const tasks = () => (offload ??= new Offload());
  metrics.gauge('hetong_task_queue_depth', 'verifications and image decodings waiting for a worker', () =>
    Promise.resolve(offload?.pool.queued ?? 0),
  );
  const templateGroups = new TemplateGroupRepository(store.db);
  const webhooks = new WebhookService({
    db: store.db,
    dialect: store.dialect,
    masterKey,
    audit,
    allowPrivate: config.webhookAllowPrivate,
  });
  const templates = new TemplateService({
    db: store.db,
    blobs,
    audit,
    groups: templateGroups,
    render,
    events: webhooks.outbox,
  });
  // Webhook events, and in the same transaction the signers' invitations and completion messages.
  const events: ContractEventSink = messagingEvents(
    webhooks.outbox,
    async (db, type, payload, uniqueKey) => {
      await new DbJobQueue(db, store.dialect).enqueue(type, payload, {
        uniqueKey,
        uniqueScope: 'always',
        maxAttempts: 10,
      });
    },
    (db, contractId) => new ContractRepository(db).signers(contractId),
  );
  const contracts = new ContractService({
    db: store.db,
    blobs,
    audit,
    templates,
    render,
    pdfPages,
    events,
    onRendered: () => renders.inc(),
  });
  metrics.gauge('hetong_page_images_cached', 'page images of contracts held for the signing pages', () =>
    Promise.resolve(contracts.pageImagesCached),
  );
  const pkiStore = new DbPkiStore(store.db);
  let ca: Promise<BuiltinCa> | undefined;
  const openCa = () =>
    (ca ??= (async () => {
      // An installation that used the file CA keeps it (and its custody keys) on upgrade.
      await importFilePkiStore(config.dataDir, pkiStore);
      return openBuiltinCa({
        store: pkiStore,
        masterKey,
        publicUrl: config.publicUrl,
        ...(options.rsaPoolSize !== undefined ? { rsaPoolSize: options.rsaPoolSize } : {}),
      });
    })());
  const trustAnchors = new TrustAnchorRepository(store.db);
  const seals = new SealService({
    db: store.db,
    blobs,
    audit,
    images: (job, line) => tasks().sealImage(job, line),
  });
  const signerKeys = new SignerKeys({ ca: openCa, certificates: new SubjectCertificateRepository(store.db) });
  const channels = createNotifier(config, options.log ?? ((obj, msg) => console.warn(msg, obj)));
  const notificationTexts = new NotificationTexts({ db: store.db, audit, notifier: channels });
  // Every message sent for a line goes out in its own wording when it set one (通知配置).
  const notifier = withLineTexts(channels, notificationTexts);
  const signatures = metrics.counter('hetong_signatures_total', 'PAdES signatures made for signers');
  const flows = new SignFlowService({
    db: store.db,
    blobs,
    audit,
    events,
    templates,
    keys: signerKeys,
    ca: openCa,
    enqueueIn: async (db, type, payload, { uniqueKey, delayMs }) => {
      await new DbJobQueue(db, store.dialect).enqueue(type, payload, {
        uniqueKey,
        runAt: Date.now() + delayMs,
        maxAttempts: 20,
      });
    },
    onSigned: (n) => signatures.inc({}, n),
  });
  const scenes = new SceneService({ db: store.db, audit });
  const realName = new RealNameService({
    db: store.db,
    audit,
    masterKey,
    provider: realNameProvider(config),
    events: webhooks.outbox,
    validityMs: config.realName.validityDays * 86_400_000,
  });
  const links = new LinkService({ db: store.db, audit, scenes, publicUrl: config.publicUrl });
  const authorizations = new AuthorizationService({
    db: store.db,
    audit,
    templates,
    letters: new AuthorizationLetters({
      render,
      keys: signerKeys,
      ca: openCa,
      seals,
      blobs,
      trustAnchors: async () => builtinAnchors(await openCa()),
    }),
  });
  const signFlows: SignFlows = {
    flows,
    links,
    scenes,
    authorizations,
    sessions: new SigningSessionService({
      db: store.db,
      flows,
      contracts,
      links,
      scenes,
      seals,
      intent: new IntentVerifier({
        db: store.db,
        notifier,
        hmacKey: masterKey.deriveKey('intent-code-hmac'),
      }),
      realName,
      authorizations,
    }),
    autoSigner: new AutoSigner({ db: store.db, flows, authorizations, seals }),
    reminders: new Reminders({ flows, links, notifier }),
    messages: new SignerMessages({ flows, links, notifier }),
  };
  const verificationAnchors = async () => [
    ...builtinAnchors(await openCa()),
    ...(await trustAnchors.certificates()),
  ];
  const evidence: EvidenceEndpoints = {
    log: evidenceLog,
    keys: logKeys,
    packages: new EvidencePackager({
      db: store.db,
      log: evidenceLog,
      keys: logKeys,
      source: {
        ...evidenceSource({
          db: store.db,
          contracts,
          trustAnchors: verificationAnchors,
          realName: (lineId, subject) => realName.standing(lineId, subject),
          letter: (lineId, id) => authorizations.letter(lineId, id),
        }),
        report: (input) => renderEvidenceReport(render(), input),
      },
    }),
  };
  const evidenceAnchoring = new CheckpointAnchoring({
    log: evidenceLog,
    ...(config.evidence.tsaUrl ? { tsa: new HttpTimestampAuthority(config.evidence.tsaUrl) } : {}),
    witnesses: config.evidence.witnessUrls.map((u) => new WitnessClient(u)),
  });
  return {
    pkiStore,
    ca: openCa,
    seals,
    signFlows,
    notifier,
    webhooks,
    trustAnchors,
    verificationAnchors,
    verifyPdf: (pdf, options, line) => tasks().verify(pdf, options, { tenant: line }),
    pdfPages,
    realName,
    config,
    store,
    blobs,
    masterKey,
    audit,
    evidence,
    evidenceAnchoring,
    dictionaries: new DictionaryService({ db: store.db, audit }),
    notificationTexts,
    businessLines,
    admin,
    queue,
    metrics,
    templates,
    contracts,
    close: async () => {
      await engine?.close();
      await offload?.close();
      await pdfPages.close();
      if (ca) (await ca).close();
      if (blobs instanceof S3BlobStore) blobs.destroy();
      await store.close();
    },
  };
}

/** No commercial real-name vendor is reachable from here: `manual` or the signed `http` protocol. */
function realNameProvider(config: Config): RealNameProvider {
  const c = config.realName;
  if (c.provider === 'manual') return new ManualProvider();
  return new HttpRealNameProvider({ url: c.url, appKey: c.appKey, secret: c.secret, timeoutMs: c.timeoutMs });
}

/**
 * The built-in CA's trust anchor: its root. Paths to it are built from the certificates a PDF
 * carries (the signature's CMS certificates, the timestamp token's, the DSS).
 */
export function builtinAnchors(ca: BuiltinCa): Uint8Array[] {
  return [ca.rootCertificate()];
}

export interface App {
  services: Services;
  server: FastifyInstance;
  runner: JobRunner;
  /** Graceful stop: refuse new requests, finish in-flight ones, stop jobs, close the database. */
  close(): Promise<void>;
}

export interface AppOptions extends ServiceOptions {
  logger?: FastifyServerOptions['logger'];
  extraRoutes?: ServerOptions['extraRoutes'];
  pki?: PkiEndpoints;
  /** Start the job runner (default true). */
  jobs?: boolean;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const services = await openServices(config, options);
  const { store } = services;
  const lineRepo = new BusinessLineRepository(store.db);
  const authenticator = new RequestAuthenticator(
    lineRepo,
    services.businessLines,
    new ApiNonceRepository(store.db),
  );
  const server = await buildServer(
    {
      store,
      blobs: services.blobs,
      audit: services.audit,
      businessLines: services.businessLines,
      authenticator,
      admin: services.admin,
      idempotency: new IdempotencyKeyRepository(store.db),
      templateGroups: new TemplateGroupRepository(store.db),
      queue: services.queue,
      metrics: services.metrics,
      templates: services.templates,
      contracts: services.contracts,
      signFlows: services.signFlows,
      ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
      webhooks: services.webhooks,
      evidence: services.evidence,
      seals: services.seals,
      trustAnchors: services.trustAnchors,
      certificates: new CertificateDirectory(store.db),
      dictionaries: services.dictionaries,
      notificationTexts: services.notificationTexts,
      realName: services.realName,
      verificationAnchors: services.verificationAnchors,
      verifyPdf: services.verifyPdf,
      pdfPages: services.pdfPages,
      // The PKI routes use the database-backed CA unless a test passes its own.
      pki: options.pki ?? {
        handleTimestampRequest: async (der) => (await services.ca()).handleTimestampRequest(der),
        issuingCrl: async () => (await services.ca()).crl('issuing'),
        rootCertificate: async () => (await services.ca()).rootCertificate(),
        issuingCertificate: async () => (await services.ca()).issuingCertificate(),
      },
    },
    {
      logger: options.logger ?? false,
      bodyLimit: config.bodyLimit,
      trustProxy: config.trustProxy,
      publicUrl: config.publicUrl,
      version: VERSION,
      ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
    },
  );
  const runner = new JobRunner(services.queue, {
    onError: (job, e) => server.log.error({ err: e, jobId: job.id, jobType: job.type }, 'job failed'),
  });
  registerSweepJobs(runner, { db: store.db, blobs: services.blobs });
  registerContractJobs(runner, { db: store.db, audit: services.audit });
  // The backup of the inline completion after the last signature (contracts/flow/service.ts).
  runner.register(COMPLETE_CONTRACT, async (payload) => {
    await services.signFlows.flows.complete((payload as { contractId: string }).contractId);
  });
  runner.register(SEND_INVITATION, async (payload) => {
    await services.signFlows.messages.invite(payload as SignerMessagePayload);
  });
  runner.register(SEND_COMPLETION, async (payload) => {
    await services.signFlows.messages.completed(payload as SignerMessagePayload);
  });
  runner.every(REMIND_DUE, REMINDER_POLICY.scheduledEveryMs, () => services.signFlows.reminders.remindDue());
  registerOrphanSweep(runner, { db: store.db, blobs: services.blobs });
  // Events join the log within seconds; a checkpoint is signed when due (≥ 1 a minute while growing).
  // Then the newest checkpoint is shown to the TSA and witnesses, when configured.
  runner.every(EVIDENCE_INTEGRATE, 5_000, async () => {
    await services.evidence.log.integrate();
    await services.evidenceAnchoring.anchorLatest();
  });
  registerWebhookJobs(runner, {
    db: store.db,
    dialect: store.dialect,
    masterKey: services.masterKey,
    allowPrivate: config.webhookAllowPrivate,
  });
  if (options.jobs !== false) runner.start();
  let closing: Promise<void> | undefined;
  return {
    services,
    server,
    runner,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await runner.stop();
        await services.close();
      })()),
  };
}
