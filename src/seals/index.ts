/**
 * Seals (印章): generated organisation round seals and personal square name seals, uploaded seal
 * images, handwritten signatures — deterministic RGBA PNGs — and the `Seal` domain type with its
 * pure life-cycle functions (the repository lives with the database).
 */
export { renderRoundSeal, roundSealSvg, SEAL_RED, type RoundSealSpec } from './round-seal.js';
export { renderSquareSeal, squareSealSvg, type SquareSealSpec } from './square-seal.js';
export {
  normalizeUploadedSeal,
  normalizeHandwriting,
  readUploadedImage,
  DEFAULT_UPLOAD_LIMITS,
  type UploadLimits,
  type UploadedSealOptions,
} from './upload.js';
export {
  createSeal,
  disableSeal,
  enableSeal,
  replaceSeal,
  usableSeals,
  assertUsable,
  type Seal,
  type NewSeal,
  type SealKind,
  type SealStatus,
} from './seal.js';
export {
  SealService,
  type SealSubject,
  type SealView,
  type SealImageInput,
  type GenerateSpec,
} from './service.js';
