export {
  AdminService,
  SESSION_TTL_MS,
  sessionIdOf,
  type AuthenticatedSession,
  type LoginResult,
} from './accounts.js';
export { hashPassword, verifyPassword, randomPassword } from './passwords.js';
export { LoginThrottle, DEFAULT_THROTTLE, afterFailure, type ThrottlePolicy } from './throttle.js';
