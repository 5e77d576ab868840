/**
 * Validation of a value a handler takes out of a request itself — the JSON part of a multipart
 * upload — by the route's own validator compiler: Fastify's ajv with the server's options
 * (server.ts), the one that validates every JSON body. A refusal is the VALIDATION_FAILED answer
 * Fastify's own validation gives (errors.ts validationFailed), so one rule reads alike on both
 * transports.
 */
import type { FastifyRequest } from 'fastify';
import { validationFailed } from './errors.js';

/** Validates `value` as `request`'s body by `schema` (compiled once per route); throws VALIDATION_FAILED. */
export function validateAsBody(request: FastifyRequest, schema: object, value: unknown): void {
  const validate = request.compileValidationSchema(schema, 'body');
  if (!validate(value)) throw validationFailed('body', validate.errors ?? []);
}
