/**
 * One webhook POST: node:http(s) with the guarded lookup, no redirects (http.request never follows
 * one, and a 3xx counts as a failure), one deadline for the whole exchange, and only the first
 * bytes of the answer kept.
 */
import http from 'node:http';
import https from 'node:https';
import { assertLiteralAllowed, guardedLookup, hostOf, systemResolver, type Resolver } from './guard.js';

export interface PostOptions {
  allowPrivate: boolean;
  /** Deadline for resolving, connecting, sending and reading the answer's head (default 10 s). */
  timeoutMs?: number;
  resolver?: Resolver;
  /** Bytes of the answer kept for the attempt log (default 512). */
  headBytes?: number;
}

export interface PostResult {
  /** The answer's status, or null when there was no answer (refused, timed out, unreachable). */
  statusCode: number | null;
  durationMs: number;
  /** The first bytes of the answer's body, as text. */
  responseHead: string | null;
  error: string | null;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Text that fits a text column on both databases (PostgreSQL refuses NUL). */
export function storableText(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u0000/g, '\uFFFD').slice(0, max);
}

export async function postJson(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<PostResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headBytes = options.headBytes ?? 512;
  const done = (r: Omit<PostResult, 'durationMs'>): PostResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = new URL(target);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported ${url.protocol}`);
    assertLiteralAllowed(hostOf(url), options.allowPrivate);
  } catch (e) {
    return done({ statusCode: null, responseHead: null, error: messageOf(e) });
  }
  const payload = Buffer.from(body, 'utf8');
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    let statusCode: number | null = null;
    let location: string | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const redirect = statusCode !== null && statusCode >= 300 && statusCode < 400;
      resolve(
        done({
          statusCode,
          responseHead:
            statusCode === null
              ? null
              : storableText(Buffer.concat(chunks).subarray(0, headBytes).toString('utf8'), headBytes),
          error: error ?? (redirect ? `redirect (${statusCode} to ${location ?? '?'}) not followed` : null),
        }),
      );
      req.destroy();
    };
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(payload.length) },
        lookup: guardedLookup(options.resolver ?? systemResolver, options.allowPrivate),
        agent: false,
      },
      (res) => {
        statusCode = res.statusCode ?? null;
        location = res.headers.location;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // The rest of a long answer is not wanted: the status is known, the head is kept.
          if (size >= headBytes) finish(null);
        });
        res.on('end', () => finish(null));
        res.on('error', (e) => finish(messageOf(e)));
      },
    );
    const timer = setTimeout(
      () => finish(`timed out after ${timeoutMs} ms${statusCode === null ? '' : ' reading the answer'}`),
      timeoutMs,
    );
    req.on('error', (e) => finish(messageOf(e)));
    req.end(payload);
  });
}

function messageOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const text = err instanceof Error ? err.message : String(e);
  return storableText(err?.code && !text.includes(err.code) ? `${err.code}: ${text}` : text, 1000);
}
