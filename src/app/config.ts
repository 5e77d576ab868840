import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';

/**
 * Service configuration from `HETONG_*` environment variables (and a `.env` file in the working
 * directory, whose values never override the real environment). Every CLI command reads it too.
 */
export interface Config {
  port: number;
  host: string;
  /** Root of embedded state: SQLite database, local blobs, key files. */
  dataDir: string;
  /** `postgres://…` selects PostgreSQL; unset means SQLite under `dataDir`. */
  databaseUrl?: string;
  /** SQLite durability: NORMAL survives process crashes, FULL also power loss (slower). */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Default request body limit in bytes. */
  bodyLimit: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (login throttling, audit). */
  trustProxy: boolean;
  /** 32-byte key-encryption key, hex or base64; unset means a generated key file under `dataDir`. */
  masterKey?: string;
  /** Public base URL used in certificates (CRL, AIA) and links; defaults to http://localhost:PORT. */
  publicUrl: string;
  s3?: {
    endpoint?: string;
    region: string;
    bucket: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    forcePathStyle: boolean;
    prefix: string;
  };
  logLevel: string;
  /** Intent codes and reminders by e-mail: `smtp://user:pass@host:port` or `smtps://…` (nodemailer). */
  smtp?: { url: string; from: string };
  /** Intent codes and reminders by SMS: an HTTP gateway, requests signed with the secret. */
  smsGateway?: { url: string; secret: string };
  /** Webhooks to private and loopback addresses (tests, trusted networks only). */
  webhookAllowPrivate: boolean;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** The evidence log: its origin line, and where checkpoints are anchored (RFC 3161 TSA, witnesses). */
  evidence: { origin?: string; tsaUrl?: string; witnessUrls: string[] };
  /**
   * Real-name verification (实名认证). No commercial vendor is reachable from here: `manual` (the
   * default) leaves each request pending for an operator; `http` asks the signed JSON endpoint of
   * src/identity/real-name/http-provider.ts, which an operator puts in front of their vendor.
   */
  realName: RealNameConfig;
}

export type RealNameConfig = { validityDays: number } & (
  | { provider: 'manual' }
  | { provider: 'http'; url: string; appKey: string; secret: string; timeoutMs: number }
);

let dotenvLoaded = false;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env === process.env && !dotenvLoaded) {
    loadDotenv({ quiet: true });
    dotenvLoaded = true;
  }
  const port = intOr(env.HETONG_PORT, 8080);
  const host = env.HETONG_HOST ?? '0.0.0.0';
  const config: Config = {
    port,
    host,
    dataDir: resolve(env.HETONG_DATA_DIR ?? './data'),
    publicUrl: (env.HETONG_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: env.HETONG_LOG_LEVEL ?? 'info',
    sqliteSynchronous: env.HETONG_SQLITE_SYNCHRONOUS?.toUpperCase() === 'FULL' ? 'FULL' : 'NORMAL',
    bodyLimit: positiveInt(env.HETONG_BODY_LIMIT, 1_048_576, 'HETONG_BODY_LIMIT'),
    trustProxy: env.HETONG_TRUST_PROXY === 'true',
    webhookAllowPrivate: env.HETONG_WEBHOOK_ALLOW_PRIVATE === 'true',
    realName: { provider: 'manual', validityDays: 365 },
    evidence: {
      witnessUrls: (env.HETONG_EVIDENCE_WITNESS_URLS ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
      ...(env.HETONG_EVIDENCE_ORIGIN ? { origin: env.HETONG_EVIDENCE_ORIGIN } : {}),
      ...(env.HETONG_EVIDENCE_TSA_URL ? { tsaUrl: env.HETONG_EVIDENCE_TSA_URL } : {}),
    },
  };
  if (env.HETONG_SQLITE_SYNCHRONOUS && !/^(normal|full)$/i.test(env.HETONG_SQLITE_SYNCHRONOUS))
    throw new Error(`HETONG_SQLITE_SYNCHRONOUS must be NORMAL or FULL, not ${env.HETONG_SQLITE_SYNCHRONOUS}`);
  if (env.HETONG_DATABASE_URL) config.databaseUrl = env.HETONG_DATABASE_URL;
  config.realName = realNameConfig(env);
  if (env.HETONG_MASTER_KEY) config.masterKey = env.HETONG_MASTER_KEY;
  if (env.HETONG_METRICS_TOKEN) config.metricsToken = env.HETONG_METRICS_TOKEN;
  if (env.HETONG_SMTP_URL)
    config.smtp = { url: env.HETONG_SMTP_URL, from: env.HETONG_SMTP_FROM ?? 'Hetong <no-reply@localhost>' };
  if (env.HETONG_SMS_GATEWAY_URL) {
    if (!env.HETONG_SMS_GATEWAY_SECRET)
      throw new Error('HETONG_SMS_GATEWAY_SECRET must be set when HETONG_SMS_GATEWAY_URL is');
    config.smsGateway = { url: env.HETONG_SMS_GATEWAY_URL, secret: env.HETONG_SMS_GATEWAY_SECRET };
  }
  if (env.HETONG_S3_BUCKET) {
    config.s3 = {
      endpoint: env.HETONG_S3_ENDPOINT,
      region: env.HETONG_S3_REGION ?? 'us-east-1',
      bucket: env.HETONG_S3_BUCKET,
      accessKeyId: env.HETONG_S3_ACCESS_KEY_ID,
      secretAccessKey: env.HETONG_S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.HETONG_S3_FORCE_PATH_STYLE !== 'false',
      prefix: env.HETONG_S3_PREFIX ?? '',
    };
  }
  return config;
}

function realNameConfig(env: NodeJS.ProcessEnv): RealNameConfig {
  const validityDays = positiveInt(env.HETONG_REALNAME_VALIDITY_DAYS, 365, 'HETONG_REALNAME_VALIDITY_DAYS');
  const provider = env.HETONG_REALNAME_PROVIDER ?? 'manual';
  if (provider === 'manual') return { provider, validityDays };
  if (provider !== 'http')
    throw new Error(`HETONG_REALNAME_PROVIDER must be manual or http, not ${provider}`);
  const missing = ['HETONG_REALNAME_URL', 'HETONG_REALNAME_APP_KEY', 'HETONG_REALNAME_SECRET'].filter(
    (name) => !env[name],
  );
  if (missing.length > 0) throw new Error(`HETONG_REALNAME_PROVIDER=http needs ${missing.join(', ')}`);
  return {
    provider,
    validityDays,
    url: env.HETONG_REALNAME_URL!,
    appKey: env.HETONG_REALNAME_APP_KEY!,
    secret: env.HETONG_REALNAME_SECRET!,
    timeoutMs: positiveInt(env.HETONG_REALNAME_TIMEOUT_MS, 10_000, 'HETONG_REALNAME_TIMEOUT_MS'),
  };
}

function intOr(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`not a valid port number: ${value}`);
  return n;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, not ${value}`);
  return n;
}
