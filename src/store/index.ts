export { openStore, type Db, type Store, type StoreOptions } from './database.js';
export { LATEST_MIGRATION, type Dialect } from './migrations.js';
export type { Database } from './schema.js';
export { newId, isId, type IdPrefix } from './ids.js';
export {
  BusinessLineRepository,
  publicView,
  type BusinessLine,
  type BusinessLineCredentials,
} from './repositories/business-lines.js';
export {
  AdminAccountRepository,
  accountView,
  ADMIN_ROLES,
  type AdminAccount,
  type AdminAccountWithHash,
  type AdminRole,
  type AdminSession,
} from './repositories/admin-accounts.js';
export { LoginThrottleRepository, type ThrottleState } from './repositories/login-throttle.js';
export { ApiNonceRepository } from './repositories/api-nonces.js';
export { IdempotencyKeyRepository, type StoredResponse } from './repositories/idempotency-keys.js';
export { TemplateGroupRepository, type TemplateGroup } from './repositories/template-groups.js';
export type { BlobStore } from './blobs/blob-store.js';
export { FsBlobStore } from './blobs/fs.js';
export { S3BlobStore, type S3BlobStoreOptions } from './blobs/s3.js';
