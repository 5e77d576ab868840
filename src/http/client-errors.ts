/**
 * Errors raised before a request reaches a route — by Node's HTTP parser (headers or URL too large,
 * malformed request) or by Fastify's router (a URL whose percent-encoding is broken) — answered in
 * the one error format `{ error: { code, message } }` like every other refusal (DESIGN.md "Public
 * API conventions"), not in Fastify's or Node's own bodies.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './errors.js';

interface ClientRefusal {
  status: number;
  reason: string;
  code: string;
  message: string;
}

/** Node's llhttp error codes (and its request timeout) mapped to our answers. */
function refusalFor(err: Error & { code?: string }): ClientRefusal {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      // Node counts the request line with the headers (--max-http-header-size, 16 KiB by default),
      // so an overlong URL lands here too (RFC 9110 §15.5.15 would allow 414; 431 names both).
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        code: 'REQUEST_HEADERS_TOO_LARGE',
        message: 'the URL and headers together exceed 16 KiB; send long values in the body',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        code: 'REQUEST_TIMEOUT',
        message: 'the request was not received in time',
      };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        code: 'MALFORMED_REQUEST',
        message: 'the request is not valid HTTP/1.1',
      };
  }
}

/** Fastify's `clientErrorHandler`: writes the answer on the raw socket and closes it. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A peer that went away needs no answer (Fastify's default does the same).
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(err);
    return;
  }
  const r = refusalFor(err);
  const body = JSON.stringify({ error: { code: r.code, message: r.message } } satisfies ErrorBody);
  socket.end(
    `HTTP/1.1 ${r.status} ${r.reason}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** Fastify's `frameworkErrors`: router errors before any route or hook runs. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const invalidUrl = error.code === 'FST_ERR_BAD_URL';
  // The onSend hook that echoes the request id does not run for these answers.
  void reply
    .header('x-request-id', request.id)
    .code(400)
    .type('application/json; charset=utf-8')
    .send({
      error: invalidUrl
        ? { code: 'URL_INVALID', message: 'the URL is not valid: a percent-encoded sequence is broken' }
        : { code: 'MALFORMED_REQUEST', message: 'the request could not be routed' },
    } satisfies ErrorBody);
}
