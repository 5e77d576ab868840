/**
 * The tasks the task pool's workers run (loaded in each worker; the main thread imports only its
 * type). Inputs and outputs cross the thread boundary by structured clone.
 */
import { compileToJson, type CompileJobInput } from '../../render/pool/index.js';
import { normalizeSealImage, type SealImageJob } from '../../seals/upload.js';
import { verifyPdf, type VerifyOptions } from '../../signing/index.js';

export const TASKS = {
  verify: (input: { pdf: Uint8Array; options: VerifyOptions }) => verifyPdf(input.pdf, input.options),
  sealImage: (input: SealImageJob) => normalizeSealImage(input),
  compileTemplate: (input: CompileJobInput) => compileToJson(input),
};

export type Tasks = typeof TASKS;
