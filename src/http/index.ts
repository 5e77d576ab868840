export { buildServer, type ServerOptions } from './server.js';
export type { HttpDeps, PkiEndpoints } from './deps.js';
export { Metrics, Counter, Histogram } from './metrics.js';
export { idempotent, type HandlerResult } from './idempotency.js';
export { businessLineOf, signedRequestAuth, adminSessionAuth, requireRole } from './auth.js';
export { actorOf } from './context.js';
export { toErrorResponse } from './errors.js';
export { parseMultipart, buildMultipart, type MultipartBody, type MultipartFile } from './multipart.js';
