export { BusinessLineService, appSecretAad, type IssuedCredentials } from './business-lines.js';
export { RequestAuthenticator, type SignedRequest } from './authenticator.js';
export type { ActorContext } from './context.js';
export { CLI_ACTOR, SYSTEM_ACTOR } from './context.js';
export {
  canonicalString,
  computeSignature,
  signatureMatches,
  SIGNATURE_WINDOW_MS,
  HEADER_APP_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  type SignatureInput,
} from './signature.js';
