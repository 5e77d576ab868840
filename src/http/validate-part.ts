/**
 * Validation of a value a handler takes out of a request itself — the JSON part of a multipart
 * upload — by the route's own validator compiler: Fastify's ajv with the server's options
 * (server.ts), the one that validates every JSON body. A refusal is the VALIDATION_FAILED answer
 * Fastify's own validation gives (errors.ts validationFailed), so one rule reads alike on both
 * transports.
 */
import type { FastifyRequest } from 'fastify';
import { validationFailed } from './errors.js';
import type { FromSchema } from './wire/from-schema.js';

/** Validates `value` as `request`'s body by `schema` (compiled once per route); throws VALIDATION_FAILED. */
export function validateAsBody(request: FastifyRequest, schema: object, value: unknown): void {
  const validate = request.compileValidationSchema(schema, 'body');
  if (!validate(value)) throw validationFailed('body', validate.errors ?? []);
}

/** `value` validated as `request`'s body by `schema`, typed as the schema describes it. */
export function bodyBySchema<S extends object>(
  request: FastifyRequest,
  schema: S,
  value: unknown,
): FromSchema<S> {
  validateAsBody(request, schema, value);
  return value as FromSchema<S>;
}
