/**
 * Request bodies: every body is read into memory once, bounded by the route's body limit, and kept
 * as `request.rawBody` — the request signature covers the exact bytes received, multipart too.
 * Then the content type's parser works on those bytes. Only the types below are accepted; any other
 * gets 415 UNSUPPORTED_MEDIA_TYPE. A multipart body is watched while it arrives (multipart-scan.ts),
 * so that a text part over the JSON cap is refused at the cap, not after the whole upload.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HetongError } from '../shared/errors.js';
import { lingerOnClose } from './linger.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { MultipartScanner } from './multipart-scan.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

/** Binary types some routes take as a Buffer body (TSA queries, PDFs, Word files). */
export const BINARY_TYPES = [
  'application/octet-stream',
  'application/pdf',
  'application/timestamp-query',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

/**
 * JSON bodies are small by nature (metadata; files go as multipart or binary bodies), so they are
 * capped here whatever the route's limit: a route that takes a 60 MB multipart upload must not
 * make the server JSON.parse 60 MB.
 */
export const JSON_BODY_LIMIT = 1_048_576;

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^\s*application\/json\s*(;|$)/i.test(type);
}

function tooLarge(limit: number): HetongError {
  return new HetongError('BODY_TOO_LARGE', 413, `the request body is larger than ${limit} bytes`, { limit });
}

/**
 * A refusal answered while the client may still be sending ends the connection (not reused
 * mid-body): `Connection: close`, and a lingering close once the answer is out (linger.ts).
 */
function closeAfterAnswer(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('connection', 'close');
  lingerOnClose(request.raw.socket);
}

/**
 * Reads the body into memory up to `limit` bytes, handing every chunk to `watch` first (which may
 * refuse the body by throwing). After a refusal the rest of the body is read and dropped, nothing
 * of it kept, until the connection closes.
 */
function readLimited(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: NodeJS.ReadableStream,
  limit: number,
  watch?: (chunk: Buffer) => void,
): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    // Refused unread: closing the connection spares reading (and dropping) all that was declared.
    closeAfterAnswer(request, reply);
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const settle = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      payload.removeListener('close', onClose);
    };
    const refuse = (e: unknown) => {
      settle();
      chunks = [];
      closeAfterAnswer(request, reply);
      payload.resume();
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return refuse(tooLarge(limit));
      try {
        watch?.(chunk);
      } catch (e) {
        return refuse(e);
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      settle();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (e: Error) => {
      settle();
      reject(e);
    };
    // The client went away before the end: nothing to answer, nothing to keep.
    const onClose = () => onError(new HetongError('MALFORMED_REQUEST', 400, 'the request body ended early'));
    payload.on('data', onData);
    payload.once('end', onEnd);
    payload.once('error', onError);
    payload.once('close', onClose);
  });
}

/** A part's header block: 16 KiB, Node's limit for a request's (a part needs a few hundred bytes). */
const MAX_PART_HEADERS = 16 * 1024;

/** Text parts of a multipart body have the JSON cap: such a part is a form field or JSON. */
function multipartWatcher(request: FastifyRequest): ((chunk: Buffer) => void) | undefined {
  const type = request.headers['content-type'];
  if (typeof type !== 'string' || !/^\s*multipart\/form-data\s*;/i.test(type)) return undefined;
  let scanner: MultipartScanner;
  try {
    scanner = new MultipartScanner(boundaryOf(type), {
      textPart: JSON_BODY_LIMIT,
      headers: MAX_PART_HEADERS,
    });
  } catch {
    return undefined; // no boundary: the parser says so once the body is in
  }
  return (chunk) => scanner.write(chunk);
}

export function registerBodyHandling(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    const routeLimit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1_048_576;
    // Stop reading a JSON body at the JSON cap rather than at the (possibly much larger) route limit.
    const limit = isJson(request) ? Math.min(routeLimit, JSON_BODY_LIMIT) : routeLimit;
    const raw = await readLimited(request, reply, payload, limit, multipartWatcher(request));
    request.rawBody = raw;
    const stream = Readable.from(raw.length ? [raw] : []) as Readable & { receivedEncodedLength?: number };
    stream.receivedEncodedLength = raw.length;
    return stream;
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    // Also enforced here, whatever reached the parser (e.g. a content type preParsing did not see as JSON).
    if ((body as Buffer).length > JSON_BODY_LIMIT) return done(tooLarge(JSON_BODY_LIMIT));
    try {
      done(null, parseJsonText((body as Buffer).toString('utf8'), 'body'));
    } catch (e) {
      done(e as HetongError);
    }
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, boundaryOf(String(req.headers['content-type']))));
    } catch (e) {
      done(e as Error);
    }
  });
  app.addContentTypeParser(BINARY_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

/** Nesting deeper than this is refused before parsing: no request needs it, and validating it recursively would exhaust the stack. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in a JSON text (strings skipped). */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Parses a JSON request (a body, or a multipart part carrying JSON): MALFORMED_JSON for what is
 * not JSON, nested deeper than MAX_JSON_DEPTH, or carrying a prototype-poisoning key. Its size was
 * capped at JSON_BODY_LIMIT while it arrived: a body by readLimited, a multipart part (any part
 * without a filename) by the multipart watcher.
 */
export function parseJsonText(text: string, what: string): unknown {
  if (text.trim() === '') throw new HetongError('MALFORMED_JSON', 400, `the JSON ${what} is empty`);
  if (jsonDepth(text) > MAX_JSON_DEPTH)
    throw new HetongError(
      'MALFORMED_JSON',
      400,
      `the JSON ${what} is nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  try {
    return JSON.parse(text, (k, v: unknown) => {
      // The two prototype-poisoning shapes (as Fastify's secure-json-parse refuses them).
      if (k === '__proto__') throw new Error('forbidden key __proto__');
      if (k === 'constructor' && v !== null && typeof v === 'object' && 'prototype' in v)
        throw new Error('forbidden key constructor.prototype');
      return v;
    });
  } catch (e) {
    throw new HetongError('MALFORMED_JSON', 400, `the ${what} is not valid JSON: ${(e as Error).message}`);
  }
}
